#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "db/database.h"

namespace strata::brand {

// How an organisation presents itself. Empty text means "not set".
struct Brand {
  std::string primary_colour{};  // "#1f6feb"
  std::string accent_colour{};
  std::string sender_name{};
  std::string sender_email{};
  std::string website{};  // http:// or https://
  std::string postal_address{};
  std::string signature{};
};

// The organisation's own settings page.
struct OrgSettings {
  std::string id;
  std::string name;
  std::vector<std::string> kinds;
  Brand brand;
  std::optional<std::string> logo_etag;  // Set when it has a logo.
};

struct Logo {
  std::string content_type;
  std::string bytes;
  std::string etag;
};

// What an organisation edits: its name and brand (nullopt leaves a part unchanged).
struct SettingsChange {
  std::optional<std::string> name;
  std::optional<Brand> brand;
};

// Every problem with a brand, per field ("brand.primary_colour", …).
std::vector<core::FieldError> ValidateBrand(const Brand& brand);

// The media type a logo's bytes really are (PNG, JPEG or WebP); nullopt for anything else, SVG
// included, which could carry script.
std::optional<std::string> SniffImage(const std::string& bytes);

inline constexpr std::size_t kMaxLogoBytes = std::size_t{512} * 1024;

// An organisation's name, brand and logo. Everyone in the organisation reads them; owners and
// admins change them. A logo is also seen by the organisations on the other side of a
// relationship the actor may see, so partners recognise each other.
class BrandService {
 public:
  explicit BrandService(db::Database& database) : database_(database) {}

  core::Result<OrgSettings> Get(const access::Actor& actor);
  core::Result<OrgSettings> Change(const access::Actor& actor, const SettingsChange& change);
  // kInvalidArgument naming "logo" for an empty, oversized or unrecognised image.
  core::Result<OrgSettings> SetLogo(const access::Actor& actor, const std::string& bytes);
  core::Status RemoveLogo(const access::Actor& actor);
  // kNotFound when the organisation has no logo or the actor may not see it.
  core::Result<Logo> LogoOf(const access::Actor& actor, const std::string& org_id);

 private:
  db::Database& database_;
};

}  // namespace strata::brand
