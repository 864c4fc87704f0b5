#include "brand/brand.h"

#include <soci/soci.h>
#include <sodium.h>

#include <regex>

#include "access/visibility.h"
#include "audit/audit.h"
#include "core/email.h"
#include "core/text.h"
#include "core/time.h"
#include "db/query.h"
#include "db/rows.h"
#include "http/etag.h"
#include "identity/identity.h"

namespace strata::brand {
namespace {

constexpr const char* kSelectSettings =
    "SELECT o.id, o.name, o.kinds, b.primary_colour, b.accent_colour, b.sender_name,"
    " b.sender_email, b.website, b.postal_address, b.signature, l.etag FROM orgs o"
    " LEFT JOIN org_brands b ON b.org_id = o.id LEFT JOIN org_logos l ON l.org_id = o.id"
    " WHERE o.id = :org_id";

constexpr const char* kUpdateName =
    "UPDATE orgs SET name = :name, updated_at = :updated_at WHERE id = :org_id";

constexpr const char* kUpsertBrand =
    "INSERT INTO org_brands (org_id, primary_colour, accent_colour, sender_name, sender_email,"
    " website, postal_address, signature, updated_at) VALUES (:org_id, :primary_colour,"
    " :accent_colour, :sender_name, :sender_email, :website, :postal_address, :signature,"
    " :updated_at) ON CONFLICT (org_id) DO UPDATE SET primary_colour = excluded.primary_colour,"
    " accent_colour = excluded.accent_colour, sender_name = excluded.sender_name,"
    " sender_email = excluded.sender_email, website = excluded.website,"
    " postal_address = excluded.postal_address, signature = excluded.signature,"
    " updated_at = excluded.updated_at";

constexpr const char* kUpsertLogo =
    "INSERT INTO org_logos (org_id, content_type, data, etag, updated_at) VALUES (:org_id,"
    " :content_type, :data, :etag, :updated_at) ON CONFLICT (org_id) DO UPDATE SET"
    " content_type = excluded.content_type, data = excluded.data, etag = excluded.etag,"
    " updated_at = excluded.updated_at";

constexpr const char* kDeleteLogo = "DELETE FROM org_logos WHERE org_id = :org_id";

// A logo, when its organisation is the actor's own or on the other side of an edge the actor
// may see; %s is that edge filter.
constexpr const char* kSelectLogo =
    "SELECT l.content_type, l.data, l.etag FROM org_logos l WHERE l.org_id = :target AND"
    " (l.org_id = :own_org OR EXISTS (SELECT 1 FROM relationships r WHERE %s AND"
    " (r.org_id = :target2 OR r.downstream_org_id = :target3)))";

core::Error NeedsAdmin() {
  return core::Error{
      core::Errc::kForbidden, "only owners and admins change the organisation's settings", {}};
}

std::string Base64(const std::string& bytes) {
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.pop_back();  // The terminating NUL.
  return encoded;
}

std::string FromBase64(const std::string& text) {
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "";
  }
  bytes.resize(length);
  return bytes;
}

std::string Text(const soci::row& row, std::size_t column) {
  return db::RowOptionalText(row, column).value_or("");
}

}  // namespace

std::vector<core::FieldError> ValidateBrand(const Brand& brand) {
  std::vector<core::FieldError> problems;
  static const std::regex kColour("#[0-9a-fA-F]{6}");
  for (const auto& [field, value] : {std::pair{"brand.primary_colour", &brand.primary_colour},
                                     std::pair{"brand.accent_colour", &brand.accent_colour}}) {
    if (!value->empty() && !std::regex_match(*value, kColour)) {
      problems.push_back({field, "must be a colour like #1f6feb"});
    }
  }
  const auto limit = [&](const char* field, const std::string& value, std::size_t most) {
    if (value.size() > most) {
      problems.push_back({field, "must be at most " + std::to_string(most) + " characters"});
    }
  };
  limit("brand.sender_name", brand.sender_name, 100);
  limit("brand.postal_address", brand.postal_address, 500);
  limit("brand.signature", brand.signature, 2000);
  // The same rule as every other address: this one goes into mail headers later.
  if (!brand.sender_email.empty() && !core::NormaliseEmail(brand.sender_email)) {
    problems.push_back({"brand.sender_email", "is not an email address"});
  }
  static const std::regex kWebsite(R"(https?://[^\s/$.?#][^\s]*)", std::regex::icase);
  if (!brand.website.empty() &&
      (brand.website.size() > 500 || !std::regex_match(brand.website, kWebsite))) {
    problems.push_back({"brand.website", "must be an address starting with https:// or http://"});
  }
  return problems;
}

