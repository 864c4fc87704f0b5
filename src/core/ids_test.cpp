#include "core/ids.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace strata::core {
namespace {

TEST(UuidTest, NewV7HasVersionVariantAndCurrentTime) {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const Uuid id = Uuid::NewV7();
  const std::string text = id.ToString();
  EXPECT_EQ(id.version(), 7);
  EXPECT_EQ(text.size(), 36U);
  EXPECT_EQ(text[14], '7');
  EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos);
  EXPECT_GE(id.UnixMillis(), before);
  EXPECT_LE(id.UnixMillis(), before + 1000);
}

TEST(UuidTest, IdsAreUniqueAndStrictlyIncreasing) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = Uuid::NewV7().ToString();
    EXPECT_GT(text, previous);
    previous = text;
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 20000U);
}

TEST(UuidTest, ParseRoundTripsAndRejectsMalformed) {
  const Uuid id = Uuid::NewV7();
  auto parsed = Uuid::Parse(id.ToString());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, id);
  EXPECT_TRUE(Uuid::Parse("0190A5B2-0C3D-7E4F-8A1B-2C3D4E5F6A7B"));
  EXPECT_FALSE(Uuid::Parse(""));
  EXPECT_FALSE(Uuid::Parse("0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7"));
  EXPECT_FALSE(Uuid::Parse("0190a5b2x0c3d-7e4f-8a1b-2c3d4e5f6a7b"));
  EXPECT_FALSE(Uuid::Parse("0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7g"));
  EXPECT_FALSE(Uuid::Parse("' OR 1=1 --"));
}

struct OrgTag {};
struct DealTag {};

TEST(IdTest, StrongIdsParseToCanonicalForm) {
  auto id = Id<OrgTag>::Parse("0190A5B2-0C3D-7E4F-8A1B-2C3D4E5F6A7B");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->str(), "0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b");
  EXPECT_FALSE(Id<DealTag>::Parse("not-an-id"));
  static_assert(!std::is_convertible_v<Id<OrgTag>, Id<DealTag>>);
}

TEST(RandomTest, RandomHexHasRequestedLengthAndDiffers) {
  const std::string a = RandomHex(16);
  const std::string b = RandomHex(16);
  EXPECT_EQ(a.size(), 32U);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace strata::core
