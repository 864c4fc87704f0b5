#include <algorithm>
#include <set>

#include "audit/audit.h"
#include "contacts/contact_rules.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/text.h"
#include "deals/deal.h"
#include "identity/teams.h"
#include "integrations/webhooks.h"
#include "jobs/jobs.h"
#include "leads/lead_json.h"
#include "leads/lead_rules.h"
#include "leads/lead_store.h"
#include "leads/leads.h"
#include "matching/matching.h"
#include "network/network.h"
#include "notifications/notifications.h"

namespace strata::leads {
namespace {

constexpr std::int64_t kMicrosPerHour = std::int64_t{3600} * core::kMicrosPerSecond;
// A partner is reminded once when its answer is due within this time.
constexpr std::int64_t kReminderMicros = 4 * kMicrosPerHour;
constexpr std::size_t kMaxNotes = 5000;
constexpr int kMaxDuplicates = 5;

constexpr std::pair<Status, const char*> kStatuses[] = {{Status::kNew, "new"},
                                                        {Status::kOffered, "offered"},
                                                        {Status::kUnrouted, "unrouted"},
                                                        {Status::kAccepted, "accepted"},
                                                        {Status::kContacted, "contacted"},
                                                        {Status::kQualified, "qualified"},
                                                        {Status::kWon, "won"},
                                                        {Status::kLost, "lost"}};

core::Error NotFound() { return core::Error::NotFound("no such lead"); }
core::Error Forbidden(std::string message) {
  return core::Error{core::Errc::kForbidden, std::move(message), {}};
}
core::Error Conflict(std::string message) {
  return core::Error{core::Errc::kConflict, std::move(message), {}};
}

bool IsOpen(OfferState state) {
  return state == OfferState::kOffered || state == OfferState::kAccepted;
}

// The offer the partner holds now, if any.
store::StoredOffer* OpenOffer(std::vector<store::StoredOffer>& offers) {
  for (auto& offer : offers) {
    if (IsOpen(offer.offer.state)) return &offer;
  }
  return nullptr;
}

std::string HoursText(std::int64_t micros) {
  const std::int64_t hours = (micros + kMicrosPerHour - 1) / kMicrosPerHour;
  return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
}

void Audit(soci::session& sql, const access::Actor& actor, const std::string& action,
           const std::string& lead_id, json::object detail = {}) {
  audit::Record(sql, {.org_id = actor.org_id(),
                      .actor_user_id = actor.user_id(),
                      .action = action,
                      .target_type = "lead",
                      .target_id = lead_id,
                      .detail = std::move(detail),
                      .context = audit::ContextOf(actor)});
}

std::optional<std::string> UserOf(const access::Actor& actor) {
  if (actor.is_system() || actor.user_id().empty()) return std::nullopt;
  return actor.user_id();
}

// Builds the view of `stored` for the actor's organisation.
Lead View(soci::session& sql, const access::Actor& actor, const store::Stored& stored,
          bool with_details) {
  Lead lead;
  lead.id = stored.id;
  lead.fields = stored.fields;
  lead.status = stored.status;
  lead.lost_reason = stored.lost_reason;
  lead.source = stored.source;
  lead.created_at = stored.created_at;
  lead.updated_at = stored.updated_at;
  auto offers = store::LoadOffers(sql, stored.id);
  const bool owner = actor.is_system() || actor.org_id() == stored.org_id;
  const std::string viewer = owner ? stored.org_id : actor.org_id();
  if (owner) {
    lead.assigned_user_id = stored.assigned_user_id;
    lead.deal_id = stored.deal_id;
    for (const auto& offer : offers) {
      if (IsOpen(offer.offer.state)) lead.partner = offer.offer.partner;
      // The sender learns of a registration only when it was made with the sender.
      if (offer.deal_id && offer.deal_vendor_id == stored.org_id && !lead.deal_id) {
        lead.deal_id = offer.deal_id;
      }
      lead.offers.push_back(offer.offer);
    }
  } else {
    lead.origin = OrgName{stored.org_id, stored.owner_name};
    for (const auto& offer : offers) {
      if (offer.offer.partner.id != actor.org_id() || !IsOpen(offer.offer.state)) continue;
      lead.offer_state = offer.offer.state;
      lead.answer_due_at = offer.offer.answer_due_at;
      lead.assigned_user_id = offer.assigned_user_id;
      lead.deal_id = offer.deal_id;
      break;
    }
  }
  if (!with_details) return lead;
  lead.activities = store::LoadActivities(sql, stored.id, viewer);
  // Possible duplicates among the leads the viewer's organisation may see.
  const matching::Company company =
      matching::Describe(stored.fields.company, "", stored.fields.country);
  for (const auto& other_id :
       store::LeadsWithKeys(sql, viewer, LookupKeysOf(stored.fields), stored.id, 50)) {
    auto other = store::LoadOne(sql, actor, other_id);
    if (!other) continue;
    Duplicate duplicate{.lead_id = other->id, .company = other->fields.company};
    if (!stored.fields.contact.email.empty() &&
        other->fields.contact.email == stored.fields.contact.email) {
      duplicate.score = 1;
      duplicate.reasons.emplace_back("same contact address");
    } else {
      auto similarity = matching::Compare(
          company, matching::Describe(other->fields.company, "", other->fields.country));
      if (similarity.score < matching::kPossibleConflict) continue;
      duplicate.score = similarity.score;
      duplicate.reasons = std::move(similarity.reasons);
    }
    lead.duplicates.push_back(std::move(duplicate));
    if (lead.duplicates.size() >= kMaxDuplicates) break;
  }
  return lead;
}

}  // namespace

void PublishChange(soci::session& sql, const store::Stored& lead, const std::string& kind,
                   const std::optional<std::string>& left_partner, bool arrived) {
  // Each organisation's systems get the lead as that organisation sees it; the view needs only
  // the organisation, so it is built as one of its viewers.
  const auto view_for = [&](const std::string& org_id) {
    return LeadJson(
        View(sql, access::Actor::User("", org_id, access::Role::kViewer, {}), lead, false));
  };
  integrations::Publish(sql, {.org_id = lead.org_id, .kind = kind, .data = view_for(lead.org_id)});
  if (lead.holder_org_id) {
    integrations::Publish(sql, {.org_id = *lead.holder_org_id,
                                .kind = arrived ? "lead.offered" : kind,
                                .data = view_for(*lead.holder_org_id)});
  }
  if (left_partner) {
    integrations::Publish(
        sql,
        {.org_id = *left_partner, .kind = "lead.withdrawn", .data = json::object{{"id", lead.id}}});
  }
}

namespace {

struct RoutingContext {
  std::vector<network::Relationship> partners;  // The owner's active partners.
  store::Settings settings;
  std::string public_url;  // For links in mail.
};

// Mails the members of `org_id` whose scopes hold the lead (a vendor scope must name its sender),
// through the job queue inside the caller's transaction: mail goes only when the change is
// committed, and is retried when the outbox fails.
void MailMembers(soci::session& sql, const std::string& org_id, const store::Stored& lead,
                 const std::string& subject, const std::string& text,
                 const std::string& public_url) {
  const auto holds = [](const std::vector<std::string>& scope, const std::string& value) {
    return scope.empty() || std::find(scope.begin(), scope.end(), value) != scope.end();
  };
  std::string body = text;
  body.append("\n\n").append(public_url).append("/leads/").append(lead.id).append("\n");
  for (const auto& member : identity::LoadMembers(sql, org_id)) {
    if (!holds(member.scopes.vendors, lead.org_id) ||
        !holds(member.scopes.regions, lead.fields.region)) {
      continue;
    }
    json::object payload{{"to", member.email}, {"subject", subject}, {"text", body}};
    jobs::NewJob job;
    job.kind = kMailJobKind;
    job.payload = json::serialize(payload);
    job.org_id = org_id;
    auto queued = jobs::EnqueueInTransaction(sql, job);
    if (!queued) throw std::runtime_error(queued.error().message);
  }
}

// Passes `lead` on inside the caller's transaction: to `partner_id` when given, else where the
// routing rules say, skipping partners that declined it or let it lapse. Without a partner the
// lead is unrouted and its owner told.
void Route(soci::session& sql, store::Stored& lead, const RoutingContext& routing,
           const std::optional<std::string>& partner_id, std::int64_t sla_micros,
           const std::optional<std::string>& user_id, core::Timestamp now) {
  auto offers = store::LoadOffers(sql, lead.id);
  std::optional<RoutingChoice> choice;
  if (partner_id) {
    choice = RoutingChoice{.partner_id = *partner_id};
  } else {
    std::set<std::string> excluded;
    for (const auto& offer : offers) {
      if (offer.offer.state == OfferState::kDeclined || offer.offer.state == OfferState::kLapsed) {
        excluded.insert(offer.offer.partner.id);
      }
    }
    const auto setups = store::LoadPartnerSetups(sql, lead.org_id);
    const auto loads = store::PartnerLoads(sql, lead.org_id);
    std::vector<RoutingCandidate> candidates;
    for (const auto& relationship : routing.partners) {
      const auto setup = setups.find(relationship.downstream.id);
      if (setup == setups.end() || !setup->second.active) continue;
      RoutingCandidate candidate{.partner_id = relationship.downstream.id,
                                 .tier = relationship.tier,
                                 .countries = setup->second.countries,
                                 .regions = setup->second.regions,
                                 .products = setup->second.products,
                                 .capacity = setup->second.capacity};
      if (auto load = loads.find(candidate.partner_id); load != loads.end()) {
        candidate.open_leads = load->second.open;
        candidate.leads_offered = load->second.offered;
        candidate.last_offered_at = load->second.last_offered_at;
      }
      candidates.push_back(std::move(candidate));
    }
    choice = ChoosePartner({.country = lead.fields.country,
                            .region = lead.fields.region,
                            .product = lead.fields.product},
                           candidates, excluded, routing.settings.tier_weights);
  }
  lead.updated_at = now;
  if (!choice) {
    lead.status = Status::kUnrouted;
    lead.holder_org_id.reset();
    store::Save(sql, lead);
    store::AddActivity(sql, lead.id, lead.org_id, user_id, "offer",
                       "No partner matched the routing rules; the lead is back with you.", now);
    notifications::Notify(sql, {.org_id = lead.org_id,
                                .kind = "lead.unrouted",
                                .title = "No partner matched the lead " + lead.fields.company,
                                .region = lead.fields.region,
                                .lead_id = lead.id});
    return;
  }
  store::StoredOffer offer;
  offer.offer = {.id = core::Uuid::NewV7().ToString(),
                 .partner = {choice->partner_id, store::OrgNameOf(sql, choice->partner_id)},
                 .state = OfferState::kOffered,
                 .routed_by = partner_id ? "manual" : ReachName(choice->reach),
                 .offered_at = now,
                 .answer_due_at = now + sla_micros};
  store::InsertOffer(sql, lead.id, lead.org_id, offer);
  lead.status = Status::kOffered;
  lead.holder_org_id = choice->partner_id;
  store::Save(sql, lead);
  store::ReplaceKeys(sql, choice->partner_id, lead.id, IndexKeysOf(lead.fields));
  store::AddActivity(sql, lead.id, lead.org_id, user_id, "offer",
                     "Offered to " + offer.offer.partner.name +
                         (partner_id ? "" : " (routed by " + offer.offer.routed_by + ")") +
                         "; answer due within " + HoursText(sla_micros) + ".",
                     now);
  MailMembers(sql, choice->partner_id, lead,
              "New lead from " + lead.owner_name + ": " + lead.fields.company,
              lead.owner_name + " passed you a lead: " + lead.fields.company + " (" +
                  lead.fields.country +
                  (lead.fields.region.empty() ? "" : ", " + lead.fields.region) +
                  "). Accept or decline it within " + HoursText(sla_micros) +
                  "; after that it goes to another partner.",
              routing.public_url);
  notifications::Notify(sql,
                        {.org_id = choice->partner_id,
                         .kind = "lead.offered",
                         .title = "New lead from " + lead.owner_name + ": " + lead.fields.company +
                                  " (answer within " + HoursText(sla_micros) + ")",
                         .vendor_org_id = lead.org_id,
                         .region = lead.fields.region,
                         .lead_id = lead.id});
}

// Ends the partner's hold on a lead: its offer takes `state`, and the partner's copy of the keys
// goes.
void EndOffer(soci::session& sql, store::Stored& lead, store::StoredOffer& offer, OfferState state,
              const std::string& reason, core::Timestamp now) {
  offer.offer.state = state;
  if (state != OfferState::kRecalled) offer.offer.answered_at = now;
  offer.offer.decline_reason = reason;
  store::SaveOffer(sql, offer);
  store::ReplaceKeys(sql, offer.offer.partner.id, lead.id, {});
  lead.holder_org_id.reset();
}

bool IsMember(const std::vector<identity::Member>& members, const std::string& user_id) {
  return std::any_of(members.begin(), members.end(),
                     [&](const identity::Member& member) { return member.user_id == user_id; });
}

}  // namespace

const char* StatusName(Status status) {
  for (const auto& [candidate, name] : kStatuses) {
    if (candidate == status) return name;
  }
  return "new";
}

std::optional<Status> ParseStatus(const std::string& text) {
  for (const auto& [status, name] : kStatuses) {
    if (text == name) return status;
  }
  return std::nullopt;
}

const char* OfferStateName(OfferState state) {
  switch (state) {
    case OfferState::kOffered:
      return "offered";
    case OfferState::kAccepted:
      return "accepted";
    case OfferState::kDeclined:
      return "declined";
    case OfferState::kLapsed:
      return "lapsed";
    case OfferState::kRecalled:
      return "recalled";
  }
  return "offered";
}

LeadService::LeadService(db::Database& database, network::NetworkService& network,
                         identity::TeamService& team, deals::DealService& deals,
                         std::string public_url)
    : database_(database),
      network_(network),
      team_(team),
      deals_(deals),
      public_url_(std::move(public_url)) {}

core::Result<Lead> LeadService::Create(const access::Actor& actor, LeadFields fields,
                                       const std::string& source) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  auto problems = CheckFields(fields);
  if (auto outside = CheckRegion(actor, fields)) problems.push_back(std::move(*outside));
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    const core::Timestamp now = core::Timestamp::Now();
    store::Stored lead{.id = core::Uuid::NewV7().ToString(),
                       .org_id = actor.org_id(),
                       .owner_name = store::OrgNameOf(sql, actor.org_id()),
                       .fields = std::move(fields),
                       .source = source,
                       .created_at = now,
                       .updated_at = now};
    store::Insert(sql, lead, UserOf(actor));
    store::ReplaceKeys(sql, lead.org_id, lead.id, IndexKeysOf(lead.fields));
    Audit(sql, actor, "lead.created", lead.id, {{"source", source}});
    PublishChange(sql, lead, "lead.created");
    auto created = store::LoadOne(sql, actor, lead.id);
    Lead view = View(sql, actor, *created, true);
    transaction.Commit();
    return view;
  });
}

