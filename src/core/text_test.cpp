#include "core/text.h"

#include <gtest/gtest.h>

namespace strata::core {
namespace {

TEST(TextTest, SplitsAndJoinsLists) {
  EXPECT_EQ(SplitList("distributor,vendor", ','),
            (std::vector<std::string>{"distributor", "vendor"}));
  EXPECT_TRUE(SplitList("", ',').empty());
  EXPECT_EQ(SplitList("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(JoinList({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(Trim(" \t name \r\n"), "name");
  EXPECT_EQ(Trim("  "), "");
  EXPECT_EQ(JoinList({}, ","), "");
  EXPECT_EQ(SplitList(JoinList({"x", "y"}, ","), ','), (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace strata::core
