#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <set>

#include "access/visibility.h"
#include "audit/audit.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/text.h"
#include "db/query.h"
#include "db/rows.h"
#include "network/network.h"

namespace strata::network {
namespace {

// One organisation's name and kinds.
constexpr const char* kSelectOrg = "SELECT id, name, kinds, invited_email FROM orgs WHERE id = :id";

// The organisation set up for an email that has not signed up yet.
constexpr const char* kSelectOrgAwaiting =
    "SELECT id, kinds FROM orgs WHERE invited_email = :email";

constexpr const char* kInsertOrgAwaiting =
    "INSERT INTO orgs (id, name, kinds, created_at, updated_at, invited_email)"
    " VALUES (:id, :email, :kinds, :created_at, :updated_at, :email2)";

constexpr const char* kUpdateOrgKinds =
    "UPDATE orgs SET kinds = :kinds, updated_at = :updated_at WHERE id = :id";

constexpr const char* kInsertNetworkInvitation =
    "INSERT INTO network_invitations (id, org_id, invitee_org_id, relationship_id, email,"
    " token_hash, created_at, expires_at) VALUES (:id, :org_id, :invitee, :relationship_id,"
    " :email, :token_hash, :created_at, :expires_at)";

// An invitation by its token, with whether its organisation still awaits sign-up.
constexpr const char* kSelectNetworkInvitation =
    "SELECT i.id, i.invitee_org_id, i.used_at, i.expires_at, o.invited_email"
    " FROM network_invitations i JOIN orgs o ON o.id = i.invitee_org_id"
    " WHERE i.token_hash = :token_hash";

// Taking up one link for an organisation spends every link to it.
constexpr const char* kMarkInviteeInvitationsUsed =
    "UPDATE network_invitations SET used_at = :now, used_by = :user_id"
    " WHERE invitee_org_id = :invitee AND used_at IS NULL";

// The open relationships towards an organisation set up for an invitee.
constexpr const char* kSelectOpenToOrg =
    "SELECT id, org_id, kind FROM relationships WHERE downstream_org_id = :downstream"
    " AND status IN ('invited', 'active', 'suspended')";

constexpr const char* kMoveDownstream =
    "UPDATE relationships SET downstream_org_id = :downstream, updated_at = :now WHERE id = :id";

// An organisation set up for an invitee that nobody will claim any more.
constexpr const char* kStopAwaiting = "UPDATE orgs SET invited_email = NULL WHERE id = :id";

constexpr std::int64_t kNetworkInvitationLifetime =
    std::int64_t{30} * 24 * 3600 * core::kMicrosPerSecond;

// The organisation a registered email signs in to first.
constexpr const char* kSelectOrgByEmail =
    "SELECT m.org_id FROM users u JOIN memberships m ON m.user_id = u.id"
    " WHERE u.email = :email ORDER BY m.created_at LIMIT 1";

// An open relationship between two organisations, either way round.
constexpr const char* kCountOpenPair =
    "SELECT COUNT(*) FROM relationships WHERE status IN ('invited', 'active', 'suspended')"
    " AND ((org_id = :a AND downstream_org_id = :b) OR (org_id = :b2 AND downstream_org_id = :a2))";

constexpr const char* kInsertRelationship =
    "INSERT INTO relationships (id, org_id, downstream_org_id, kind, status, tier, created_at,"
    " updated_at) VALUES (:id, :org_id, :downstream, :kind, 'invited', '', :created_at,"
    " :updated_at)";

// Relationships with both organisations; %s is the access filter and any further condition.
constexpr const char* kSelectRelationships =
    "SELECT r.id, r.kind, r.status, r.tier, r.created_at, r.updated_at,"
    " u.id, u.name, u.kinds, d.id, d.name, d.kinds, d.invited_email,"
    " CASE WHEN EXISTS (SELECT 1 FROM org_logos l WHERE l.org_id = u.id) THEN 1 ELSE 0 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM org_logos l WHERE l.org_id = d.id) THEN 1 ELSE 0 END FROM "
    "relationships r"
    " JOIN orgs u ON u.id = r.org_id JOIN orgs d ON d.id = r.downstream_org_id"
    " WHERE %s ORDER BY r.id DESC LIMIT :limit";

constexpr const char* kUpdateTier =
    "UPDATE relationships SET tier = :tier, updated_at = :now WHERE id = :id";

constexpr const char* kUpdateStatus =
    "UPDATE relationships SET status = :status, updated_at = :now WHERE id = :id";

// The vendors a relationship authorises.
constexpr const char* kSelectAuthorizations =
    "SELECT vendor_id FROM relationship_authorizations WHERE relationship_id = :id"
    " ORDER BY vendor_id";

constexpr const char* kDeleteAuthorizations =
    "DELETE FROM relationship_authorizations WHERE relationship_id = :id";

constexpr const char* kInsertAuthorization =
    "INSERT INTO relationship_authorizations (relationship_id, org_id, vendor_id, created_at)"
    " VALUES (:id, :org_id, :vendor_id, :created_at)";

// Vendors the distributor has an active relationship with.
constexpr const char* kSelectDistributorVendors =
    "SELECT r.org_id FROM relationships r JOIN orgs v ON v.id = r.org_id"
    " WHERE r.downstream_org_id = :distributor AND r.status = 'active' AND r.kind = 'distributor'";

// The actor's active upstream edges: direct vendors, and distributors with their authorised
// vendors that the distributor still carries.
constexpr const char* kSelectVendorRoutes =
    "SELECT r.id, u.id, u.name, u.kinds, r.kind, a.vendor_id, v.name, v.kinds,"
    " CASE WHEN EXISTS (SELECT 1 FROM org_logos l WHERE l.org_id = u.id) THEN 1 ELSE 0 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM org_logos l WHERE l.org_id = a.vendor_id) THEN 1 ELSE 0 END"
    " FROM relationships r JOIN orgs u ON u.id = r.org_id"
    " LEFT JOIN relationship_authorizations a ON a.relationship_id = r.id"
    " LEFT JOIN orgs v ON v.id = a.vendor_id"
    " WHERE r.downstream_org_id = :actor_org AND r.status = 'active'"
    " AND (a.vendor_id IS NULL OR EXISTS (SELECT 1 FROM relationships c"
    "  WHERE c.org_id = a.vendor_id AND c.downstream_org_id = r.org_id"
    "  AND c.kind = 'distributor' AND c.status = 'active'))"
    " ORDER BY r.id";

bool HasKind(const OrgRef& org, const std::string& kind) {
  return std::find(org.kinds.begin(), org.kinds.end(), kind) != org.kinds.end();
}

Status ParseStatus(const std::string& text) {
  for (Status status :
       {Status::kInvited, Status::kActive, Status::kDeclined, Status::kSuspended, Status::kEnded}) {
    if (text == StatusName(status)) return status;
  }
  return Status::kEnded;
}

core::Error NotFound() { return core::Error::NotFound("no such relationship"); }

core::Error NeedsAdmin() {
  return core::Error{core::Errc::kForbidden, "only owners and admins may change the network", {}};
}

std::optional<OrgRef> LoadOrg(soci::session& sql, const std::string& id) {
  std::optional<OrgRef> org;
  db::ForEachRow(sql, kSelectOrg, db::Parameters().Text("id", id), [&](const soci::row& row) {
    org = OrgRef{row.get<std::string>(0), row.get<std::string>(1),
                 core::SplitList(row.get<std::string>(2), ','),
                 db::RowOptionalText(row, 3).has_value()};
  });
  return org;
}

std::vector<Relationship> LoadRelationships(soci::session& sql, const access::Actor& actor,
                                            const std::string& extra_condition,
                                            db::Parameters parameters, int limit) {
  const access::SqlFilter filter = access::EdgeVisibility(actor, "r.org_id", "r.downstream_org_id");
  std::string condition = filter.condition;
  if (!extra_condition.empty()) condition += " AND " + extra_condition;
  char query[2048];
  std::snprintf(query, sizeof query, kSelectRelationships, condition.c_str());
  parameters.AddAll(filter.parameters).Integer("limit", limit);
  std::vector<Relationship> found;
  db::ForEachRow(sql, query, parameters, [&](const soci::row& row) {
    Relationship relationship;
    relationship.id = row.get<std::string>(0);
    relationship.kind = row.get<std::string>(1);
    relationship.status = ParseStatus(row.get<std::string>(2));
    relationship.tier = row.get<std::string>(3);
    relationship.created_at = core::Timestamp(db::RowInteger(row, 4));
    relationship.updated_at = core::Timestamp(db::RowInteger(row, 5));
    relationship.upstream = {row.get<std::string>(6), row.get<std::string>(7),
                             core::SplitList(row.get<std::string>(8), ','), false,
                             db::RowInteger(row, 13) != 0};
    relationship.downstream = {row.get<std::string>(9), row.get<std::string>(10),
                               core::SplitList(row.get<std::string>(11), ','),
                               db::RowOptionalText(row, 12).has_value(),
                               db::RowInteger(row, 14) != 0};
    found.push_back(std::move(relationship));
  });
  for (auto& relationship : found) {
    db::ForEachRow(
        sql, kSelectAuthorizations, db::Parameters().Text("id", relationship.id),
        [&](const soci::row& row) { relationship.vendor_ids.push_back(row.get<std::string>(0)); });
  }
  return found;
}

std::optional<Relationship> LoadOne(soci::session& sql, const access::Actor& actor,
                                    const std::string& id) {
  auto found = LoadRelationships(sql, actor, "r.id = :id", db::Parameters().Text("id", id), 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace

const char* StatusName(Status status) {
  switch (status) {
    case Status::kInvited:
      return "invited";
    case Status::kActive:
      return "active";
    case Status::kDeclined:
      return "declined";
    case Status::kSuspended:
      return "suspended";
    case Status::kEnded:
      return "ended";
  }
  return "ended";
}

const char* ActionName(Action action) {
  switch (action) {
    case Action::kAccept:
      return "accept";
    case Action::kDecline:
      return "decline";
    case Action::kSuspend:
      return "suspend";
    case Action::kReactivate:
      return "reactivate";
    case Action::kEnd:
      return "end";
  }
  return "end";
}

core::Result<Status> NextStatus(Status current, Action action, Side side) {
  const auto refuse = [&](const std::string& why) -> core::Result<Status> {
    return core::Error::Conflict(std::string("cannot ") + ActionName(action) +
                                 " a relationship that is " + StatusName(current) + ": " + why);
  };
  switch (action) {
    case Action::kAccept:
    case Action::kDecline:
      if (side != Side::kDownstream) return refuse("only the invited organisation answers");
      if (current != Status::kInvited) return refuse("only an invitation can be answered");
      return action == Action::kAccept ? Status::kActive : Status::kDeclined;
    case Action::kSuspend:
      if (side != Side::kUpstream) return refuse("only the upstream organisation suspends");
      if (current != Status::kActive) return refuse("only an active relationship can be suspended");
      return Status::kSuspended;
    case Action::kReactivate:
      if (side != Side::kUpstream) return refuse("only the upstream organisation reactivates");
      if (current != Status::kSuspended)
        return refuse("only a suspended relationship can be reactivated");
      return Status::kActive;
    case Action::kEnd:
      if (current != Status::kInvited && current != Status::kActive &&
          current != Status::kSuspended) {
        return refuse("it is over already");
      }
      return Status::kEnded;
  }
  return refuse("unknown action");
}

core::Result<Relationship> NetworkService::Invite(const access::Actor& actor,
                                                  const InviteTarget& target,
                                                  const std::string& kind) {
  if (!actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  if (kind != "distributor" && kind != "reseller") {
    return core::Error::Invalid("kind must be distributor or reseller",
                                {{"kind", "must be distributor or reseller"}});
  }
  if (target.org_id.has_value() == target.email.has_value()) {
    return core::Error::Invalid("name the organisation to invite by org_id or by email",
                                {{"org_id", "give org_id or email"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Relationship> {
    auto inviter = LoadOrg(sql, actor.org_id());
    if (!inviter) return core::Error::NotFound("your organisation no longer exists");
    const bool may_invite =
        HasKind(*inviter, "vendor") || (kind == "reseller" && HasKind(*inviter, "distributor"));
    if (!may_invite) {
      return core::Error{core::Errc::kForbidden,
                         kind == "reseller" ? "only vendors and distributors invite resellers"
                                            : "only vendors invite distributors",
                         {}};
    }
    db::Transaction transaction(sql, database_.dialect());
    std::string downstream_id;
    std::optional<std::string> email;
    if (target.org_id) {
      downstream_id = *target.org_id;
    } else {
      email = core::NormaliseEmail(*target.email);
      if (!email) {
        return core::Error::Invalid("check the email address",
                                    {{"email", "is not an email address"}});
      }
      auto found = OrgForEmail(sql, *email, kind);
      if (!found) return found.error();
      downstream_id = *found;
    }
    auto downstream = LoadOrg(sql, downstream_id);
    if (!downstream) {
      return core::Error{
          core::Errc::kNotFound, "no such organisation", {{"org_id", "names no organisation"}}};
    }
    if (downstream->id == inviter->id) {
      return core::Error::Invalid("an organisation cannot invite itself",
                                  {{"org_id", "is your own organisation"}});
    }
    if (!HasKind(*downstream, kind)) {
      return core::Error::Invalid(downstream->name + " is not a " + kind,
                                  {{"kind", "the organisation is not a " + kind}});
    }
    long long open = 0;
    sql << kCountOpenPair, soci::use(inviter->id, "a"), soci::use(downstream->id, "b"),
        soci::use(downstream->id, "b2"), soci::use(inviter->id, "a2"), soci::into(open);
    if (open > 0) {
      return core::Error::Conflict("a relationship between the two organisations is open already");
    }
    const std::string id = core::Uuid::NewV7().ToString();
    const long long now = core::Timestamp::Now().micros();
    db::Execute(sql, kInsertRelationship,
                db::Parameters()
                    .Text("id", id)
                    .Text("org_id", inviter->id)
                    .Text("downstream", downstream->id)
                    .Text("kind", kind)
                    .Integer("created_at", now)
                    .Integer("updated_at", now));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "relationship.invited",
                        .target_type = "relationship",
                        .target_id = id,
                        .detail = {{"downstream_org_id", downstream->id}, {"kind", kind}},
                        .context = audit::ContextOf(actor)});
    if (downstream->awaiting_sign_up) {
      // Nobody can sign in to the organisation yet: the link in the mail lets them.
      const std::string token = core::RandomHex(32);
      db::Execute(sql, kInsertNetworkInvitation,
                  db::Parameters()
                      .Text("id", core::Uuid::NewV7().ToString())
                      .Text("org_id", inviter->id)
                      .Text("invitee", downstream->id)
                      .Text("relationship_id", id)
                      .Text("email", email.value_or(downstream->name))
                      .Text("token_hash", hasher_.Hash("network-invitation:", token))
                      .Integer("created_at", now)
                      .Integer("expires_at", now + kNetworkInvitationLifetime));
      // The mail goes out before the commit: no invitation exists that nobody was told about.
      auto sent =
          mailer_.Send({email.value_or(downstream->name),
                        inviter->name + " invites you to its channel on Strata",
                        inviter->name + " invites your organisation to be its " + kind +
                            " on Strata.\n\nCreate your account and accept within 30 days:\n" +
                            public_url_ + "/signup?invitation=" + token +
                            "\n\nIf you did not expect this, ignore this message.\n"});
      if (!sent) return sent.error();
    }
    transaction.Commit();
    auto created = LoadOne(sql, access::Actor::System(), id);
    return *created;
  });
}

core::Result<Relationship> NetworkService::Apply(const access::Actor& actor, const std::string& id,
                                                 Action action) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Relationship> {
    db::Transaction transaction(sql, database_.dialect());
    auto relationship = LoadOne(sql, actor, id);
    if (!relationship) return NotFound();
    if (!actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
    const Side side =
        relationship->upstream.id == actor.org_id() ? Side::kUpstream : Side::kDownstream;
    auto next = NextStatus(relationship->status, action, side);
    if (!next) return next.error();
    db::Execute(sql, kUpdateStatus,
                db::Parameters()
                    .Text("status", StatusName(*next))
                    .Integer("now", core::Timestamp::Now().micros())
                    .Text("id", id));
    audit::Record(
        sql, {.org_id = actor.org_id(),
              .actor_user_id = actor.user_id(),
              .action = std::string("relationship.") + ActionName(action),
              .target_type = "relationship",
              .target_id = id,
              .detail = {{"from", StatusName(relationship->status)}, {"to", StatusName(*next)}},
              .context = audit::ContextOf(actor)});
    transaction.Commit();
    return *LoadOne(sql, actor, id);
  });
}

core::Result<Relationship> NetworkService::Get(const access::Actor& actor, const std::string& id) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Relationship> {
    auto relationship = LoadOne(sql, actor, id);
    if (!relationship) return NotFound();
    return *relationship;
  });
}

core::Result<RelationshipPage> NetworkService::List(const access::Actor& actor, int limit,
                                                    const std::optional<std::string>& cursor) {
  limit = std::clamp(limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<RelationshipPage> {
    RelationshipPage page;
    db::Parameters parameters;
    std::string condition;
    if (cursor) {
      condition = "r.id < :cursor";
      parameters.Text("cursor", *cursor);
    }
    // One row more than asked tells whether another page follows.
    page.items = LoadRelationships(sql, actor, condition, std::move(parameters), limit + 1);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_cursor = page.items.back().id;
    }
    return page;
  });
}

core::Result<Relationship> NetworkService::SetTier(const access::Actor& actor,
                                                   const std::string& id, const std::string& tier) {
  const std::string label = core::Trim(tier);
  if (label.size() > 50) {
    return core::Error::Invalid("the tier is too long",
                                {{"tier", "must be at most 50 characters"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Relationship> {
    db::Transaction transaction(sql, database_.dialect());
    auto relationship = LoadOne(sql, actor, id);
    if (!relationship) return NotFound();
    if (!actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
    if (relationship->upstream.id != actor.org_id()) {
      return core::Error{
          core::Errc::kForbidden, "only the upstream organisation assigns tiers", {}};
    }
    db::Execute(sql, kUpdateTier,
                db::Parameters()
                    .Text("tier", label)
                    .Integer("now", core::Timestamp::Now().micros())
                    .Text("id", id));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "relationship.tier_set",
                        .target_type = "relationship",
                        .target_id = id,
                        .detail = {{"from", relationship->tier}, {"to", label}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return *LoadOne(sql, actor, id);
  });
}

core::Result<Relationship> NetworkService::SetAuthorizations(
    const access::Actor& actor, const std::string& id, const std::vector<std::string>& vendor_ids) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Relationship> {
    db::Transaction transaction(sql, database_.dialect());
    auto relationship = LoadOne(sql, actor, id);
    if (!relationship) return NotFound();
    if (!actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
    if (relationship->upstream.id != actor.org_id() || relationship->kind != "reseller" ||
        !HasKind(relationship->upstream, "distributor")) {
      return core::Error{
          core::Errc::kForbidden, "only the distributor authorises its resellers for vendors", {}};
    }
    if (relationship->status != Status::kActive) {
      return core::Error::Conflict("only an active reseller can be authorised");
    }
    std::set<std::string> carried;
    db::ForEachRow(sql, kSelectDistributorVendors,
                   db::Parameters().Text("distributor", actor.org_id()),
                   [&](const soci::row& row) { carried.insert(row.get<std::string>(0)); });
    const std::set<std::string> wanted(vendor_ids.begin(), vendor_ids.end());
    for (const auto& vendor : wanted) {
      if (!carried.contains(vendor)) {
        return core::Error::Invalid("each vendor must be one you have an active relationship with",
                                    {{"vendor_ids", vendor + " is not a vendor you carry"}});
      }
    }
    db::Execute(sql, kDeleteAuthorizations, db::Parameters().Text("id", id));
    const long long now = core::Timestamp::Now().micros();
    for (const auto& vendor : wanted) {
      db::Execute(sql, kInsertAuthorization,
                  db::Parameters()
                      .Text("id", id)
                      .Text("org_id", actor.org_id())
                      .Text("vendor_id", vendor)
                      .Integer("created_at", now));
    }
    json::array authorised;
    for (const auto& vendor : wanted) authorised.emplace_back(vendor);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "relationship.authorizations_set",
                        .target_type = "relationship",
                        .target_id = id,
                        .detail = {{"vendor_ids", std::move(authorised)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return *LoadOne(sql, actor, id);
  });
}

core::Result<std::vector<Relationship>> NetworkService::Partners(
    const access::Actor& actor, const std::string& upstream_org_id) {
  if (!actor.is_system() && actor.org_id() != upstream_org_id) return NotFound();
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<Relationship>> {
        return LoadRelationships(
            sql, actor, "r.org_id = :upstream AND r.status = :active",
            db::Parameters().Text("upstream", upstream_org_id).Text("active", "active"), 100000);
      });
}

core::Result<std::vector<VendorEntry>> NetworkService::Vendors(const access::Actor& actor) {
  if (actor.is_system()) return core::Error::Invalid("vendors are listed for an organisation");
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<VendorEntry>> {
        std::map<std::string, VendorEntry> vendors;
        db::ForEachRow(sql, kSelectVendorRoutes, db::Parameters().Text("actor_org", actor.org_id()),
                       [&](const soci::row& row) {
                         const auto relationship_id = row.get<std::string>(0);
                         const OrgRef upstream{row.get<std::string>(1), row.get<std::string>(2),
                                               core::SplitList(row.get<std::string>(3), ','), false,
                                               db::RowInteger(row, 8) != 0};
                         const auto vendor_id = db::RowOptionalText(row, 5);
                         if (!vendor_id) {
                           // A direct edge: the upstream side is the vendor itself, when it is one.
                           if (!HasKind(upstream, "vendor")) return;
                           auto& entry = vendors[upstream.id];
                           entry.vendor = upstream;
                           entry.routes.push_back({relationship_id, std::nullopt});
                           return;
                         }
                         auto& entry = vendors[*vendor_id];
                         entry.vendor = {*vendor_id, row.get<std::string>(6),
                                         core::SplitList(row.get<std::string>(7), ','), false,
                                         db::RowInteger(row, 9) != 0};
                         entry.routes.push_back({relationship_id, upstream});
                       });
        std::vector<VendorEntry> entries;
        const auto& scoped = actor.scopes().vendors;
        for (auto& [id, entry] : vendors) {
          if (!scoped.empty() && std::find(scoped.begin(), scoped.end(), id) == scoped.end())
            continue;
          entries.push_back(std::move(entry));
        }
        std::sort(entries.begin(), entries.end(), [](const VendorEntry& a, const VendorEntry& b) {
          return a.vendor.name < b.vendor.name;
        });
        return entries;
      });
}

NetworkService::NetworkService(db::Database& database, mail::Mailer& mailer, std::string public_url,
                               const std::string& secret_key)
    : database_(database),
      mailer_(mailer),
      public_url_(std::move(public_url)),
      hasher_(secret_key) {}

core::Result<std::string> NetworkService::OrgForEmail(soci::session& sql, const std::string& email,
                                                      const std::string& kind) {
  std::string org_id;
  db::ForEachRow(sql, kSelectOrgByEmail, db::Parameters().Text("email", email),
                 [&](const soci::row& row) { org_id = row.get<std::string>(0); });
  if (!org_id.empty()) return org_id;

  // One organisation awaits each unregistered email, whoever invites it; it takes the kinds it
  // is invited as.
  std::vector<std::string> kinds;
  db::ForEachRow(sql, kSelectOrgAwaiting, db::Parameters().Text("email", email),
                 [&](const soci::row& row) {
                   org_id = row.get<std::string>(0);
                   kinds = core::SplitList(row.get<std::string>(1), ',');
                 });
  const long long now = core::Timestamp::Now().micros();
  if (org_id.empty()) {
    org_id = core::Uuid::NewV7().ToString();
    db::Execute(sql, kInsertOrgAwaiting,
                db::Parameters()
                    .Text("id", org_id)
                    .Text("email", email)
                    .Text("kinds", kind)
                    .Integer("created_at", now)
                    .Integer("updated_at", now)
                    .Text("email2", email));
  } else if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    kinds.push_back(kind);
    std::sort(kinds.begin(), kinds.end());
    db::Execute(sql, kUpdateOrgKinds,
                db::Parameters()
                    .Text("kinds", core::JoinList(kinds, ","))
                    .Integer("updated_at", now)
                    .Text("id", org_id));
  }
  return org_id;
}

core::Result<std::optional<NetworkService::LinkInvitation>> NetworkService::FindUsable(
    soci::session& sql, const std::string& token) {
  std::optional<LinkInvitation> found;
  bool usable = false;
  db::ForEachRow(sql, kSelectNetworkInvitation,
                 db::Parameters().Text("token_hash", hasher_.Hash("network-invitation:", token)),
                 [&](const soci::row& row) {
                   found = LinkInvitation{row.get<std::string>(0), row.get<std::string>(1)};
                   const bool unused = row.get_indicator(2) == soci::i_null;
                   const bool current = db::RowInteger(row, 3) > core::Timestamp::Now().micros();
                   const bool awaiting = row.get_indicator(4) != soci::i_null;
                   usable = unused && current && awaiting;
                 });
  if (found && !usable) {
    return core::Error::NotFound("this invitation is not valid any more; ask for a new one");
  }
  return found;
}

core::Result<std::optional<identity::Joining>> NetworkService::Redeem(
    soci::session& sql, const std::string& token, const std::string& user_id,
    const identity::Origin& /*origin*/) {
  auto invitation = FindUsable(sql, token);
  if (!invitation) return invitation.error();
  if (!*invitation) return std::optional<identity::Joining>();
  db::Execute(sql, kMarkInviteeInvitationsUsed,
              db::Parameters()
                  .Integer("now", core::Timestamp::Now().micros())
                  .Text("user_id", user_id)
                  .Text("invitee", (*invitation)->invitee_org_id));
  return std::optional<identity::Joining>(
      identity::Joining{(*invitation)->invitee_org_id, access::Role::kOwner, {}, true});
}

core::Result<std::vector<Relationship>> NetworkService::TakeUpInvitation(const access::Actor& actor,
                                                                         const std::string& token) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<Relationship>> {
        db::Transaction transaction(sql, database_.dialect());
        auto invitation = FindUsable(sql, token);
        if (!invitation) return invitation.error();
        if (!*invitation) {
          return core::Error::NotFound("this invitation is not valid any more; ask for a new one");
        }
        const std::string waiting = (*invitation)->invitee_org_id;
        auto own = LoadOrg(sql, actor.org_id());
        if (!own) return core::Error::NotFound("your organisation no longer exists");
        struct Pending {
          std::string id;
          std::string upstream;
          std::string kind;
        };
        std::vector<Pending> pending;
        db::ForEachRow(sql, kSelectOpenToOrg, db::Parameters().Text("downstream", waiting),
                       [&](const soci::row& row) {
                         pending.push_back({row.get<std::string>(0), row.get<std::string>(1),
                                            row.get<std::string>(2)});
                       });
        for (const Pending& edge : pending) {
          if (!HasKind(*own, edge.kind)) {
            return core::Error::Invalid("the invitation is for a " + edge.kind + ", and " +
                                        own->name +
                                        " is not one; change its kinds in the settings first");
          }
        }
        const long long now = core::Timestamp::Now().micros();
        std::vector<std::string> moved;
        for (const Pending& edge : pending) {
          long long open = 0;
          sql << kCountOpenPair, soci::use(edge.upstream, "a"), soci::use(actor.org_id(), "b"),
              soci::use(actor.org_id(), "b2"), soci::use(edge.upstream, "a2"), soci::into(open);
          if (open > 0) {
            // The two already work together: the invitation adds nothing.
            db::Execute(
                sql, kUpdateStatus,
                db::Parameters().Text("status", "ended").Integer("now", now).Text("id", edge.id));
            continue;
          }
          db::Execute(sql, kMoveDownstream,
                      db::Parameters()
                          .Text("downstream", actor.org_id())
                          .Integer("now", now)
                          .Text("id", edge.id));
          audit::Record(sql, {.org_id = actor.org_id(),
                              .actor_user_id = actor.user_id(),
                              .action = "relationship.invitation_taken_up",
                              .target_type = "relationship",
                              .target_id = edge.id,
                              .detail = {{"upstream_org_id", edge.upstream}},
                              .context = audit::ContextOf(actor)});
          moved.push_back(edge.id);
        }
        db::Execute(sql, kMarkInviteeInvitationsUsed,
                    db::Parameters()
                        .Integer("now", now)
                        .Text("user_id", actor.user_id())
                        .Text("invitee", waiting));
        db::Execute(sql, kStopAwaiting, db::Parameters().Text("id", waiting));
        transaction.Commit();
        std::vector<Relationship> relationships;
        for (const auto& id : moved) {
          if (auto loaded = LoadOne(sql, actor, id)) relationships.push_back(std::move(*loaded));
        }
        return relationships;
      });
}

}  // namespace strata::network
