#include "app/demo.h"

#include <soci/soci.h>

#include "app/demo_logo.h"
#include "brand/brand.h"
#include "contacts/contacts.h"
#include "core/ids.h"
#include "deals/deal.h"
#include "deals/direct_pipeline.h"
#include "identity/identity.h"
#include "identity/teams.h"
#include "identity/token_hash.h"
#include "leads/leads.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"

namespace strata::app {
namespace {

struct DemoOrg {
  const char* name;
  const char* slug;
  std::vector<std::string> kinds;
  std::uint32_t colour;  // 0xRRGGBB: the brand's colour and its logo's.
};

const std::vector<DemoOrg>& DemoOrgs() {
  static const std::vector<DemoOrg> kOrgs = {
      {"Northwind Networks", "northwind", {"vendor"}, 0x1f6feb},
      {"Helios Security", "helios", {"vendor"}, 0xd9480f},
      {"Tessera Storage", "tessera", {"vendor"}, 0x2b8a3e},
      {"Meridian Distribution", "meridian", {"distributor"}, 0x7048e8},
      {"Atlas Channel Partners", "atlas", {"distributor"}, 0xc2255c},
      {"Blue Fjord IT", "bluefjord", {"reseller"}, 0x0b7285},
      {"Cobalt Systems", "cobalt", {"reseller"}, 0x5c940d},
      {"Dunmore Digital", "dunmore", {"reseller"}, 0xe67700},
      {"Eastgate Solutions", "eastgate", {"reseller"}, 0x1864ab},
      {"Fernhill Technology", "fernhill", {"reseller"}, 0x862e9c},
      {"Granite Peak IT", "granite", {"reseller"}, 0x087f5b},
      {"Harbour Light Services", "harbour", {"reseller"}, 0xa61e4d},
      {"Ironbridge Consulting", "ironbridge", {"reseller"}, 0x364fc7},
      {"Juniper Office", "juniper", {"reseller"}, 0x9c36b5},
      {"Kestrel Networks", "kestrel", {"reseller"}, 0x2f9e44},
      {"Lakeside Computing", "lakeside", {"reseller"}, 0xf08c00},
      {"Moorland Data", "moorland", {"reseller"}, 0x495057},
  };
  return kOrgs;
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

// Deal registrations to review: two partners register one customer moments apart (and the
// vendor's own sales team works it too), a two-tier registration at each stage, decisions, and
// a draft.
core::Status SeedDeals(db::Database& database, network::NetworkService& network,
                       const std::vector<access::Actor>& actors) {
  deals::DealService deals(database, network);
  deals::DirectPipeline pipeline(database);
  const access::Actor& northwind = actors[0];
  const access::Actor& helios = actors[1];
  const access::Actor& meridian = actors[3];
  deals::Rules rules;
  rules.required_fields = {"expected_close"};
  rules.precheck_enabled = true;
  if (auto set = deals.SetRules(northwind, rules); !set) return set.error();
  deals::DirectOpportunityFields direct{.company = "Contoso Pharmaceuticals",
                                        .website = "https://contoso-pharma.ch",
                                        .country = "CH",
                                        .region = "EMEA",
                                        .amount = deals::DirectAmount{25'000'000, "EUR"},
                                        .expected_close = "2027-05-31",
                                        .owner = "Greta Lindqvist",
                                        .external_id = "OPP-1042"};
  if (auto created = pipeline.Create(northwind, direct); !created) return created.error();

  struct Registration {
    const access::Actor* partner;
    const access::Actor* vendor;
    const access::Actor* via;
    deals::Customer customer;
    std::int64_t amount;
    bool submit;
    std::vector<std::pair<const access::Actor*, deals::Decision>> decisions;
  };
  using deals::Decision;
  const std::vector<Registration> registrations = {
      {&actors[5],
       &northwind,
       nullptr,
       {"Contoso Pharma AG", "https://www.contoso-pharma.ch", "CH", "EMEA", "Basel"},
       18'500'000,
       true,
       {}},
      {&actors[6],
       &northwind,
       nullptr,
       {"Contoso Pharma", "contoso-pharma.ch", "CH", "EMEA", ""},
       21'000'000,
       true,
       {}},
      {&actors[6],
       &northwind,
       nullptr,
       {"Fabrikam Logistics Ltd", "https://fabrikam.co.uk", "GB", "EMEA", "Leeds"},
       7'200'000,
       true,
       {{&northwind, Decision::kApprove}}},
      {&actors[6],
       &northwind,
       nullptr,
       {"Litware Inc.", "litware.com", "US", "AMER", ""},
       3'100'000,
       true,
       {{&northwind, Decision::kRequestInfo}}},
      {&actors[5],
       &helios,
       &meridian,
       {"Woodgrove Bank", "woodgrove.com", "US", "AMER", ""},
       44'000'000,
       true,
       {}},
      {&actors[11],
       &northwind,
       &meridian,
       {"Tailspin Toys GmbH", "https://tailspin.de", "DE", "EMEA", "Hamburg"},
       9'900'000,
       true,
       {{&meridian, Decision::kApprove}}},
      {&actors[5],
       &northwind,
       nullptr,
       {"Northwest Traders", "northwind-traders.example", "NL", "EMEA", ""},
       2'500'000,
       false,
       {}},
  };
  for (const auto& registration : registrations) {
    deals::DealFields fields;
    fields.vendor_id = registration.vendor->org_id();
    if (registration.via != nullptr) fields.distributor_id = registration.via->org_id();
    fields.customer = registration.customer;
    fields.contact = {"Procurement desk",
                      "procurement@" + registration.customer.company.substr(0, 3) + ".example", ""};
    fields.amount_minor = registration.amount;
    fields.currency = "EUR";
    fields.expected_close = "2027-06-30";
    fields.lines = {{"NW-CORE-48", "48-port core switch", 4, registration.amount}};
    fields.shared_notes = "Replacing the customer's ageing campus network.";
    fields.private_notes = "Our margin target is 18%.";
    auto deal = deals.Create(*registration.partner, fields, registration.submit);
    if (!deal) return deal.error();
    for (const auto& [reviewer, decision] : registration.decisions) {
      const std::string reason =
          decision == Decision::kApprove ? "" : "Please name the sites in scope.";
      if (auto decided = deals.Decide(*reviewer, deal->id, decision, reason); !decided) {
        return decided.error();
      }
    }
  }
  return core::Ok();
}

}  // namespace

// Blue Fjord IT's marketing database: contacts across countries and regions, consents with their
// wording (one withdrawn), an unsubscription from a vendor's campaign, a bounce, a list, a segment
// and a frequency cap.
core::Status SeedContacts(db::Database& database, network::NetworkService& network,
                          const std::string& secret_key, const std::vector<access::Actor>& actors) {
  const identity::TokenHasher hasher(secret_key);
  contacts::ContactService service(database, network, hasher);
  const access::Actor& bluefjord = actors[5];
  const access::Actor& northwind = actors[0];
  struct Person {
    const char* email;
    const char* first;
    const char* last;
    const char* company;
    const char* title;
    const char* phone;
    const char* country;
    const char* region;
  };
  static const std::vector<Person> kPeople = {
      {"ingrid.dahl@fjordkraft.example", "Ingrid", "Dahl", "Fjordkraft AS", "IT Manager",
       "22 12 34 56", "NO", "EMEA"},
      {"lars.berg@nordlys.example", "Lars", "Berg", "Nordlys Retail", "CTO", "040 123 45 67", "SE",
       "EMEA"},
      {"sophie.martin@lumiere.example", "Sophie", "Martin", "Lumière SA", "Buyer", "01 42 68 53 00",
       "FR", "EMEA"},
      {"jonas.weber@kettwig.example", "Jonas", "Weber", "Kettwig GmbH", "Head of IT",
       "0201 1234567", "DE", "EMEA"},
      {"maria.rossi@serena.example", "Maria", "Rossi", "Serena SpA", "Procurement Lead",
       "02 1234 5678", "IT", "EMEA"},
      {"dan.oconnor@harborview.example", "Dan", "O'Connor", "Harborview Health", "CIO",
       "(617) 555-0142", "US", "AMER"},
      {"aiko.tanaka@sakura-labs.example", "Aiko", "Tanaka", "Sakura Labs", "Engineer",
       "03-1234-5678", "JP", "APAC"},
      {"ben.carter@carterco.example", "Ben", "Carter", "Carter & Co", "Owner", "020 7946 0011",
       "GB", "EMEA"},
  };
  std::vector<std::string> ids;
  for (const auto& person : kPeople) {
    auto created = service.Create(bluefjord, {.email = person.email,
                                              .first_name = person.first,
                                              .last_name = person.last,
                                              .company = person.company,
                                              .title = person.title,
                                              .phone = person.phone,
                                              .country = person.country,
                                              .region = person.region});
    if (!created) return created.error();
    ids.push_back(created->id);
  }
  const std::string wording =
      "Yes, Blue Fjord IT and the vendors it works with (Northwind Networks) may email me news "
      "and offers. I can unsubscribe at any time.";
  for (std::size_t i = 0; i < 6; ++i) {
    auto granted = service.RecordConsent(bluefjord, ids[i],
                                         {.purpose = std::string(contacts::kEmailMarketing),
                                          .source = contacts::Source::kForm,
                                          .text = wording,
                                          .controllers = {bluefjord.org_id(), northwind.org_id()},
                                          .ip = "192.0.2.10",
                                          .form = "bluefjord.example/newsletter"});
    if (!granted) return granted.error();
  }
  auto withdrawn = service.RecordConsent(bluefjord, ids[2],
                                         {.purpose = std::string(contacts::kEmailMarketing),
                                          .action = contacts::ConsentAction::kWithdrawn,
                                          .source = contacts::Source::kForm});
  if (!withdrawn) return withdrawn.error();
  for (const auto& suppression : {contacts::SuppressionInput{.email = kPeople[3].email,
                                 .reason = contacts::SuppressionReason::kUnsubscribed,
                                 .vendor_org_id = northwind.org_id(),
                                 .note = "unsubscribed from a Northwind campaign"},
                                  contacts::SuppressionInput{.email = "old.address@gone.example",
                                  .reason = contacts::SuppressionReason::kBounced}}) {
    if (auto added = service.Suppress(bluefjord, suppression); !added) return added.error();
  }
  auto list =
      service.CreateList(bluefjord, "Northwind launch event", contacts::ListKind::kList, {});
  if (!list) return list.error();
  if (auto added = service.Bulk(bluefjord, {.action = contacts::BulkAction::kAddToList,
                                            .ids = {ids[0], ids[1], ids[5]},
                                            .list_id = list->id});
      !added) {
    return added.error();
  }
  auto segment = service.CreateList(bluefjord, "EMEA, opted in", contacts::ListKind::kSegment,
                                    {.countries = {"NO", "SE", "FR", "DE", "IT", "GB"},
                                     .consent = contacts::ConsentState::kGranted});
  if (!segment) return segment.error();
  auto cap = service.SetCap(bluefjord, contacts::FrequencyCap{4, 30});
  if (!cap) return cap.error();
  return core::Ok();
}

// Northwind's leads: routing rules for two partners, a lead routed by country to Blue Fjord IT
// that it accepted and works, one offered and waiting for Cobalt's answer, one Cobalt declined
// (routed again), and Blue Fjord IT's own leads, one a possible duplicate of the vendor's.
core::Status SeedLeads(db::Database& database, network::NetworkService& network,
                       const std::string& secret_key, const std::vector<access::Actor>& actors) {
  mail::MemoryMailbox mailbox;
  identity::TeamService teams(database, mailbox, "http://localhost:8080", secret_key);
  deals::DealService deals(database, network);
  leads::LeadService service(database, network, teams, deals, "http://localhost:8080");
  const access::Actor& northwind = actors[0];
  const access::Actor& bluefjord = actors[5];
  const access::Actor& cobalt = actors[6];
  if (auto set = service.SetRouting(northwind, {{"Gold", 3}, {"Silver", 1}}, 48); !set) {
    return set.error();
  }
  for (const auto& [partner, countries] :
       {std::pair{&bluefjord, std::vector<std::string>{"NO", "SE", "DK"}},
        std::pair{&cobalt, std::vector<std::string>{"DE", "AT", "CH"}}}) {
    auto set = service.SetRoutingPartner(northwind, {.partner = {partner->org_id(), ""},
                                                     .countries = countries,
                                                     .capacity = 10,
                                                     .active = true});
    if (!set) return set.error();
  }
  const auto lead = [&](const access::Actor& owner, const std::string& company,
                        const std::string& name, const std::string& email,
                        const std::string& country, const std::string& notes) {
    return service.Create(owner, {.company = company,
                                  .contact = {.name = name, .email = email},
                                  .country = country,
                                  .region = "EMEA",
                                  .product = "Storage",
                                  .notes = notes});
  };
  auto worked = lead(northwind, "Fjordline Shipping AS", "Ingrid Dahl", "ingrid@fjordline.example",
                     "NO", "Asked for a quote on 200 TB at the Oslo trade fair.");
  if (!worked) return worked.error();
  if (auto routed = service.Distribute(northwind, worked->id, std::nullopt, 72); !routed) {
    return routed.error();
  }
  if (auto accepted = service.Accept(bluefjord, worked->id); !accepted) return accepted.error();
  if (auto noted = service.AddActivity(bluefjord, worked->id, "call",
                                       "Ingrid wants a demo in January; budget approved.");
      !noted) {
    return noted.error();
  }
  if (auto qualified = service.Update(bluefjord, worked->id, {.status = leads::Status::kQualified});
      !qualified) {
    return qualified.error();
  }
  auto waiting = lead(northwind, "Alpenglow Kliniken AG", "Dr. Lea Brunner",
                      "lea.brunner@alpenglow.example", "CH", "Three hospitals, backup refresh.");
  if (!waiting) return waiting.error();
  if (auto routed = service.Distribute(northwind, waiting->id, std::nullopt, 24); !routed) {
    return routed.error();
  }
  auto declined = lead(northwind, "Rheinwerk Logistik GmbH", "Jonas Weber",
                       "j.weber@rheinwerk.example", "DE", "Webinar sign-up.");
  if (!declined) return declined.error();
  if (auto routed = service.Distribute(northwind, declined->id, cobalt.org_id(), 24); !routed) {
    return routed.error();
  }
  if (auto answer = service.Decline(cobalt, declined->id, "No storage engineer free until March");
      !answer) {
    return answer.error();
  }
  for (const auto& [company, name, email] :
       {std::tuple{"Nordlys Energi ASA", "Kari Nilsen", "kari@nordlys.example"},
        std::tuple{"Fjordline Shipping", "Ola Berg", "ola@fjordline.example"}}) {
    auto own = lead(bluefjord, company, name, email, "NO", "");
    if (!own) return own.error();
  }
  return core::Ok();
}

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
  // Demo addresses reach nobody: their mail stays in memory, where the seeding reads its links.
  mail::MemoryMailbox mailbox;
  identity::TeamService teams(database, mailbox, "", secret_key);
  network::NetworkService network(database, mailbox, "", secret_key);
  identity.AddRedeemer(teams);
  identity.AddRedeemer(network);
  brand::BrandService brands(database);
  const identity::Origin origin{"127.0.0.1", "strata demo", "demo"};

