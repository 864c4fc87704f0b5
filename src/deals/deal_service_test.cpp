#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <thread>

#include "db/migrations.h"
#include "db/query.h"
#include "db/testing/test_database.h"
#include "deals/deal.h"
#include "identity/identity.h"
#include "mail/memory_mailbox.h"
#include "matching/company_index.h"

namespace strata::deals {
namespace {

class DealServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    identity_ = std::make_unique<identity::IdentityService>(test_->database(), std::string(40, 'k'),
                                                            identity::SessionPolicy{},
                                                            identity::PasswordCost::kMinimal);
    network_ = std::make_unique<network::NetworkService>(
        test_->database(), mailer_, "https://strata.test", std::string(40, 'k'));
    deals_ = std::make_unique<DealService>(test_->database(), *network_);
    vendor_ = Org("vendor@example.com", "Initech", {"vendor"});
    distributor_ = Org("dist@example.com", "Ingram", {"distributor"});
    alpha_ = Org("alpha@example.com", "Alpha Systems", {"reseller"});
    beta_ = Org("beta@example.com", "Beta Networks", {"reseller"});
    Connect(vendor_, alpha_, "reseller");
    Connect(vendor_, beta_, "reseller");
  }

  access::Actor Org(const std::string& email, const std::string& name,
                    std::vector<std::string> kinds) {
    auto session =
        identity_->Signup({email, "correct horse battery", "Owner", name, std::move(kinds)}, {});
    EXPECT_TRUE(session);
    return session->principal.actor();
  }

  network::Relationship Connect(const access::Actor& upstream, const access::Actor& downstream,
                                const std::string& kind) {
    auto invited = network_->Invite(upstream, {downstream.org_id(), std::nullopt}, kind);
    EXPECT_TRUE(invited) << invited.error().message;
    auto accepted = network_->Apply(downstream, invited->id, network::Action::kAccept);
    EXPECT_TRUE(accepted) << accepted.error().message;
    return *accepted;
  }

  // Distributor route: the vendor appoints the distributor, which authorises the reseller.
  void ThroughDistributor(const access::Actor& reseller) {
    Connect(vendor_, distributor_, "distributor");
    auto edge = Connect(distributor_, reseller, "reseller");
    ASSERT_TRUE(network_->SetAuthorizations(distributor_, edge.id, {vendor_.org_id()}));
  }

  static DealFields Globex(const std::string& vendor_id,
                           const std::string& name = "Globex Corporation") {
    DealFields fields;
    fields.vendor_id = vendor_id;
    fields.customer = {name, "https://www.globex.com", "US", "AMER", "1 Cypress Creek"};
    fields.contact = {"Hank Scorpio", "hank@globex.com", ""};
    fields.amount_minor = 5'000'000;
    fields.currency = "USD";
    fields.shared_notes = "Three sites";
    fields.private_notes = "Margin 18%, do not share";
    return fields;
  }

