#include <gtest/gtest.h>

#include <map>
#include <set>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "identity/identity.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"

namespace strata::network {
namespace {

TEST(NextStatusTest, FollowsTheLifecycle) {
  EXPECT_EQ(*NextStatus(Status::kInvited, Action::kAccept, Side::kDownstream), Status::kActive);
  EXPECT_EQ(*NextStatus(Status::kInvited, Action::kDecline, Side::kDownstream), Status::kDeclined);
  EXPECT_EQ(*NextStatus(Status::kActive, Action::kSuspend, Side::kUpstream), Status::kSuspended);
  EXPECT_EQ(*NextStatus(Status::kSuspended, Action::kReactivate, Side::kUpstream), Status::kActive);
  EXPECT_EQ(*NextStatus(Status::kActive, Action::kEnd, Side::kDownstream), Status::kEnded);
  EXPECT_EQ(*NextStatus(Status::kInvited, Action::kEnd, Side::kUpstream), Status::kEnded);
}

TEST(NextStatusTest, RefusesTheWrongSideAndFinishedRelationships) {
  EXPECT_FALSE(NextStatus(Status::kInvited, Action::kAccept, Side::kUpstream));
  EXPECT_FALSE(NextStatus(Status::kActive, Action::kSuspend, Side::kDownstream));
  EXPECT_FALSE(NextStatus(Status::kActive, Action::kAccept, Side::kDownstream));
  EXPECT_FALSE(NextStatus(Status::kEnded, Action::kEnd, Side::kUpstream));
  EXPECT_FALSE(NextStatus(Status::kDeclined, Action::kAccept, Side::kDownstream));
  auto refused = NextStatus(Status::kEnded, Action::kReactivate, Side::kUpstream);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kConflict);
}

class NetworkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    identity_ = std::make_unique<identity::IdentityService>(test_->database(), std::string(40, 'k'),
                                                            identity::SessionPolicy{},
                                                            identity::PasswordCost::kMinimal);
    network_ = std::make_unique<NetworkService>(test_->database(), mailer_, "https://strata.test",
                                                std::string(40, 'k'));
    identity_->AddRedeemer(*network_);
  }

  access::Actor Org(const std::string& email, std::vector<std::string> kinds) {
    auto session = identity_->Signup(
        {email, "correct horse battery", "Owner", email + " org", std::move(kinds)}, {});
    EXPECT_TRUE(session);
    return session->principal.actor();
  }

  Relationship Connect(const access::Actor& upstream, const access::Actor& downstream,
                       const std::string& kind) {
    auto invited = network_->Invite(upstream, {downstream.org_id(), std::nullopt}, kind);
    EXPECT_TRUE(invited) << invited.error().message;
    auto accepted = network_->Apply(downstream, invited->id, Action::kAccept);
    EXPECT_TRUE(accepted) << accepted.error().message;
    return *accepted;
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<NetworkService> network_;
};

TEST_F(NetworkServiceTest, InviteAcceptAndSeeFromBothSidesOnly) {
  auto vendor = Org("v@example.com", {"vendor"});
  auto reseller = Org("r@example.com", {"reseller"});
  auto stranger = Org("s@example.com", {"reseller"});
  auto invited = network_->Invite(vendor, {std::nullopt, "R@example.com"}, "reseller");
  ASSERT_TRUE(invited) << invited.error().message;
  EXPECT_EQ(invited->status, Status::kInvited);
  EXPECT_TRUE(network_->Get(reseller, invited->id));
  auto hidden = network_->Get(stranger, invited->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, core::Errc::kNotFound);
  EXPECT_FALSE(network_->Apply(stranger, invited->id, Action::kAccept));
  EXPECT_FALSE(network_->Apply(vendor, invited->id, Action::kAccept));
  auto accepted = network_->Apply(reseller, invited->id, Action::kAccept);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, Status::kActive);
  EXPECT_EQ(network_->List(stranger, 50, std::nullopt)->items.size(), 0U);
  EXPECT_EQ(network_->List(reseller, 50, std::nullopt)->items.size(), 1U);
}

