#include "core/time.h"

#include <gtest/gtest.h>

namespace strata::core {
namespace {

TEST(TimestampTest, FormatsUtcWithMicroseconds) {
  EXPECT_EQ(Timestamp(0).ToIso8601(), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(Timestamp(1'795'335'330'123'456).ToIso8601(), "2026-11-22T08:15:30.123456Z");
  EXPECT_EQ(Timestamp(-1).ToIso8601(), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(Timestamp(951'782'400'000'000).ToIso8601(), "2000-02-29T00:00:00.000000Z");
}

TEST(TimestampTest, ParsesZonesAndFractions) {
  auto utc = Timestamp::ParseIso8601("2026-11-22T08:15:30.123456Z");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->micros(), 1'795'335'330'123'456);
  auto offset = Timestamp::ParseIso8601("2026-11-22T10:15:30.123456+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset, *utc);
  auto nanos = Timestamp::ParseIso8601("2026-11-22T08:15:30.123456789Z");
  ASSERT_TRUE(nanos);
  EXPECT_EQ(*nanos, *utc);
  auto whole = Timestamp::ParseIso8601("2026-11-22T08:15:30Z");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->micros(), 1'795'335'330'000'000);
}

TEST(TimestampTest, RejectsInvalidDatesAndGarbage) {
  for (const char* bad :
       {"", "2026-11-22", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z",
        "2026-11-22T08:15:30", "2026-11-22T08:15:30.Z", "2026-11-22T08:15:30Zjunk",
        "2026-11-22T08:15:60Z", "2026-11-22T08:15:30+2:00"}) {
    EXPECT_FALSE(Timestamp::ParseIso8601(bad)) << bad;
  }
}

TEST(TimestampTest, RoundTripsThroughText) {
  for (std::int64_t micros : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-86'400'000'001},
                              std::int64_t{4'102'444'800'000'000}, Timestamp::Now().micros()}) {
    auto parsed = Timestamp::ParseIso8601(Timestamp(micros).ToIso8601());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->micros(), micros);
  }
}

}  // namespace
}  // namespace strata::core