core::Result<Lead> LeadService::Get(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    return View(sql, actor, *stored, true);
  });
}

core::Result<LeadPage> LeadService::List(const access::Actor& actor, const LeadQuery& query) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  const int limit = std::clamp(query.limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<LeadPage> {
    std::vector<std::string> conditions;
    db::Parameters parameters;
    if (query.status) {
      conditions.emplace_back("l.status = :status");
      parameters.Text("status", StatusName(*query.status));
    }
    if (query.origin_id) {
      if (query.origin_id->empty()) {
        conditions.emplace_back("l.org_id = :own_org");
        parameters.Text("own_org", actor.org_id());
      } else {
        conditions.emplace_back("l.org_id = :origin AND l.holder_org_id = :holder");
        parameters.Text("origin", *query.origin_id).Text("holder", actor.org_id());
      }
    }
    if (query.waiting_only) {
      conditions.emplace_back("l.holder_org_id = :waiting_org AND l.status = 'offered'");
      parameters.Text("waiting_org", actor.org_id());
    }
    const std::string text = core::Trim(query.text);
    if (!text.empty()) {
      conditions.emplace_back(
          "(LOWER(l.company) LIKE :text ESCAPE '\\' OR LOWER(l.contact_name) LIKE :text ESCAPE"
          " '\\' OR l.contact_email LIKE :text ESCAPE '\\')");
      std::string lowered = text;
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      parameters.Text("text", "%" + db::EscapeLike(lowered) + "%");
    }
    if (query.cursor) {
      conditions.emplace_back("l.id < :cursor");
      parameters.Text("cursor", *query.cursor);
    }
    std::string condition;
    for (const auto& part : conditions) {
      condition += (condition.empty() ? "" : " AND ") + part;
    }
    LeadPage page;
    for (const auto& stored :
         store::Load(sql, actor, condition, std::move(parameters), limit + 1)) {
      page.items.push_back(View(sql, actor, stored, false));
    }
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_cursor = page.items.back().id;
    }
    return page;
  });
}