  std::vector<access::Actor> actors;
  for (const auto& org : DemoOrgs()) {
    const std::string email = std::string("owner@") + org.slug + ".example";
    auto session = identity.Signup(
        {email, result.password, std::string("Owner of ") + org.name, org.name, org.kinds}, origin);
    if (!session) return session.error();
    actors.push_back(session->principal.actor());
    result.logins.push_back({email, org.name, Join(org.kinds), "owner"});
    // Its brand and logo.
    char colour[8];
    std::snprintf(colour, sizeof colour, "#%06x", org.colour);
    const std::string website = std::string("https://www.") + org.slug + ".example";
    const brand::Brand look{colour,
                            "",
                            std::string(org.name) + " Channel Team",
                            std::string("channel@") + org.slug + ".example",
                            website,
                            std::string(org.name) + "\n1 Harbour Street\nBristol BS1 4AA",
                            "The channel team at " + std::string(org.name) + "\n" + website};
    if (auto branded = brands.Change(actors.back(), {std::nullopt, look}); !branded) {
      return branded.error();
    }
    if (auto logo = brands.SetLogo(actors.back(), DemoLogoPng(org.colour)); !logo) {
      return logo.error();
    }
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

  // Upstream organisations label their partners with tiers.
  for (const access::Actor* upstream : {&northwind, &helios, &tessera, &meridian, &atlas}) {
    auto page = network.List(*upstream, 200, std::nullopt);
    if (!page) return page.error();
    static const char* const kTiers[] = {"Gold", "Silver", "Registered"};
    std::size_t next = 0;
    for (const auto& relationship : page->items) {
      if (relationship.upstream.id != upstream->org_id()) continue;
      auto tiered = network.SetTier(*upstream, relationship.id, kTiers[next++ % 3]);
      if (!tiered) return tiered.error();
    }
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

  // Team members with narrower views: they sign up from their invitations.
  const auto member = [&](const access::Actor& admin, std::size_t org_index,
                          const std::string& email, const std::string& name, access::Role role,
                          const access::Scopes& scopes) -> core::Status {
    auto invited = teams.Invite(admin, email, role, scopes);
    if (!invited) return invited.error();
    identity::SignupInput input{email, result.password, name, "", {}};
    input.invitation = mailbox.LastToken("/join/");
    auto joined = identity.Signup(input, origin);
    if (!joined) return joined.error();
    const DemoOrg& org = DemoOrgs()[org_index];
    std::string scope_text;
    const auto name_of = [&](const std::string& org_id) {
      for (std::size_t i = 0; i < actors.size(); ++i) {
        if (actors[i].org_id() == org_id) return std::string(DemoOrgs()[i].name);
      }
      return org_id;
    };
    std::vector<std::string> limits = scopes.regions;
    for (const auto& vendor : scopes.vendors) limits.push_back(name_of(vendor));
    limits.insert(limits.end(), scopes.departments.begin(), scopes.departments.end());
    for (const auto& limit : limits)
      scope_text += (scope_text.empty() ? ", only " : " and ") + limit;
    result.logins.push_back(
        {email, org.name, Join(org.kinds), std::string(access::RoleName(role)) + scope_text});
    return core::Ok();
  };
  for (const auto& [admin, index, email, name, role, scopes] :
       std::vector<std::tuple<const access::Actor*, std::size_t, std::string, std::string,
                              access::Role, access::Scopes>>{
           {&northwind,
            0,
            "emea@northwind.example",
            "Elena Marsh",
            access::Role::kManager,
            {.regions = {"EMEA"}}},
           {&northwind, 0, "viewer@northwind.example", "Victor Hale", access::Role::kViewer, {}},
           {&meridian,
            3,
            "northwind-desk@meridian.example",
            "Nadia Brook",
            access::Role::kMember,
            {.vendors = {northwind.org_id()}}},
           {&actors[5],
            5,
            "sales@bluefjord.example",
            "Sam Lund",
            access::Role::kMember,
            {.departments = {"Sales"}}},
       }) {
    if (auto added = member(*admin, index, email, name, role, scopes); !added) {
      return added.error();
    }
  }

  // A partner invited by email that has not signed up yet.
  auto pending = network.Invite(helios, {std::nullopt, "partners@oakridge.example"}, "reseller");
  if (!pending) return pending.error();
  if (auto seeded = SeedDeals(database, network, actors); !seeded) return seeded.error();
  if (auto seeded = SeedContacts(database, network, secret_key, actors); !seeded) {
    return seeded.error();
  }
  if (auto seeded = SeedLeads(database, network, secret_key, actors); !seeded) {
    return seeded.error();
  }
  return result;
}

}  // namespace strata::app
