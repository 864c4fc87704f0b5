#include <gtest/gtest.h>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "identity/identity.h"
#include "identity/teams.h"
#include "mail/memory_mailbox.h"

namespace strata::identity {
namespace {

class TeamServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    identity_ = std::make_unique<IdentityService>(test_->database(), std::string(40, 's'),
                                                  SessionPolicy{}, PasswordCost::kMinimal);
    teams_ = std::make_unique<TeamService>(test_->database(), mailer_, "https://strata.test",
                                           std::string(40, 's'));
    auto owner = identity_->Signup(
        {"owner@acme.test", "correct horse battery", "Olga Owner", "Acme", {"vendor"}}, origin_);
    ASSERT_TRUE(owner) << owner.error().message;
    owner_ = owner->principal;
  }

  // Signs up a person with an organisation of their own.
  Principal Person(const std::string& email) {
    auto session = identity_->Signup(
        {email, "correct horse battery", "Some One", "Own shop of " + email, {"reseller"}},
        origin_);
    EXPECT_TRUE(session) << session.error().message;
    return session->principal;
  }

  // The token in the last invitation link that was mailed.
  std::string LastToken() { return mailer_.LastToken("/join/"); }

  // Invites `email` into Acme with `role` and has that person accept.
  access::Actor Join(const std::string& email, access::Role role,
                     const access::Scopes& scopes = {}) {
    const Principal person = Person(email);
    EXPECT_TRUE(teams_->Invite(owner_.actor(), email, role, scopes));
    EXPECT_TRUE(teams_->Accept(person.actor(), LastToken()));
    return access::Actor::User(person.user.id, owner_.org.id, role, scopes);
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  std::unique_ptr<IdentityService> identity_;
  std::unique_ptr<TeamService> teams_;
  Origin origin_{"127.0.0.1", "test"};
  Principal owner_;
};

TEST_F(TeamServiceTest, InvitationMailsASingleUseLinkThatJoinsTheTeam) {
  const Principal ben = Person("ben@elsewhere.test");
  auto invitation = teams_->Invite(owner_.actor(), "Ben@Elsewhere.test", access::Role::kManager,
                                   {.regions = {"EMEA"}});
  ASSERT_TRUE(invitation) << invitation.error().message;
  EXPECT_EQ(invitation->email, "ben@elsewhere.test");
  ASSERT_EQ(mailer_.sent.size(), 1U);
  EXPECT_EQ(mailer_.sent[0].to, "ben@elsewhere.test");
  EXPECT_NE(mailer_.sent[0].text.find("https://strata.test/join/"), std::string::npos);
  const std::string token = LastToken();

  auto accepted = teams_->Accept(ben.actor(), token);
  ASSERT_TRUE(accepted) << accepted.error().message;
  auto members = teams_->Members(owner_.actor());
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 2U);
  const Member& joined =
      (*members)[0].email == "ben@elsewhere.test" ? (*members)[0] : (*members)[1];
  EXPECT_EQ(joined.role, access::Role::kManager);
  EXPECT_EQ(joined.scopes.regions, (std::vector<std::string>{"EMEA"}));

  auto again = teams_->Accept(ben.actor(), token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::kNotFound);

  // Ben now belongs to two organisations and can switch between them.
  auto orgs = identity_->OrgsOf(ben);
  ASSERT_TRUE(orgs);
  EXPECT_EQ(orgs->size(), 2U);
}

TEST_F(TeamServiceTest, SomeoneNewSignsUpFromTheInvitationWithoutAnOrganisation) {
  ASSERT_TRUE(teams_->Invite(owner_.actor(), "fay@acme.test", access::Role::kViewer, {}));
  SignupInput input{"fay@acme.test", "correct horse battery", "Fay Field", "", {}};
  input.invitation = LastToken();
  identity_->AddRedeemer(*teams_);
  auto session = identity_->Signup(input, origin_);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->principal.org.id, owner_.org.id);
  EXPECT_EQ(session->principal.role, access::Role::kViewer);
  EXPECT_EQ(identity_->OrgsOf(session->principal)->size(), 1U);
  // The link is spent; without an invitation an organisation is required.
  input.email = "gus@acme.test";
  auto spent = identity_->Signup(input, origin_);
  ASSERT_FALSE(spent);
  EXPECT_EQ(spent.error().code, core::Errc::kNotFound);
  input.invitation.reset();
  EXPECT_EQ(identity_->Signup(input, origin_).error().code, core::Errc::kInvalidArgument);
}

TEST_F(TeamServiceTest, RevokedOrUnknownTokensDoNotJoin) {
  const Principal cleo = Person("cleo@elsewhere.test");
  auto invitation =
      teams_->Invite(owner_.actor(), "cleo@elsewhere.test", access::Role::kMember, {});
  ASSERT_TRUE(invitation);
  const std::string token = LastToken();
  ASSERT_TRUE(teams_->Revoke(owner_.actor(), invitation->id));
  EXPECT_EQ(teams_->Accept(cleo.actor(), token).error().code, core::Errc::kNotFound);
  EXPECT_EQ(teams_->Accept(cleo.actor(), std::string(64, 'a')).error().code, core::Errc::kNotFound);
  EXPECT_EQ(teams_->Members(owner_.actor())->size(), 1U);
}

