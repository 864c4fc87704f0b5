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

TEST(SubmissionVisibilityTest, OwnerReceiverOnceReachedAndIntermediaryOnceSubmitted) {
  const SubmissionColumns columns{"d.org_id",     "d.vendor_org_id", "d.distributor_org_id",
                                  "d.reached_at", "d.registered_at", "d.vendor_org_id",
                                  "d.region"};
  EXPECT_EQ(SubmissionVisibility(Actor::System(), columns).condition, "1 = 1");
  const auto filter = SubmissionVisibility(Actor::User("u", "org-1", Role::kViewer, {}), columns);
  EXPECT_EQ(filter.condition,
            "(d.org_id = :actor_org OR (d.vendor_org_id = :actor_org AND d.reached_at IS NOT "
            "NULL) OR (d.distributor_org_id = :actor_org AND d.registered_at IS NOT NULL))");
  Scopes scopes;
  scopes.vendors = {"v1"};
  scopes.regions = {"EMEA", "APAC"};
  const auto scoped =
      SubmissionVisibility(Actor::User("u", "org-1", Role::kMember, scopes), columns);
  EXPECT_NE(scoped.condition.find(" AND d.vendor_org_id IN (:scope_vendor_0)"), std::string::npos);
  EXPECT_NE(scoped.condition.find(" AND d.region IN (:scope_region_0, :scope_region_1)"),
            std::string::npos);
  EXPECT_EQ(scoped.parameters.size(), 4U);
}

TEST(OwnedVisibilityTest, MembersOfTheOwnerWithinTheirScopes) {
  EXPECT_EQ(OwnedVisibility(Actor::System(), "org_id", "", "region").condition, "1 = 1");
  EXPECT_EQ(
      OwnedVisibility(Actor::User("u", "o", Role::kViewer, {}), "org_id", "", "region").condition,
      "org_id = :actor_org");
  Scopes scopes;
  scopes.vendors = {"v1"};
  scopes.regions = {"EMEA"};
  // A row with no vendor column is limited by region only.
  EXPECT_EQ(OwnedVisibility(Actor::User("u", "o", Role::kViewer, scopes), "org_id", "", "region")
                .condition,
            "org_id = :actor_org AND region IN (:scope_region_0)");
}

TEST(HandedDownVisibilityTest, OwnerMembersAndTheHolderWithinTheirScopes) {
  EXPECT_EQ(HandedDownVisibility(Actor::System(), "l.org_id", "l.holder", "l.region").condition,
            "1 = 1");
  EXPECT_EQ(HandedDownVisibility(Actor::User("u", "o", Role::kViewer, {}), "l.org_id", "l.holder",
                                 "l.region")
                .condition,
            "((l.org_id = :actor_org) OR (l.holder = :actor_org))");
  Scopes scopes;
  scopes.vendors = {"v1"};
  scopes.regions = {"EMEA"};
  const SqlFilter scoped = HandedDownVisibility(Actor::User("u", "o", Role::kViewer, scopes),
                                                "l.org_id", "l.holder", "l.region");
  // The owner's own rows have no vendor; a held row's vendor is the organisation that sent it.
  EXPECT_EQ(scoped.condition,
            "((l.org_id = :actor_org AND l.region IN (:scope_region_0)) OR (l.holder = :actor_org"
            " AND l.org_id IN (:scope_vendor_0) AND l.region IN (:scope_region_0)))");
  EXPECT_EQ(scoped.parameters.size(), 3U) << "each parameter once";
}

}  // namespace
}  // namespace strata::access
