#include <gtest/gtest.h>

#include <algorithm>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "deals/deal.h"
#include "identity/identity.h"
#include "identity/teams.h"
#include "integrations/webhooks.h"
#include "jobs/job_runner.h"
#include "leads/lead_jobs.h"
#include "leads/leads.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"
#include "notifications/notifications.h"

namespace strata::leads {
namespace {

constexpr std::int64_t kHour = std::int64_t{3600} * core::kMicrosPerSecond;

class LeadServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    const std::string key(40, 'k');
    identity_ = std::make_unique<identity::IdentityService>(
        test_->database(), key, identity::SessionPolicy{}, identity::PasswordCost::kMinimal);
    network_ = std::make_unique<network::NetworkService>(test_->database(), mailer_,
                                                         "https://strata.test", key);
    team_ = std::make_unique<identity::TeamService>(test_->database(), mailer_,
                                                    "https://strata.test", key);
    deals_ = std::make_unique<deals::DealService>(test_->database(), *network_);
    leads_ = std::make_unique<LeadService>(test_->database(), *network_, *team_, *deals_);
    notifications_ = std::make_unique<notifications::NotificationService>(test_->database());
    vendor_ = Org("vendor@example.com", "Initech", {"vendor"});
    other_vendor_ = Org("other@example.com", "Umbrella", {"vendor"});
    alpha_ = Org("alpha@example.com", "Alpha Systems", {"reseller"});
    beta_ = Org("beta@example.com", "Beta Networks", {"reseller"});
    gamma_ = Org("gamma@example.com", "Gamma IT", {"reseller"});
    Connect(vendor_, alpha_, "Gold");
    Connect(vendor_, beta_, "Gold");
    Connect(vendor_, gamma_, "");
    Connect(other_vendor_, alpha_, "");
  }

  access::Actor Org(const std::string& email, const std::string& name,
                    std::vector<std::string> kinds) {
    auto session =
        identity_->Signup({email, "correct horse battery", "Owner", name, std::move(kinds)}, {});
    EXPECT_TRUE(session);
    return session->principal.actor();
  }

  void Connect(const access::Actor& upstream, const access::Actor& downstream,
               const std::string& tier) {
    auto invited = network_->Invite(upstream, {downstream.org_id(), std::nullopt}, "reseller");
    ASSERT_TRUE(invited) << invited.error().message;
    ASSERT_TRUE(network_->Apply(downstream, invited->id, network::Action::kAccept));
    if (!tier.empty()) {
      ASSERT_TRUE(network_->SetTier(upstream, invited->id, tier));
    }
  }

  Lead Create(const access::Actor& actor, const std::string& company = "Globex Corporation",
              const std::string& country = "DE", const std::string& region = "") {
    auto lead = leads_->Create(actor, {.company = company,
                                       .contact = {.name = "Hank Scorpio",
                                                   .email = "Hank@Globex.example",
                                                   .phone = "030 1234567"},
                                       .country = country,
                                       .region = region,
                                       .notes = "Wants 50 seats"});
    EXPECT_TRUE(lead) << lead.error().message;
    return *lead;
  }

  void RouteTo(const access::Actor& partner, std::vector<std::string> countries,
               std::vector<std::string> regions = {}) {
    RoutingPartner setup{.partner = {partner.org_id(), ""},
                         .countries = std::move(countries),
                         .regions = std::move(regions),
                         .active = true};
    auto set = leads_->SetRoutingPartner(vendor_, setup);
    ASSERT_TRUE(set) << set.error().message;
  }

  std::vector<std::string> NotificationKinds(const access::Actor& actor) {
    std::vector<std::string> kinds;
    auto page = notifications_->List(actor, notifications::Show::kAll, 200, std::nullopt);
    EXPECT_TRUE(page);
    if (!page) return kinds;
    for (const auto& item : page->items) kinds.push_back(item.kind);
    return kinds;
  }

