#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace strata::core {

// An ISO 4217 currency code known to ICU ("EUR", "JPY"), with its number of minor-unit digits.
class Currency {
 public:
  // nullopt unless `code` is three uppercase letters naming a currency ICU knows.
  static std::optional<Currency> Parse(std::string_view code);

  const std::string& code() const { return code_; }
  // 2 for EUR, 0 for JPY, 3 for BHD.
  int minor_digits() const { return minor_digits_; }
  bool operator==(const Currency& other) const { return code_ == other.code_; }

 private:
  Currency(std::string code, int minor_digits)
      : code_(std::move(code)), minor_digits_(minor_digits) {}
  std::string code_;
  int minor_digits_ = 2;
};

// An amount of money in minor units (cents) and its currency. Never floating point.
class Money {
 public:
  Money(std::int64_t minor_units, Currency currency)
      : minor_units_(minor_units), currency_(std::move(currency)) {}

  // Parses a decimal amount such as "1234.5", "-0.99" or "1000" in `currency`; more fraction
  // digits than the currency has, or an amount out of range, is kInvalidArgument.
  static Result<Money> Parse(std::string_view amount, const Currency& currency);

  std::int64_t minor_units() const { return minor_units_; }
  const Currency& currency() const { return currency_; }
  // The plain decimal form: "1234.50", "-0.99", "1000" (JPY).
  std::string ToDecimalString() const;

  // The sum, or kInvalidArgument for different currencies or an overflow.
  Result<Money> Add(const Money& other) const;
  Result<Money> Subtract(const Money& other) const;
  // This amount times `numerator / denominator`, rounded half away from zero; for shares and
  // percentages (a 12.5% margin is 125/1000).
  Result<Money> MultiplyRatio(std::int64_t numerator, std::int64_t denominator) const;

  bool operator==(const Money& other) const {
    return minor_units_ == other.minor_units_ && currency_ == other.currency_;
  }

 private:
  std::int64_t minor_units_ = 0;
  Currency currency_;
};

}  // namespace strata::core
