#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "audit/audit.h"
#include "core/ids.h"
#include "deals/deal.h"
#include "deals/deal_rules.h"
#include "deals/deal_store.h"
#include "matching/matching.h"
#include "notifications/notifications.h"

namespace strata::deals {
namespace {

constexpr std::int64_t kMicrosPerDay = std::int64_t{24} * 3600 * core::kMicrosPerSecond;
constexpr std::int64_t kMicrosPerHour = std::int64_t{3600} * core::kMicrosPerSecond;

core::Error NotFound() { return core::Error::NotFound("no such deal"); }

core::Error Forbidden(std::string message) {
  return core::Error{core::Errc::kForbidden, std::move(message), {}};
}

core::Error Invalid(std::vector<core::FieldError> problems) {
  return core::Error::Invalid("check the highlighted fields", std::move(problems));
}

bool HasKind(const network::OrgRef& org, const std::string& kind) {
  return std::find(org.kinds.begin(), org.kinds.end(), kind) != org.kinds.end();
}

std::optional<std::string> UserOf(const access::Actor& actor) {
  if (actor.is_system()) return std::nullopt;
  return actor.user_id();
}

// Everything about one deal that changes in a transition, kept together so that the event, the
// notifications and the audit record always agree.
struct Change {
  std::string kind;  // The timeline's event: "approved".
  std::string note;
  std::string side;                 // Who acted: partner, distributor, vendor or system.
  std::vector<std::string> notify;  // Organisations told in the portal.
  std::string title;
};

void Record(soci::session& sql, const access::Actor& actor, const store::Stored& deal,
            const Change& change, core::Timestamp now) {
  const Deal& seen = deal.deal;
  store::AddEvent(sql, seen.id, actor.is_system() ? seen.partner.id : actor.org_id(), change.side,
                  UserOf(actor), change.kind, change.note, true, now);
  for (const auto& org : change.notify) {
    notifications::Notify(sql, {.org_id = org,
                                .kind = "deal." + change.kind,
                                .title = change.title,
                                .deal_id = seen.id,
                                .vendor_org_id = seen.vendor.id,
                                .region = deal.fields.customer.region});
  }
  json::object detail{{"status", StatusName(seen.status)}, {"event", change.kind}};
  if (!change.note.empty()) detail["note"] = change.note;
  // The system acts for both sides: each keeps the change in its own trail.
  std::vector<std::string> trails{actor.org_id()};
  if (actor.is_system()) trails = {seen.partner.id, seen.vendor.id};
  for (const auto& org : trails) {
    audit::Record(sql, {.org_id = org,
                        .actor_user_id = UserOf(actor),
                        .action = "deal." + change.kind,
                        .target_type = "deal",
                        .target_id = seen.id,
                        .detail = detail,
                        .context = audit::ContextOf(actor)});
  }
}

// The organisations upstream that see the deal now: the distributor once registered, the
// vendor once the deal reached it.
std::vector<std::string> Upstream(const store::Stored& deal) {
  std::vector<std::string> orgs;
  if (deal.deal.distributor) orgs.push_back(deal.deal.distributor->id);
  if (deal.reached_vendor_at) orgs.push_back(deal.deal.vendor.id);
  return orgs;
}

// The partner, and the distributor it registered through.
std::vector<std::string> Downstream(const store::Stored& deal) {
  std::vector<std::string> orgs{deal.deal.partner.id};
  if (deal.deal.distributor) orgs.push_back(deal.deal.distributor->id);
  return orgs;
}

std::string CompanyName(const store::Stored& deal) { return deal.fields.customer.company; }

bool Live(Status status) {
  return status == Status::kSubmitted || status == Status::kInfoRequested ||
         status == Status::kApproved;
}

}  // namespace

const char* StatusName(Status status) {
  switch (status) {
    case Status::kDraft:
      return "draft";
    case Status::kSubmitted:
      return "submitted";
    case Status::kInfoRequested:
      return "info_requested";
    case Status::kApproved:
      return "approved";
    case Status::kRejected:
      return "rejected";
    case Status::kWon:
      return "won";
    case Status::kLost:
      return "lost";
    case Status::kExpired:
      return "expired";
    case Status::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

std::optional<Status> ParseStatus(const std::string& text) {
  for (Status status :
       {Status::kDraft, Status::kSubmitted, Status::kInfoRequested, Status::kApproved,
        Status::kRejected, Status::kWon, Status::kLost, Status::kExpired, Status::kWithdrawn}) {
    if (text == StatusName(status)) return status;
  }
  return std::nullopt;
}

const char* SideName(Side side) {
  switch (side) {
    case Side::kPartner:
      return "partner";
    case Side::kVendor:
      return "vendor";
    case Side::kDistributor:
      return "distributor";
  }
  return "partner";
}

const std::vector<std::string>& RequirableFields() {
  static const std::vector<std::string> fields{
      "customer.website", "customer.country", "customer.region",
      "customer.address", "contact.name",     "contact.email",
      "contact.phone",    "expected_close",   "lines",
      "shared_notes"};
  return fields;
}

DealService::DealService(db::Database& database, network::NetworkService& network)
    : database_(database), network_(network) {}

namespace {

// The vendor and route a partner chose must be one of its routes now.
core::Status CheckRoute(network::NetworkService& network, const access::Actor& actor,
                        const DealFields& fields) {
  auto vendors = network.Vendors(actor);
  if (!vendors) return vendors.error();
  for (const auto& entry : *vendors) {
    if (entry.vendor.id != fields.vendor_id) continue;
    for (const auto& route : entry.routes) {
      const bool direct = !route.distributor.has_value();
      if (fields.distributor_id ? (!direct && route.distributor->id == *fields.distributor_id)
                                : direct) {
        return core::Ok();
      }
    }
    if (fields.distributor_id) {
      return Invalid({{"via_distributor_id", "does not carry this vendor for you"}});
    }
    return Invalid({{"via_distributor_id", "choose the distributor you buy this vendor from"}});
  }
  return Invalid({{"vendor_id", "is not one of your vendors"}});
}

Rules RulesOf(soci::session& sql, const std::string& vendor_id) {
  return store::LoadRules(sql, vendor_id).value_or(Rules{});
}

// Other partners' live registrations with the vendor, and its open direct opportunities, that
// may be the same customer.
std::vector<matching::Candidate> FindConflicts(soci::session& sql, const store::Stored& deal,
                                               const matching::Company& company,
                                               core::Timestamp now) {
  std::vector<matching::Candidate> conflicts;
  for (auto& candidate : matching::CompanyIndex::Find(sql, deal.deal.vendor.id, company,
                                                      matching::kPossibleConflict)) {
    if (candidate.record_type == "deal") {
      if (candidate.record_id == deal.deal.id) continue;
      auto other = store::FindIndexedDeal(sql, deal.deal.vendor.id, candidate.record_id);
      if (!other || other->org_id == deal.deal.partner.id || !Live(other->status)) continue;
      if (other->status == Status::kApproved && other->protected_until &&
          *other->protected_until < now) {
        continue;
      }
    }
    conflicts.push_back(std::move(candidate));
  }
  return conflicts;
}

matching::Company CompanyOf(const DealFields& fields) {
  return matching::Describe(fields.customer.company, fields.customer.website,
                            fields.customer.country);
}

// Approves at once when the vendor's rules say so and no conflict reaches its threshold.
void MaybeAutoApprove(soci::session& sql, store::Stored& deal, const Rules& rules,
                      double highest_conflict, core::Timestamp now) {
  if (!rules.auto_approve || highest_conflict >= rules.auto_approve_max_score) return;
  store::State state;
  state.status = Status::kApproved;
  state.protected_until =
      std::optional<core::Timestamp>(now + rules.protection_days * kMicrosPerDay);
  state.decision_reason = std::optional<std::string>();
  store::SetState(sql, deal.deal.id, state, now);
  deal.deal.status = Status::kApproved;
  Record(sql, access::Actor::System(), deal,
         {"approved", "Approved automatically under the vendor's rules", "system", Downstream(deal),
          "Deal approved: " + CompanyName(deal)},
         now);
}

// The highest score among the conflicts stored for the deal, either way round.
double HighestConflict(soci::session& sql, const store::Stored& deal) {
  double highest = 0;
  for (const auto& conflict : store::LoadConflicts(sql, access::Actor::System(), deal)) {
    highest = std::max(highest, conflict.score);
  }
  return highest;
}

}  // namespace

core::Result<Deal> DealService::Create(const access::Actor& actor, const DealFields& input,
                                       bool submit) {
  if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot register deals");
  DealFields fields = input;
  if (auto problems = CheckFields(fields); !problems.empty()) return Invalid(std::move(problems));
  if (auto route = CheckRoute(network_, actor, fields); !route) return route.error();
  const std::string id = core::Uuid::NewV7().ToString();
  auto created = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const auto now = core::Timestamp::Now();
    store::Insert(sql, id, actor, fields, now);
    store::AddEvent(sql, id, actor.org_id(), "partner", UserOf(actor), "created", "", false, now);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "deal.created",
                        .target_type = "deal",
                        .target_id = id,
                        .detail = {{"vendor_id", fields.vendor_id}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!created) return created.error();
  if (!submit) return Get(actor, id);
  auto submitted = Submit(actor, id);
  if (!submitted) {
    // A registration that fails leaves nothing behind: the draft goes too.
    (void)db::WithSession(database_, [&](soci::session& sql) -> core::Status {
      db::Transaction transaction(sql, database_.dialect());
      store::Remove(sql, id);
      transaction.Commit();
      return core::Ok();
    });
  }
  return submitted;
}

core::Result<Deal> DealService::Update(const access::Actor& actor, const std::string& id,
                                       const DealChanges& changes) {
  auto updated = db::WithSession(database_, [&](soci::session& sql) -> core::Result<Deal> {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side != Side::kPartner) return Forbidden("only the partner edits its deal");
    if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot edit deals");
    const Status status = deal->deal.status;
    if (status != Status::kDraft && status != Status::kInfoRequested) {
      return core::Error::Conflict(std::string("a deal that is ") + StatusName(status) +
                                   " cannot be edited");
    }
    DealFields fields = deal->fields;
    const bool moves = (changes.vendor_id && *changes.vendor_id != fields.vendor_id) ||
                       (changes.distributor_id && *changes.distributor_id != fields.distributor_id);
    if (moves && status != Status::kDraft) {
      return Invalid({{"vendor_id", "cannot change once the deal is registered"}});
    }
    if (changes.vendor_id) fields.vendor_id = *changes.vendor_id;
    if (changes.distributor_id) fields.distributor_id = *changes.distributor_id;
    if (changes.customer) fields.customer = *changes.customer;
    if (changes.contact) fields.contact = *changes.contact;
    if (changes.amount_minor) fields.amount_minor = *changes.amount_minor;
    if (changes.currency) fields.currency = *changes.currency;
    if (changes.expected_close) fields.expected_close = *changes.expected_close;
    if (changes.lines) fields.lines = *changes.lines;
    if (changes.shared_notes) fields.shared_notes = *changes.shared_notes;
    if (changes.private_notes) fields.private_notes = *changes.private_notes;
    if (auto problems = CheckFields(fields); !problems.empty()) return Invalid(std::move(problems));
    if (moves) {
      if (auto route = CheckRoute(network_, actor, fields); !route) return route.error();
    }
    const auto now = core::Timestamp::Now();
    store::SaveFields(sql, id, fields, now);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "deal.updated",
                        .target_type = "deal",
                        .target_id = id,
                        .detail = {{"status", StatusName(status)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return deal->deal;
  });
  if (!updated) return updated.error();
  return Get(actor, id);
}

core::Status DealService::Delete(const access::Actor& actor, const std::string& id) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side != Side::kPartner) return Forbidden("only the partner deletes its draft");
    if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot delete deals");
    if (deal->deal.status != Status::kDraft) {
      return core::Error::Conflict("only a draft can be deleted; withdraw a registration");
    }
    store::Remove(sql, id);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "deal.deleted",
                        .target_type = "deal",
                        .target_id = id,
                        .detail = {{"customer", deal->fields.customer.company}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<Deal> DealService::Submit(const access::Actor& actor, const std::string& id) {
  // The route is checked against the network outside the transaction that numbers the deal.
  {
    auto draft = Get(actor, id);
    if (!draft) return draft.error();
    if (draft->side != Side::kPartner) return Forbidden("only the partner registers its deal");
    if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot register deals");
    if (draft->status == Status::kDraft) {
      if (auto route = CheckRoute(network_, actor, draft->fields); !route) return route.error();
    }
  }
  auto submitted = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    const Status status = deal->deal.status;
    if (status != Status::kDraft && status != Status::kInfoRequested) {
      return core::Error::Conflict(std::string("a deal that is ") + StatusName(status) +
                                   " cannot be submitted");
    }
    const Rules rules = RulesOf(sql, deal->deal.vendor.id);
    if (auto problems = CheckRegistration(deal->fields, rules); !problems.empty()) {
      return core::Error::Invalid("the deal does not meet the vendor's rules yet",
                                  std::move(problems));
    }
    const auto now = core::Timestamp::Now();
    store::State state;
    state.status = Status::kSubmitted;
    std::string kind = "resubmitted";
    if (status == Status::kDraft) {
      kind = "registered";
      state.slot = store::NextSlot(sql, deal->deal.vendor.id, now);
      state.review_by = deal->deal.distributor ? Reviewer::kDistributor : Reviewer::kVendor;
      state.reached_vendor = !deal->deal.distributor;
    } else {
      state.review_by = deal->deal.review_by;  // Back to the reviewer that asked.
    }
    const matching::Company company = CompanyOf(deal->fields);
    const auto conflicts = FindConflicts(sql, *deal, company, now);
    store::ReplaceConflicts(sql, id, deal->deal.vendor.id, conflicts, now);
    matching::CompanyIndex::Put(sql, deal->deal.vendor.id, "deal", id, company);
    store::SetState(sql, id, state, now);
    deal->deal.status = Status::kSubmitted;
    deal->deal.review_by = state.review_by;
    if (state.reached_vendor) deal->reached_vendor_at = now;
    const std::string reviewer = state.review_by == Reviewer::kDistributor
                                     ? deal->deal.distributor->id
                                     : deal->deal.vendor.id;
    const std::string via =
        deal->deal.distributor ? " through " + deal->deal.distributor->name : std::string();
    Record(sql, actor, *deal,
           {kind,
            kind == "registered" ? "Registered with " + deal->deal.vendor.name + via
                                 : "Resubmitted with the information asked for",
            "partner",
            {reviewer},
            (kind == "registered" ? "New deal registration: " : "Deal resubmitted: ") +
                CompanyName(*deal) + " from " + deal->deal.partner.name},
           now);
    if (state.review_by == Reviewer::kVendor) {
      double highest = 0;
      for (const auto& conflict : conflicts) highest = std::max(highest, conflict.similarity.score);
      highest = std::max(highest, HighestConflict(sql, *deal));
      MaybeAutoApprove(sql, *deal, rules, highest, now);
    }
    transaction.Commit();
    return core::Ok();
  });
  if (!submitted) return submitted.error();
  return Get(actor, id);
}

core::Result<Deal> DealService::Decide(const access::Actor& actor, const std::string& id,
                                       Decision decision, const std::string& reason) {
  if (decision != Decision::kApprove && reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid({{"reason", "is required to reject or to ask for information"}});
  }
  if (reason.size() > 2000) return Invalid({{"reason", "must be at most 2000 characters"}});
  auto decided = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    const Side side = deal->deal.side;
    if (side == Side::kPartner) return Forbidden("only the reviewer decides on a deal");
    if (!actor.HasRole(access::Role::kManager)) {
      return Forbidden("only managers, admins and owners decide on deals");
    }
    const Reviewer reviewer = side == Side::kVendor ? Reviewer::kVendor : Reviewer::kDistributor;
    if (deal->deal.status != Status::kSubmitted || deal->deal.review_by != reviewer) {
      return core::Error::Conflict("the deal is not awaiting your review");
    }
    const Transition next = deals::Decide(reviewer, decision);
    const auto now = core::Timestamp::Now();
    const Rules rules = RulesOf(sql, deal->deal.vendor.id);
    store::State state;
    state.status = next.status;
    state.review_by = next.review_by;
    state.reached_vendor = next.reaches_vendor;
    state.decision_reason =
        reason.empty() ? std::optional<std::string>() : std::optional<std::string>(reason);
    if (next.status == Status::kApproved) {
      state.protected_until =
          std::optional<core::Timestamp>(now + rules.protection_days * kMicrosPerDay);
    }
    if (next.status == Status::kRejected) {
      matching::CompanyIndex::Remove(sql, deal->deal.vendor.id, "deal", id);
    }
    store::SetState(sql, id, state, now);
    deal->deal.status = next.status;
    if (next.reaches_vendor) deal->reached_vendor_at = now;
    const std::string side_name = SideName(side);
    Change change{"", reason, side_name, {deal->deal.partner.id}, ""};
    if (side == Side::kVendor && deal->deal.distributor) {
      change.notify.push_back(deal->deal.distributor->id);
    }
    switch (decision) {
      case Decision::kApprove:
        if (next.reaches_vendor) {
          change.kind = "forwarded";
          change.notify = {deal->deal.vendor.id};
          change.title = "New deal registration: " + CompanyName(*deal) + " from " +
                         deal->deal.partner.name + " through " + deal->deal.distributor->name;
        } else {
          change.kind = "approved";
          change.title = "Deal approved: " + CompanyName(*deal);
        }
        break;
      case Decision::kReject:
        change.kind = "rejected";
        change.title = "Deal rejected: " + CompanyName(*deal);
        break;
      case Decision::kRequestInfo:
        change.kind = "info_requested";
        change.title = "More information asked for: " + CompanyName(*deal);
        break;
    }
    Record(sql, actor, *deal, change, now);
    if (next.reaches_vendor) MaybeAutoApprove(sql, *deal, rules, HighestConflict(sql, *deal), now);
    transaction.Commit();
    return core::Ok();
  });
  if (!decided) return decided.error();
  return Get(actor, id);
}