core::Result<Lead> LeadService::Update(const access::Actor& actor, const std::string& id,
                                       const LeadChanges& changes) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (changes.assigned_user_id && !changes.assigned_user_id->empty()) {
    auto members = team_.Members(actor);
    if (!members) return members.error();
    if (!IsMember(*members, *changes.assigned_user_id)) {
      return core::Error::Invalid("check the highlighted fields",
                                  {{"assigned_user_id", "is not a member of your organisation"}});
    }
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    const core::Timestamp now = core::Timestamp::Now();
    auto offers = store::LoadOffers(sql, id);
    store::StoredOffer* open = OpenOffer(offers);
    const bool owner = actor.org_id() == stored->org_id;
    std::vector<core::FieldError> problems;
    if (changes.status &&
        (*changes.status == Status::kOffered || *changes.status == Status::kUnrouted ||
         *changes.status == Status::kAccepted || (!owner && *changes.status == Status::kNew))) {
      problems.push_back({"status", std::string(owner ? "must be new, " : "must be ") +
                                        "contacted, qualified, won or lost; offers change "
                                        "through distribute, accept and decline"});
    }
    if (changes.status == Status::kLost &&
        core::Trim(changes.lost_reason.value_or(stored->lost_reason)).empty()) {
      problems.push_back({"lost_reason", "say why the lead was lost"});
    }
    if (!owner) {
      const std::pair<const char*, bool> edited[] = {
          {"company", changes.company.has_value()}, {"contact", changes.contact.has_value()},
          {"country", changes.country.has_value()}, {"region", changes.region.has_value()},
          {"product", changes.product.has_value()}, {"notes", changes.notes.has_value()}};
      for (const auto& [field, set] : edited) {
        if (set) {
          problems.push_back({field,
                              "only the organisation that sent the lead changes it; add "
                              "a note to the lead instead"});
        }
      }
    }
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
    const bool edits_content =
        changes.company || changes.contact || changes.country || changes.region || changes.product;
    if (owner && open != nullptr && (changes.status || edits_content)) {
      return Conflict("the lead is with " + open->offer.partner.name +
                      ", which reports its status; take the lead back to change it");
    }
    if (!owner && (!open || open->offer.state != OfferState::kAccepted) &&
        (changes.status || changes.assigned_user_id)) {
      return Conflict("accept the lead before working it");
    }
    std::string old_status = StatusName(stored->status);
    if (owner) {
      LeadFields fields = stored->fields;
      if (changes.company) fields.company = *changes.company;
      if (changes.contact) fields.contact = *changes.contact;
      if (changes.country) fields.country = *changes.country;
      if (changes.region) fields.region = *changes.region;
      if (changes.product) fields.product = *changes.product;
      if (changes.notes) fields.notes = *changes.notes;
      auto field_problems = CheckFields(fields);
      if (!field_problems.empty()) {
        return core::Error::Invalid("check the highlighted fields", field_problems);
      }
      stored->fields = std::move(fields);
      if (changes.assigned_user_id) {
        stored->assigned_user_id = changes.assigned_user_id->empty()
                                       ? std::nullopt
                                       : std::optional<std::string>(*changes.assigned_user_id);
      }
      store::ReplaceKeys(sql, stored->org_id, id, IndexKeysOf(stored->fields));
    } else if (changes.assigned_user_id) {
      open->assigned_user_id = changes.assigned_user_id->empty()
                                   ? std::nullopt
                                   : std::optional<std::string>(*changes.assigned_user_id);
      store::SaveOffer(sql, *open);
    }
    if (changes.status) stored->status = *changes.status;
    if (changes.lost_reason) stored->lost_reason = core::Trim(*changes.lost_reason);
    if (stored->status != Status::kLost) stored->lost_reason.clear();
    stored->updated_at = now;
    store::Save(sql, *stored);
    if (changes.status && StatusName(*changes.status) != old_status) {
      std::string body = std::string("Status: ") + StatusName(*changes.status);
      if (*changes.status == Status::kLost) body += " (" + stored->lost_reason + ")";
      store::AddActivity(sql, id, actor.org_id(), UserOf(actor), "status", body, now);
      if (!owner) {
        // What the partner reports is the sender's to see: its history records it.
        store::AddActivity(sql, id, stored->org_id, std::nullopt, "status",
                           open->offer.partner.name + " reports " + body, now);
        if (*changes.status == Status::kWon || *changes.status == Status::kLost) {
          notifications::Notify(
              sql, {.org_id = stored->org_id,
                    .kind = "lead.closed",
                    .title = open->offer.partner.name + " reports the lead " +
                             stored->fields.company + " " + StatusName(*changes.status),
                    .region = stored->fields.region,
                    .lead_id = id});
        }
      }
    }
    if (changes.assigned_user_id) {
      store::AddActivity(sql, id, actor.org_id(), UserOf(actor), "assigned",
                         changes.assigned_user_id->empty() ? "Unassigned" : "Assigned to a member",
                         now);
    }
    Audit(sql, actor, "lead.updated", id);
    PublishChange(sql, *stored, "lead.updated");
    Lead view = View(sql, actor, *stored, true);
    transaction.Commit();
    return view;
  });
}