  static bool Has(const std::vector<std::string>& items, const std::string& wanted) {
    return std::find(items.begin(), items.end(), wanted) != items.end();
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<identity::TeamService> team_;
  std::unique_ptr<deals::DealService> deals_;
  std::unique_ptr<LeadService> leads_;
  std::unique_ptr<notifications::NotificationService> notifications_;
  access::Actor vendor_ = access::Actor::System();
  access::Actor other_vendor_ = access::Actor::System();
  access::Actor alpha_ = access::Actor::System();
  access::Actor beta_ = access::Actor::System();
  access::Actor gamma_ = access::Actor::System();
};

TEST_F(LeadServiceTest, APartnersOwnLeadsArePrivateToIt) {
  const Lead lead = Create(alpha_);
  EXPECT_EQ(lead.status, Status::kNew);
  EXPECT_EQ(lead.fields.contact.email, "hank@globex.example");
  EXPECT_EQ(lead.fields.contact.phone, "+49301234567");
  EXPECT_FALSE(lead.origin);
  for (const auto& stranger : {vendor_, beta_, other_vendor_}) {
    EXPECT_EQ(leads_->Get(stranger, lead.id).error().code, core::Errc::kNotFound);
    EXPECT_TRUE(leads_->List(stranger, {})->items.empty());
  }
  ASSERT_EQ(leads_->List(alpha_, {})->items.size(), 1U);

  auto bad = leads_->Create(alpha_, {.contact = {.email = "not an address"}, .country = "Q"});
  ASSERT_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& problem : bad.error().fields) fields.insert(problem.field);
  EXPECT_EQ(fields, (std::set<std::string>{"company", "contact.email", "country"}));
}