std::optional<std::string> SniffImage(const std::string& bytes) {
  const auto starts = [&](std::string_view prefix, std::size_t at = 0) {
    return bytes.size() >= at + prefix.size() && bytes.compare(at, prefix.size(), prefix) == 0;
  };
  if (starts("\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts("\xff\xd8\xff")) return "image/jpeg";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  return std::nullopt;
}

core::Result<OrgSettings> BrandService::Get(const access::Actor& actor) {
  if (actor.is_system()) return core::Error::Invalid("settings belong to an organisation");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<OrgSettings> {
    std::optional<OrgSettings> settings;
    db::ForEachRow(sql, kSelectSettings, db::Parameters().Text("org_id", actor.org_id()),
                   [&](const soci::row& row) {
                     OrgSettings found;
                     found.id = row.get<std::string>(0);
                     found.name = row.get<std::string>(1);
                     found.kinds = core::SplitList(row.get<std::string>(2), ',');
                     found.brand = {Text(row, 3), Text(row, 4), Text(row, 5), Text(row, 6),
                                    Text(row, 7), Text(row, 8), Text(row, 9)};
                     found.logo_etag = db::RowOptionalText(row, 10);
                     settings = std::move(found);
                   });
    if (!settings) return core::Error::NotFound("your organisation no longer exists");
    return *settings;
  });
}

core::Result<OrgSettings> BrandService::Change(const access::Actor& actor,
                                               const SettingsChange& change) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  std::vector<core::FieldError> problems;
  std::string name;
  if (change.name) {
    name = core::Trim(*change.name);
    if (name.empty() || name.size() > 200)
      problems.push_back({"name", "must be 1 to 200 characters"});
  }
  if (change.brand) {
    for (auto& problem : ValidateBrand(*change.brand)) problems.push_back(std::move(problem));
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  auto changed = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const long long now = core::Timestamp::Now().micros();
    json::object detail;
    if (change.name) {
      db::Execute(sql, kUpdateName,
                  db::Parameters()
                      .Text("name", name)
                      .Integer("updated_at", now)
                      .Text("org_id", actor.org_id()));
      detail["name"] = name;
    }
    if (change.brand) {
      const Brand& brand = *change.brand;
      db::Execute(sql, kUpsertBrand,
                  db::Parameters()
                      .Text("org_id", actor.org_id())
                      .Text("primary_colour", brand.primary_colour)
                      .Text("accent_colour", brand.accent_colour)
                      .Text("sender_name", core::Trim(brand.sender_name))
                      .Text("sender_email", core::NormaliseEmail(brand.sender_email).value_or(""))
                      .Text("website", brand.website)
                      .Text("postal_address", brand.postal_address)
                      .Text("signature", brand.signature)
                      .Integer("updated_at", now));
      detail["brand"] = true;
    }
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "org.settings_changed",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = std::move(detail),
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!changed) return changed.error();
  return Get(actor);
}

core::Result<OrgSettings> BrandService::SetLogo(const access::Actor& actor,
                                                const std::string& bytes) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  const auto type = SniffImage(bytes);
  if (bytes.empty() || bytes.size() > kMaxLogoBytes || !type) {
    return core::Error::Invalid(
        "the logo must be a PNG, JPEG or WebP image of at most 512 KB",
        {{"logo", bytes.size() > kMaxLogoBytes ? "is larger than 512 KB"
                                               : "is not a PNG, JPEG or WebP image"}});
  }
  auto stored = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const std::string etag = http::EtagOf(bytes);
    db::Execute(sql, kUpsertLogo,
                db::Parameters()
                    .Text("org_id", actor.org_id())
                    .Text("content_type", *type)
                    .Text("data", Base64(bytes))
                    .Text("etag", etag)
                    .Integer("updated_at", core::Timestamp::Now().micros()));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "org.logo_changed",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {{"content_type", *type}, {"bytes", bytes.size()}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!stored) return stored.error();
  return Get(actor);
}

core::Status BrandService::RemoveLogo(const access::Actor& actor) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    if (db::Execute(sql, kDeleteLogo, db::Parameters().Text("org_id", actor.org_id())) == 0) {
      return core::Error::NotFound("the organisation has no logo");
    }
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "org.logo_removed",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<Logo> BrandService::LogoOf(const access::Actor& actor, const std::string& org_id) {
  if (actor.is_system()) return core::Error::Invalid("logos are seen by organisations");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Logo> {
    const access::SqlFilter edges =
        access::EdgeVisibility(actor, "r.org_id", "r.downstream_org_id");
    char query[1024];
    std::snprintf(query, sizeof query, kSelectLogo, edges.condition.c_str());
    std::optional<Logo> logo;
    db::ForEachRow(sql, query,
                   db::Parameters()
                       .Text("target", org_id)
                       .Text("own_org", actor.org_id())
                       .Text("target2", org_id)
                       .Text("target3", org_id)
                       .AddAll(edges.parameters),
                   [&](const soci::row& row) {
                     logo = Logo{row.get<std::string>(0), FromBase64(row.get<std::string>(1)),
                                 row.get<std::string>(2)};
                   });
    if (!logo) return core::Error::NotFound("no such logo");
    return *logo;
  });
}

}  // namespace strata::brand
