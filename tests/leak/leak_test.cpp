// The leak harness: builds a random channel through the public API, then asks every GET route,
// as every user, for every id in the system, and compares each answer with what an independent
// oracle says that user may see. It fails when a GET route exists that it does not cover.
//
// STRATA_LEAK_SEED fixes the channel; the seed in use is printed, and repeated on failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include "notifications/notifications.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

// One signed-in user as the harness sees it, acting for one organisation.
struct User {
  std::string email;
  std::string org_id;
  SignedIn session;
  std::string role;
  std::set<std::string> scope_vendors;
  std::vector<std::string> scope_regions;
};

// The oracle's copy of an organisation, kept from what the harness did, not read back.
struct Org {
  std::string id;
  std::set<std::string> kinds;
  std::optional<std::size_t> owner;  // Index into the users; empty while it awaits sign-up.
};

// The oracle's copy of a relationship.
struct Edge {
  std::string id;
  std::string upstream;
  std::string downstream;
  std::string kind;
  std::string status;
  std::set<std::string> vendor_ids;
  std::string tier{};
};

// The oracle's copy of a deal.
struct DealCopy {
  std::string id;
  std::string partner;
  std::string vendor;
  std::string distributor;  // "" for a direct registration.
  std::string region;
  std::string company;
  std::string status;
  bool registered = false;
  bool reached_vendor = false;
};

// The oracle's copy of a notification: to whom, the scopes of the deal it is about (none for a
// notification about no deal), and the deal ("" for none).
struct NoticeCopy {
  std::string org;
  std::string vendor;
  std::string region;
  std::string deal;
};

// The oracle's copy of a vendor's direct opportunity.
struct DirectCopy {
  std::string id;
  std::string vendor;
  std::string region;
  std::string company;
};

// The oracle's copies of the marketing database: every row is its organisation's alone, and a
// contact is also limited to the members whose region scopes hold its region.
struct ContactCopy {
  std::string id;
  std::string org;
  std::string region;
  std::string email;
};

struct ContactListCopy {
  std::string id;
  std::string org;
  bool segment = false;
  std::set<std::string> members{};
};

struct OwnedCopy {
  std::string id;
  std::string org;
};

// The oracle's copy of a lead: its owner, its region, the partner holding it now ("" for none)
// and every partner it was offered to.
struct LeadCopy {
  std::string id;
  std::string owner;
  std::string region;
  std::string holder{};
  std::set<std::string> offered_to{};
};

// The value at `key`, or an empty one: the oracle's look-ups only read, from several threads.
template <typename Value>
const Value& Lookup(const std::map<std::string, Value>& map, const std::string& key) {
  static const Value kEmpty{};
  const auto found = map.find(key);
  return found == map.end() ? kEmpty : found->second;
}

class Channel {
 public:
  explicit Channel(std::uint64_t seed) : random_(seed) {}