namespace {

// A step the partner takes on its own registration: from one of `from` to `to`.
struct PartnerStep {
  std::vector<Status> from;
  Status to;
  std::string kind;
  std::string title;
};

core::Status TakeStep(db::Database& database, const access::Actor& actor, const std::string& id,
                      const PartnerStep& step, const std::string& note) {
  if (note.size() > 2000) return Invalid({{"note", "must be at most 2000 characters"}});
  return db::WithSession(database, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side != Side::kPartner) return Forbidden("only the partner closes its deal");
    if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot change deals");
    if (std::find(step.from.begin(), step.from.end(), deal->deal.status) == step.from.end()) {
      return core::Error::Conflict(std::string("a deal that is ") + StatusName(deal->deal.status) +
                                   " cannot be " + step.kind);
    }
    const auto now = core::Timestamp::Now();
    store::State state;
    state.status = step.to;
    store::SetState(sql, id, state, now);
    matching::CompanyIndex::Remove(sql, deal->deal.vendor.id, "deal", id);
    deal->deal.status = step.to;
    Record(sql, actor, *deal,
           {step.kind, note, "partner", Upstream(*deal), step.title + CompanyName(*deal)}, now);
    transaction.Commit();
    return core::Ok();
  });
}

}  // namespace

core::Result<Deal> DealService::Withdraw(const access::Actor& actor, const std::string& id) {
  auto withdrawn = TakeStep(database_, actor, id,
                            {{Status::kSubmitted, Status::kInfoRequested, Status::kApproved},
                             Status::kWithdrawn,
                             "withdrawn",
                             "Deal withdrawn: "},
                            "");
  if (!withdrawn) return withdrawn.error();
  return Get(actor, id);
}