core::Result<Lead> LeadService::AddActivity(const access::Actor& actor, const std::string& id,
                                            const std::string& kind, const std::string& body) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  std::vector<core::FieldError> problems;
  if (kind != "note" && kind != "call" && kind != "email") {
    problems.push_back({"kind", "must be note, call or email"});
  }
  const std::string text = core::Trim(body);
  if (text.empty()) problems.push_back({"body", "is required"});
  if (text.size() > kMaxNotes) problems.push_back({"body", "must be at most 5000 characters"});
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    store::AddActivity(sql, id, actor.org_id(), UserOf(actor), kind, text, core::Timestamp::Now());
    Lead view = View(sql, actor, *stored, true);
    transaction.Commit();
    return view;
  });
}

core::Result<Lead> LeadService::Distribute(const access::Actor& actor, const std::string& id,
                                           const std::optional<std::string>& partner_id,
                                           std::optional<int> sla_hours) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (sla_hours && (*sla_hours < 1 || *sla_hours > kMaxSlaHours)) {
    return core::Error::Invalid("check the highlighted fields",
                                {{"sla_hours", "must be from 1 to 720 hours (30 days)"}});
  }
  auto partners = network_.Partners(actor, actor.org_id());
  if (!partners) return partners.error();
  if (partner_id && std::none_of(partners->begin(), partners->end(),
                                 [&](const network::Relationship& relationship) {
                                   return relationship.downstream.id == *partner_id;
                                 })) {
    return core::Error::Invalid("check the highlighted fields",
                                {{"partner_id", "is not one of your active partners"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    if (stored->org_id != actor.org_id()) {
      return Forbidden("only the organisation that owns the lead passes it on");
    }
    auto offers = store::LoadOffers(sql, id);
    if (const auto* open = OpenOffer(offers)) {
      return Conflict("the lead is with " + open->offer.partner.name +
                      "; take it back before passing it on again");
    }
    if (stored->status == Status::kWon || stored->status == Status::kLost) {
      return Conflict("the lead is closed");
    }
    RoutingContext routing{.partners = std::move(*partners),
                           .settings = store::LoadSettings(sql, actor.org_id()),
                           .public_url = public_url_};
    const int hours = sla_hours.value_or(routing.settings.default_sla_hours);
    Route(sql, *stored, routing, partner_id, hours * kMicrosPerHour, UserOf(actor),
          core::Timestamp::Now());
    Audit(sql, actor, "lead.distributed", id,
          {{"partner_id",
            stored->holder_org_id ? json::value(*stored->holder_org_id) : json::value(nullptr)},
           {"sla_hours", hours}});
    PublishChange(sql, *stored, "lead.updated", std::nullopt, true);
    Lead view = View(sql, actor, *stored, true);
    transaction.Commit();
    return view;
  });
}

core::Result<Lead> LeadService::Accept(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    auto offers = store::LoadOffers(sql, id);
    store::StoredOffer* open = OpenOffer(offers);
    if (open == nullptr || open->offer.partner.id != actor.org_id()) {
      return Forbidden("only the partner the lead is offered to accepts it");
    }
    if (open->offer.state == OfferState::kAccepted) return Conflict("the lead is accepted already");
    const core::Timestamp now = core::Timestamp::Now();
    if (now > open->offer.answer_due_at) {
      return Conflict("the time to answer has passed; the lead goes to another partner");
    }
    open->offer.state = OfferState::kAccepted;
    open->offer.answered_at = now;
    store::SaveOffer(sql, *open);
    stored->status = Status::kAccepted;
    stored->updated_at = now;
    store::Save(sql, *stored);
    store::AddActivity(sql, id, stored->org_id, std::nullopt, "offer",
                       "Accepted by " + open->offer.partner.name + ".", now);
    store::AddActivity(sql, id, actor.org_id(), UserOf(actor), "offer", "Accepted.", now);
    notifications::Notify(
        sql, {.org_id = stored->org_id,
              .kind = "lead.accepted",
              .title = open->offer.partner.name + " accepted the lead " + stored->fields.company,
              .region = stored->fields.region,
              .lead_id = id});
    Audit(sql, actor, "lead.accepted", id);
    PublishChange(sql, *stored, "lead.updated");
    Lead view = View(sql, actor, *stored, true);
    transaction.Commit();
    return view;
  });
}