TEST_F(NetworkServiceTest, RefusesBadInvitations) {
  auto vendor = Org("v@example.com", {"vendor"});
  auto reseller = Org("r@example.com", {"reseller"});
  auto distributor = Org("d@example.com", {"distributor"});
  EXPECT_EQ(network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "distributor").error().code,
            core::Errc::kInvalidArgument);
  EXPECT_EQ(network_->Invite(reseller, {vendor.org_id(), std::nullopt}, "reseller").error().code,
            core::Errc::kForbidden);
  EXPECT_EQ(
      network_->Invite(distributor, {vendor.org_id(), std::nullopt}, "distributor").error().code,
      core::Errc::kForbidden);
  EXPECT_EQ(network_->Invite(vendor, {vendor.org_id(), std::nullopt}, "reseller").error().code,
            core::Errc::kInvalidArgument);
  EXPECT_EQ(network_->Invite(vendor, {std::nullopt, "not an address"}, "reseller").error().code,
            core::Errc::kInvalidArgument);
  EXPECT_EQ(
      network_->Invite(vendor, {"0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b", std::nullopt}, "reseller")
          .error()
          .code,
      core::Errc::kNotFound);
  ASSERT_TRUE(network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "reseller"));
  EXPECT_EQ(network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "reseller").error().code,
            core::Errc::kConflict);
}

TEST_F(NetworkServiceTest, AnUnregisteredEmailSignsUpIntoTheOrganisationSetUpForIt) {
  auto vendor = Org("v@example.com", {"vendor"});
  auto other_vendor = Org("w@example.com", {"vendor"});
  auto invited = network_->Invite(vendor, {std::nullopt, "New@Reseller.test"}, "reseller");
  ASSERT_TRUE(invited) << invited.error().message;
  EXPECT_TRUE(invited->downstream.awaiting_sign_up);
  EXPECT_EQ(invited->downstream.name, "new@reseller.test");
  ASSERT_EQ(mailer_.sent.size(), 1U);
  EXPECT_EQ(mailer_.sent[0].to, "new@reseller.test");
  const std::string first_token = mailer_.LastToken("/signup\\?invitation=");
  ASSERT_EQ(first_token.size(), 64U);
  // A second inviter reaches the same waiting organisation.
  auto second = network_->Invite(other_vendor, {std::nullopt, "new@reseller.test"}, "reseller");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->downstream.id, invited->downstream.id);
  const std::string second_token = mailer_.LastToken("/signup\\?invitation=");

  identity::SignupInput input{
      "new@reseller.test", "correct horse battery", "Nia New", "Nia's Networks", {"reseller"}};
  input.invitation = first_token;
  auto session = identity_->Signup(input, {});
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->principal.org.id, invited->downstream.id);
  EXPECT_EQ(session->principal.org.name, "Nia's Networks");
  EXPECT_EQ(session->principal.role, access::Role::kOwner);
  const access::Actor reseller = session->principal.actor();
  EXPECT_EQ(network_->List(reseller, 50, std::nullopt)->items.size(), 2U);
  auto accepted = network_->Apply(reseller, invited->id, Action::kAccept);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_FALSE(accepted->downstream.awaiting_sign_up);
  EXPECT_EQ(network_->Vendors(reseller)->size(), 1U);

  // The other link cannot take the organisation over again.
  identity::SignupInput again{
      "thief@example.com", "correct horse battery", "Thief", "Mine", {"reseller"}};
  again.invitation = second_token;
  auto refused = identity_->Signup(again, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kNotFound);
}

TEST_F(NetworkServiceTest, AnOrganisationOnStrataTakesUpAnInvitationMailedToAnotherAddress) {
  auto vendor = Org("v@example.com", {"vendor"});
  auto other_vendor = Org("w@example.com", {"vendor"});
  auto reseller = Org("rita@reseller.test", {"reseller"});
  auto invited = network_->Invite(vendor, {std::nullopt, "sales@reseller.test"}, "reseller");
  ASSERT_TRUE(invited);
  const std::string token = mailer_.LastToken("/signup\\?invitation=");
  // The other vendor works with the reseller already, and invites the same address too.
  ASSERT_TRUE(network_->Invite(other_vendor, {reseller.org_id(), std::nullopt}, "reseller"));
  ASSERT_TRUE(network_->Invite(other_vendor, {std::nullopt, "sales@reseller.test"}, "reseller"));

  const auto stranger = Org("s@example.com", {"vendor"});
  EXPECT_EQ(network_->TakeUpInvitation(stranger, token).error().code, core::Errc::kInvalidArgument);
  auto taken = network_->TakeUpInvitation(reseller, token);
  ASSERT_TRUE(taken) << taken.error().message;
  ASSERT_EQ(taken->size(), 1U);
  EXPECT_EQ((*taken)[0].id, invited->id);
  EXPECT_EQ((*taken)[0].downstream.id, reseller.org_id());
  EXPECT_TRUE(network_->Apply(reseller, invited->id, Action::kAccept));
  // Two relationships in all: Acme's moved over, the other vendor's own; its duplicate ended.
  EXPECT_EQ(network_->List(reseller, 50, std::nullopt)->items.size(), 2U);
  EXPECT_EQ(network_->TakeUpInvitation(reseller, token).error().code, core::Errc::kNotFound);
}

