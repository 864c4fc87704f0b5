#include "access/visibility.h"

#include <gtest/gtest.h>

namespace strata::access {
namespace {

TEST(EdgeVisibilityTest, SystemSeesAllAndMembersSeeTheirEdges) {
  EXPECT_EQ(EdgeVisibility(Actor::System(), "up", "down").condition, "1 = 1");
  const auto member = EdgeVisibility(Actor::User("u", "org-1", Role::kMember, {}), "up", "down");
  EXPECT_EQ(member.condition, "(up = :actor_org OR down = :actor_org)");
  ASSERT_EQ(member.parameters.size(), 1U);
  EXPECT_EQ(member.parameters[0].second, "org-1");
}

TEST(EdgeVisibilityTest, VendorScopesNarrowToTheOtherSide) {
  Scopes scopes;
  scopes.vendors = {"v1", "v2"};
  const auto filter =
      EdgeVisibility(Actor::User("u", "org-1", Role::kMember, scopes), "up", "down");
  EXPECT_NE(filter.condition.find("IN (:scope_vendor_0, :scope_vendor_1)"), std::string::npos);
  EXPECT_EQ(filter.parameters.size(), 3U);
}

}  // namespace
}  // namespace strata::access