core::Result<Lead> LeadService::Decline(const access::Actor& actor, const std::string& id,
                                        const std::string& reason) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  const std::string why = core::Trim(reason);
  if (why.size() > 500) {
    return core::Error::Invalid("check the highlighted fields",
                                {{"reason", "must be at most 500 characters"}});
  }
  // The sender's partners, read before the transaction: the lead is routed again at once.
  std::string owner;
  auto found = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    owner = stored->org_id;
    return core::Ok();
  });
  if (!found) return found.error();
  auto partners = network_.Partners(access::Actor::System(), owner);
  if (!partners) return partners.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    auto offers = store::LoadOffers(sql, id);
    store::StoredOffer* open = OpenOffer(offers);
    if (open == nullptr || open->offer.partner.id != actor.org_id()) {
      return Forbidden("only the partner the lead is offered to declines it");
    }
    if (open->offer.state != OfferState::kOffered) {
      return Conflict("the lead is accepted; report it lost instead");
    }
    const core::Timestamp now = core::Timestamp::Now();
    const std::int64_t sla = open->offer.answer_due_at.micros() - open->offer.offered_at.micros();
    const std::string partner_name = open->offer.partner.name;
    EndOffer(sql, *stored, *open, OfferState::kDeclined, why, now);
    store::AddActivity(sql, id, stored->org_id, std::nullopt, "offer",
                       "Declined by " + partner_name + (why.empty() ? "." : ": " + why), now);
    notifications::Notify(sql,
                          {.org_id = stored->org_id,
                           .kind = "lead.declined",
                           .title = partner_name + " declined the lead " + stored->fields.company,
                           .region = stored->fields.region,
                           .lead_id = id});
    Audit(sql, actor, "lead.declined", id, {{"reason", why}});
    RoutingContext routing{.partners = std::move(*partners),
                           .settings = store::LoadSettings(sql, stored->org_id),
                           .public_url = public_url_};
    Route(sql, *stored, routing, std::nullopt, sla, std::nullopt, now);
    PublishChange(sql, *stored, "lead.updated", actor.org_id(), true);
    transaction.Commit();
    // The partner no longer sees the lead.
    Lead view;
    view.id = id;
    view.status = Status::kNew;
    view.offer_state = OfferState::kDeclined;
    return view;
  });
}

