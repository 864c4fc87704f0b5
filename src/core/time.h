#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::core {

// A point in time as microseconds since the Unix epoch, UTC: how every time is stored.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  constexpr explicit Timestamp(std::int64_t micros) : micros_(micros) {}

  static Timestamp Now();
  static constexpr Timestamp FromSeconds(std::int64_t seconds) {
    return Timestamp(seconds * 1'000'000);
  }
  // RFC 3339 / ISO 8601 with a date, a time, optional fraction (up to 9 digits, truncated to
  // microseconds) and a zone ("Z" or "+hh:mm"); nullopt for anything else.
  static std::optional<Timestamp> ParseIso8601(std::string_view text);

  constexpr std::int64_t micros() const { return micros_; }
  // "2026-11-22T08:15:30.123456Z": always UTC, always six fraction digits.
  std::string ToIso8601() const;

  constexpr Timestamp operator+(std::int64_t micros) const { return Timestamp(micros_ + micros); }
  auto operator<=>(const Timestamp&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  std::int64_t micros_ = 0;
};

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerMilli = 1'000;

}  // namespace strata::core