core::Result<Deal> DealService::Close(const access::Actor& actor, const std::string& id,
                                      Outcome outcome, const std::string& note) {
  const bool won = outcome == Outcome::kWon;
  auto closed = TakeStep(database_, actor, id,
                         {{Status::kApproved},
                          won ? Status::kWon : Status::kLost,
                          won ? "won" : "lost",
                          won ? "Deal won: " : "Deal lost: "},
                         note);
  if (!closed) return closed.error();
  return Get(actor, id);
}

core::Result<Deal> DealService::RequestExtension(const access::Actor& actor, const std::string& id,
                                                 const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid({{"reason", "tell the vendor why the deal needs longer"}});
  }
  if (reason.size() > 2000) return Invalid({{"reason", "must be at most 2000 characters"}});
  auto asked = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side != Side::kPartner) return Forbidden("only the partner asks for more time");
    if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot change deals");
    if (deal->deal.status != Status::kApproved) {
      return core::Error::Conflict("only an approved deal's protection can be extended");
    }
    if (deal->deal.extension && deal->deal.extension->status == "requested") {
      return core::Error::Conflict("an extension is already awaiting the vendor");
    }
    const auto now = core::Timestamp::Now();
    store::State state;
    state.status = Status::kApproved;
    state.extension_status = "requested";
    state.extension_reason = reason;
    store::SetState(sql, id, state, now);
    Record(sql, actor, *deal,
           {"extension_requested",
            reason,
            "partner",
            {deal->deal.vendor.id},
            "Extension asked for: " + CompanyName(*deal)},
           now);
    transaction.Commit();
    return core::Ok();
  });
  if (!asked) return asked.error();
  return Get(actor, id);
}