  Deal Register(const access::Actor& partner, const DealFields& fields) {
    auto deal = deals_->Create(partner, fields, true);
    EXPECT_TRUE(deal) << deal.error().message;
    return *deal;
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<DealService> deals_;
  access::Actor vendor_ = access::Actor::System();
  access::Actor distributor_ = access::Actor::System();
  access::Actor alpha_ = access::Actor::System();
  access::Actor beta_ = access::Actor::System();
};

TEST_F(DealServiceTest, DraftsStayWithThePartnerUntilRegistered) {
  auto draft = deals_->Create(alpha_, Globex(vendor_.org_id()), false);
  ASSERT_TRUE(draft) << draft.error().message;
  EXPECT_EQ(draft->status, Status::kDraft);
  EXPECT_EQ(draft->fields.private_notes, "Margin 18%, do not share");
  EXPECT_FALSE(draft->registered_at);
  EXPECT_EQ(deals_->Get(vendor_, draft->id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(deals_->Get(beta_, draft->id).error().code, core::Errc::kNotFound);
  Query queue;
  queue.side = Side::kVendor;
  EXPECT_TRUE(deals_->List(vendor_, queue)->items.empty());

  auto registered = deals_->Submit(alpha_, draft->id);
  ASSERT_TRUE(registered) << registered.error().message;
  EXPECT_EQ(registered->status, Status::kSubmitted);
  EXPECT_EQ(registered->review_by, Reviewer::kVendor);
  EXPECT_TRUE(registered->registered_at);
  EXPECT_FALSE(registered->sequence);  // The partner does not see the vendor's numbering.

  auto seen = deals_->Get(vendor_, draft->id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->side, Side::kVendor);
  EXPECT_EQ(seen->sequence, 1);
  EXPECT_TRUE(seen->fields.private_notes.empty());
  EXPECT_EQ(seen->fields.shared_notes, "Three sites");
  // The vendor's timeline starts at registration; the partner's has the draft too.
  ASSERT_FALSE(seen->timeline.empty());
  EXPECT_EQ(seen->timeline.front().kind, "registered");
  EXPECT_EQ(deals_->Get(alpha_, draft->id)->timeline.front().kind, "created");
  EXPECT_EQ(deals_->Get(beta_, draft->id).error().code, core::Errc::kNotFound);
}

TEST_F(DealServiceTest, ConflictsAreShownToTheVendorAndNeutralToThePartner) {
  const Deal first = Register(alpha_, Globex(vendor_.org_id()));
  const Deal second = Register(beta_, Globex(vendor_.org_id(), "GLOBEX Corp."));
  EXPECT_EQ(first.conflict_under_review, false);
  EXPECT_EQ(second.conflict_under_review, true);
  EXPECT_TRUE(second.conflicts.empty());  // The partner learns nothing of the other party.

  auto vendor_view = deals_->Get(vendor_, second.id);
  ASSERT_TRUE(vendor_view);
  ASSERT_EQ(vendor_view->conflicts.size(), 1U);
  const Conflict& conflict = vendor_view->conflicts.front();
  EXPECT_EQ(conflict.other_type, "deal");
  EXPECT_EQ(conflict.other_id, first.id);
  EXPECT_TRUE(conflict.earlier);
  EXPECT_EQ(conflict.sequence, 1);
  EXPECT_EQ(conflict.partner->name, "Alpha Systems");
  EXPECT_GE(conflict.score, matching::kPossibleConflict);
  EXPECT_FALSE(conflict.reasons.empty());
  // The first registration shows the later one too, as later.
  auto first_view = deals_->Get(vendor_, first.id);
  ASSERT_EQ(first_view->conflicts.size(), 1U);
  EXPECT_FALSE(first_view->conflicts.front().earlier);

  // The queue is in registration order, to the microsecond.
  Query queue;
  queue.side = Side::kVendor;
  auto page = deals_->List(vendor_, queue);
  ASSERT_EQ(page->items.size(), 2U);
  EXPECT_EQ(page->items[0].id, first.id);
  EXPECT_EQ(page->items[1].id, second.id);
  EXPECT_LT(*page->items[0].registered_at, *page->items[1].registered_at);

  // Approving the first and rejecting the second takes it out of later checks.
  ASSERT_TRUE(deals_->Decide(vendor_, first.id, Decision::kApprove, ""));
  EXPECT_EQ(deals_->Decide(vendor_, second.id, Decision::kReject, " ").error().code,
            core::Errc::kInvalidArgument);
  auto rejected = deals_->Decide(vendor_, second.id, Decision::kReject, "Alpha registered first");
  ASSERT_TRUE(rejected);
  EXPECT_EQ(deals_->Get(beta_, second.id)->decision_reason, "Alpha registered first");
  EXPECT_FALSE(deals_->Get(beta_, second.id)->conflict_under_review);
}

TEST_F(DealServiceTest, TheDirectPipelineConflictsButIsNeverShownToPartners) {
  {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Execute(**lease,
                "INSERT INTO direct_opportunities (id, org_id, company, website, country, region,"
                " expected_close, owner_name, status, notes, created_at, updated_at) VALUES"
                " ('do-1', :vendor, 'Globex Inc', 'globex.com', 'US', '', '', 'Sam Direct', 'open',"
                " '', 1, 1)",
                db::Parameters().Text("vendor", vendor_.org_id()));
    matching::CompanyIndex::Put(**lease, vendor_.org_id(), "direct_opportunity", "do-1",
                                matching::Describe("Globex Inc", "globex.com", "US"));
  }
  const Deal deal = Register(alpha_, Globex(vendor_.org_id()));
  EXPECT_TRUE(deal.conflict_under_review);
  auto seen = deals_->Get(vendor_, deal.id);
  ASSERT_EQ(seen->conflicts.size(), 1U);
  EXPECT_EQ(seen->conflicts.front().other_type, "direct_opportunity");
  EXPECT_EQ(seen->conflicts.front().owner, "Sam Direct");
}

TEST_F(DealServiceTest, ConcurrentRegistrationsNeverTie) {
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<std::string> ids(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto deal = deals_->Create(i % 2 == 0 ? alpha_ : beta_,
                                 Globex(vendor_.org_id(), "Company " + std::to_string(i)), true);
      if (deal) ids[static_cast<std::size_t>(i)] = deal->id;
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::int64_t> sequences;
  std::vector<std::pair<std::int64_t, std::int64_t>> order;
  for (const auto& id : ids) {
    ASSERT_FALSE(id.empty());
    auto deal = deals_->Get(vendor_, id);
    ASSERT_TRUE(deal);
    sequences.insert(*deal->sequence);
    order.emplace_back(*deal->sequence, deal->registered_at->micros());
  }
  EXPECT_EQ(sequences.size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(*sequences.begin(), 1);
  EXPECT_EQ(*sequences.rbegin(), kThreads);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 1; i < order.size(); ++i) {
    EXPECT_LT(order[i - 1].second, order[i].second) << "sequence and time disagree";
  }
}

TEST_F(DealServiceTest, TwoTierTheDistributorReviewsFirst) {
  ThroughDistributor(alpha_);
  DealFields fields = Globex(vendor_.org_id());
  fields.distributor_id = distributor_.org_id();
  const Deal deal = Register(alpha_, fields);
  EXPECT_EQ(deal.review_by, Reviewer::kDistributor);
  EXPECT_EQ(deals_->Get(vendor_, deal.id).error().code, core::Errc::kNotFound);
  auto at_distributor = deals_->Get(distributor_, deal.id);
  ASSERT_TRUE(at_distributor);
  EXPECT_EQ(at_distributor->side, Side::kDistributor);
  EXPECT_TRUE(at_distributor->fields.private_notes.empty());
  EXPECT_FALSE(at_distributor->sequence);
  // The vendor cannot decide before the distributor.
  EXPECT_EQ(deals_->Decide(vendor_, deal.id, Decision::kApprove, "").error().code,
            core::Errc::kNotFound);
  Query awaiting;
  awaiting.side = Side::kDistributor;
  awaiting.review_by = Reviewer::kDistributor;
  EXPECT_EQ(deals_->List(distributor_, awaiting)->items.size(), 1U);
  ASSERT_TRUE(deals_->Decide(distributor_, deal.id, Decision::kApprove, ""));
  // Passed on, it leaves the distributor's queue but stays in its list.
  EXPECT_TRUE(deals_->List(distributor_, awaiting)->items.empty());
  awaiting.review_by.reset();
  EXPECT_EQ(deals_->List(distributor_, awaiting)->items.size(), 1U);
  auto at_vendor = deals_->Get(vendor_, deal.id);
  ASSERT_TRUE(at_vendor);
  EXPECT_EQ(at_vendor->review_by, Reviewer::kVendor);
  EXPECT_EQ(deals_->Decide(distributor_, deal.id, Decision::kApprove, "").error().code,
            core::Errc::kConflict);
  auto approved = deals_->Decide(vendor_, deal.id, Decision::kApprove, "Welcome");
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->status, Status::kApproved);
  const auto days = (approved->protected_until->micros() - core::Timestamp::Now().micros()) /
                    (std::int64_t{24} * 3600 * core::kMicrosPerSecond);
  EXPECT_EQ(days, 89);  // 90 days less the moment since.
}

TEST_F(DealServiceTest, MoreInformationKeepsThePlaceInTheOrder) {
  const Deal first = Register(alpha_, Globex(vendor_.org_id(), "Umbrella Corporation"));
  Register(beta_, Globex(vendor_.org_id(), "Soylent Green Ltd"));
  ASSERT_TRUE(deals_->Decide(vendor_, first.id, Decision::kRequestInfo, "Which sites?"));
  EXPECT_EQ(deals_->Get(alpha_, first.id)->status, Status::kInfoRequested);
  DealChanges changes;
  changes.shared_notes = "Sites: Raccoon City, Paris";
  ASSERT_TRUE(deals_->Update(alpha_, first.id, changes));
  changes = {};
  changes.vendor_id = beta_.org_id();
  EXPECT_EQ(deals_->Update(alpha_, first.id, changes).error().code, core::Errc::kInvalidArgument);
  auto resubmitted = deals_->Submit(alpha_, first.id);
  ASSERT_TRUE(resubmitted) << resubmitted.error().message;
  auto seen = deals_->Get(vendor_, first.id);
  EXPECT_EQ(seen->sequence, 1);
  EXPECT_EQ(seen->status, Status::kSubmitted);
  EXPECT_EQ(seen->fields.shared_notes, "Sites: Raccoon City, Paris");
  // Submitted deals cannot be edited; the partner cannot decide; viewers cannot write.
  EXPECT_EQ(deals_->Update(alpha_, first.id, changes).error().code, core::Errc::kConflict);
  EXPECT_EQ(deals_->Decide(alpha_, first.id, Decision::kApprove, "").error().code,
            core::Errc::kForbidden);
}

TEST_F(DealServiceTest, VendorRulesApplyAtRegistration) {
  Rules rules;
  rules.required_fields = {"expected_close", "lines"};
  rules.minimum_amount_minor = 10'000'000;
  rules.minimum_currency = "USD";
  ASSERT_TRUE(deals_->SetRules(vendor_, rules));
  EXPECT_EQ(deals_->SetRules(alpha_, rules).error().code, core::Errc::kForbidden);
  auto refused = deals_->Create(alpha_, Globex(vendor_.org_id()), true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(refused.error().fields.size(), 3U);
  // A failed registration leaves nothing behind.
  EXPECT_TRUE(deals_->List(alpha_, Query{})->items.empty());
  // A draft may be incomplete.
  EXPECT_TRUE(deals_->Create(alpha_, Globex(vendor_.org_id()), false));
  auto partner_rules = deals_->RulesForPartner(alpha_, vendor_.org_id());
  ASSERT_TRUE(partner_rules);
  EXPECT_EQ(partner_rules->required_fields.size(), 2U);
  auto stranger = Org("s@example.com", "Stranger", {"reseller"});
  EXPECT_EQ(deals_->RulesForPartner(stranger, vendor_.org_id()).error().code,
            core::Errc::kNotFound);
}

TEST_F(DealServiceTest, AutoApprovalOnlyWithoutConflict) {
  Rules rules;
  rules.auto_approve = true;
  ASSERT_TRUE(deals_->SetRules(vendor_, rules));
  const Deal clean = Register(alpha_, Globex(vendor_.org_id()));
  EXPECT_EQ(clean.status, Status::kApproved);
  EXPECT_TRUE(clean.protected_until);
  const Deal contested = Register(beta_, Globex(vendor_.org_id(), "Globex Corp"));
  EXPECT_EQ(contested.status, Status::kSubmitted);
  EXPECT_TRUE(contested.conflict_under_review);
}

TEST_F(DealServiceTest, ProtectionExpiresWithAReminderFirst) {
  const Deal deal = Register(alpha_, Globex(vendor_.org_id()));
  ASSERT_TRUE(deals_->Decide(vendor_, deal.id, Decision::kApprove, ""));
  const auto system = access::Actor::System();
  EXPECT_EQ(deals_->ExpireDue(alpha_, core::Timestamp::Now()).error().code, core::Errc::kForbidden);
  const auto now = core::Timestamp::Now();
  EXPECT_EQ(*deals_->RemindDue(system, now, 14), 0);
  const auto near_end = now + std::int64_t{80} * 24 * 3600 * core::kMicrosPerSecond;
  EXPECT_EQ(*deals_->RemindDue(system, near_end, 14), 1);
  EXPECT_EQ(*deals_->RemindDue(system, near_end, 14), 0);  // Once.
  const auto after = now + std::int64_t{91} * 24 * 3600 * core::kMicrosPerSecond;
  EXPECT_EQ(*deals_->ExpireDue(system, after), 1);
  auto expired = deals_->Get(alpha_, deal.id);
  EXPECT_EQ(expired->status, Status::kExpired);
  EXPECT_EQ(expired->timeline.back().kind, "expired");
  // An expired registration no longer conflicts.
  EXPECT_FALSE(Register(beta_, Globex(vendor_.org_id())).conflict_under_review);
}

TEST_F(DealServiceTest, ExtensionsWithdrawalAndOutcomes) {
  const Deal deal = Register(alpha_, Globex(vendor_.org_id()));
  EXPECT_EQ(deals_->RequestExtension(alpha_, deal.id, "Board meets in May").error().code,
            core::Errc::kConflict);
  auto approved = deals_->Decide(vendor_, deal.id, Decision::kApprove, "");
  ASSERT_TRUE(approved);
  ASSERT_TRUE(deals_->RequestExtension(alpha_, deal.id, "Board meets in May"));
  auto granted = deals_->AnswerExtension(vendor_, deal.id, true, 30, "");
  ASSERT_TRUE(granted);
  EXPECT_EQ(granted->extension->status, "granted");
  EXPECT_EQ(granted->protected_until->micros() - approved->protected_until->micros() >=
                std::int64_t{30} * 24 * 3600 * core::kMicrosPerSecond,
            true);
  EXPECT_EQ(deals_->AnswerExtension(vendor_, deal.id, true, 30, "").error().code,
            core::Errc::kConflict);
  auto won = deals_->Close(alpha_, deal.id, Outcome::kWon, "PO received");
  ASSERT_TRUE(won);
  EXPECT_EQ(won->status, Status::kWon);
  EXPECT_EQ(deals_->Withdraw(alpha_, deal.id).error().code, core::Errc::kConflict);

  const Deal other = Register(alpha_, Globex(vendor_.org_id(), "Initrode"));
  auto withdrawn = deals_->Withdraw(alpha_, other.id);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->status, Status::kWithdrawn);
  EXPECT_EQ(deals_->Delete(alpha_, other.id).error().code, core::Errc::kConflict);
  // Still visible to the vendor as history.
  EXPECT_EQ(deals_->Get(vendor_, other.id)->status, Status::kWithdrawn);
}

TEST_F(DealServiceTest, BlindPrecheckIsOptInThrottledAndSaysOnlyYesOrNo) {
  EXPECT_EQ(deals_->Precheck(beta_, vendor_.org_id(), {.company = "Globex"}).error().code,
            core::Errc::kForbidden);
  Rules rules;
  rules.precheck_enabled = true;
  rules.precheck_per_hour = 3;
  ASSERT_TRUE(deals_->SetRules(vendor_, rules));
  const Deal deal = Register(alpha_, Globex(vendor_.org_id()));
  EXPECT_FALSE(
      *deals_->Precheck(beta_, vendor_.org_id(), {.company = "Globex Corp"}));  // Only pending.
  ASSERT_TRUE(deals_->Decide(vendor_, deal.id, Decision::kApprove, ""));
  EXPECT_TRUE(*deals_->Precheck(beta_, vendor_.org_id(), {.company = "Globex Corp"}));
  EXPECT_FALSE(*deals_->Precheck(beta_, vendor_.org_id(), {.company = "Acme Labs"}));
  EXPECT_EQ(deals_->Precheck(beta_, vendor_.org_id(), {.company = "Globex"}).error().code,
            core::Errc::kRateLimited);
  // Its own protected deal is not "protected by another partner".
  EXPECT_FALSE(*deals_->Precheck(alpha_, vendor_.org_id(), {.company = "Globex Corp"}));
  auto stranger = Org("s@example.com", "Stranger", {"reseller"});
  EXPECT_EQ(deals_->Precheck(stranger, vendor_.org_id(), {.company = "Globex"}).error().code,
            core::Errc::kNotFound);
}

TEST_F(DealServiceTest, ScopedMembersSeeOnlyTheirVendorsAndRegions) {
  const Deal deal = Register(alpha_, Globex(vendor_.org_id()));
  auto emea = access::Actor::User(alpha_.user_id(), alpha_.org_id(), access::Role::kMember,
                                  {.regions = {"EMEA"}});
  auto amer = access::Actor::User(alpha_.user_id(), alpha_.org_id(), access::Role::kMember,
                                  {.regions = {"AMER"}});
  auto other_vendor = access::Actor::User(alpha_.user_id(), alpha_.org_id(), access::Role::kMember,
                                          {.vendors = {"someone-else"}});
  EXPECT_EQ(deals_->Get(emea, deal.id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(deals_->Get(amer, deal.id));
  EXPECT_EQ(deals_->Get(other_vendor, deal.id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(deals_->List(emea, Query{})->items.empty());
}

TEST_F(DealServiceTest, ListsFilterAndPage) {
  for (int i = 0; i < 5; ++i)
    Register(alpha_, Globex(vendor_.org_id(), "Company " + std::to_string(i)));
  Register(alpha_, Globex(vendor_.org_id(), "100% Widgets_Co"));
  Query query;
  query.side = Side::kVendor;
  query.limit = 2;
  std::vector<std::int64_t> sequences;
  for (;;) {
    auto page = deals_->List(vendor_, query);
    ASSERT_TRUE(page);
    for (const auto& deal : page->items) sequences.push_back(*deal.sequence);
    if (!page->next_cursor) break;
    query.cursor = page->next_cursor;
  }
  EXPECT_EQ(sequences, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  Query text;
  text.text = "100%";
  EXPECT_EQ(deals_->List(alpha_, text)->items.size(), 1U);
  text.text = "_";  // A wildcard character is matched literally.
  EXPECT_EQ(deals_->List(alpha_, text)->items.size(), 1U);
  Query bad;
  bad.cursor = "nonsense";
  EXPECT_EQ(deals_->List(alpha_, bad).error().code, core::Errc::kInvalidArgument);
}

}  // namespace
}  // namespace strata::deals