core::Result<Lead> LeadService::Recall(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Lead> {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    if (stored->org_id != actor.org_id()) {
      return Forbidden("only the organisation that owns the lead takes it back");
    }
    auto offers = store::LoadOffers(sql, id);
    store::StoredOffer* open = OpenOffer(offers);
    if (open == nullptr) return Conflict("the lead is not with a partner");
    const core::Timestamp now = core::Timestamp::Now();
    const std::string partner_id = open->offer.partner.id;
    const std::string partner_name = open->offer.partner.name;
    EndOffer(sql, *stored, *open, OfferState::kRecalled, "", now);
    stored->status = Status::kNew;
    stored->updated_at = now;
    store::Save(sql, *stored);
    store::AddActivity(sql, id, stored->org_id, UserOf(actor), "offer",
                       "Taken back from " + partner_name + ".", now);
    MailMembers(sql, partner_id, *stored, "Lead taken back: " + stored->fields.company,
                stored->owner_name + " took back the lead " + stored->fields.company + ".",
                public_url_);
    notifications::Notify(
        sql, {.org_id = partner_id,
              .kind = "lead.recalled",
              .title = stored->owner_name + " took back the lead " + stored->fields.company,
              .vendor_org_id = stored->org_id,
              .region = stored->fields.region});
    Audit(sql, actor, "lead.recalled", id);
    PublishChange(sql, *stored, "lead.updated", partner_id);
    Lead view = View(sql, actor, *stored, true);
    transaction.Commit();
    return view;
  });
}

core::Result<std::string> LeadService::Convert(const access::Actor& actor, const std::string& id,
                                               const Conversion& conversion) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  // Check who may convert before registering anything.
  auto lead = db::WithSession(database_, [&](soci::session& sql) -> core::Result<store::Stored> {
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    auto offers = store::LoadOffers(sql, id);
    const store::StoredOffer* open = OpenOffer(offers);
    if (stored->org_id == actor.org_id()) {
      if (open != nullptr) {
        return Conflict("the lead is with " + open->offer.partner.name +
                        "; the partner working it registers the deal");
      }
      if (stored->deal_id) return Conflict("the lead is registered as a deal already");
    } else if (open == nullptr || open->offer.partner.id != actor.org_id() ||
               open->offer.state != OfferState::kAccepted) {
      return Conflict("accept the lead before registering it");
    } else if (open->deal_id) {
      return Conflict("the lead is registered as a deal already");
    }
    return *stored;
  });
  if (!lead) return lead.error();
  deals::DealFields fields;
  fields.vendor_id = conversion.vendor_id;
  fields.distributor_id = conversion.distributor_id;
  fields.customer = {.company = lead->fields.company,
                     .country = lead->fields.country,
                     .region = lead->fields.region};
  if (conversion.share_contact) {
    fields.contact = {.name = lead->fields.contact.name,
                      .email = lead->fields.contact.email,
                      .phone = lead->fields.contact.phone};
  }
  fields.amount_minor = conversion.amount_minor;
  fields.currency = conversion.currency;
  fields.expected_close = conversion.expected_close;
  fields.shared_notes = conversion.shared_notes;
  auto deal = deals_.Create(actor, fields, conversion.submit);
  if (!deal) return deal.error();
  const std::string deal_id = deal->id;
  auto recorded = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = store::LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    const core::Timestamp now = core::Timestamp::Now();
    auto offers = store::LoadOffers(sql, id);
    store::StoredOffer* open = OpenOffer(offers);
    if (stored->org_id == actor.org_id()) {
      stored->deal_id = deal_id;
    } else if (open != nullptr) {
      open->deal_id = deal_id;
      open->deal_vendor_id = conversion.vendor_id;
      store::SaveOffer(sql, *open);
      if (conversion.vendor_id == stored->org_id) {
        store::AddActivity(sql, id, stored->org_id, std::nullopt, "converted",
                           open->offer.partner.name + " registered the lead as a deal with you.",
                           now);
      }
    }
    if (stored->status == Status::kNew || stored->status == Status::kAccepted ||
        stored->status == Status::kContacted) {
      stored->status = Status::kQualified;
    }
    stored->updated_at = now;
    store::Save(sql, *stored);
    store::AddActivity(
        sql, id, actor.org_id(), UserOf(actor), "converted",
        std::string(conversion.submit ? "Registered" : "Drafted") + " as a deal registration.",
        now);
    Audit(sql, actor, "lead.converted", id,
          {{"deal_id", deal_id}, {"vendor_id", conversion.vendor_id}});
    PublishChange(sql, *stored, "lead.updated");
    transaction.Commit();
    return core::Ok();
  });
  if (!recorded) return recorded.error();
  return deal_id;
}