  // `awaiting` organisations are invited by an email nobody has registered; some sign up.
  void Build(TestApp& app, int vendors, int distributors, int resellers, int awaiting) {
    for (int i = 0; i < vendors; ++i) {
      AddOrg(app, i % 4 == 3 ? std::set<std::string>{"vendor", "distributor"}
                             : std::set<std::string>{"vendor"});
    }
    for (int i = 0; i < distributors; ++i) AddOrg(app, {"distributor"});
    for (int i = 0; i < resellers; ++i) {
      AddOrg(app, i % 5 == 4 ? std::set<std::string>{"reseller", "distributor"}
                             : std::set<std::string>{"reseller"});
    }
    if (::testing::Test::HasFatalFailure()) return;

    // Random edges in every status.
    const std::size_t registered = orgs_.size();
    for (std::size_t u = 0; u < registered; ++u) {
      const Org upstream = orgs_[u];
      const bool vendor = upstream.kinds.contains("vendor");
      const bool distributor = upstream.kinds.contains("distributor");
      if (!vendor && !distributor) continue;
      for (std::size_t d = 0; d < registered; ++d) {
        const Org downstream = orgs_[d];
        if (u == d || Chance() > 0.18) continue;
        // A vendor takes a distributor as such when it can (and, half the time, even when the
        // organisation is a reseller too); everyone else invites resellers.
        const bool as_distributor = vendor && downstream.kinds.contains("distributor") &&
                                    (!downstream.kinds.contains("reseller") || Chance() < 0.5);
        std::string kind;
        if (as_distributor)
          kind = "distributor";
        else if (downstream.kinds.contains("reseller"))
          kind = "reseller";
        if (kind.empty() || OpenBetween(upstream.id, downstream.id)) continue;
        Invite(app, upstream, R"({"org_id":")" + downstream.id + R"(","kind":")" + kind + R"("})",
               kind);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
    InviteByEmail(app, awaiting);
    if (::testing::Test::HasFatalFailure()) return;
    Authorise(app);
    if (::testing::Test::HasFatalFailure()) return;
    BuildTeams(app);
    if (::testing::Test::HasFatalFailure()) return;
    IssueTokens(app);
    if (::testing::Test::HasFatalFailure()) return;
    UploadLogos(app);
    if (::testing::Test::HasFatalFailure()) return;
    // Before the deals, so that registrations conflict with direct opportunities too.
    BuildDirectPipeline(app);
    if (::testing::Test::HasFatalFailure()) return;
    BuildDeals(app);
    if (::testing::Test::HasFatalFailure()) return;
    BuildContacts(app);
    if (::testing::Test::HasFatalFailure()) return;
    NotifyAboutNothing(app);
    if (::testing::Test::HasFatalFailure()) return;
    // Before the webhooks: every lead change is published to the endpoints there are, and the
    // oracle of each endpoint's deliveries counts only its pings.
    BuildLeads(app);
    if (::testing::Test::HasFatalFailure()) return;
    BuildWebhooks(app);
  }

  const std::vector<User>& users() const { return users_; }
  const std::vector<Org>& orgs() const { return orgs_; }
  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<DealCopy>& deals() const { return deals_; }
  const std::vector<DirectCopy>& directs() const { return directs_; }
  const std::vector<std::string>& deleted_directs() const { return deleted_directs_; }
  const std::vector<ContactCopy>& contacts() const { return contacts_; }
  const std::vector<ContactListCopy>& contact_lists() const { return contact_lists_; }
  const std::vector<OwnedCopy>& suppressions() const { return suppressions_; }
  const std::vector<OwnedCopy>& privacy_requests() const { return privacy_requests_; }
  const std::vector<OwnedCopy>& imports() const { return imports_; }
  const std::map<std::string, int>& caps() const { return caps_; }
  const std::vector<LeadCopy>& leads() const { return leads_; }
  const std::vector<OwnedCopy>& webhooks() const { return webhooks_; }
  const std::map<std::string, std::set<std::string>>& webhook_deliveries() const {
    return webhook_deliveries_;
  }

  // Oracle: a contact is its organisation's, inside the member's region scopes (contacts belong
  // to no vendor, so vendor scopes do not limit them).
  static bool Sees(const User& user, const ContactCopy& contact) {
    return contact.org == user.org_id &&
           (user.scope_regions.empty() ||
            std::find(user.scope_regions.begin(), user.scope_regions.end(), contact.region) !=
                user.scope_regions.end());
  }

  // Oracle: inside the user's scopes (a scope list that is empty limits nothing).
  static bool InScopes(const User& user, const std::string& vendor, const std::string& region) {
    if (!user.scope_vendors.empty() && !user.scope_vendors.contains(vendor)) return false;
    return user.scope_regions.empty() ||
           std::find(user.scope_regions.begin(), user.scope_regions.end(), region) !=
               user.scope_regions.end();
  }

  // Oracle: the partner sees its deals; the distributor those registered through it; the vendor
  // those that reached its review; each within the user's scopes.
  static bool Sees(const User& user, const DealCopy& deal) {
    const bool side = deal.partner == user.org_id ||
                      (deal.distributor == user.org_id && deal.registered) ||
                      (deal.vendor == user.org_id && deal.reached_vendor);
    return side && InScopes(user, deal.vendor, deal.region);
  }

  // Oracle: the deals of the notifications the user may see ("" for one about no deal). A
  // notification about no vendor or no region is outside every scope of that kind.
  std::multiset<std::string> NoticesFor(const User& user) const {
    std::multiset<std::string> deals;
    for (const NoticeCopy& notice : notices_) {
      if (notice.org == user.org_id && InScopes(user, notice.vendor, notice.region)) {
        deals.insert(notice.deal);
      }
    }
    return deals;
  }

  // Oracle: a lead is its owner's (inside a member's region scopes) and, while a partner holds
  // it, that partner's too, inside its members' scopes (the vendor scope naming the sender).
  static bool Sees(const User& user, const LeadCopy& lead) {
    const bool region = user.scope_regions.empty() ||
                        std::find(user.scope_regions.begin(), user.scope_regions.end(),
                                  lead.region) != user.scope_regions.end();
    if (lead.owner == user.org_id) return region;
    return lead.holder == user.org_id && InScopes(user, lead.owner, lead.region);
  }

  // Oracle: the active partners an organisation routes leads to, as a user of it sees them.
  std::set<std::string> RoutingPartnersOf(const User& user) const {
    std::set<std::string> partners;
    for (const Edge& edge : edges_) {
      if (edge.upstream == user.org_id && edge.status == "active" && Sees(user, edge)) {
        partners.insert(edge.downstream);
      }
    }
    return partners;
  }

  // Oracle: a vendor's members see its direct opportunities inside their scopes (the vendor
  // scopes must hold the vendor itself); nobody else sees any.
  static bool Sees(const User& user, const DirectCopy& direct) {
    return direct.vendor == user.org_id && InScopes(user, direct.vendor, direct.region);
  }

  // Oracle: the (action, target) pairs in each organisation's audit trail. Sign-ins target the
  // user, whose id the harness does not track: their target is left blank on both sides.
  using Trail = std::multiset<std::pair<std::string, std::string>>;
  const Trail& EventsOf(const std::string& org_id) const { return Lookup(events_, org_id); }

  // Oracle: a user sees an edge when its organisation is one side of it and, for a member
  // scoped to vendors, the other side is one of them.
  bool Sees(const User& user, const Edge& edge) const {
    if (edge.upstream != user.org_id && edge.downstream != user.org_id) return false;
    const std::string& other = edge.upstream == user.org_id ? edge.downstream : edge.upstream;
    return user.scope_vendors.empty() || user.scope_vendors.contains(other);
  }

  // Oracle: vendor id -> the relationship ids of its routes, for a user.
  std::map<std::string, std::set<std::string>> VendorsOf(const User& user) const {
    std::map<std::string, std::set<std::string>> vendors;
    for (const Edge& edge : edges_) {
      if (edge.downstream != user.org_id || edge.status != "active") continue;
      if (OrgOf(edge.upstream).kinds.contains("vendor") && edge.vendor_ids.empty()) {
        vendors[edge.upstream].insert(edge.id);
      }
      for (const auto& vendor : edge.vendor_ids) {
        const bool carried = std::any_of(edges_.begin(), edges_.end(), [&](const Edge& supply) {
          return supply.upstream == vendor && supply.downstream == edge.upstream &&
                 supply.kind == "distributor" && supply.status == "active";
        });
        if (carried) vendors[vendor].insert(edge.id);
      }
    }
    if (!user.scope_vendors.empty()) {
      std::erase_if(vendors,
                    [&](const auto& entry) { return !user.scope_vendors.contains(entry.first); });
    }
    return vendors;
  }

  // Oracle: an organisation's members, email -> role.
  const std::map<std::string, std::string>& MembersOf(const std::string& org_id) const {
    return Lookup(members_, org_id);
  }
  // Oracle: an organisation's team invitations, id -> status.
  const std::map<std::string, std::string>& InvitationsOf(const std::string& org_id) const {
    return Lookup(invitations_, org_id);
  }
  // Oracle: a user sees an organisation's logo when it has one and it is the user's own
  // organisation or on the other side of an edge the user sees.
  bool SeesLogo(const User& user, const std::string& org_id) const {
    if (!logos_.contains(org_id)) return false;
    if (org_id == user.org_id) return true;
    return std::any_of(edges_.begin(), edges_.end(), [&](const Edge& edge) {
      return (edge.upstream == org_id || edge.downstream == org_id) && Sees(user, edge);
    });
  }

  // Oracle: an organisation's API tokens, revoked ones included.
  const std::set<std::string>& TokensOf(const std::string& org_id) const {
    return Lookup(tokens_, org_id);
  }
  // Oracle: the organisations a person belongs to.
  const std::set<std::string>& OrgsOfPerson(const std::string& email) const {
    return Lookup(person_orgs_, email);
  }

  const Org& OrgOf(const std::string& org_id) const {
    return *std::find_if(orgs_.begin(), orgs_.end(), [&](const Org& o) { return o.id == org_id; });
  }

 private:
  double Chance() { return std::uniform_real_distribution<double>(0, 1)(random_); }
  std::size_t Pick(std::size_t size) {
    return std::uniform_int_distribution<std::size_t>(0, size - 1)(random_);
  }

  const User& OwnerOf(const std::string& org_id) const { return users_[*OrgOf(org_id).owner]; }

  std::string NextEmail() { return "user" + std::to_string(next_email_++) + "@leak.example"; }

  // Signs up a new organisation and its owner.
  void AddOrg(TestApp& app, const std::set<std::string>& kinds) {
    const std::string email = NextEmail();
    const SignedIn session = app.SignUp(email, {kinds.begin(), kinds.end()}, "Org " + email);
    ASSERT_FALSE(session.cookie.empty());
    const std::string org_id(session.body.at("org").at("id").as_string());
    orgs_.push_back({org_id, kinds, users_.size()});
    users_.push_back({email, org_id, session, "owner", {}, {}});
    members_[org_id][email] = "owner";
    person_orgs_[email].insert(org_id);
    events_[org_id].insert({"org.created", org_id});
    events_[org_id].insert({"user.signed_in", ""});
  }

  bool OpenBetween(const std::string& a, const std::string& b) const {
    return std::any_of(edges_.begin(), edges_.end(), [&](const Edge& e) {
      const bool pair =
          (e.upstream == a && e.downstream == b) || (e.upstream == b && e.downstream == a);
      return pair && (e.status == "invited" || e.status == "active" || e.status == "suspended");
    });
  }

  // The upstream organisation's owner invites; `body` names the other side.
  Edge& Invite(TestApp& app, const Org& upstream, const std::string& body,
               const std::string& kind) {
    auto response = app.Call(OwnerOf(upstream.id).session, "POST", "/api/v1/relationships", body);
    EXPECT_EQ(response.status, 201) << response.body;
    const json::value created = response.Json();
    edges_.push_back({std::string(created.at("id").as_string()),
                      upstream.id,
                      std::string(created.at("downstream").at("id").as_string()),
                      kind,
                      "invited",
                      {}});
    events_[upstream.id].insert({"relationship.invited", edges_.back().id});
    // An organisation set up for an email has nobody to answer yet.
    const bool registered = std::any_of(orgs_.begin(), orgs_.end(), [&](const Org& org) {
      return org.id == edges_.back().downstream && org.owner;
    });
    if (registered) WalkLifecycle(app, edges_.back());
    return edges_.back();
  }

  // Takes an edge to a random point of its lifecycle.
  void WalkLifecycle(TestApp& app, Edge& edge) {
    const double fate = Chance();
    const auto act = [&](const std::string& org_id, const std::string& action,
                         const std::string& next) {
      auto answer = app.Call(OwnerOf(org_id).session, "POST",
                             "/api/v1/relationships/" + edge.id + "/" + action, "{}");
      ASSERT_EQ(answer.status, 200) << action << ": " << answer.body;
      edge.status = next;
      events_[org_id].insert({"relationship." + action, edge.id});
    };
    if (fate < 0.15) {
      // Stays invited.
    } else if (fate < 0.25) {
      act(edge.downstream, "decline", "declined");
    } else {
      act(edge.downstream, "accept", "active");
      if (fate > 0.85)
        act(edge.upstream, "suspend", "suspended");
      else if (fate > 0.78)
        act(Chance() < 0.5 ? edge.upstream : edge.downstream, "end", "ended");
    }
  }

  // Vendors invite resellers by emails nobody has registered; half of those sign up from the
  // link, taking over the organisation set up for them.
  void InviteByEmail(TestApp& app, int count) {
    std::vector<std::size_t> vendors;
    for (std::size_t i = 0; i < orgs_.size(); ++i) {
      if (orgs_[i].kinds.contains("vendor")) vendors.push_back(i);
    }
    for (int i = 0; i < count; ++i) {
      const std::string email = "partner" + std::to_string(i) + "@awaiting.example";
      const Org upstream = orgs_[vendors[Pick(vendors.size())]];
      Edge& edge =
          Invite(app, upstream, R"({"email":")" + email + R"(","kind":"reseller"})", "reseller");
      if (::testing::Test::HasFatalFailure()) return;
      orgs_.push_back({edge.downstream, {"reseller"}, std::nullopt});
      if (i % 2 == 1) continue;
      const std::string token = TokenAfter(app.LatestMailTo(email), "invitation=");
      ASSERT_EQ(token.size(), 64U) << "no invitation mailed to " << email;
      const json::object body{
          {"email", email},
          {"password", "correct horse battery"},
          {"name", "Claimant"},
          {"org", json::object{{"name", "Claimed " + email}, {"kinds", json::array{"reseller"}}}},
          {"invitation", token}};
      auto signed_up = app.Post("/api/v1/auth/signup", json::serialize(body));
      ASSERT_EQ(signed_up.status, 201) << signed_up.body;
      const SignedIn session = SignedInFrom(signed_up);
      ASSERT_EQ(session.body.at("org").at("id").as_string(), edge.downstream);
      orgs_.back().owner = users_.size();
      users_.push_back({email, edge.downstream, session, "owner", {}, {}});
      members_[edge.downstream][email] = "owner";
      person_orgs_[email].insert(edge.downstream);
      events_[edge.downstream].insert({"org.claimed", edge.downstream});
      events_[edge.downstream].insert({"user.signed_in", ""});
      WalkLifecycle(app, edges_.back());
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

  // Distributors authorise some of their active resellers for some vendors they carry, then
  // some supply lines are suspended: their routes must disappear.
  void Authorise(TestApp& app) {
    for (Edge& edge : edges_) {
      if (edge.kind != "reseller" || edge.status != "active") continue;
      if (!OrgOf(edge.upstream).kinds.contains("distributor")) continue;
      std::set<std::string> chosen;
      for (const Edge& supply : edges_) {
        if (supply.downstream == edge.upstream && supply.kind == "distributor" &&
            supply.status == "active" && Chance() < 0.6) {
          chosen.insert(supply.upstream);
        }
      }
      json::array list;
      for (const auto& id : chosen) list.emplace_back(id);
      auto response = app.Call(OwnerOf(edge.upstream).session, "PUT",
                               "/api/v1/relationships/" + edge.id + "/authorizations",
                               json::serialize(json::object{{"vendor_ids", list}}));
      ASSERT_EQ(response.status, 200) << response.body;
      edge.vendor_ids = chosen;
      events_[edge.upstream].insert({"relationship.authorizations_set", edge.id});
    }
    // Upstream sides label some edges with tiers.
    static const std::vector<std::string> kTiers = {"Gold", "Silver", "Registered"};
    for (Edge& edge : edges_) {
      if (Chance() > 0.3) continue;
      const std::string& tier = kTiers[Pick(kTiers.size())];
      auto response =
          app.Call(OwnerOf(edge.upstream).session, "PATCH", "/api/v1/relationships/" + edge.id,
                   json::serialize(json::object{{"tier", tier}}));
      ASSERT_EQ(response.status, 200) << response.body;
      edge.tier = tier;
      events_[edge.upstream].insert({"relationship.tier_set", edge.id});
    }
    for (Edge& edge : edges_) {
      if (edge.kind == "distributor" && edge.status == "active" && Chance() < 0.2) {
        auto response = app.Call(OwnerOf(edge.upstream).session, "POST",
                                 "/api/v1/relationships/" + edge.id + "/suspend", "{}");
        ASSERT_EQ(response.status, 200) << response.body;
        edge.status = "suspended";
        events_[edge.upstream].insert({"relationship.suspend", edge.id});
      }
    }
  }

  // The owner invites `email` with `role` and `scopes`; answers the invitation's token.
  std::string InviteMember(TestApp& app, const Org& org, const std::string& email,
                           const std::string& role, const json::object& scopes) {
    auto invited = app.Call(
        OwnerOf(org.id).session, "POST", "/api/v1/member-invitations",
        json::serialize(json::object{{"email", email}, {"role", role}, {"scopes", scopes}}));
    EXPECT_EQ(invited.status, 201) << invited.body;
    const std::string id(invited.Json().at("id").as_string());
    invitations_[org.id][id] = "pending";
    last_invitation_ = id;
    events_[org.id].insert({"member.invited", id});
    return TokenAfter(app.LatestMailTo(email), "/join/");
  }

  // Every registered organisation gets 2 to 4 more members, new people who sign up from their
  // invitations, some scoped to vendors, some viewers; some invitations stay pending or are
  // revoked, and some owners join a second organisation.
  void BuildTeams(TestApp& app) {
    static const std::vector<std::string> kRoles = {"admin",  "manager", "member", "viewer",
                                                    "member", "viewer",  "owner"};
    const std::vector<Org> registered = [&] {
      std::vector<Org> list;
      for (const Org& org : orgs_) {
        if (org.owner) list.push_back(org);
      }
      return list;
    }();
    for (const Org& org : registered) {
      const std::size_t extra = 2 + Pick(3);
      for (std::size_t i = 0; i < extra; ++i) {
        const std::string email = NextEmail();
        const std::string& role = kRoles[Pick(kRoles.size())];
        std::set<std::string> vendors;
        std::vector<std::string> regions;
        if (role != "owner" && Chance() < 0.4) {
          // Scoped to a vendor on the other side of one of its edges, when there is one.
          std::vector<std::string> counterparts;
          for (const Edge& edge : edges_) {
            if (edge.downstream == org.id) counterparts.push_back(edge.upstream);
            if (edge.upstream == org.id) counterparts.push_back(edge.downstream);
          }
          vendors.insert(counterparts.empty() ? registered[Pick(registered.size())].id
                                              : counterparts[Pick(counterparts.size())]);
        }
        if (Chance() < 0.3) regions.emplace_back("EMEA");
        json::array vendor_list(vendors.begin(), vendors.end());
        json::array region_list(regions.begin(), regions.end());
        const std::string token =
            InviteMember(app, org, email, role,
                         json::object{{"vendors", vendor_list}, {"regions", region_list}});
        ASSERT_EQ(token.size(), 64U) << "no invitation mailed to " << email;
        const std::string id = last_invitation_;
        const json::object body{{"email", email},
                                {"password", "correct horse battery"},
                                {"name", "Team member"},
                                {"invitation", token}};
        auto signed_up = app.Post("/api/v1/auth/signup", json::serialize(body));
        ASSERT_EQ(signed_up.status, 201) << signed_up.body;
        const SignedIn session = SignedInFrom(signed_up);
        ASSERT_EQ(session.body.at("org").at("id").as_string(), org.id);
        users_.push_back({email, org.id, session, role, vendors, regions});
        members_[org.id][email] = role;
        person_orgs_[email].insert(org.id);
        invitations_[org.id][id] = "accepted";
        events_[org.id].insert({"member.joined", id});
        events_[org.id].insert({"user.signed_in", ""});
      }
      if (Chance() < 0.5) InviteMember(app, org, NextEmail(), "member", {});
      if (Chance() < 0.3) {
        InviteMember(app, org, NextEmail(), "viewer", {});
        const std::string id = last_invitation_;
        auto revoked =
            app.Call(OwnerOf(org.id).session, "DELETE", "/api/v1/member-invitations/" + id);
        ASSERT_EQ(revoked.status, 204) << revoked.body;
        invitations_[org.id][id] = "revoked";
        events_[org.id].insert({"member.invitation_revoked", id});
      }
      if (Chance() < 0.15) {
        // Another organisation's owner joins too, and keeps acting for its own.
        const Org& other = registered[Pick(registered.size())];
        if (other.id == org.id) continue;
        const User& guest = OwnerOf(other.id);
        if (members_[org.id].contains(guest.email)) continue;
        const std::string token = InviteMember(app, org, guest.email, "member", {});
        const std::string id = last_invitation_;
        auto accepted = app.Call(guest.session, "POST", "/api/v1/member-invitations/accept",
                                 json::serialize(json::object{{"token", token}}));
        ASSERT_EQ(accepted.status, 200) << accepted.body;
        members_[org.id][guest.email] = "member";
        person_orgs_[guest.email].insert(org.id);
        invitations_[org.id][id] = "accepted";
        events_[org.id].insert({"member.joined", id});
      }
    }
  }

  // Some organisations' owners issue API tokens, which act as users of their own; some are
  // revoked again.
  void IssueTokens(TestApp& app) {
    static const std::vector<std::string> kRoles = {"admin", "manager", "member", "viewer"};
    const std::size_t count = orgs_.size();
    for (std::size_t i = 0; i < count; ++i) {
      const Org org = orgs_[i];
      if (!org.owner || Chance() > 0.3) continue;
      const std::string& role = kRoles[Pick(kRoles.size())];
      auto issued = app.Call(OwnerOf(org.id).session, "POST", "/api/v1/api-tokens",
                             json::serialize(json::object{{"name", "Sync"}, {"role", role}}));
      ASSERT_EQ(issued.status, 201) << issued.body;
      const json::value body = issued.Json();
      const std::string id(body.at("id").as_string());
      tokens_[org.id].insert(id);
      events_[org.id].insert({"api_token.created", id});
      if (Chance() < 0.25) {
        ASSERT_EQ(app.Call(OwnerOf(org.id).session, "DELETE", "/api/v1/api-tokens/" + id).status,
                  204);
        events_[org.id].insert({"api_token.revoked", id});
        continue;
      }
      SignedIn session{"", "", body, std::string(body.at("token").as_string())};
      const std::string name = "token:" + id;
      users_.push_back({name, org.id, session, role, {}, {}});
      person_orgs_[name].insert(org.id);
    }
  }

  // Half the registered organisations upload a logo.
  void UploadLogos(TestApp& app) {
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "logo";
    for (const Org& org : orgs_) {
      if (!org.owner || Chance() > 0.5) continue;
      auto uploaded = Fetch(app.port(), "PUT", "/api/v1/org/logo", png + org.id,
                            {{"Cookie", OwnerOf(org.id).session.cookie},
                             {"X-CSRF-Token", OwnerOf(org.id).session.csrf},
                             {"Content-Type", "image/png"}});
      ASSERT_EQ(uploaded.status, 200) << uploaded.body;
      logos_.insert(org.id);
      events_[org.id].insert({"org.logo_changed", org.id});
    }
  }

  // Partners register deals (some with the same customers, so conflicts arise) with vendors they
  // have routes to, directly or through distributors; some stay drafts. Distributors and vendors
  // then take some through review.
  void BuildDeals(TestApp& app) {
    static const std::vector<std::string> kCompanies = {
        "Globex Corporation", "Globex Corp.",       "Initech LLC", "Umbrella GmbH",
        "Umbrella AG",        "Soylent Industries", "Hooli Inc",   "Stark Industries"};
    static const std::vector<std::string> kRegions = {"EMEA", "AMER", ""};
    const std::size_t count = users_.size();
    for (std::size_t u = 0; u < count; ++u) {
      const User user = users_[u];
      if (user.role == "viewer" || Chance() > 0.35) continue;
      const auto vendors = VendorsOf(user);
      if (vendors.empty()) continue;
      auto entry = vendors.begin();
      std::advance(entry, static_cast<long>(Pick(vendors.size())));
      const std::string vendor = entry->first;
      auto route_id = entry->second.begin();
      std::advance(route_id, static_cast<long>(Pick(entry->second.size())));
      const Edge& route = *std::find_if(edges_.begin(), edges_.end(),
                                        [&](const Edge& e) { return e.id == *route_id; });
      const std::string distributor = route.upstream == vendor ? "" : route.upstream;
      // A region-scoped member registers in its region, so that it sees its own deal.
      const std::string region =
          user.scope_regions.empty() ? kRegions[Pick(kRegions.size())] : user.scope_regions.front();
      const std::string& company = kCompanies[Pick(kCompanies.size())];
      const bool submit = Chance() < 0.8;
      json::object body{{"vendor_id", vendor},
                        {"customer", {{"company", company}, {"region", region}}},
                        {"amount", {{"minor", 100000}, {"currency", "EUR"}}},
                        {"private_notes", "private-note-of-" + user.org_id},
                        {"submit", submit}};
      if (!distributor.empty()) body["via_distributor_id"] = distributor;
      auto created = app.Call(user.session, "POST", "/api/v1/deals", json::serialize(body));
      ASSERT_EQ(created.status, 201) << created.body;
      const std::string id(created.Json().at("id").as_string());
      deals_.push_back({id, user.org_id, vendor, distributor, region, company,
                        submit ? "submitted" : "draft", submit, submit && distributor.empty()});
      events_[user.org_id].insert({"deal.created", id});
      if (!submit) continue;
      events_[user.org_id].insert({"deal.registered", id});
      notices_.push_back({distributor.empty() ? vendor : distributor, vendor, region, id});
    }
    // Reviews, in registration order: distributors first, then vendors.
    for (DealCopy& deal : deals_) {
      if (!deal.registered || deal.distributor.empty() || !OrgOf(deal.distributor).owner) continue;
      const double fate = Chance();
      if (fate < 0.3) continue;
      const std::string decision = fate < 0.8 ? "approve" : "reject";
      Decide(app, deal, deal.distributor, decision);
      if (::testing::Test::HasFatalFailure()) return;
      if (decision == "approve") {
        deal.reached_vendor = true;
        notices_.push_back({deal.vendor, deal.vendor, deal.region, deal.id});
      } else {
        deal.status = "rejected";
      }
    }
    for (DealCopy& deal : deals_) {
      if (!deal.reached_vendor || deal.status != "submitted") continue;
      const double fate = Chance();
      if (fate < 0.3) continue;
      const std::string decision =
          fate < 0.7 ? "approve" : (fate < 0.85 ? "reject" : "request_info");
      Decide(app, deal, deal.vendor, decision);
      if (::testing::Test::HasFatalFailure()) return;
      deal.status = decision == "approve"  ? "approved"
                    : decision == "reject" ? "rejected"
                                           : "info_requested";
      if (!deal.distributor.empty())
        notices_.push_back({deal.distributor, deal.vendor, deal.region, deal.id});
    }
  }

  // Some vendors' owners record opportunities their own sales teams work, in every region and
  // some for customers partners register; some are moved to another region or deleted again.
  void BuildDirectPipeline(TestApp& app) {
    static const std::vector<std::string> kCompanies = {"Globex Corporation", "Umbrella AG",
                                                        "Hooli Inc", "Vandelay Industries"};
    static const std::vector<std::string> kRegions = {"EMEA", "AMER", ""};
    for (const Org& org : orgs_) {
      if (!org.owner || !org.kinds.contains("vendor") || Chance() > 0.45) continue;
      const SignedIn& owner = users_[*org.owner].session;
      for (int i = 0; i < 2; ++i) {
        const std::string& region = kRegions[Pick(kRegions.size())];
        const std::string& company = kCompanies[Pick(kCompanies.size())];
        auto created =
            app.Call(owner, "POST", "/api/v1/direct-opportunities",
                     json::serialize(json::object{
                         {"company", company}, {"region", region}, {"owner", "rep-of-" + org.id}}));
        ASSERT_EQ(created.status, 201) << created.body;
        directs_.push_back(
            {std::string(created.Json().at("id").as_string()), org.id, region, company});
        events_[org.id].insert({"direct_opportunity.created", directs_.back().id});
      }
      if (Chance() < 0.5) {
        DirectCopy& moved = directs_.back();
        moved.region = kRegions[Pick(kRegions.size())];
        auto changed =
            app.Call(owner, "PATCH", "/api/v1/direct-opportunities/" + moved.id,
                     json::serialize(json::object{{"region", moved.region}, {"status", "won"}}));
        ASSERT_EQ(changed.status, 200) << changed.body;
        events_[org.id].insert({"direct_opportunity.updated", moved.id});
      }
      if (Chance() < 0.3) {
        const std::string id = directs_[directs_.size() - 2].id;
        ASSERT_EQ(app.Call(owner, "DELETE", "/api/v1/direct-opportunities/" + id).status, 204);
        events_[org.id].insert({"direct_opportunity.deleted", id});
        deleted_directs_.push_back(id);
        directs_.erase(directs_.end() - 2);
      }
    }
  }

  // Some organisations' owners keep contacts in every region, with a consent, a suppression, a
  // list, a segment and sometimes a frequency cap and a data-subject export. Every address names
  // its organisation, so a leak shows in any body.
  void BuildContacts(TestApp& app) {
    static const std::vector<std::string> kRegions = {"EMEA", "AMER", ""};
    for (const Org& org : orgs_) {
      if (!org.owner || Chance() > 0.5) continue;
      const SignedIn& owner = users_[*org.owner].session;
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < kRegions.size(); ++i) {
        const std::string email = "c" + std::to_string(i) + "-of-" + org.id + "@contacts.example";
        auto created =
            app.Call(owner, "POST", "/api/v1/contacts",
                     json::serialize(json::object{
                         {"email", email}, {"first_name", "Pat"}, {"region", kRegions[i]}}));
        ASSERT_EQ(created.status, 201) << created.body;
        ids.emplace_back(created.Json().at("id").as_string());
        contacts_.push_back({ids.back(), org.id, kRegions[i], email});
        events_[org.id].insert({"contact.created", ids.back()});
      }
      auto consent = app.Call(owner, "POST", "/api/v1/contacts/" + ids[0] + "/consents",
                              R"({"purpose":"email_marketing","text":"Yes, news please.",)"
                              R"("source":"form","ip":"192.0.2.7"})");
      ASSERT_EQ(consent.status, 201) << consent.body;
      events_[org.id].insert({"consent.recorded", ids[0]});
      auto suppressed = app.Call(
          owner, "POST", "/api/v1/suppressions",
          json::serialize(json::object{{"email", "gone-of-" + org.id + "@contacts.example"},
                                       {"reason", "manual"}}));
      ASSERT_EQ(suppressed.status, 201) << suppressed.body;
      suppressions_.push_back({std::string(suppressed.Json().at("id").as_string()), org.id});
      events_[org.id].insert({"suppression.added", suppressions_.back().id});
      auto list = app.Call(owner, "POST", "/api/v1/contact-lists", R"({"name":"Newsletter"})");
      ASSERT_EQ(list.status, 201) << list.body;
      ContactListCopy newsletter{
          std::string(list.Json().at("id").as_string()), org.id, false, {ids[0], ids[1]}};
      auto added = app.Call(owner, "POST", "/api/v1/contacts/bulk",
                            json::serialize(json::object{{"action", "add_to_list"},
                                                         {"ids", json::array{ids[0], ids[1]}},
                                                         {"list_id", newsletter.id}}));
      ASSERT_EQ(added.status, 200) << added.body;
      events_[org.id].insert({"contact_list.created", newsletter.id});
      events_[org.id].insert({"contact_list.members_added", newsletter.id});
      contact_lists_.push_back(std::move(newsletter));
      auto segment = app.Call(owner, "POST", "/api/v1/contact-lists",
                              R"({"name":"Everyone","kind":"segment",)"
                              R"("filter":{"q":"contacts.example"}})");
      ASSERT_EQ(segment.status, 201) << segment.body;
      contact_lists_.push_back({std::string(segment.Json().at("id").as_string()), org.id, true});
      events_[org.id].insert({"contact_segment.created", contact_lists_.back().id});
      if (Chance() < 0.5) {
        const int max_emails = 1 + static_cast<int>(Pick(9));
        auto cap = app.Call(
            owner, "PUT", "/api/v1/marketing-cap",
            json::serialize(json::object{{"max_emails", max_emails}, {"period_days", 30}}));
        ASSERT_EQ(cap.status, 200) << cap.body;
        caps_[org.id] = max_emails;
        events_[org.id].insert({"marketing_cap.set", org.id});
      }
      if (Chance() < 0.5) {
        // An upload waiting for its mapping: its preview holds addresses.
        auto uploaded = app.CallTyped(
            owner, "POST", "/api/v1/contact-imports",
            "email,name\nimported-of-" + org.id + "@contacts.example,Pat\n", "text/csv");
        ASSERT_EQ(uploaded.status, 201) << uploaded.body;
        imports_.push_back({std::string(uploaded.Json().at("id").as_string()), org.id});
        events_[org.id].insert({"contact_import.uploaded", imports_.back().id});
      }
      if (Chance() < 0.5) {
        auto exported = app.Call(owner, "POST", "/api/v1/privacy/export",
                                 json::serialize(json::object{{"email", contacts_.back().email}}));
        ASSERT_EQ(exported.status, 200) << exported.body;
        auto requests = app.Call(owner, "GET", "/api/v1/privacy/requests");
        ASSERT_EQ(requests.status, 200) << requests.body;
        privacy_requests_.push_back(
            {std::string(requests.Json().at("items").at(0).at("id").as_string()), org.id});
        events_[org.id].insert({"privacy.exported", privacy_requests_.back().id});
      }
    }
  }

  // A few organisations get a notification about no deal, as jobs may send: it reaches only
  // their members without vendor or region scopes.
  // Some organisations with active partners keep leads in every region and pass them on, by hand
  // or by routing rules; partners accept, decline (the lead is routed again), work and write
  // notes; some leads are taken back. Resellers keep leads of their own. Every note names the
  // organisation that wrote it, so a leak shows in any body.
  void BuildLeads(TestApp& app) {
    static const std::vector<std::string> kRegions = {"EMEA", "AMER", ""};
    for (const Org& org : orgs_) {
      if (!org.owner || Chance() > 0.3) continue;
      const SignedIn& owner = users_[*org.owner].session;
      std::vector<std::string> partners;
      for (const Edge& edge : edges_) {
        if (edge.upstream == org.id && edge.status == "active") partners.push_back(edge.downstream);
      }
      for (const std::string& partner : partners) {
        if (Chance() > 0.7) continue;
        auto rule = app.Call(owner, "PUT", "/api/v1/lead-routing/partners/" + partner,
                             R"({"countries":["DE"],"capacity":0})");
        ASSERT_EQ(rule.status, 200) << rule.body;
        events_[org.id].insert({"lead_routing.partner_updated", partner});
      }
      for (std::size_t i = 0; i < kRegions.size(); ++i) {
        auto created = app.Call(
            owner, "POST", "/api/v1/leads",
            json::serialize(json::object{
                {"company", "Lead " + std::to_string(i) + " of " + org.id},
                {"contact",
                 {{"name", "Pat"},
                  {"email", "l" + std::to_string(i) + "-of-" + org.id + "@leads.example"}}},
                {"country", "DE"},
                {"region", kRegions[i]}}));
        ASSERT_EQ(created.status, 201) << created.body;
        LeadCopy lead{std::string(created.Json().at("id").as_string()), org.id, kRegions[i]};
        events_[org.id].insert({"lead.created", lead.id});
        auto note = app.Call(owner, "POST", "/api/v1/leads/" + lead.id + "/activities",
                             json::serialize(json::object{{"body", "note-of-" + org.id}}));
        ASSERT_EQ(note.status, 201) << note.body;
        if (!partners.empty() && Chance() < 0.8) {
          json::object body{{"sla_hours", 24}};
          if (Chance() < 0.5) body["partner_id"] = partners[Pick(partners.size())];
          auto sent = app.Call(owner, "POST", "/api/v1/leads/" + lead.id + "/distribute",
                               json::serialize(body));
          ASSERT_EQ(sent.status, 200) << sent.body;
          events_[org.id].insert({"lead.distributed", lead.id});
          TrackHolder(lead, sent.Json());
        }
        leads_.push_back(std::move(lead));
      }
    }
    // Partners answer: accept and work some, decline others (routed again), and some leads are
    // taken back by their owners.
    for (LeadCopy& lead : leads_) {
      if (lead.holder.empty() || !OrgOf(lead.holder).owner) continue;
      const SignedIn& partner = users_[*OrgOf(lead.holder).owner].session;
      const double fate = Chance();
      if (fate < 0.4) {
        ASSERT_EQ(app.Call(partner, "POST", "/api/v1/leads/" + lead.id + "/accept", "{}").status,
                  200);
        events_[lead.holder].insert({"lead.accepted", lead.id});
        notices_.push_back({lead.owner, "", lead.region, "lead:" + lead.id});
        auto note = app.Call(
            partner, "POST", "/api/v1/leads/" + lead.id + "/activities",
            json::serialize(json::object{{"kind", "call"}, {"body", "note-of-" + lead.holder}}));
        ASSERT_EQ(note.status, 201) << note.body;
        auto worked =
            app.Call(partner, "PATCH", "/api/v1/leads/" + lead.id, R"({"status":"qualified"})");
        ASSERT_EQ(worked.status, 200) << worked.body;
        events_[lead.holder].insert({"lead.updated", lead.id});
      } else if (fate < 0.7) {
        const std::string declined_by = lead.holder;
        ASSERT_EQ(app.Call(partner, "POST", "/api/v1/leads/" + lead.id + "/decline",
                           R"({"reason":"busy"})")
                      .status,
                  200);
        events_[declined_by].insert({"lead.declined", lead.id});
        notices_.push_back({lead.owner, "", lead.region, "lead:" + lead.id});
        auto again =
            app.Call(users_[*OrgOf(lead.owner).owner].session, "GET", "/api/v1/leads/" + lead.id);
        ASSERT_EQ(again.status, 200) << again.body;
        TrackHolder(lead, again.Json());
      } else if (fate < 0.85) {
        const std::string recalled_from = lead.holder;
        ASSERT_EQ(app.Call(users_[*OrgOf(lead.owner).owner].session, "POST",
                           "/api/v1/leads/" + lead.id + "/recall", "{}")
                      .status,
                  200);
        events_[lead.owner].insert({"lead.recalled", lead.id});
        notices_.push_back({recalled_from, lead.owner, lead.region, ""});
        lead.holder.clear();
      }
    }
    // Resellers' own leads, one in each of a scoped member's regions.
    for (const User& user : users_) {
      if (user.role == "viewer" || !OrgOf(user.org_id).kinds.contains("reseller") ||
          Chance() > 0.15) {
        continue;
      }
      const std::string region = user.scope_regions.empty() ? "" : user.scope_regions.front();
      auto created =
          app.Call(user.session, "POST", "/api/v1/leads",
                   json::serialize(json::object{{"company", "Own lead of " + user.org_id},
                                                {"contact", {{"name", "note-of-" + user.org_id}}},
                                                {"country", "FR"},
                                                {"region", region}}));
      ASSERT_EQ(created.status, 201) << created.body;
      leads_.push_back({std::string(created.Json().at("id").as_string()), user.org_id, region});
      events_[user.org_id].insert({"lead.created", leads_.back().id});
    }
  }

  // Records who holds a lead after it was passed on, from its owner's view, and the notice that
  // went with it.
  void TrackHolder(LeadCopy& lead, const json::value& seen) {
    const json::value& partner = seen.at("partner");
    if (partner.is_null()) {
      lead.holder.clear();
      notices_.push_back({lead.owner, "", lead.region, "lead:" + lead.id});  // Unrouted.
      return;
    }
    lead.holder = std::string(partner.at("id").as_string());
    lead.offered_to.insert(lead.holder);
    notices_.push_back({lead.holder, lead.owner, lead.region, "lead:" + lead.id});
  }

  void NotifyAboutNothing(TestApp& app) {
    db::Database& database = app.app().database();
    for (const Org& org : orgs_) {
      if (!org.owner || Chance() > 0.2) continue;
      auto lease = database.Acquire();
      ASSERT_TRUE(lease);
      db::Transaction transaction(**lease, database.dialect());
      notifications::Notify(**lease,
                            {org.id, "system.notice", "A notice", std::nullopt, std::nullopt, ""});
      transaction.Commit();
      notices_.push_back({org.id, "", "", ""});
    }
  }

  // Some organisations' owners add a webhook endpoint, one with a ping waiting in its log. Every
  // URL names its organisation, so a leak shows in any body.
  void BuildWebhooks(TestApp& app) {
    for (const Org& org : orgs_) {
      if (!org.owner || Chance() > 0.4) continue;
      const SignedIn& owner = users_[*org.owner].session;
      for (int i = 0; i < 2; ++i) {
        auto created = app.Call(
            owner, "POST", "/api/v1/webhooks",
            json::serialize(json::object{
                {"url", "https://203.0.113.10/hooks-of-" + org.id + "/" + std::to_string(i)},
                {"events", i == 0 ? json::array{"*"} : json::array{"lead.created"}}}));
        ASSERT_EQ(created.status, 201) << created.body;
        webhooks_.push_back({std::string(created.Json().at("id").as_string()), org.id});
        events_[org.id].insert({"webhook.created", webhooks_.back().id});
        webhook_deliveries_[webhooks_.back().id];
      }
      const std::string& pinged = webhooks_.back().id;
      auto ping = app.Call(owner, "POST", "/api/v1/webhooks/" + pinged + "/ping");
      ASSERT_EQ(ping.status, 202) << ping.body;
      webhook_deliveries_[pinged].emplace(ping.Json().at("id").as_string());
    }
  }

  // The reviewing organisation's owner decides; the partner is told.
  void Decide(TestApp& app, const DealCopy& deal, const std::string& reviewer,
              const std::string& decision) {
    auto answer =
        app.Call(OwnerOf(reviewer).session, "POST", "/api/v1/deals/" + deal.id + "/decision",
                 json::serialize(json::object{{"decision", decision}, {"reason", "checked"}}));
    ASSERT_EQ(answer.status, 200) << answer.body;
    const std::string kind = decision == "approve"
                                 ? (reviewer == deal.distributor ? "forwarded" : "approved")
                                 : (decision == "reject" ? "rejected" : "info_requested");
    events_[reviewer].insert({"deal." + kind, deal.id});
    if (kind != "forwarded") notices_.push_back({deal.partner, deal.vendor, deal.region, deal.id});
  }

  std::mt19937_64 random_;
  int next_email_ = 0;
  std::vector<Org> orgs_;
  std::vector<User> users_;
  std::vector<Edge> edges_;
  std::string last_invitation_;
  std::map<std::string, Trail> events_;
  std::map<std::string, std::map<std::string, std::string>> members_;
  std::map<std::string, std::map<std::string, std::string>> invitations_;
  std::map<std::string, std::set<std::string>> person_orgs_;
  std::map<std::string, std::set<std::string>> tokens_;
  std::set<std::string> logos_;
  std::vector<DealCopy> deals_;
  std::vector<NoticeCopy> notices_;
  std::vector<DirectCopy> directs_;
  std::vector<std::string> deleted_directs_;
  std::vector<ContactCopy> contacts_;
  std::vector<ContactListCopy> contact_lists_;
  std::vector<OwnedCopy> suppressions_;
  std::vector<OwnedCopy> privacy_requests_;
  std::vector<OwnedCopy> imports_;
  std::map<std::string, int> caps_;
  std::vector<OwnedCopy> webhooks_;
  std::map<std::string, std::set<std::string>> webhook_deliveries_;
  std::vector<LeadCopy> leads_;
};

std::uint64_t Seed() {
  if (const char* fixed = std::getenv("STRATA_LEAK_SEED"); fixed != nullptr && *fixed) {
    return std::stoull(fixed);
  }
  return std::random_device{}();
}

bool ReadsTheTrail(const std::string& role) { return role == "owner" || role == "admin"; }

// Every page of a list route, collected.
std::vector<json::value> AllItems(TestApp& app, const User& user, const std::string& route,
                                  int limit, long long& checks) {
  std::vector<json::value> items;
  std::string cursor;
  do {
    auto page = app.Call(
        user.session, "GET",
        route + "?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
    ++checks;
    EXPECT_EQ(page.status, 200) << route << ": " << page.body;
    if (page.status != 200) break;
    const json::value body = page.Json();
    for (const auto& item : body.at("items").as_array()) items.push_back(item);
    cursor =
        body.at("next_cursor").is_null() ? "" : std::string(body.at("next_cursor").as_string());
  } while (!cursor.empty());
  return items;
}

// Routes that carry no organisation's data and answer everybody the same.
const std::set<std::string> kPublicRoutes = {"/healthz", "/readyz", "/metrics", "/api/v1/version"};

// Routes the harness checks below. A GET route in neither set fails the harness.
// clang-format off
const std::set<std::string> kCheckedRoutes = {
    "/api/v1/api-tokens",
    "/api/v1/audit-events",
    "/api/v1/audit-events/export",
    "/api/v1/contact-imports",
    "/api/v1/contact-imports/{id}",
    "/api/v1/contact-lists",
    "/api/v1/contact-lists/{id}",
    "/api/v1/contact-lists/{id}/contacts",
    "/api/v1/contacts",
    "/api/v1/contacts/{id}",
    "/api/v1/contacts/{id}/consents",
    "/api/v1/deal-rules",
    "/api/v1/deals",
    "/api/v1/deals/export",
    "/api/v1/deals/{id}",
    "/api/v1/direct-opportunities",
    "/api/v1/direct-opportunities/{id}",
    "/api/v1/lead-routing",
    "/api/v1/lead-stats",
    "/api/v1/leads",
    "/api/v1/leads/{id}",
    "/api/v1/marketing-cap",
    "/api/v1/me",
    "/api/v1/me/orgs",
    "/api/v1/member-invitations",
    "/api/v1/members",
    "/api/v1/notifications",
    "/api/v1/org",
    "/api/v1/orgs/{id}/logo",
    "/api/v1/privacy/requests",
    "/api/v1/relationships",
    "/api/v1/relationships/{id}",
    "/api/v1/suppressions",
    "/api/v1/vendors",
    "/api/v1/vendors/{id}/deal-rules",
    "/api/v1/webhooks",
    "/api/v1/webhooks/{id}",
    "/api/v1/webhooks/{id}/deliveries",
};
// clang-format on

// Deals: the list, the export and every deal by id show the user exactly what the oracle allows,
// each side only its own fields; deal rules answer vendors and the partners they sell through.
void CheckDeals(TestApp& app, const Channel& channel, const User& user, long long& checks,
                int& conflicts_seen) {
  std::set<std::string> expected;
  for (const DealCopy& deal : channel.deals()) {
    if (Channel::Sees(user, deal)) expected.insert(deal.id);
  }
  std::set<std::string> listed;
  for (const auto& item : AllItems(app, user, "/api/v1/deals", 20, checks)) {
    EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
  }
  EXPECT_EQ(listed, expected);

  // The export: one row per visible deal; its first column is the id.
  const auto exported = app.Call(user.session, "GET", "/api/v1/deals/export");
  ++checks;
  ASSERT_EQ(exported.status, 200) << exported.body;
  std::set<std::string> exported_ids;
  for (std::size_t at = exported.body.find("\r\n") + 2; at < exported.body.size();) {
    const std::size_t end = exported.body.find("\r\n", at);
    exported_ids.insert(exported.body.substr(at, exported.body.find(',', at) - at));
    at = end == std::string::npos ? exported.body.size() : end + 2;
  }
  EXPECT_EQ(exported_ids, expected);

  for (const DealCopy& deal : channel.deals()) {
    const auto response = app.Call(user.session, "GET", "/api/v1/deals/" + deal.id);
    ++checks;
    // Only the partner's own members ever read its private notes.
    if (deal.partner != user.org_id) {
      EXPECT_EQ(response.body.find("private-note-of-"), std::string::npos) << deal.id;
      EXPECT_EQ(exported.body.find("private-note-of-" + deal.partner), std::string::npos);
    }
    if (!Channel::Sees(user, deal)) {
      EXPECT_EQ(response.status, 404) << "sees deal " << deal.id;
      continue;
    }
    ASSERT_EQ(response.status, 200) << response.body;
    const json::value body = response.Json();
    const auto& object = body.as_object();
    const std::string side(body.at("side").as_string());
    EXPECT_EQ(side, deal.partner == user.org_id  ? "partner"
                    : deal.vendor == user.org_id ? "vendor"
                                                 : "distributor");
    EXPECT_EQ(body.at("status").as_string(), deal.status) << deal.id;
    EXPECT_EQ(object.contains("private_notes"), side == "partner");
    EXPECT_EQ(object.contains("sequence"), side == "vendor");
    EXPECT_EQ(object.contains("conflicts"), side == "vendor");
    EXPECT_EQ(object.contains("conflict_status"), side != "vendor");
    if (side == "vendor") {
      // A conflict names only registrations the vendor may open itself.
      for (const auto& conflict : body.at("conflicts").as_array()) {
        ++conflicts_seen;
        if (const auto* direct = conflict.as_object().if_contains("direct_opportunity_id")) {
          // A direct opportunity only when the member may open it itself.
          const auto found =
              std::find_if(channel.directs().begin(), channel.directs().end(),
                           [&](const DirectCopy& d) { return d.id == direct->as_string(); });
          ASSERT_NE(found, channel.directs().end()) << "a conflict names a deleted opportunity";
          EXPECT_TRUE(Channel::Sees(user, *found)) << "a conflict names " << found->id;
          continue;
        }
        if (!conflict.as_object().contains("deal_id")) continue;
        const std::string other(conflict.at("deal_id").as_string());
        const auto found = std::find_if(channel.deals().begin(), channel.deals().end(),
                                        [&](const DealCopy& d) { return d.id == other; });
        ASSERT_NE(found, channel.deals().end());
        EXPECT_TRUE(Channel::Sees(user, *found)) << "a conflict names " << other;
        EXPECT_NE(found->partner, deal.partner);
      }
    }
  }
  EXPECT_EQ(
      app.Call(user.session, "GET", "/api/v1/deals/0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b").status,
      404);
  ++checks;

  // Deal rules: a vendor's own; a vendor's rules for itself and for partners with a route to it.
  const bool vendor = channel.OrgOf(user.org_id).kinds.contains("vendor");
  EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/deal-rules").status, vendor ? 200 : 403);
  ++checks;
  const auto routes = channel.VendorsOf(user);
  for (const Org& org : channel.orgs()) {
    if (!org.kinds.contains("vendor")) continue;
    const auto response =
        app.Call(user.session, "GET", "/api/v1/vendors/" + org.id + "/deal-rules");
    ++checks;
    const bool allowed = org.id == user.org_id || routes.contains(org.id);
    EXPECT_EQ(response.status, allowed ? 200 : 404) << "rules of " << org.id;
  }
}

// The direct pipeline: a vendor's members list and open exactly its opportunities inside their
// scopes; any other organisation is refused the list and finds no opportunity by id.
void CheckDirectPipeline(TestApp& app, const Channel& channel, const User& user,
                         long long& checks) {
  std::set<std::string> expected;
  for (const DirectCopy& direct : channel.directs()) {
    if (Channel::Sees(user, direct)) expected.insert(direct.id);
  }
  if (channel.OrgOf(user.org_id).kinds.contains("vendor")) {
    std::set<std::string> listed;
    for (const auto& item : AllItems(app, user, "/api/v1/direct-opportunities", 50, checks)) {
      EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
    }
    EXPECT_EQ(listed, expected);
  } else {
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/direct-opportunities").status, 403);
    ++checks;
  }
  for (const DirectCopy& direct : channel.directs()) {
    const auto response =
        app.Call(user.session, "GET", "/api/v1/direct-opportunities/" + direct.id);
    ++checks;
    if (!expected.contains(direct.id)) {
      EXPECT_EQ(response.status, 404) << "sees direct opportunity " << direct.id;
      EXPECT_EQ(response.body.find("rep-of-"), std::string::npos);
      continue;
    }
    ASSERT_EQ(response.status, 200) << response.body;
    const json::value body = response.Json();
    EXPECT_EQ(body.at("company").as_string(), direct.company);
    EXPECT_EQ(body.at("region").as_string(), direct.region);
    EXPECT_EQ(body.at("owner").as_string(), "rep-of-" + direct.vendor);
  }
  // Deleted, or never there: the same 404.
  std::vector<std::string> gone = channel.deleted_directs();
  gone.emplace_back("0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b");
  for (const auto& id : gone) {
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/direct-opportunities/" + id).status, 404);
    ++checks;
  }
}

// Notifications: exactly the organisation's own inside the user's scopes, all unread.
void CheckNotifications(TestApp& app, const Channel& channel, const User& user, long long& checks) {
  const std::multiset<std::string> expected = channel.NoticesFor(user);
  std::multiset<std::string> listed;
  std::string cursor;
  do {
    const auto page =
        app.Call(user.session, "GET",
                 "/api/v1/notifications?limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ++checks;
    ASSERT_EQ(page.status, 200) << page.body;
    const json::value body = page.Json();
    EXPECT_EQ(body.at("unread").as_int64(), static_cast<std::int64_t>(expected.size()));
    for (const auto& item : body.at("items").as_array()) {
      listed.insert(!item.at("deal_id").is_null()
                        ? std::string(item.at("deal_id").as_string())
                        : (!item.at("lead_id").is_null()
                               ? "lead:" + std::string(item.at("lead_id").as_string())
                               : ""));
    }
    cursor =
        body.at("next_cursor").is_null() ? "" : std::string(body.at("next_cursor").as_string());
  } while (!cursor.empty());
  EXPECT_EQ(listed, expected);
}

// Leads: the inbox (as JSON and as CSV) and every lead by id show exactly what the oracle allows,
// and no body holds another organisation's notes; routing names the organisation's own active
// partners and the statistics only partners it offered leads to.
void CheckLeads(TestApp& app, const Channel& channel, const User& user, long long& checks) {
  std::set<std::string> expected;
  std::set<std::string> offered_to;
  for (const LeadCopy& lead : channel.leads()) {
    if (Channel::Sees(user, lead)) expected.insert(lead.id);
    if (lead.owner == user.org_id)
      offered_to.insert(lead.offered_to.begin(), lead.offered_to.end());
  }
  const auto foreign_note = [&](const std::string& body) {
    std::size_t at = 0;
    while ((at = body.find("note-of-", at)) != std::string::npos) {
      at += 8;
      if (body.compare(at, user.org_id.size(), user.org_id) != 0) return true;
    }
    return false;
  };
  std::set<std::string> listed;
  for (const auto& item : AllItems(app, user, "/api/v1/leads", 7, checks)) {
    EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
    EXPECT_FALSE(foreign_note(json::serialize(item))) << json::serialize(item);
  }
  EXPECT_EQ(listed, expected);
  const auto csv = app.Call(user.session, "GET", "/api/v1/leads?format=csv");
  ++checks;
  ASSERT_EQ(csv.status, 200) << csv.body;
  for (const LeadCopy& lead : channel.leads()) {
    EXPECT_EQ(csv.body.find(lead.id) != std::string::npos, expected.contains(lead.id))
        << "CSV export, lead " << lead.id;
  }
  for (const LeadCopy& lead : channel.leads()) {
    const auto one = app.Call(user.session, "GET", "/api/v1/leads/" + lead.id);
    ++checks;
    EXPECT_EQ(one.status, Channel::Sees(user, lead) ? 200 : 404) << lead.id;
    EXPECT_FALSE(foreign_note(one.body)) << one.body;
  }
  const auto routing = app.Call(user.session, "GET", "/api/v1/lead-routing");
  ++checks;
  ASSERT_EQ(routing.status, 200) << routing.body;
  std::set<std::string> partners;
  const json::value routing_body = routing.Json();
  for (const auto& partner : routing_body.at("partners").as_array()) {
    partners.emplace(partner.at("partner").at("id").as_string());
  }
  EXPECT_EQ(partners, channel.RoutingPartnersOf(user));
  const auto stats = app.Call(user.session, "GET", "/api/v1/lead-stats");
  ++checks;
  ASSERT_EQ(stats.status, 200) << stats.body;
  std::set<std::string> counted;
  const json::value stats_body = stats.Json();
  for (const auto& row : stats_body.at("items").as_array()) {
    counted.emplace(row.at("partner").at("id").as_string());
  }
  EXPECT_EQ(counted, offered_to);
}

// The marketing database: contacts (list, by id, consents), lists and segments with their
// contacts, the suppression list, the cap and data-subject requests, each only its
// organisation's, contacts only inside the member's region scopes. No body ever holds another
// organisation's address.
void CheckContacts(TestApp& app, const Channel& channel, const User& user, long long& checks) {
  std::set<std::string> expected;
  for (const ContactCopy& contact : channel.contacts()) {
    if (Channel::Sees(user, contact)) expected.insert(contact.id);
  }
  std::set<std::string> listed;
  for (const auto& item : AllItems(app, user, "/api/v1/contacts", 2, checks)) {
    EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
  }
  EXPECT_EQ(listed, expected);
  const auto foreign_address = [&](const std::string& body) {
    return body.find("-of-") != std::string::npos &&
           body.find("-of-" + user.org_id + "@") == std::string::npos;
  };
  for (const ContactCopy& contact : channel.contacts()) {
    for (const std::string& route :
         {"/api/v1/contacts/" + contact.id, "/api/v1/contacts/" + contact.id + "/consents"}) {
      const auto response = app.Call(user.session, "GET", route);
      ++checks;
      EXPECT_EQ(response.status, Channel::Sees(user, contact) ? 200 : 404) << route;
      EXPECT_FALSE(foreign_address(response.body)) << route;
    }
  }

  std::set<std::string> own_lists;
  for (const ContactListCopy& list : channel.contact_lists()) {
    if (list.org == user.org_id) own_lists.insert(list.id);
  }
  std::set<std::string> listed_lists;
  const auto lists = app.Call(user.session, "GET", "/api/v1/contact-lists");
  ++checks;
  ASSERT_EQ(lists.status, 200) << lists.body;
  const json::value lists_body = lists.Json();
  for (const auto& item : lists_body.at("items").as_array()) {
    listed_lists.emplace(item.at("id").as_string());
  }
  EXPECT_EQ(listed_lists, own_lists);
  for (const ContactListCopy& list : channel.contact_lists()) {
    const bool own = list.org == user.org_id;
    const auto one = app.Call(user.session, "GET", "/api/v1/contact-lists/" + list.id);
    ++checks;
    EXPECT_EQ(one.status, own ? 200 : 404) << list.id;
    if (!own) {
      const auto members =
          app.Call(user.session, "GET", "/api/v1/contact-lists/" + list.id + "/contacts");
      ++checks;
      EXPECT_EQ(members.status, 404) << list.id;
      EXPECT_FALSE(foreign_address(members.body));
      continue;
    }
    std::set<std::string> members;
    for (const auto& item :
         AllItems(app, user, "/api/v1/contact-lists/" + list.id + "/contacts", 50, checks)) {
      members.emplace(item.at("id").as_string());
    }
    std::set<std::string> expected_members;
    for (const ContactCopy& contact : channel.contacts()) {
      const bool held = list.segment || list.members.contains(contact.id);
      if (held && Channel::Sees(user, contact)) expected_members.insert(contact.id);
    }
    EXPECT_EQ(members, expected_members) << list.id;
  }

  const bool every_region = user.scope_regions.empty();
  const auto suppressions = app.Call(user.session, "GET", "/api/v1/suppressions?limit=200");
  ++checks;
  if (every_region) {
    ASSERT_EQ(suppressions.status, 200) << suppressions.body;
    std::set<std::string> got;
    const json::value body = suppressions.Json();
    for (const auto& item : body.at("items").as_array()) got.emplace(item.at("id").as_string());
    std::set<std::string> own;
    for (const OwnedCopy& suppression : channel.suppressions()) {
      if (suppression.org == user.org_id) own.insert(suppression.id);
    }
    EXPECT_EQ(got, own);
    EXPECT_FALSE(foreign_address(suppressions.body));
  } else {
    EXPECT_EQ(suppressions.status, 403);
  }

  const auto cap = app.Call(user.session, "GET", "/api/v1/marketing-cap");
  ++checks;
  ASSERT_EQ(cap.status, 200) << cap.body;
  const auto capped = channel.caps().find(user.org_id);
  if (capped == channel.caps().end()) {
    EXPECT_TRUE(cap.Json().at("max_emails").is_null());
  } else {
    EXPECT_EQ(cap.Json().at("max_emails").as_int64(), capped->second);
  }

  // Imports: the organisation's own, for members without region scopes.
  const auto imports = app.Call(user.session, "GET", "/api/v1/contact-imports");
  ++checks;
  std::set<std::string> own_imports;
  for (const OwnedCopy& import : channel.imports()) {
    if (import.org == user.org_id && every_region) own_imports.insert(import.id);
  }
  if (every_region) {
    ASSERT_EQ(imports.status, 200) << imports.body;
    const json::value body = imports.Json();
    std::set<std::string> got;
    for (const auto& item : body.at("items").as_array()) got.emplace(item.at("id").as_string());
    EXPECT_EQ(got, own_imports);
  } else {
    EXPECT_EQ(imports.status, 403);
  }
  for (const OwnedCopy& import : channel.imports()) {
    const auto one = app.Call(user.session, "GET", "/api/v1/contact-imports/" + import.id);
    ++checks;
    EXPECT_EQ(one.status, own_imports.contains(import.id) ? 200 : 404) << import.id;
    EXPECT_FALSE(foreign_address(one.body));
  }

  const auto requests = app.Call(user.session, "GET", "/api/v1/privacy/requests");
  ++checks;
  if (every_region && ReadsTheTrail(user.role)) {
    ASSERT_EQ(requests.status, 200) << requests.body;
    std::set<std::string> got;
    const json::value body = requests.Json();
    for (const auto& item : body.at("items").as_array()) got.emplace(item.at("id").as_string());
    std::set<std::string> own;
    for (const OwnedCopy& request : channel.privacy_requests()) {
      if (request.org == user.org_id) own.insert(request.id);
    }
    EXPECT_EQ(got, own);
  } else {
    EXPECT_EQ(requests.status, 403);
  }
}

// Webhook endpoints and their delivery logs: the organisation's own, for members without region
// or vendor scopes (the rest are refused: endpoints carry every region's data); the secret only
// to owners and admins who ask. No body ever holds another organisation's URL.
void CheckWebhooks(TestApp& app, const Channel& channel, const User& user, long long& checks) {
  const bool unscoped = user.scope_regions.empty() && user.scope_vendors.empty();
  const auto foreign_url = [&](const std::string& body) {
    return body.find("hooks-of-") != std::string::npos &&
           body.find("hooks-of-" + user.org_id + "/") == std::string::npos;
  };
  std::set<std::string> own;
  for (const OwnedCopy& webhook : channel.webhooks()) {
    if (webhook.org == user.org_id) own.insert(webhook.id);
  }
  if (unscoped) {
    std::set<std::string> listed;
    for (const auto& item : AllItems(app, user, "/api/v1/webhooks", 1, checks)) {
      EXPECT_TRUE(listed.emplace(item.at("id").as_string()).second) << "listed twice";
      EXPECT_TRUE(item.at("secret").is_null());
    }
    EXPECT_EQ(listed, own);
  } else {
    const auto refused = app.Call(user.session, "GET", "/api/v1/webhooks");
    ++checks;
    EXPECT_EQ(refused.status, 403) << refused.body;
  }
  for (const OwnedCopy& webhook : channel.webhooks()) {
    const bool sees = unscoped && webhook.org == user.org_id;
    const int hidden = unscoped ? 404 : 403;
    const std::string route = "/api/v1/webhooks/" + webhook.id;
    const auto one = app.Call(user.session, "GET", route);
    ++checks;
    EXPECT_EQ(one.status, sees ? 200 : hidden) << route;
    EXPECT_FALSE(foreign_url(one.body)) << route;
    if (sees) {
      const json::value body = one.Json();
      EXPECT_TRUE(body.at("secret").is_null());
    }
    const auto revealed = app.Call(user.session, "GET", route + "?reveal_secret=true");
    ++checks;
    // Only owners and admins may ask, whichever endpoint they name.
    const int reveal_status = !unscoped || !ReadsTheTrail(user.role) ? 403 : sees ? 200 : 404;
    EXPECT_EQ(revealed.status, reveal_status) << route;
    EXPECT_FALSE(foreign_url(revealed.body)) << route;
    if (revealed.status == 200) {
      const json::value body = revealed.Json();
      EXPECT_TRUE(body.at("secret").is_string());
    }
    if (!sees) {
      const auto deliveries = app.Call(user.session, "GET", route + "/deliveries");
      ++checks;
      EXPECT_EQ(deliveries.status, hidden) << route;
      EXPECT_FALSE(foreign_url(deliveries.body)) << route;
      continue;
    }
    std::set<std::string> delivered;
    for (const auto& item : AllItems(app, user, route + "/deliveries", 50, checks)) {
      delivered.emplace(item.at("id").as_string());
      EXPECT_EQ(item.at("endpoint_id").as_string(), webhook.id);
    }
    EXPECT_EQ(delivered, channel.webhook_deliveries().at(webhook.id)) << route;
  }
}

// Every checked GET route, as `user`, against the oracle. Users are checked on several threads at
// once: the checks only read, and each thread counts its own.
void CheckUser(TestApp& app, const Channel& channel, const User& user, long long& checks,
               int& conflicts_seen) {
  SCOPED_TRACE(user.email + " (" + user.role + ")");
  // /api/v1/me: the user's organisation, role and scopes.
  auto me = app.Call(user.session, "GET", "/api/v1/me");
  ++checks;
  ASSERT_EQ(me.status, 200);
  const json::value me_body = me.Json();
  EXPECT_EQ(me_body.at("org").at("id").as_string(), user.org_id);
  EXPECT_EQ(me_body.at("role").as_string(), user.role);
  std::set<std::string> me_vendors;
  for (const auto& id : me_body.at("scopes").at("vendors").as_array()) {
    me_vendors.emplace(id.as_string());
  }
  EXPECT_EQ(me_vendors, user.scope_vendors);

  // /api/v1/org: the user's own organisation.
  auto org = app.Call(user.session, "GET", "/api/v1/org");
  ++checks;
  ASSERT_EQ(org.status, 200);
  EXPECT_EQ(org.Json().at("id").as_string(), user.org_id);

  // /api/v1/orgs/{id}/logo: every organisation in the system.
  for (const Org& other : channel.orgs()) {
    auto logo = app.Call(user.session, "GET", "/api/v1/orgs/" + other.id + "/logo");
    ++checks;
    if (channel.SeesLogo(user, other.id)) {
      EXPECT_EQ(logo.status, 200) << "logo of " << other.id;
      EXPECT_EQ(logo.body.substr(12), other.id);
    } else {
      EXPECT_EQ(logo.status, 404) << "sees the logo of " << other.id;
    }
  }

  // /api/v1/me/orgs: exactly the organisations the person belongs to.
  std::set<std::string> orgs;
  for (const auto& item : AllItems(app, user, "/api/v1/me/orgs", 50, checks)) {
    orgs.emplace(item.at("id").as_string());
  }
  EXPECT_EQ(orgs, channel.OrgsOfPerson(user.email));

  // /api/v1/members: the organisation's team, with roles.
  std::map<std::string, std::string> members;
  for (const auto& item : AllItems(app, user, "/api/v1/members", 50, checks)) {
    members[std::string(item.at("email").as_string())] = item.at("role").as_string();
  }
  EXPECT_EQ(members, channel.MembersOf(user.org_id));

  // /api/v1/member-invitations: the organisation's, for owners and admins only.
  if (ReadsTheTrail(user.role)) {
    std::map<std::string, std::string> invitations;
    for (const auto& item : AllItems(app, user, "/api/v1/member-invitations", 50, checks)) {
      EXPECT_EQ(item.at("org_id").as_string(), user.org_id);
      invitations[std::string(item.at("id").as_string())] = item.at("status").as_string();
    }
    EXPECT_EQ(invitations, channel.InvitationsOf(user.org_id));
  } else {
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/member-invitations").status, 403);
    ++checks;
  }

  // /api/v1/api-tokens: the organisation's, for owners and admins only.
  if (ReadsTheTrail(user.role)) {
    std::set<std::string> listed_tokens;
    for (const auto& item : AllItems(app, user, "/api/v1/api-tokens", 50, checks)) {
      EXPECT_EQ(item.at("org_id").as_string(), user.org_id);
      EXPECT_FALSE(item.as_object().contains("token"));
      listed_tokens.emplace(item.at("id").as_string());
    }
    EXPECT_EQ(listed_tokens, channel.TokensOf(user.org_id));
  } else {
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/api-tokens").status, 403);
    ++checks;
  }

  // /api/v1/relationships: every page, exactly the visible edges.
  std::set<std::string> listed;
  for (const auto& item : AllItems(app, user, "/api/v1/relationships", 7, checks)) {
    EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
  }
  std::set<std::string> expected;
  for (const Edge& edge : channel.edges()) {
    if (channel.Sees(user, edge)) expected.insert(edge.id);
  }
  EXPECT_EQ(listed, expected);

  // /api/v1/relationships/{id}: every id in the system.
  for (const Edge& edge : channel.edges()) {
    auto response = app.Call(user.session, "GET", "/api/v1/relationships/" + edge.id);
    ++checks;
    if (!channel.Sees(user, edge)) {
      EXPECT_EQ(response.status, 404) << "sees " << edge.id;
      EXPECT_EQ(response.body.find(edge.upstream), std::string::npos);
      continue;
    }
    ASSERT_EQ(response.status, 200) << response.body;
    const json::value body = response.Json();
    EXPECT_EQ(body.at("status").as_string(), edge.status);
    EXPECT_EQ(body.at("tier").as_string(), edge.tier);
    EXPECT_EQ(body.at("upstream").at("id").as_string(), edge.upstream);
    EXPECT_EQ(body.at("downstream").at("id").as_string(), edge.downstream);
    std::set<std::string> vendor_ids;
    for (const auto& id : body.at("vendor_ids").as_array()) vendor_ids.emplace(id.as_string());
    EXPECT_EQ(vendor_ids, edge.vendor_ids);
  }
  // An id that exists nowhere answers exactly like one that is hidden.
  EXPECT_EQ(
      app.Call(user.session, "GET", "/api/v1/relationships/0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b")
          .status,
      404);
  ++checks;

  // /api/v1/audit-events: exactly the organisation's own trail, for owners and admins.
  if (ReadsTheTrail(user.role)) {
    Channel::Trail trail;
    for (const auto& event : AllItems(app, user, "/api/v1/audit-events", 25, checks)) {
      EXPECT_EQ(event.at("org_id").as_string(), user.org_id);
      const std::string action(event.at("action").as_string());
      trail.insert({action, action == "user.signed_in"
                                ? ""
                                : std::string(event.at("target_id").as_string())});
    }
    EXPECT_EQ(trail, channel.EventsOf(user.org_id));
    // The CSV export holds the same trail. Its first five columns (time, email, action,
    // target type and id) never need quoting.
    const auto exported = app.Call(user.session, "GET", "/api/v1/audit-events/export");
    ++checks;
    ASSERT_EQ(exported.status, 200) << exported.body;
    Channel::Trail exported_trail;
    std::size_t line_start = exported.body.find("\r\n") + 2;
    while (line_start < exported.body.size()) {
      const std::size_t line_end = exported.body.find("\r\n", line_start);
      std::vector<std::string> cells;
      std::size_t cell_start = line_start;
      for (int i = 0; i < 5; ++i) {
        const std::size_t comma = exported.body.find(',', cell_start);
        cells.push_back(exported.body.substr(cell_start, comma - cell_start));
        cell_start = comma + 1;
      }
      exported_trail.insert({cells[2], cells[2] == "user.signed_in" ? "" : cells[4]});
      line_start = line_end + 2;
    }
    EXPECT_EQ(exported_trail, trail);
  } else {
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/audit-events").status, 403);
    EXPECT_EQ(app.Call(user.session, "GET", "/api/v1/audit-events/export").status, 403);
    checks += 2;
  }

  // /api/v1/vendors: the vendors and routes the oracle derives.
  std::map<std::string, std::set<std::string>> got;
  for (const auto& item : AllItems(app, user, "/api/v1/vendors", 50, checks)) {
    auto& routes = got[std::string(item.at("vendor").at("id").as_string())];
    for (const auto& route : item.at("routes").as_array()) {
      routes.emplace(route.at("relationship_id").as_string());
    }
  }
  EXPECT_EQ(got, channel.VendorsOf(user));

  CheckDeals(app, channel, user, checks, conflicts_seen);
  CheckDirectPipeline(app, channel, user, checks);
  CheckNotifications(app, channel, user, checks);
  CheckContacts(app, channel, user, checks);
  CheckWebhooks(app, channel, user, checks);
  CheckLeads(app, channel, user, checks);
}

TEST(LeakHarness, EveryUserSeesExactlyWhatTheOracleAllows) {
  const std::uint64_t seed = Seed();
  std::cout << "leak harness seed " << seed << " (STRATA_LEAK_SEED=" << seed << " repeats it)"
            << std::endl;
  SCOPED_TRACE("STRATA_LEAK_SEED=" + std::to_string(seed));

  TestApp app;
  for (const auto& route : app.app().router().Routes()) {
    if (route.method != http::Method::kGet) continue;
    EXPECT_TRUE(kPublicRoutes.contains(route.pattern) || kCheckedRoutes.contains(route.pattern))
        << "GET " << route.pattern << " is not covered by the leak harness";
  }

  Channel channel(seed);
  ASSERT_NO_FATAL_FAILURE(channel.Build(app, 14, 12, 30, 6));
  ASSERT_GE(channel.orgs().size(), 50U);
  ASSERT_GE(channel.users().size(), 200U);
  std::map<std::string, int> statuses;
  for (const Edge& edge : channel.edges()) ++statuses[edge.status];
  for (const char* status : {"invited", "active", "declined", "suspended", "ended"}) {
    EXPECT_GT(statuses[status], 0) << "no relationship is " << status;
  }
  std::map<std::string, int> roles;
  int scoped = 0;
  int tokens = 0;
  for (const User& user : channel.users()) {
    ++roles[user.role];
    if (!user.session.api_token.empty()) ++tokens;
    if (!user.scope_vendors.empty()) ++scoped;
  }
  for (const char* role : {"owner", "admin", "manager", "member", "viewer"}) {
    EXPECT_GT(roles[role], 0) << "nobody is " << role;
  }
  EXPECT_GT(scoped, 0) << "nobody is scoped to vendors";
  std::map<std::string, int> deal_statuses;
  int two_tier = 0;
  for (const DealCopy& deal : channel.deals()) {
    ++deal_statuses[deal.status];
    if (!deal.distributor.empty()) ++two_tier;
  }
  for (const char* status : {"draft", "submitted", "approved", "rejected"}) {
    EXPECT_GT(deal_statuses[status], 0) << "no deal is " << status;
  }
  EXPECT_GT(two_tier, 0) << "no deal went through a distributor";

  // The users are dealt to twice as many threads as there are cores, so that the server answers
  // several at a time, as it does in use, and no core waits on a round trip.
  const std::size_t threads =
      std::clamp<std::size_t>(std::size_t{2} * std::thread::hardware_concurrency(), 2, 16);
  std::vector<long long> checks_by_thread(threads, 0);
  std::vector<int> conflicts_by_thread(threads, 0);
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (std::size_t i = t; i < channel.users().size(); i += threads) {
          CheckUser(app, channel, channel.users()[i], checks_by_thread[t], conflicts_by_thread[t]);
        }
      });
    }
  }
  long long checks = std::accumulate(checks_by_thread.begin(), checks_by_thread.end(), 0LL);
  const int conflicts_seen =
      std::accumulate(conflicts_by_thread.begin(), conflicts_by_thread.end(), 0);

  EXPECT_GT(conflicts_seen, 0) << "no vendor saw a conflict";

  // Without a session every checked route answers 401 and says nothing.
  for (const auto& route : kCheckedRoutes) {
    std::string target = route;
    if (auto at = target.find("{id}"); at != std::string::npos) {
      const bool org_route =
          route.find("orgs") != std::string::npos || route.find("vendors") != std::string::npos;
      const bool deal_route = route.find("deals") != std::string::npos && !channel.deals().empty();
      target.replace(at, 4,
                     org_route    ? channel.orgs().front().id
                     : deal_route ? channel.deals().front().id
                                  : channel.edges().front().id);
    }
    EXPECT_EQ(app.Get(target).status, 401) << target;
    ++checks;
  }
  std::cout << "leak harness: " << channel.orgs().size() << " organisations, "
            << channel.users().size() << " users (" << roles["owner"] << " owners, "
            << roles["admin"] << " admins, " << roles["manager"] << " managers, " << roles["member"]
            << " members, " << roles["viewer"] << " viewers; " << scoped << " scoped to vendors; "
            << tokens << " of them API tokens), " << channel.edges().size() << " relationships, "
            << channel.deals().size() << " deals (" << two_tier << " through distributors; "
            << conflicts_seen << " conflicts shown to vendors), " << channel.directs().size()
            << " direct opportunities, " << channel.contacts().size() << " contacts, "
            << channel.leads().size() << " leads, " << checks << " (user, route, id) checks\n";
}

}  // namespace
}  // namespace strata::api_testing