core::Result<Deal> DealService::AnswerExtension(const access::Actor& actor, const std::string& id,
                                                bool grant, int days, const std::string& reason) {
  if (grant && (days < 1 || days > 365)) return Invalid({{"days", "must be from 1 to 365"}});
  if (reason.size() > 2000) return Invalid({{"reason", "must be at most 2000 characters"}});
  auto answered = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side != Side::kVendor) return Forbidden("only the vendor extends protection");
    if (!actor.HasRole(access::Role::kManager)) {
      return Forbidden("only managers, admins and owners answer extension requests");
    }
    if (deal->deal.status != Status::kApproved || !deal->deal.extension ||
        deal->deal.extension->status != "requested") {
      return core::Error::Conflict("no extension request awaits an answer");
    }
    const auto now = core::Timestamp::Now();
    store::State state;
    state.status = Status::kApproved;
    state.extension_status = grant ? "granted" : "refused";
    if (grant) {
      const core::Timestamp from = std::max(now, deal->deal.protected_until.value_or(now));
      state.protected_until = std::optional<core::Timestamp>(from + days * kMicrosPerDay);
    }
    store::SetState(sql, id, state, now);
    const std::string note = grant ? "Protection extended by " + std::to_string(days) + " days" +
                                         (reason.empty() ? "" : ": " + reason)
                                   : reason;
    Record(
        sql, actor, *deal,
        {grant ? "extension_granted" : "extension_refused", note, "vendor", Downstream(*deal),
         std::string(grant ? "Extension granted: " : "Extension refused: ") + CompanyName(*deal)},
        now);
    transaction.Commit();
    return core::Ok();
  });
  if (!answered) return answered.error();
  return Get(actor, id);
}