TEST_F(LeadServiceTest, TheSenderSeesThePartnersStatusButNotItsWork) {
  const Lead lead = Create(vendor_);
  EXPECT_EQ(leads_->Distribute(vendor_, lead.id, beta_.org_id(), 0).error().code,
            core::Errc::kInvalidArgument)
      << "an SLA of no time";
  EXPECT_EQ(
      leads_->Distribute(vendor_, lead.id, other_vendor_.org_id(), 24).error().fields[0].field,
      "partner_id");
  auto offered = leads_->Distribute(vendor_, lead.id, alpha_.org_id(), 24);
  ASSERT_TRUE(offered) << offered.error().message;
  EXPECT_EQ(offered->status, Status::kOffered);
  ASSERT_TRUE(offered->partner);
  EXPECT_EQ(offered->partner->name, "Alpha Systems");
  ASSERT_EQ(offered->offers.size(), 1U);
  EXPECT_EQ(offered->offers[0].routed_by, "manual");

  auto seen = leads_->Get(alpha_, lead.id);
  ASSERT_TRUE(seen);
  ASSERT_TRUE(seen->origin);
  EXPECT_EQ(seen->origin->id, vendor_.org_id());
  EXPECT_EQ(seen->offer_state, OfferState::kOffered);
  EXPECT_EQ(seen->fields.notes, "Wants 50 seats");
  EXPECT_TRUE(seen->offers.empty()) << "the partner does not see the sender's offers";
  EXPECT_TRUE(Has(NotificationKinds(alpha_), "lead.offered"));
  EXPECT_EQ(leads_->Get(beta_, lead.id).error().code, core::Errc::kNotFound);

  EXPECT_EQ(leads_->Update(alpha_, lead.id, {.status = Status::kQualified}).error().code,
            core::Errc::kConflict)
      << "accept first";
  ASSERT_TRUE(leads_->Accept(alpha_, lead.id));
  EXPECT_EQ(leads_->Accept(alpha_, lead.id).error().code, core::Errc::kConflict);
  ASSERT_TRUE(leads_->AddActivity(alpha_, lead.id, "note", "Their CFO is difficult"));
  auto qualified = leads_->Update(alpha_, lead.id, {.status = Status::kQualified});
  ASSERT_TRUE(qualified) << qualified.error().message;
  auto renamed = leads_->Update(alpha_, lead.id, {.company = "Something else"});
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().fields[0].field, "company");

  auto sender = leads_->Get(vendor_, lead.id);
  ASSERT_TRUE(sender);
  EXPECT_EQ(sender->status, Status::kQualified);
  EXPECT_EQ(sender->offers[0].state, OfferState::kAccepted);
  for (const auto& activity : sender->activities) {
    EXPECT_EQ(activity.body.find("CFO"), std::string::npos) << "the partner's note stays its own";
  }
  EXPECT_TRUE(
      std::any_of(sender->activities.begin(), sender->activities.end(),
                  [](const Activity& a) { return a.body.find("qualified") != std::string::npos; }));
  EXPECT_TRUE(Has(NotificationKinds(vendor_), "lead.accepted"));
  EXPECT_EQ(leads_->Update(vendor_, lead.id, {.status = Status::kWon}).error().code,
            core::Errc::kConflict)
      << "the partner working the lead reports its status";

  auto lost = leads_->Update(alpha_, lead.id, {.status = Status::kLost});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().fields[0].field, "lost_reason");

  // Taken back, the lead leaves the partner.
  ASSERT_TRUE(leads_->Recall(vendor_, lead.id));
  EXPECT_EQ(leads_->Get(alpha_, lead.id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(Has(NotificationKinds(alpha_), "lead.recalled"));
}

TEST_F(LeadServiceTest, RoutingRulesChooseByCountryAndADeclineRoutesAgain) {
  RouteTo(alpha_, {"DE"}, {"Bayern"});
  RouteTo(beta_, {"DE", "AT"});
  RouteTo(gamma_, {"FR"});
  const Lead lead = Create(vendor_, "Globex Corporation", "DE", "Bayern");
  auto routed = leads_->Distribute(vendor_, lead.id, std::nullopt, std::nullopt);
  ASSERT_TRUE(routed) << routed.error().message;
  ASSERT_TRUE(routed->partner);
  EXPECT_EQ(routed->partner->id, alpha_.org_id());
  EXPECT_EQ(routed->offers[0].routed_by, "region");
  EXPECT_EQ(routed->offers[0].answer_due_at.micros() - routed->offers[0].offered_at.micros(),
            48 * kHour)
      << "the default time to answer";

  auto declined = leads_->Decline(alpha_, lead.id, "No capacity this quarter");
  ASSERT_TRUE(declined) << declined.error().message;
  EXPECT_EQ(leads_->Get(alpha_, lead.id).error().code, core::Errc::kNotFound);
  auto again = leads_->Get(vendor_, lead.id);
  ASSERT_TRUE(again->partner);
  EXPECT_EQ(again->partner->id, beta_.org_id()) << "the country's next partner";
  EXPECT_EQ(again->offers[0].routed_by, "country");
  EXPECT_EQ(again->offers[1].state, OfferState::kDeclined);
  EXPECT_EQ(again->offers[1].decline_reason, "No capacity this quarter");

  // Beta declines too: France is in the same subregion, so Gamma gets it.
  ASSERT_TRUE(leads_->Decline(beta_, lead.id, ""));
  again = leads_->Get(vendor_, lead.id);
  ASSERT_TRUE(again->partner);
  EXPECT_EQ(again->partner->id, gamma_.org_id());
  EXPECT_EQ(again->offers[0].routed_by, "subregion");
  ASSERT_TRUE(leads_->Decline(gamma_, lead.id, ""));
  again = leads_->Get(vendor_, lead.id);
  EXPECT_EQ(again->status, Status::kUnrouted) << "everyone declined";
  EXPECT_FALSE(again->partner);
  EXPECT_TRUE(Has(NotificationKinds(vendor_), "lead.unrouted"));
}

TEST_F(LeadServiceTest, AnOverdueAnswerLapsesAndTheLeadIsRoutedToTheNextPartner) {
  RouteTo(alpha_, {"DE"});
  RouteTo(beta_, {"DE"});
  const Lead lead = Create(vendor_);
  auto routed = leads_->Distribute(vendor_, lead.id, std::nullopt, 10);
  ASSERT_TRUE(routed) << routed.error().message;
  const std::string first = routed->partner->id;
  const access::Actor& first_partner = first == alpha_.org_id() ? alpha_ : beta_;
  const access::Actor& second_partner = first == alpha_.org_id() ? beta_ : alpha_;
  const core::Timestamp offered_at = routed->offers[0].offered_at;

  // Seven hours on, the answer is due within four: the partner is reminded, once.
  EXPECT_EQ(*leads_->LapseDue(access::Actor::System(), offered_at + 7 * kHour), 0);
  EXPECT_EQ(*leads_->LapseDue(access::Actor::System(), offered_at + 8 * kHour), 0);
  const auto kinds = NotificationKinds(first_partner);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "lead.answer_due"), 1);
  EXPECT_EQ(leads_->LapseDue(vendor_, offered_at).error().code, core::Errc::kForbidden);

  // Past the ten hours, it lapses and goes to the other partner, with a fresh ten hours.
  const core::Timestamp later = offered_at + 11 * kHour;
  EXPECT_EQ(*leads_->LapseDue(access::Actor::System(), later), 1);
  EXPECT_EQ(*leads_->LapseDue(access::Actor::System(), later), 0) << "idempotent";
  auto sender = leads_->Get(vendor_, lead.id);
  ASSERT_TRUE(sender->partner);
  EXPECT_EQ(sender->partner->id, second_partner.org_id());
  EXPECT_EQ(sender->offers[1].state, OfferState::kLapsed);
  EXPECT_EQ(sender->offers[0].answer_due_at.micros() - sender->offers[0].offered_at.micros(),
            10 * kHour);
  EXPECT_EQ(leads_->Get(first_partner, lead.id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(leads_->Get(second_partner, lead.id));
  EXPECT_TRUE(Has(NotificationKinds(first_partner), "lead.recalled"));

  // The second lapses too: nobody left who has not had it.
  EXPECT_EQ(*leads_->LapseDue(access::Actor::System(), later + 11 * kHour), 1);
  EXPECT_EQ(leads_->Get(vendor_, lead.id)->status, Status::kUnrouted);
}

// The same through the job queue, as the server runs it: the runner enqueues the lapse job each
// minute, and the job reads the clock the test moves.
TEST_F(LeadServiceTest, TheLapseJobReadsItsClockAndRoutesAnOverdueLeadToTheNextPartner) {
  RouteTo(alpha_, {"DE"});
  RouteTo(beta_, {"DE"});
  const Lead lead = Create(vendor_);
  auto routed = leads_->Distribute(vendor_, lead.id, std::nullopt, 2);
  ASSERT_TRUE(routed) << routed.error().message;
  const std::string first = routed->partner->id;
  const access::Actor& second_partner = first == alpha_.org_id() ? beta_ : alpha_;

  jobs::JobStore store(test_->database());
  jobs::JobRunner runner(store, {});
  core::Timestamp clock = routed->offers[0].offered_at + kHour;
  RegisterLapseJob(runner, *leads_, [&clock] { return clock; });
  int mails = 0;
  runner.Register(kMailJobKind, [&mails](const jobs::Job&) -> core::Status {
    ++mails;
    return core::Ok();
  });

  // An hour in, the first partner still has an hour to answer: the job leaves the lead with it.
  EXPECT_GE(runner.RunOnce(), 1);
  EXPECT_EQ(leads_->Get(vendor_, lead.id)->partner->id, first);

  // Three hours in, the job lapses the offer and the lead goes to the other partner.
  clock = clock + 2 * kHour;
  jobs::NewJob lapse;
  lapse.kind = kLapseJobKind;
  ASSERT_TRUE(store.Enqueue(access::Actor::System(), lapse));
  EXPECT_GE(runner.RunOnce(), 1);
  auto sender = leads_->Get(vendor_, lead.id);
  ASSERT_TRUE(sender && sender->partner);
  EXPECT_EQ(sender->partner->id, second_partner.org_id());
  ASSERT_EQ(sender->offers.size(), 2U);
  EXPECT_EQ(sender->offers[1].state, OfferState::kLapsed);
  EXPECT_TRUE(leads_->Get(second_partner, lead.id));
  EXPECT_GT(mails, 0) << "the partners were not written to";
}

TEST_F(LeadServiceTest, AnAcceptedLeadBecomesARegistrationWithTheSenderInOneStep) {
  const Lead lead = Create(vendor_);
  ASSERT_TRUE(leads_->Distribute(vendor_, lead.id, alpha_.org_id(), 24));
  EXPECT_EQ(leads_->Convert(alpha_, lead.id, {.vendor_id = vendor_.org_id()}).error().code,
            core::Errc::kConflict)
      << "accept first";
  ASSERT_TRUE(leads_->Accept(alpha_, lead.id));
  auto deal_id = leads_->Convert(alpha_, lead.id,
                                 {.vendor_id = vendor_.org_id(),
                                  .submit = true,
                                  .shared_notes = "Fifty seats",
                                  .amount_minor = 2'500'000,
                                  .currency = "EUR"});
  ASSERT_TRUE(deal_id) << deal_id.error().message;
  auto deal = deals_->Get(vendor_, *deal_id);
  ASSERT_TRUE(deal) << "the vendor sees the registration";
  EXPECT_EQ(deal->fields.customer.company, "Globex Corporation");
  EXPECT_EQ(deal->fields.contact.email, "hank@globex.example");
  EXPECT_EQ(deal->fields.shared_notes, "Fifty seats");
  auto sender = leads_->Get(vendor_, lead.id);
  EXPECT_EQ(sender->deal_id, *deal_id);
  EXPECT_EQ(sender->status, Status::kQualified);
  EXPECT_EQ(leads_->Convert(alpha_, lead.id, {.vendor_id = vendor_.org_id()}).error().code,
            core::Errc::kConflict)
      << "once";
  EXPECT_EQ(deals_->Get(beta_, *deal_id).error().code, core::Errc::kNotFound);

  // With another of the partner's vendors, the sender learns nothing of the registration.
  const Lead second = Create(vendor_, "Acme Rockets");
  ASSERT_TRUE(leads_->Distribute(vendor_, second.id, alpha_.org_id(), 24));
  ASSERT_TRUE(leads_->Accept(alpha_, second.id));
  auto elsewhere = leads_->Convert(alpha_, second.id,
                                   {.vendor_id = other_vendor_.org_id(), .share_contact = false});
  ASSERT_TRUE(elsewhere) << elsewhere.error().message;
  EXPECT_FALSE(leads_->Get(vendor_, second.id)->deal_id);
  EXPECT_EQ(leads_->Get(alpha_, second.id)->deal_id, *elsewhere);
  EXPECT_EQ(deals_->Get(alpha_, *elsewhere)->fields.contact.email, "") << "not shared";
}

TEST_F(LeadServiceTest, PossibleDuplicatesAreFlaggedAmongTheLeadsAnOrganisationHolds) {
  const Lead first = Create(alpha_, "Globex Corporation");
  const Lead other = Create(alpha_, "Acme Rockets");
  auto second = leads_->Create(
      alpha_, {.company = "GLOBEX Corp.", .contact = {.name = "Someone else"}, .country = "DE"});
  ASSERT_TRUE(second);
  ASSERT_EQ(second->duplicates.size(), 1U);
  EXPECT_EQ(second->duplicates[0].lead_id, first.id);
  // The vendor's lead offered to Alpha joins Alpha's duplicates, never the other way round.
  const Lead sent = Create(vendor_, "Acme Rockets Inc");
  ASSERT_TRUE(leads_->Distribute(vendor_, sent.id, alpha_.org_id(), 24));
  auto at_alpha = leads_->Get(alpha_, sent.id);
  ASSERT_FALSE(at_alpha->duplicates.empty());
  EXPECT_EQ(at_alpha->duplicates[0].lead_id, other.id);
  EXPECT_TRUE(leads_->Get(vendor_, sent.id)->duplicates.empty());
}

TEST_F(LeadServiceTest, EveryChangeGoesToEachHoldersOwnSystemsAsItSeesTheLead) {
  integrations::WebhookService webhooks(
      test_->database(), std::string(40, 'k'),
      {.private_targets = integrations::PrivateTargets::kAllowed});
  const auto endpoint = [&](const access::Actor& owner) {
    auto created = webhooks.Create(owner, {.url = "http://127.0.0.1:9/crm"});
    EXPECT_TRUE(created) << created.error().message;
    return created->endpoint.id;
  };
  const std::string at_vendor = endpoint(vendor_);
  const std::string at_alpha = endpoint(alpha_);
  const std::string at_beta = endpoint(beta_);
  const auto sent = [&](const access::Actor& owner, const std::string& id) {
    std::vector<std::pair<std::string, std::string>> kinds_and_bodies;
    auto page = webhooks.Deliveries(owner, id, 200, std::nullopt);
    EXPECT_TRUE(page);
    if (!page) return kinds_and_bodies;
    for (const auto& delivery : page->items) {
      kinds_and_bodies.emplace_back(delivery.event_kind, delivery.body);
    }
    std::reverse(kinds_and_bodies.begin(), kinds_and_bodies.end());  // Oldest first.
    return kinds_and_bodies;
  };

  const Lead lead = Create(vendor_);
  ASSERT_TRUE(leads_->Distribute(vendor_, lead.id, alpha_.org_id(), 24));
  ASSERT_TRUE(leads_->Accept(alpha_, lead.id));
  ASSERT_TRUE(leads_->AddActivity(alpha_, lead.id, "note", "Alpha's private remark"));
  ASSERT_TRUE(leads_->Update(alpha_, lead.id, {.status = Status::kContacted}));
  ASSERT_TRUE(leads_->Recall(vendor_, lead.id));

  const auto vendor_side = sent(vendor_, at_vendor);
  std::vector<std::string> kinds;
  for (const auto& [kind, body] : vendor_side) {
    kinds.push_back(kind);
    EXPECT_EQ(body.find("private remark"), std::string::npos);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"lead.created", "lead.updated", "lead.updated",
                                             "lead.updated", "lead.updated"}));
  EXPECT_NE(vendor_side[3].second.find("\"status\":\"contacted\""), std::string::npos)
      << "the status the partner reports";
  const auto partner_side = sent(alpha_, at_alpha);
  kinds.clear();
  for (const auto& [kind, body] : partner_side) kinds.push_back(kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"lead.offered", "lead.updated", "lead.updated",
                                             "lead.withdrawn"}));
  EXPECT_NE(partner_side[0].second.find("\"origin_org_id\":\"" + vendor_.org_id() + "\""),
            std::string::npos);
  EXPECT_TRUE(sent(beta_, at_beta).empty()) << "nothing reaches an organisation without the lead";
}

}  // namespace
}  // namespace strata::leads