core::Result<RoutingSettings> LeadService::Routing(const access::Actor& actor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  auto partners = network_.Partners(actor, actor.org_id());
  if (!partners) return partners.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<RoutingSettings> {
    const store::Settings settings = store::LoadSettings(sql, actor.org_id());
    const auto setups = store::LoadPartnerSetups(sql, actor.org_id());
    const auto loads = store::PartnerLoads(sql, actor.org_id());
    RoutingSettings routing{.tier_weights = settings.tier_weights,
                            .default_sla_hours = settings.default_sla_hours};
    for (const auto& relationship : *partners) {
      RoutingPartner partner{.partner = {relationship.downstream.id, relationship.downstream.name},
                             .tier = relationship.tier};
      if (auto setup = setups.find(partner.partner.id); setup != setups.end()) {
        partner.countries = setup->second.countries;
        partner.regions = setup->second.regions;
        partner.products = setup->second.products;
        partner.capacity = setup->second.capacity;
        partner.active = setup->second.active;
      }
      if (auto load = loads.find(partner.partner.id); load != loads.end()) {
        partner.open_leads = load->second.open;
      }
      routing.partners.push_back(std::move(partner));
    }
    std::sort(routing.partners.begin(), routing.partners.end(),
              [](const RoutingPartner& a, const RoutingPartner& b) {
                return a.partner.name < b.partner.name;
              });
    return routing;
  });
}

core::Result<RoutingSettings> LeadService::SetRouting(const access::Actor& actor,
                                                      const TierWeights& weights,
                                                      int default_sla_hours) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (!actor.HasRole(access::Role::kAdmin)) return Forbidden("routing is set by admins");
  std::vector<core::FieldError> problems;
  if (default_sla_hours < 1 || default_sla_hours > kMaxSlaHours) {
    problems.push_back({"default_sla_hours", "must be from 1 to 720 hours (30 days)"});
  }
  if (weights.size() > 50) problems.push_back({"tier_weights", "may name at most 50 tiers"});
  for (const auto& [tier, weight] : weights) {
    if (weight < 0 || weight > 100 || tier.size() > 50) {
      problems.push_back({"tier_weights." + tier.substr(0, 50), "must be from 0 to 100"});
    }
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  auto saved = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    store::SaveSettings(sql, actor.org_id(),
                        {.tier_weights = weights, .default_sla_hours = default_sla_hours},
                        core::Timestamp::Now());
    Audit(sql, actor, "lead_routing.updated", actor.org_id());
    transaction.Commit();
    return core::Ok();
  });
  if (!saved) return saved.error();
  return Routing(actor);
}

core::Result<RoutingSettings> LeadService::SetRoutingPartner(const access::Actor& actor,
                                                             const RoutingPartner& partner) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (!actor.HasRole(access::Role::kAdmin)) return Forbidden("routing is set by admins");
  auto partners = network_.Partners(actor, actor.org_id());
  if (!partners) return partners.error();
  std::vector<core::FieldError> problems;
  if (std::none_of(partners->begin(), partners->end(), [&](const network::Relationship& r) {
        return r.downstream.id == partner.partner.id;
      })) {
    problems.push_back({"partner_id", "is not one of your active partners"});
  }
  store::PartnerSetup setup{.capacity = partner.capacity, .active = partner.active};
  for (const auto& country : partner.countries) {
    std::string code = core::Trim(country);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!contacts::IsCountryCode(code)) {
      problems.push_back({"countries", "holds " + code.substr(0, 10) +
                                           ", which is not a two-letter country code"});
    } else if (std::find(setup.countries.begin(), setup.countries.end(), code) ==
               setup.countries.end()) {
      setup.countries.push_back(code);
    }
  }
  const auto names = [&](const std::vector<std::string>& items, const char* field,
                         std::vector<std::string>& into) {
    if (items.size() > 100) problems.push_back({field, "may hold at most 100 names"});
    for (const auto& item : items) {
      std::string name = core::Trim(item);
      if (name.empty() || name.size() > 100) {
        problems.push_back({field, "names must be 1 to 100 characters"});
        return;
      }
      into.push_back(std::move(name));
    }
  };
  names(partner.regions, "regions", setup.regions);
  names(partner.products, "products", setup.products);
  if (partner.countries.size() > 250) problems.push_back({"countries", "may hold at most 250"});
  if (partner.capacity < 0 || partner.capacity > 100000) {
    problems.push_back({"capacity", "must be from 0 (no limit) to 100000"});
  }
  if (partner.active && setup.countries.empty()) {
    problems.push_back({"countries", "name where the partner works before routing leads to it"});
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  auto saved = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    store::SavePartnerSetup(sql, actor.org_id(), partner.partner.id, setup, core::Timestamp::Now());
    Audit(sql, actor, "lead_routing.partner_updated", partner.partner.id);
    transaction.Commit();
    return core::Ok();
  });
  if (!saved) return saved.error();
  return Routing(actor);
}