core::Result<Deal> DealService::Get(const access::Actor& actor, const std::string& id) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Deal> {
    auto deal = store::LoadOne(sql, actor, id);
    if (!deal) return NotFound();
    if (deal->deal.side == Side::kVendor)
      deal->deal.conflicts = store::LoadConflicts(sql, actor, *deal);
    deal->deal.timeline = store::LoadEvents(sql, actor, *deal);
    return std::move(deal->deal);
  });
}

namespace {

// "<registered_at micros>_<id>" for the review queues; the id for the newest-first list.
struct Cursor {
  std::int64_t registered_at = 0;
  std::string id;
};

std::optional<Cursor> ParseCursor(const std::string& text, bool queue) {
  if (!queue) {
    if (!core::Uuid::Parse(text)) return std::nullopt;
    return Cursor{0, text};
  }
  const auto at = text.find('_');
  if (at == std::string::npos) return std::nullopt;
  Cursor cursor;
  const auto [end, error] = std::from_chars(text.data(), text.data() + at, cursor.registered_at);
  if (error != std::errc() || end != text.data() + at) return std::nullopt;
  cursor.id = text.substr(at + 1);
  if (!core::Uuid::Parse(cursor.id)) return std::nullopt;
  return cursor;
}

// The text with LIKE's wildcards escaped by '\'.
std::string LikePattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return pattern + "%";
}

}  // namespace

