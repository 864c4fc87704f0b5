#include "app/demo.h"

#include <soci/soci.h>

#include "core/ids.h"
#include "identity/identity.h"
#include "network/network.h"

namespace strata::app {
namespace {

struct DemoOrg {
  const char* name;
  const char* slug;
  std::vector<std::string> kinds;
};

const std::vector<DemoOrg>& DemoOrgs() {
  static const std::vector<DemoOrg> kOrgs = {
      {"Northwind Networks", "northwind", {"vendor"}},
      {"Helios Security", "helios", {"vendor"}},
      {"Tessera Storage", "tessera", {"vendor"}},
      {"Meridian Distribution", "meridian", {"distributor"}},
      {"Atlas Channel Partners", "atlas", {"distributor"}},
      {"Blue Fjord IT", "bluefjord", {"reseller"}},
      {"Cobalt Systems", "cobalt", {"reseller"}},
      {"Dunmore Digital", "dunmore", {"reseller"}},
      {"Eastgate Solutions", "eastgate", {"reseller"}},
      {"Fernhill Technology", "fernhill", {"reseller"}},
      {"Granite Peak IT", "granite", {"reseller"}},
      {"Harbour Light Services", "harbour", {"reseller"}},
      {"Ironbridge Consulting", "ironbridge", {"reseller"}},
      {"Juniper Office", "juniper", {"reseller"}},
      {"Kestrel Networks", "kestrel", {"reseller"}},
      {"Lakeside Computing", "lakeside", {"reseller"}},
      {"Moorland Data", "moorland", {"reseller"}},
  };
  return kOrgs;
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

}  // namespace

core::Result<DemoResult> SeedDemo(db::Database& database, const std::string& secret_key) {
  {
    auto lease = database.Acquire();
    if (!lease) return lease.error();
    long long orgs = 0;
    **lease << "SELECT COUNT(*) FROM orgs", soci::into(orgs);
    if (orgs > 0) return DemoResult{};
  }
  DemoResult result;
  result.seeded = true;
  result.password = "demo-" + core::RandomHex(8);
  identity::IdentityService identity(database, secret_key, {},
                                     identity::PasswordCost::kInteractive);
  network::NetworkService network(database);

  std::vector<access::Actor> actors;
  for (const auto& org : DemoOrgs()) {
    const std::string email = std::string("owner@") + org.slug + ".example";
    auto session = identity.Signup(
        {email, result.password, std::string("Owner of ") + org.name, org.name, org.kinds},
        {"127.0.0.1", "strata demo", "demo"});
    if (!session) return session.error();
    actors.push_back(session->principal.actor());
    result.logins.push_back({email, org.name, Join(org.kinds)});
  }
  const auto& northwind = actors[0];
  const auto& helios = actors[1];
  const auto& tessera = actors[2];
  const auto& meridian = actors[3];
  const auto& atlas = actors[4];

  // Invites and walks the relationship to `status`.
  const auto connect = [&](const access::Actor& up, const access::Actor& down,
                           const std::string& kind, network::Status status) -> core::Status {
    auto invited = network.Invite(up, {down.org_id(), std::nullopt}, kind);
    if (!invited) return invited.error();
    using network::Action;
    std::vector<std::pair<const access::Actor*, Action>> steps;
    switch (status) {
      case network::Status::kInvited:
        break;
      case network::Status::kDeclined:
        steps = {{&down, Action::kDecline}};
        break;
      case network::Status::kActive:
        steps = {{&down, Action::kAccept}};
        break;
      case network::Status::kSuspended:
        steps = {{&down, Action::kAccept}, {&up, Action::kSuspend}};
        break;
      case network::Status::kEnded:
        steps = {{&down, Action::kAccept}, {&up, Action::kEnd}};
        break;
    }
    for (const auto& [who, action] : steps) {
      if (auto applied = network.Apply(*who, invited->id, action); !applied) return applied.error();
    }
    return core::Ok();
  };

  using network::Status;
  const std::vector<std::tuple<const access::Actor*, const access::Actor*, std::string, Status>>
      edges = {
          {&northwind, &meridian, "distributor", Status::kActive},
          {&helios, &meridian, "distributor", Status::kActive},
          {&tessera, &atlas, "distributor", Status::kActive},
          {&northwind, &atlas, "distributor", Status::kInvited},
          {&northwind, &actors[5], "reseller", Status::kActive},
          {&northwind, &actors[6], "reseller", Status::kActive},
          {&northwind, &actors[7], "reseller", Status::kSuspended},
          {&helios, &actors[5], "reseller", Status::kActive},
          {&helios, &actors[8], "reseller", Status::kInvited},
          {&helios, &actors[9], "reseller", Status::kDeclined},
          {&tessera, &actors[10], "reseller", Status::kEnded},
          {&meridian, &actors[5], "reseller", Status::kActive},
          {&meridian, &actors[11], "reseller", Status::kActive},
          {&meridian, &actors[12], "reseller", Status::kActive},
          {&meridian, &actors[13], "reseller", Status::kInvited},
          {&atlas, &actors[14], "reseller", Status::kActive},
          {&atlas, &actors[15], "reseller", Status::kActive},
          {&atlas, &actors[16], "reseller", Status::kSuspended},
      };
  for (const auto& [up, down, kind, status] : edges) {
    if (auto connected = connect(*up, *down, kind, status); !connected) return connected.error();
  }

  // Distributors authorise their active resellers for some of the vendors they carry.
  const auto authorise = [&](const access::Actor& distributor, const access::Actor& reseller,
                             const std::vector<std::string>& vendors) -> core::Status {
    auto page = network.List(distributor, 200, std::nullopt);
    if (!page) return page.error();
    for (const auto& relationship : page->items) {
      if (relationship.downstream.id == reseller.org_id()) {
        auto set = network.SetAuthorizations(distributor, relationship.id, vendors);
        if (!set) return set.error();
      }
    }
    return core::Ok();
  };
  for (auto [distributor, reseller, vendors] : std::vector<
           std::tuple<const access::Actor*, const access::Actor*, std::vector<std::string>>>{
           {&meridian, &actors[5], {helios.org_id()}},
           {&meridian, &actors[11], {northwind.org_id(), helios.org_id()}},
           {&meridian, &actors[12], {northwind.org_id()}},
           {&atlas, &actors[14], {tessera.org_id()}},
       }) {
    if (auto done = authorise(*distributor, *reseller, vendors); !done) return done.error();
  }
  return result;
}

}  // namespace strata::app