core::Result<std::vector<PartnerStats>> LeadService::Stats(const access::Actor& actor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(database_,
                         [&](soci::session& sql) -> core::Result<std::vector<PartnerStats>> {
                           return store::LoadStats(sql, actor.org_id());
                         });
}

core::Result<int> LeadService::LapseDue(const access::Actor& actor, core::Timestamp now) {
  if (!actor.is_system()) return Forbidden("offers lapse in the background");
  // Reminders first: a partner whose answer is nearly due is told once.
  auto reminded = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    for (const auto& id : store::LeadsWithOffersDue(sql, now + kReminderMicros, true)) {
      db::Transaction transaction(sql, database_.dialect());
      auto stored = store::LoadOne(sql, actor, id);
      if (!stored) continue;
      auto offers = store::LoadOffers(sql, id);
      store::StoredOffer* open = OpenOffer(offers);
      if (open == nullptr || open->offer.state != OfferState::kOffered ||
          open->offer.answer_due_at <= now || open->reminded_at) {
        continue;
      }
      open->reminded_at = now;
      store::SaveOffer(sql, *open);
      const std::string left = HoursText(open->offer.answer_due_at.micros() - now.micros());
      MailMembers(sql, open->offer.partner.id, *stored,
                  "Answer within " + left + ": lead " + stored->fields.company,
                  "The lead " + stored->fields.company + " from " + stored->owner_name +
                      " is waiting for your answer. Accept or decline it within " + left +
                      "; after that it goes to another partner.",
                  public_url_);
      notifications::Notify(
          sql,
          {.org_id = open->offer.partner.id,
           .kind = "lead.answer_due",
           .title = "Answer the lead " + stored->fields.company + " from " + stored->owner_name +
                    " within " + HoursText(open->offer.answer_due_at.micros() - now.micros()),
           .vendor_org_id = stored->org_id,
           .region = stored->fields.region,
           .lead_id = id});
      transaction.Commit();
    }
    return core::Ok();
  });
  if (!reminded) return reminded.error();

  auto due =
      db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::vector<std::string>> {
        return store::LeadsWithOffersDue(sql, now, false);
      });
  if (!due) return due.error();
  int lapsed = 0;
  for (const auto& id : *due) {
    std::string owner;
    auto found = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
      if (auto stored = store::LoadOne(sql, actor, id)) owner = stored->org_id;
      return core::Ok();
    });
    if (!found) return found.error();
    if (owner.empty()) continue;
    auto partners = network_.Partners(actor, owner);
    if (!partners) return partners.error();
    auto done = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
      db::Transaction transaction(sql, database_.dialect());
      auto stored = store::LoadOne(sql, actor, id);
      if (!stored) return core::Ok();
      auto offers = store::LoadOffers(sql, id);
      store::StoredOffer* open = OpenOffer(offers);
      // Answered or recalled since it was found: nothing to do.
      if (open == nullptr || open->offer.state != OfferState::kOffered ||
          open->offer.answer_due_at > now) {
        return core::Ok();
      }
      const std::int64_t sla = open->offer.answer_due_at.micros() - open->offer.offered_at.micros();
      const std::string partner_id = open->offer.partner.id;
      const std::string partner_name = open->offer.partner.name;
      EndOffer(sql, *stored, *open, OfferState::kLapsed, "", now);
      store::AddActivity(sql, id, stored->org_id, std::nullopt, "offer",
                         partner_name + " did not answer in time.", now);
      MailMembers(sql, partner_id, *stored, "Lead passed on: " + stored->fields.company,
                  "The time to answer the lead " + stored->fields.company + " from " +
                      stored->owner_name + " passed, so it went to another partner.",
                  public_url_);
      notifications::Notify(
          sql, {.org_id = partner_id,
                .kind = "lead.recalled",
                .title = "The lead " + stored->fields.company + " from " + stored->owner_name +
                         " went to another partner: the time to answer passed",
                .vendor_org_id = stored->org_id,
                .region = stored->fields.region});
      RoutingContext routing{.partners = std::move(*partners),
                             .settings = store::LoadSettings(sql, stored->org_id),
                             .public_url = public_url_};
      Route(sql, *stored, routing, std::nullopt, sla, std::nullopt, now);
      PublishChange(sql, *stored, "lead.updated", partner_id, true);
      audit::Record(sql, {.org_id = stored->org_id,
                          .action = "lead.lapsed",
                          .target_type = "lead",
                          .target_id = id,
                          .detail = {{"partner_id", partner_id}}});
      transaction.Commit();
      ++lapsed;
      return core::Ok();
    });
    if (!done) return done.error();
  }
  return lapsed;
}

}  // namespace strata::leads
