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
#include <optional>
#include <random>
#include <set>
#include <utility>

#include "test_app.h"

namespace strata::api_testing {
namespace {

// One signed-in user as the harness sees it.
struct Member {
  std::string email;
  std::string org_id;
  std::string cookie;
  std::string csrf;
  std::set<std::string> kinds;
};

// The oracle's copy of a relationship, kept from what the harness did, not read back.
struct Edge {
  std::string id;
  std::string upstream;
  std::string downstream;
  std::string kind;
  std::string status;
  std::set<std::string> vendor_ids;
};

class Channel {
 public:
  explicit Channel(std::uint64_t seed) : random_(seed) {}

  void Build(TestApp& app, int vendors, int distributors, int resellers) {
    int n = 0;
    const auto add = [&](std::vector<std::string> kinds) {
      const std::string email = "user" + std::to_string(n++) + "@leak.example";
      std::string kind_list;
      for (const auto& kind : kinds) kind_list += (kind_list.empty() ? "\"" : ",\"") + kind + "\"";
      auto response = app.Post("/api/v1/auth/signup",
                               R"({"email":")" + email +
                                   R"(","password":"correct horse battery","name":"Member",)"
                                   R"("org":{"name":"Org )" +
                                   std::to_string(n) + R"(","kinds":[)" + kind_list + "]}}");
      ASSERT_EQ(response.status, 201) << response.body;
      auto body = response.Json();
      const std::string set_cookie = response.Header("set-cookie");
      members_.push_back({email, std::string(body.at("org").at("id").as_string()),
                          set_cookie.substr(0, set_cookie.find(';')),
                          std::string(body.at("csrf_token").as_string()),
                          std::set<std::string>(kinds.begin(), kinds.end())});
      const std::string& org_id = members_.back().org_id;
      events_[org_id].insert({"org.created", org_id});
      events_[org_id].insert({"user.signed_in", ""});
    };
    for (int i = 0; i < vendors; ++i)
      add(i % 4 == 3 ? std::vector<std::string>{"vendor", "distributor"}
                     : std::vector<std::string>{"vendor"});
    for (int i = 0; i < distributors; ++i) add({"distributor"});
    for (int i = 0; i < resellers; ++i)
      add(i % 5 == 4 ? std::vector<std::string>{"reseller", "distributor"}
                     : std::vector<std::string>{"reseller"});

    // Random edges in every status.
    for (const Member& upstream : members_) {
      const bool vendor = upstream.kinds.contains("vendor");
      const bool distributor = upstream.kinds.contains("distributor");
      if (!vendor && !distributor) continue;
      for (const Member& downstream : members_) {
        if (&upstream == &downstream || Chance() > 0.18) continue;
        // A vendor takes a distributor as such when it can (and, half the time, even when the
        // organisation is a reseller too); everyone else invites resellers.
        const bool as_distributor = vendor && downstream.kinds.contains("distributor") &&
                                    (!downstream.kinds.contains("reseller") || Chance() < 0.5);
        std::string kind;
        if (as_distributor)
          kind = "distributor";
        else if (downstream.kinds.contains("reseller"))
          kind = "reseller";
        if (kind.empty() || OpenBetween(upstream.org_id, downstream.org_id)) continue;
        Invite(app, upstream, downstream, kind);
      }
    }
    // Distributors authorise some of their active resellers for some vendors they carry.
    for (Edge& edge : edges_) {
      if (edge.kind != "reseller" || edge.status != "active") continue;
      const Member& distributor = MemberOf(edge.upstream);
      if (!distributor.kinds.contains("distributor")) continue;
      std::vector<std::string> carried;
      for (const Edge& supply : edges_) {
        if (supply.downstream == edge.upstream && supply.kind == "distributor" &&
            supply.status == "active") {
          carried.push_back(supply.upstream);
        }
      }
      std::set<std::string> chosen;
      for (const auto& vendor : carried) {
        if (Chance() < 0.6) chosen.insert(vendor);
      }
      std::string list;
      for (const auto& id : chosen) list += (list.empty() ? "\"" : ",\"") + id + "\"";
      auto response =
          Call(app, distributor, "PUT", "/api/v1/relationships/" + edge.id + "/authorizations",
               R"({"vendor_ids":[)" + list + "]}");
      ASSERT_EQ(response.status, 200) << response.body;
      edge.vendor_ids = chosen;
      events_[edge.upstream].insert({"relationship.authorizations_set", edge.id});
    }
    // Some distributor supply lines are suspended afterwards: their routes must disappear.
    for (Edge& edge : edges_) {
      if (edge.kind == "distributor" && edge.status == "active" && Chance() < 0.2) {
        auto response = Call(app, MemberOf(edge.upstream), "POST",
                             "/api/v1/relationships/" + edge.id + "/suspend", "{}");
        ASSERT_EQ(response.status, 200) << response.body;
        edge.status = "suspended";
        events_[edge.upstream].insert({"relationship.suspend", edge.id});
      }
    }
  }

  const std::vector<Member>& members() const { return members_; }
  const std::vector<Edge>& edges() const { return edges_; }

  // Oracle: the (action, target) pairs in each organisation's audit trail. Sign-ins target the
  // user, whose id the harness does not track: their target is left blank on both sides.
  using Trail = std::multiset<std::pair<std::string, std::string>>;
  const Trail& EventsOf(const Member& member) { return events_[member.org_id]; }

  // Oracle: a member sees an edge when its organisation is one side of it.
  bool Sees(const Member& member, const Edge& edge) const {
    return edge.upstream == member.org_id || edge.downstream == member.org_id;
  }

  // Oracle: vendor id -> the relationship ids of its routes, for a member's organisation.
  std::map<std::string, std::set<std::string>> VendorsOf(const Member& member) const {
    std::map<std::string, std::set<std::string>> vendors;
    for (const Edge& edge : edges_) {
      if (edge.downstream != member.org_id || edge.status != "active") continue;
      if (MemberOf(edge.upstream).kinds.contains("vendor") && edge.vendor_ids.empty()) {
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
    return vendors;
  }

  static RawResponse Call(TestApp& app, const Member& member, const std::string& method,
                          const std::string& target, const std::string& body = "") {
    return Fetch(app.port(), method, target, body,
                 {{"Cookie", member.cookie}, {"X-CSRF-Token", member.csrf}});
  }

 private:
  double Chance() { return std::uniform_real_distribution<double>(0, 1)(random_); }

  const Member& MemberOf(const std::string& org_id) const {
    return *std::find_if(members_.begin(), members_.end(),
                         [&](const Member& m) { return m.org_id == org_id; });
  }

  bool OpenBetween(const std::string& a, const std::string& b) const {
    return std::any_of(edges_.begin(), edges_.end(), [&](const Edge& e) {
      const bool pair =
          (e.upstream == a && e.downstream == b) || (e.upstream == b && e.downstream == a);
      return pair && (e.status == "invited" || e.status == "active" || e.status == "suspended");
    });
  }

  void Invite(TestApp& app, const Member& upstream, const Member& downstream,
              const std::string& kind) {
    auto response = Call(app, upstream, "POST", "/api/v1/relationships",
                         R"({"org_id":")" + downstream.org_id + R"(","kind":")" + kind + R"("})");
    ASSERT_EQ(response.status, 201) << response.body;
    Edge edge{std::string(response.Json().at("id").as_string()),
              upstream.org_id,
              downstream.org_id,
              kind,
              "invited",
              {}};
    events_[upstream.org_id].insert({"relationship.invited", edge.id});
    // Walk each edge to a random point of its lifecycle.
    const double fate = Chance();
    const auto act = [&](const Member& who, const std::string& action, const std::string& next) {
      auto answer = Call(app, who, "POST", "/api/v1/relationships/" + edge.id + "/" + action, "{}");
      ASSERT_EQ(answer.status, 200) << action << ": " << answer.body;
      edge.status = next;
      events_[who.org_id].insert({"relationship." + action, edge.id});
    };
    if (fate < 0.15) {
      // Stays invited.
    } else if (fate < 0.25) {
      act(downstream, "decline", "declined");
    } else {
      act(downstream, "accept", "active");
      if (fate > 0.85)
        act(upstream, "suspend", "suspended");
      else if (fate > 0.78)
        act(Chance() < 0.5 ? upstream : downstream, "end", "ended");
    }
    edges_.push_back(edge);
  }

  std::mt19937_64 random_;
  std::vector<Member> members_;
  std::vector<Edge> edges_;
  std::map<std::string, Trail> events_;
};

std::uint64_t Seed() {
  if (const char* fixed = std::getenv("STRATA_LEAK_SEED"); fixed != nullptr && *fixed) {
    return std::stoull(fixed);
  }
  return std::random_device{}();
}

// Routes that carry no organisation's data and answer everybody the same.
const std::set<std::string> kPublicRoutes = {"/healthz", "/readyz", "/metrics", "/api/v1/version"};

// Routes the harness checks below. A GET route in neither set fails the harness.
const std::set<std::string> kCheckedRoutes = {"/api/v1/me", "/api/v1/audit-events",
                                              "/api/v1/relationships", "/api/v1/relationships/{id}",
                                              "/api/v1/vendors"};

TEST(LeakHarness, EveryUserSeesExactlyWhatTheOracleAllows) {
  const std::uint64_t seed = Seed();
  std::cout << "leak harness seed " << seed << " (STRATA_LEAK_SEED=" << seed << " repeats it)\n";
  SCOPED_TRACE("STRATA_LEAK_SEED=" + std::to_string(seed));

  TestApp app;
  for (const auto& route : app.app().router().Routes()) {
    if (route.method != http::Method::kGet) continue;
    EXPECT_TRUE(kPublicRoutes.contains(route.pattern) || kCheckedRoutes.contains(route.pattern))
        << "GET " << route.pattern << " is not covered by the leak harness";
  }

  Channel channel(seed);
  ASSERT_NO_FATAL_FAILURE(channel.Build(app, 14, 12, 30));
  ASSERT_GE(channel.members().size(), 50U);
  std::map<std::string, int> statuses;
  for (const Edge& edge : channel.edges()) ++statuses[edge.status];
  for (const char* status : {"invited", "active", "declined", "suspended", "ended"}) {
    EXPECT_GT(statuses[status], 0) << "no relationship is " << status;
  }

  long long checks = 0;
  for (const Member& member : channel.members()) {
    // /api/v1/me: the member's own organisation.
    auto me = Channel::Call(app, member, "GET", "/api/v1/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.Json().at("org").at("id").as_string(), member.org_id);
    ++checks;

    // /api/v1/relationships: every page, exactly the visible edges.
    std::set<std::string> listed;
    std::string cursor;
    do {
      auto page = Channel::Call(
          app, member, "GET",
          "/api/v1/relationships?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200) << page.body;
      auto body = page.Json();
      for (const auto& item : body.at("items").as_array()) {
        EXPECT_TRUE(listed.insert(std::string(item.at("id").as_string())).second) << "listed twice";
      }
      cursor =
          body.at("next_cursor").is_null() ? "" : std::string(body.at("next_cursor").as_string());
      ++checks;
    } while (!cursor.empty());
    std::set<std::string> expected;
    for (const Edge& edge : channel.edges()) {
      if (channel.Sees(member, edge)) expected.insert(edge.id);
    }
    EXPECT_EQ(listed, expected) << member.email;

    // /api/v1/relationships/{id}: every id in the system.
    for (const Edge& edge : channel.edges()) {
      auto response = Channel::Call(app, member, "GET", "/api/v1/relationships/" + edge.id);
      ++checks;
      if (!channel.Sees(member, edge)) {
        EXPECT_EQ(response.status, 404) << member.email << " sees " << edge.id;
        EXPECT_EQ(response.body.find(edge.upstream), std::string::npos);
        continue;
      }
      ASSERT_EQ(response.status, 200) << response.body;
      auto body = response.Json();
      EXPECT_EQ(body.at("status").as_string(), edge.status);
      EXPECT_EQ(body.at("upstream").at("id").as_string(), edge.upstream);
      EXPECT_EQ(body.at("downstream").at("id").as_string(), edge.downstream);
      std::set<std::string> vendor_ids;
      for (const auto& id : body.at("vendor_ids").as_array()) vendor_ids.emplace(id.as_string());
      EXPECT_EQ(vendor_ids, edge.vendor_ids);
    }
    // An id that exists nowhere answers exactly like one that is hidden.
    EXPECT_EQ(Channel::Call(app, member, "GET",
                            "/api/v1/relationships/0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b")
                  .status,
              404);

    // /api/v1/audit-events: exactly the organisation's own trail, every page.
    Channel::Trail trail;
    cursor.clear();
    do {
      auto page = Channel::Call(
          app, member, "GET",
          "/api/v1/audit-events?limit=9" + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(page.status, 200) << page.body;
      const json::value events = page.Json();
      for (const auto& event : events.at("items").as_array()) {
        EXPECT_EQ(event.at("org_id").as_string(), member.org_id);
        const std::string action(event.at("action").as_string());
        trail.insert({action, action == "user.signed_in"
                                  ? ""
                                  : std::string(event.at("target_id").as_string())});
      }
      cursor = events.at("next_cursor").is_null()
                   ? ""
                   : std::string(events.at("next_cursor").as_string());
      ++checks;
    } while (!cursor.empty());
    EXPECT_EQ(trail, channel.EventsOf(member)) << member.email;

    // /api/v1/vendors: the vendors and routes the oracle derives.
    auto vendors = Channel::Call(app, member, "GET", "/api/v1/vendors");
    ASSERT_EQ(vendors.status, 200);
    ++checks;
    std::map<std::string, std::set<std::string>> got;
    const json::value vendor_body = vendors.Json();
    for (const auto& item : vendor_body.at("items").as_array()) {
      auto& routes = got[std::string(item.at("vendor").at("id").as_string())];
      for (const auto& route : item.at("routes").as_array()) {
        routes.emplace(route.at("relationship_id").as_string());
      }
    }
    EXPECT_EQ(got, channel.VendorsOf(member)) << member.email;
  }

  // Without a session every checked route answers 401 and says nothing.
  for (const auto& route : kCheckedRoutes) {
    std::string target = route;
    if (auto at = target.find("{id}"); at != std::string::npos) {
      target.replace(at, 4, channel.edges().front().id);
    }
    EXPECT_EQ(app.Get(target).status, 401) << target;
    ++checks;
  }
  std::cout << "leak harness: " << channel.members().size() << " organisations, "
            << channel.members().size() << " users, " << channel.edges().size()
            << " relationships, " << checks << " (user, route, id) checks\n";
}

}  // namespace
}  // namespace strata::api_testing