TEST_F(TeamServiceTest, InvitingAMemberOrABadAddressIsRefused) {
  auto member = teams_->Invite(owner_.actor(), "owner@acme.test", access::Role::kMember, {});
  ASSERT_FALSE(member);
  EXPECT_EQ(member.error().code, core::Errc::kConflict);
  auto bad = teams_->Invite(owner_.actor(), "not an address", access::Role::kMember, {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::Errc::kInvalidArgument);
  EXPECT_TRUE(mailer_.sent.empty());
}

TEST_F(TeamServiceTest, OnlyAdminsManageAndOnlyOwnersTouchTheOwnerRole) {
  const access::Actor viewer = Join("vic@acme.test", access::Role::kViewer);
  const access::Actor admin = Join("ada@acme.test", access::Role::kAdmin);

  EXPECT_EQ(teams_->Invite(viewer, "x@y.test", access::Role::kMember, {}).error().code,
            core::Errc::kForbidden);
  EXPECT_EQ(teams_->Invitations(viewer).error().code, core::Errc::kForbidden);
  EXPECT_EQ(teams_->Remove(viewer, admin.user_id()).error().code, core::Errc::kForbidden);
  EXPECT_TRUE(teams_->Members(viewer));

  EXPECT_EQ(teams_->Invite(admin, "x@y.test", access::Role::kOwner, {}).error().code,
            core::Errc::kForbidden);
  EXPECT_EQ(teams_->Change(admin, owner_.user.id, access::Role::kMember, {}).error().code,
            core::Errc::kForbidden);
  auto promoted =
      teams_->Change(admin, viewer.user_id(), access::Role::kMember, {.vendors = {"Vendor A"}});
  ASSERT_TRUE(promoted) << promoted.error().message;
  EXPECT_EQ(promoted->scopes.vendors, (std::vector<std::string>{"Vendor A"}));
}

TEST_F(TeamServiceTest, AnOrganisationKeepsAnOwner) {
  auto demoted = teams_->Change(owner_.actor(), owner_.user.id, access::Role::kAdmin, {});
  ASSERT_FALSE(demoted);
  EXPECT_EQ(demoted.error().code, core::Errc::kConflict);
  EXPECT_EQ(teams_->Remove(owner_.actor(), owner_.user.id).error().code, core::Errc::kConflict);

  const access::Actor second = Join("sam@acme.test", access::Role::kOwner);
  ASSERT_TRUE(teams_->Change(owner_.actor(), owner_.user.id, access::Role::kAdmin, {}));
  EXPECT_EQ(teams_->Remove(second, second.user_id()).error().code, core::Errc::kConflict);
}

TEST_F(TeamServiceTest, RemovingAMemberEndsItsSessionsInThatOrganisation) {
  const Principal dan = Person("dan@elsewhere.test");
  ASSERT_TRUE(teams_->Invite(owner_.actor(), "dan@elsewhere.test", access::Role::kMember, {}));
  ASSERT_TRUE(teams_->Accept(dan.actor(), LastToken()));
  auto login = identity_->Login("dan@elsewhere.test", "correct horse battery", origin_);
  ASSERT_TRUE(login);
  auto switched = identity_->SwitchOrg(login->token, owner_.org.id);
  ASSERT_TRUE(switched) << switched.error().message;
  EXPECT_EQ(switched->org.id, owner_.org.id);
  EXPECT_EQ(switched->role, access::Role::kMember);

  ASSERT_TRUE(teams_->Remove(owner_.actor(), dan.user.id));
  EXPECT_FALSE(identity_->Resume(login->token));
  EXPECT_EQ(identity_->SwitchOrg(login->token, owner_.org.id).error().code,
            core::Errc::kUnauthenticated);
}

TEST_F(TeamServiceTest, SwitchingToAForeignOrganisationIsNotFound) {
  const Principal eve = Person("eve@elsewhere.test");
  auto login = identity_->Login("eve@elsewhere.test", "correct horse battery", origin_);
  ASSERT_TRUE(login);
  auto refused = identity_->SwitchOrg(login->token, owner_.org.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kNotFound);
  EXPECT_EQ(identity_->Resume(login->token)->org.id, eve.org.id);
}

TEST(ScopesJsonTest, RoundTrips) {
  const access::Scopes scopes{{"EMEA", "APAC"}, {"v1"}, {"Sales"}};
  const access::Scopes back = ScopesFromJson(ScopesToJson(scopes));
  EXPECT_EQ(back.regions, scopes.regions);
  EXPECT_EQ(back.vendors, scopes.vendors);
  EXPECT_EQ(back.departments, scopes.departments);
  EXPECT_TRUE(ScopesFromJson("not json").empty());
}

}  // namespace
}  // namespace strata::identity
