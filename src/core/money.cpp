#include "core/money.h"

#include <unicode/ucurr.h>

#include <limits>

namespace strata::core {
namespace {

// 128-bit intermediates keep a product of two 64-bit values exact.
__extension__ using Int128 = __int128;

std::int64_t PowerOfTen(int digits) {
  std::int64_t value = 1;
  for (int i = 0; i < digits; ++i) value *= 10;
  return value;
}

}  // namespace

std::optional<Currency> Currency::Parse(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  UChar iso[4] = {static_cast<UChar>(code[0]), static_cast<UChar>(code[1]),
                  static_cast<UChar>(code[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  // A code is accepted when it was a legal tender at some time up to now.
  const auto now = static_cast<UDate>(std::numeric_limits<double>::max());
  if (!ucurr_isAvailable(iso, -std::numeric_limits<double>::max(), now, &status) ||
      U_FAILURE(status)) {
    return std::nullopt;
  }
  status = U_ZERO_ERROR;
  const int digits = ucurr_getDefaultFractionDigits(iso, &status);
  if (U_FAILURE(status)) return std::nullopt;
  return Currency(std::string(code), digits);
}

Result<Money> Money::Parse(std::string_view amount, const Currency& currency) {
  const auto invalid = [&](const std::string& why) {
    return Error::Invalid("invalid amount '" + std::string(amount) + "': " + why);
  };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < amount.size() && (amount[pos] == '-' || amount[pos] == '+')) {
    negative = amount[pos] == '-';
    ++pos;
  }
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t whole = 0;
  std::size_t whole_digits = 0;
  for (; pos < amount.size() && amount[pos] >= '0' && amount[pos] <= '9'; ++pos, ++whole_digits) {
    if (whole > (kMax - 9) / 10) return invalid("out of range");
    whole = whole * 10 + (amount[pos] - '0');
  }
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  if (pos < amount.size() && amount[pos] == '.') {
    ++pos;
    for (; pos < amount.size() && amount[pos] >= '0' && amount[pos] <= '9'; ++pos) {
      if (++fraction_digits > currency.minor_digits()) {
        return invalid(currency.code() + " has " + std::to_string(currency.minor_digits()) +
                       " decimal places");
      }
      fraction = fraction * 10 + (amount[pos] - '0');
    }
    if (fraction_digits == 0) return invalid("digits expected after the decimal point");
  }
  if (whole_digits == 0 && fraction_digits == 0) return invalid("a number is expected");
  if (pos != amount.size()) return invalid("unexpected character");

  const std::int64_t scale = PowerOfTen(currency.minor_digits());
  fraction *= PowerOfTen(currency.minor_digits() - fraction_digits);
  if (whole > (kMax - fraction) / scale) return invalid("out of range");
  const std::int64_t minor = whole * scale + fraction;
  return Money(negative ? -minor : minor, currency);
}

std::string Money::ToDecimalString() const {
  const int digits = currency_.minor_digits();
  // Work in unsigned so that the most negative value prints correctly.
  const bool negative = minor_units_ < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minor_units_)
                                           : static_cast<std::uint64_t>(minor_units_);
  const auto scale = static_cast<std::uint64_t>(PowerOfTen(digits));
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / scale);
  if (digits > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    out += '.';
    out += std::string(static_cast<std::size_t>(digits) - fraction.size(), '0') + fraction;
  }
  return out;
}

Result<Money> Money::Add(const Money& other) const {
  if (!(currency_ == other.currency_)) {
    return Error::Invalid("cannot add " + other.currency_.code() + " to " + currency_.code());
  }
  std::int64_t sum = 0;
  if (__builtin_add_overflow(minor_units_, other.minor_units_, &sum)) {
    return Error::Invalid("amount out of range");
  }
  return Money(sum, currency_);
}

Result<Money> Money::Subtract(const Money& other) const {
  if (!(currency_ == other.currency_)) {
    return Error::Invalid("cannot subtract " + other.currency_.code() + " from " +
                          currency_.code());
  }
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(minor_units_, other.minor_units_, &difference)) {
    return Error::Invalid("amount out of range");
  }
  return Money(difference, currency_);
}

Result<Money> Money::MultiplyRatio(std::int64_t numerator, std::int64_t denominator) const {
  if (denominator == 0) return Error::Invalid("division by zero");
  const Int128 product = static_cast<Int128>(minor_units_) * numerator;
  Int128 quotient = product / denominator;
  const Int128 remainder = product % denominator;
  // Round half away from zero: compare twice the remainder with the divisor.
  const Int128 twice = remainder < 0 ? -2 * remainder : 2 * remainder;
  const Int128 divisor = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  if (twice >= divisor) quotient += ((product < 0) != (denominator < 0)) ? -1 : 1;
  if (quotient > std::numeric_limits<std::int64_t>::max() ||
      quotient < std::numeric_limits<std::int64_t>::min()) {
    return Error::Invalid("amount out of range");
  }
  return Money(static_cast<std::int64_t>(quotient), currency_);
}

}  // namespace strata::core
