#include "access/actor.h"

#include <gtest/gtest.h>

namespace strata::access {
namespace {

TEST(ActorTest, RolesRankFromOwnerToViewer) {
  const Actor admin = Actor::User("u", "o", Role::kAdmin, {});
  EXPECT_TRUE(admin.HasRole(Role::kAdmin));
  EXPECT_TRUE(admin.HasRole(Role::kMember));
  EXPECT_FALSE(admin.HasRole(Role::kOwner));
  const Actor viewer = Actor::User("u", "o", Role::kViewer, {});
  EXPECT_FALSE(viewer.HasRole(Role::kMember));
  EXPECT_TRUE(Actor::System().HasRole(Role::kOwner));
}

TEST(ActorTest, RoleNamesRoundTripAndUnknownNamesAreRefused) {
  for (Role role : {Role::kOwner, Role::kAdmin, Role::kManager, Role::kMember, Role::kViewer}) {
    Role parsed = Role::kViewer;
    ASSERT_TRUE(ParseRole(RoleName(role), parsed));
    EXPECT_EQ(parsed, role);
  }
  Role untouched = Role::kMember;
  EXPECT_FALSE(ParseRole("superuser", untouched));
  EXPECT_FALSE(ParseRole("Owner", untouched));
  EXPECT_EQ(untouched, Role::kMember);
}

}  // namespace
}  // namespace strata::access