TEST_F(NetworkServiceTest, SigningUpFromAnInvitationNeedsANameForTheOrganisation) {
  auto vendor = Org("v@example.com", {"vendor"});
  ASSERT_TRUE(network_->Invite(vendor, {std::nullopt, "new@reseller.test"}, "reseller"));
  identity::SignupInput input{"new@reseller.test", "correct horse battery", "Nia New", "", {}};
  input.invitation = mailer_.LastToken("/signup\\?invitation=");
  auto refused = identity_->Signup(input, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);
  // Nothing was taken up: the link still works once the form is complete.
  input.org_name = "Nia's Networks";
  input.org_kinds = {"reseller"};
  EXPECT_TRUE(identity_->Signup(input, {}));
}

TEST_F(NetworkServiceTest, ResellerSeesDirectVendorsAndThoseAuthorisedByItsDistributor) {
  auto vendor_a = Org("a@example.com", {"vendor"});
  auto vendor_b = Org("b@example.com", {"vendor"});
  auto vendor_c = Org("c@example.com", {"vendor"});
  auto distributor = Org("d@example.com", {"distributor"});
  auto reseller = Org("r@example.com", {"reseller"});
  Connect(vendor_a, reseller, "reseller");
  Connect(vendor_b, distributor, "distributor");
  auto resale = Connect(distributor, reseller, "reseller");

  // The distributor may authorise only vendors it carries.
  auto refused = network_->SetAuthorizations(distributor, resale.id, {vendor_c.org_id()});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(network_->SetAuthorizations(reseller, resale.id, {vendor_b.org_id()}).error().code,
            core::Errc::kForbidden);
  auto authorised = network_->SetAuthorizations(distributor, resale.id, {vendor_b.org_id()});
  ASSERT_TRUE(authorised) << authorised.error().message;
  EXPECT_EQ(authorised->vendor_ids, std::vector<std::string>{vendor_b.org_id()});

  auto vendors = network_->Vendors(reseller);
  ASSERT_TRUE(vendors);
  ASSERT_EQ(vendors->size(), 2U);
  std::map<std::string, VendorEntry> by_id;
  for (const auto& entry : *vendors) by_id[entry.vendor.id] = entry;
  ASSERT_TRUE(by_id.contains(vendor_a.org_id()));
  EXPECT_FALSE(by_id[vendor_a.org_id()].routes[0].distributor);
  ASSERT_TRUE(by_id.contains(vendor_b.org_id()));
  EXPECT_EQ(by_id[vendor_b.org_id()].routes[0].distributor->id, distributor.org_id());

  // When the distributor's own relationship with the vendor is suspended, the route goes too.
  auto edges = network_->List(vendor_b, 50, std::nullopt);
  ASSERT_TRUE(network_->Apply(vendor_b, edges->items[0].id, Action::kSuspend));
  EXPECT_EQ(network_->Vendors(reseller)->size(), 1U);
}

TEST_F(NetworkServiceTest, TheUpstreamSideAssignsTheTierBothSidesSee) {
  auto vendor = Org("v@example.com", {"vendor"});
  auto reseller = Org("r@example.com", {"reseller"});
  auto invited = network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "reseller");
  ASSERT_TRUE(invited);
  auto tiered = network_->SetTier(vendor, invited->id, "  Gold ");
  ASSERT_TRUE(tiered) << tiered.error().message;
  EXPECT_EQ(tiered->tier, "Gold");
  EXPECT_EQ(network_->Get(reseller, invited->id)->tier, "Gold");
  EXPECT_EQ(network_->SetTier(reseller, invited->id, "Platinum").error().code,
            core::Errc::kForbidden);
  EXPECT_EQ(network_->SetTier(vendor, invited->id, std::string(51, 'x')).error().code,
            core::Errc::kInvalidArgument);
  auto stranger = Org("s@example.com", {"vendor"});
  EXPECT_EQ(network_->SetTier(stranger, invited->id, "Gold").error().code, core::Errc::kNotFound);
}

TEST_F(NetworkServiceTest, PagesWithACursor) {
  auto vendor = Org("v@example.com", {"vendor"});
  for (int i = 0; i < 5; ++i) {
    auto reseller = Org("r" + std::to_string(i) + "@example.com", {"reseller"});
    ASSERT_TRUE(network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "reseller"));
  }
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    auto page = network_->List(vendor, 2, cursor);
    ASSERT_TRUE(page);
    for (const auto& item : page->items) seen.insert(item.id);
    cursor = page->next_cursor;
    ++pages;
  } while (cursor);
  EXPECT_EQ(seen.size(), 5U);
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace strata::network
