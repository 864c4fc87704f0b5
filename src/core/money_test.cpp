#include "core/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace strata::core {
namespace {

Currency C(const char* code) { return *Currency::Parse(code); }

TEST(CurrencyTest, KnowsIsoCodesAndTheirMinorDigits) {
  EXPECT_EQ(C("EUR").minor_digits(), 2);
  EXPECT_EQ(C("JPY").minor_digits(), 0);
  EXPECT_EQ(C("BHD").minor_digits(), 3);
  EXPECT_FALSE(Currency::Parse("eur"));
  EXPECT_FALSE(Currency::Parse("XYZ"));
  EXPECT_FALSE(Currency::Parse("EURO"));
  EXPECT_FALSE(Currency::Parse(""));
}

TEST(MoneyTest, ParsesDecimalAmountsIntoMinorUnits) {
  EXPECT_EQ(Money::Parse("1234.5", C("EUR"))->minor_units(), 123450);
  EXPECT_EQ(Money::Parse("-0.99", C("USD"))->minor_units(), -99);
  EXPECT_EQ(Money::Parse("1000", C("JPY"))->minor_units(), 1000);
  EXPECT_EQ(Money::Parse("1.234", C("BHD"))->minor_units(), 1234);
  EXPECT_EQ(Money::Parse(".5", C("EUR"))->minor_units(), 50);
}

TEST(MoneyTest, RejectsMalformedOrTooPreciseAmounts) {
  for (const char* bad :
       {"", "-", "1.", "1.234", "1e3", "1,000", " 1", "1 ", "abc", "99999999999999999999"}) {
    auto parsed = Money::Parse(bad, C("EUR"));
    EXPECT_FALSE(parsed) << bad;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
    }
  }
  EXPECT_FALSE(Money::Parse("1.5", C("JPY")));
}

TEST(MoneyTest, FormatsWithTheCurrencyDigits) {
  EXPECT_EQ(Money(123450, C("EUR")).ToDecimalString(), "1234.50");
  EXPECT_EQ(Money(-5, C("EUR")).ToDecimalString(), "-0.05");
  EXPECT_EQ(Money(1000, C("JPY")).ToDecimalString(), "1000");
  EXPECT_EQ(Money(std::numeric_limits<std::int64_t>::min(), C("EUR")).ToDecimalString(),
            "-92233720368547758.08");
}

TEST(MoneyTest, ArithmeticChecksCurrencyAndOverflow) {
  EXPECT_EQ(Money(150, C("EUR")).Add(Money(250, C("EUR")))->minor_units(), 400);
  EXPECT_FALSE(Money(150, C("EUR")).Add(Money(250, C("USD"))));
  EXPECT_FALSE(Money(std::numeric_limits<std::int64_t>::max(), C("EUR")).Add(Money(1, C("EUR"))));
  EXPECT_EQ(Money(150, C("EUR")).Subtract(Money(250, C("EUR")))->minor_units(), -100);
}

TEST(MoneyTest, MultiplyRatioRoundsHalfAwayFromZero) {
  EXPECT_EQ(Money(1000, C("EUR")).MultiplyRatio(125, 1000)->minor_units(), 125);
  EXPECT_EQ(Money(5, C("EUR")).MultiplyRatio(1, 2)->minor_units(), 3);
  EXPECT_EQ(Money(-5, C("EUR")).MultiplyRatio(1, 2)->minor_units(), -3);
  EXPECT_EQ(Money(4, C("EUR")).MultiplyRatio(1, 3)->minor_units(), 1);
  EXPECT_FALSE(Money(1, C("EUR")).MultiplyRatio(1, 0));
}

}  // namespace
}  // namespace strata::core