core::Result<DealPage> DealService::List(const access::Actor& actor, const Query& query) {
  const bool queue = query.side && *query.side != Side::kPartner;
  std::optional<Cursor> cursor;
  if (query.cursor) {
    cursor = ParseCursor(*query.cursor, queue);
    if (!cursor) return Invalid({{"cursor", "is not a cursor this list gave out"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DealPage> {
    std::vector<std::string> conditions;
    db::Parameters parameters;
    if (query.side) {
      switch (*query.side) {
        case Side::kPartner:
          conditions.emplace_back("d.org_id = :side_org");
          break;
        case Side::kVendor:
          conditions.emplace_back(
              "d.vendor_org_id = :side_org AND d.reached_vendor_at IS NOT NULL");
          break;
        case Side::kDistributor:
          conditions.emplace_back(
              "d.distributor_org_id = :side_org AND d.registered_at IS NOT NULL");
          break;
      }
      parameters.Text("side_org", actor.org_id());
    }
    if (!query.statuses.empty()) {
      std::string list;
      for (std::size_t i = 0; i < query.statuses.size(); ++i) {
        const std::string name = "status_" + std::to_string(i);
        list += (i == 0 ? ":" : ", :") + name;
        parameters.Text(name, StatusName(query.statuses[i]));
      }
      conditions.push_back("d.status IN (" + list + ")");
    }
    if (query.vendor_id) {
      conditions.emplace_back("d.vendor_org_id = :vendor_filter");
      parameters.Text("vendor_filter", *query.vendor_id);
    }
    if (query.review_by) {
      conditions.emplace_back("d.status = 'submitted' AND d.review_by = :review_by");
      parameters.Text("review_by",
                      *query.review_by == Reviewer::kVendor ? "vendor" : "distributor");
    }
    if (!query.text.empty()) {
      conditions.emplace_back("LOWER(d.customer_company) LIKE :text ESCAPE '\\'");
      parameters.Text("text", LikePattern(query.text));
    }
    if (cursor && queue) {
      conditions.emplace_back(
          "(d.registered_at > :cursor_at OR (d.registered_at = :cursor_at2 AND d.id > "
          ":cursor_id))");
      parameters.Integer("cursor_at", cursor->registered_at)
          .Integer("cursor_at2", cursor->registered_at)
          .Text("cursor_id", cursor->id);
    } else if (cursor) {
      conditions.emplace_back("d.id < :cursor_id");
      parameters.Text("cursor_id", cursor->id);
    }
    std::string condition;
    for (const auto& part : conditions) condition += (condition.empty() ? "" : " AND ") + part;
    auto found = store::Load(sql, actor, condition, parameters,
                             queue ? "d.registered_at, d.id" : "d.id DESC", query.limit + 1);
    DealPage page;
    const bool more = found.size() > static_cast<std::size_t>(query.limit);
    if (more) found.pop_back();
    for (auto& stored : found) {
      if (stored.deal.side == Side::kVendor) {
        stored.deal.conflicts = store::LoadConflicts(sql, actor, stored);
      }
      page.items.push_back(std::move(stored.deal));
    }
    if (more) {
      const Deal& last = page.items.back();
      page.next_cursor =
          queue ? std::to_string(last.registered_at.value_or(core::Timestamp()).micros()) + "_" +
                      last.id
                : last.id;
    }
    return page;
  });
}

core::Result<bool> DealService::Precheck(const access::Actor& actor, const std::string& vendor_id,
                                         const Customer& customer) {
  if (customer.company.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid({{"customer.company", "is required"}});
  }
  auto vendors = network_.Vendors(actor);
  if (!vendors) return vendors.error();
  const bool known = std::any_of(vendors->begin(), vendors->end(),
                                 [&](const auto& entry) { return entry.vendor.id == vendor_id; });
  if (!known) {
    return core::Error{
        core::Errc::kNotFound, "no such vendor", {{"vendor_id", "is not one of your vendors"}}};
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<bool> {
    db::Transaction transaction(sql, database_.dialect());
    const Rules rules = RulesOf(sql, vendor_id);
    if (!rules.precheck_enabled) return Forbidden("this vendor does not offer the pre-check");
    const auto now = core::Timestamp::Now();
    if (store::CountPrechecks(sql, actor.org_id(), vendor_id,
                              core::Timestamp(now.micros() - kMicrosPerHour)) >=
        rules.precheck_per_hour) {
      return core::Error{core::Errc::kRateLimited,
                         "the vendor allows " + std::to_string(rules.precheck_per_hour) +
                             " pre-checks an hour; try again later",
                         {}};
    }
    store::AddPrecheck(sql, actor.org_id(), vendor_id, now);
    const auto company = matching::Describe(customer.company, customer.website, customer.country);
    bool is_protected = false;
    for (const auto& candidate :
         matching::CompanyIndex::Find(sql, vendor_id, company, matching::kPossibleConflict)) {
      if (candidate.record_type != "deal") continue;
      auto other = store::FindIndexedDeal(sql, vendor_id, candidate.record_id);
      if (other && other->org_id != actor.org_id() && other->status == Status::kApproved &&
          other->protected_until && *other->protected_until >= now) {
        is_protected = true;
        break;
      }
    }
    // The partner's trail keeps what it asked; the vendor's who asked and the answer, but not the
    // company, which is the partner's prospect.
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "deal.prechecked",
                        .target_type = "org",
                        .target_id = vendor_id,
                        .detail = {{"company", customer.company}, {"protected", is_protected}},
                        .context = audit::ContextOf(actor)});
    audit::Record(sql, {.org_id = vendor_id,
                        .actor_user_id = actor.user_id(),
                        .action = "deal.prechecked",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {{"protected", is_protected}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return is_protected;
  });
}

core::Result<Rules> DealService::GetRules(const access::Actor& actor) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Rules> {
    auto org = store::LoadOrg(sql, actor.org_id());
    if (!org || !HasKind(*org, "vendor")) return Forbidden("only vendors have deal rules");
    return RulesOf(sql, actor.org_id());
  });
}

core::Result<Rules> DealService::SetRules(const access::Actor& actor, const Rules& rules) {
  if (!actor.HasRole(access::Role::kAdmin)) {
    return Forbidden("only owners and admins set the deal rules");
  }
  if (auto problems = CheckRules(rules); !problems.empty()) return Invalid(std::move(problems));
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Rules> {
    db::Transaction transaction(sql, database_.dialect());
    auto org = store::LoadOrg(sql, actor.org_id());
    if (!org || !HasKind(*org, "vendor")) return Forbidden("only vendors have deal rules");
    const auto now = core::Timestamp::Now();
    store::SaveRules(sql, actor.org_id(), rules, now);
    json::array required;
    for (const auto& field : rules.required_fields) required.emplace_back(field);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "deal_rules.updated",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {{"protection_days", rules.protection_days},
                                   {"auto_approve", rules.auto_approve},
                                   {"required_fields", std::move(required)},
                                   {"precheck_enabled", rules.precheck_enabled}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return RulesOf(sql, actor.org_id());
  });
}

core::Result<Rules> DealService::RulesForPartner(const access::Actor& actor,
                                                 const std::string& vendor_id) {
  if (vendor_id != actor.org_id()) {
    auto vendors = network_.Vendors(actor);
    if (!vendors) return vendors.error();
    const bool known = std::any_of(vendors->begin(), vendors->end(),
                                   [&](const auto& entry) { return entry.vendor.id == vendor_id; });
    if (!known) return core::Error::NotFound("no such vendor");
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Rules> {
    auto org = store::LoadOrg(sql, vendor_id);
    if (!org || !HasKind(*org, "vendor")) return core::Error::NotFound("no such vendor");
    return RulesOf(sql, vendor_id);
  });
}

core::Result<int> DealService::ExpireDue(const access::Actor& actor, core::Timestamp now) {
  if (!actor.is_system()) return Forbidden("only the scheduler expires deals");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<int> {
    int expired = 0;
    for (const auto& id : store::ApprovedEndingBefore(sql, now, false)) {
      db::Transaction transaction(sql, database_.dialect());
      auto deal = store::LoadOne(sql, actor, id);
      if (!deal || deal->deal.status != Status::kApproved) continue;
      store::State state;
      state.status = Status::kExpired;
      store::SetState(sql, id, state, now);
      matching::CompanyIndex::Remove(sql, deal->deal.vendor.id, "deal", id);
      deal->deal.status = Status::kExpired;
      std::vector<std::string> told = Downstream(*deal);
      told.push_back(deal->deal.vendor.id);
      Record(sql, actor, *deal,
             {"expired", "The protection period ended", "system", told,
              "Deal protection expired: " + CompanyName(*deal)},
             now);
      transaction.Commit();
      ++expired;
    }
    return expired;
  });
}

core::Result<int> DealService::RemindDue(const access::Actor& actor, core::Timestamp now,
                                         int warn_days) {
  if (!actor.is_system()) return Forbidden("only the scheduler sends reminders");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<int> {
    int reminded = 0;
    for (const auto& id : store::ApprovedEndingBefore(sql, now + warn_days * kMicrosPerDay, true)) {
      db::Transaction transaction(sql, database_.dialect());
      auto deal = store::LoadOne(sql, actor, id);
      if (!deal || deal->deal.status != Status::kApproved) continue;
      store::SetExpiryReminded(sql, id, now);
      const std::string until = deal->deal.protected_until->ToIso8601().substr(0, 10);
      Record(sql, actor, *deal,
             {"expiry_reminder",
              "Protection ends on " + until,
              "system",
              {deal->deal.partner.id},
              "Deal protection ends on " + until + ": " + CompanyName(*deal)},
             now);
      transaction.Commit();
      ++reminded;
    }
    return reminded;
  });
}

}  // namespace strata::deals
