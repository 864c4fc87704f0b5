#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::core {

// Fills `size` bytes from the operating system's CSPRNG (libsodium).
void RandomBytes(void* out, std::size_t size);

// `bytes` random bytes as lowercase hex: session ids, tokens, request ids.
std::string RandomHex(std::size_t bytes);

// A 128-bit UUID. New ids are version 7 (RFC 9562): time-ordered, with 74 random bits, and
// strictly increasing within one process.
class Uuid {
 public:
  static Uuid NewV7();
  // Parses the canonical 8-4-4-4-12 hex form (either case); nullopt for anything else.
  static std::optional<Uuid> Parse(std::string_view text);

  // Lowercase canonical form.
  std::string ToString() const;
  // The Unix time in milliseconds carried by a version 7 UUID.
  std::int64_t UnixMillis() const;
  int version() const { return bytes_[6] >> 4; }

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

// A strongly typed id: OrgId, DealId and so on cannot be mixed up at compile time.
template <class Tag>
class Id {
 public:
  Id() = default;
  static Id New() { return Id(Uuid::NewV7().ToString()); }
  // nullopt unless `text` is a canonical UUID.
  static std::optional<Id> Parse(std::string_view text) {
    auto uuid = Uuid::Parse(text);
    if (!uuid) return std::nullopt;
    return Id(uuid->ToString());
  }
  // For values read back from our own database, which are canonical already.
  static Id FromTrusted(std::string text) { return Id(std::move(text)); }

  const std::string& str() const { return value_; }
  bool empty() const { return value_.empty(); }
  auto operator<=>(const Id&) const = default;

 private:
  explicit Id(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace strata::core
