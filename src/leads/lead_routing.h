#pragma once

// Choosing the partner a lead goes to by a sender's routing rules: pure, so that every rule can
// be tested without a database.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.h"

namespace strata::leads {

// Where a lead is and what it is for.
struct LeadPlace {
  std::string country{};  // ISO 3166-1 alpha-2, upper case.
  std::string region{};   // Inside the country, or "".
  std::string product{};  // Or "".
};

// A partner the sender may route leads to, as the sender set it up, with its current load.
struct RoutingCandidate {
  std::string partner_id{};
  std::string tier{};                    // The relationship's tier, or "".
  std::vector<std::string> countries{};  // Where it works.
  std::vector<std::string> regions{};    // Inside those countries; none for all of them.
  std::vector<std::string> products{};   // What it specialises in; none for anything.
  int capacity = 0;                      // Open leads it takes at once; 0 for no limit.
  int open_leads = 0;                    // Offered or accepted and not yet won or lost.
  int leads_offered = 0;                 // Every lead the sender ever offered it.
  std::optional<core::Timestamp> last_offered_at{};
};

// How far from the lead the chosen partner works.
enum class Reach { kRegion, kCountry, kSubregion, kContinent };
const char* ReachName(Reach reach);

struct RoutingChoice {
  std::string partner_id{};
  Reach reach = Reach::kRegion;
};

// The weight of each tier (a tier not named weighs 1; weight 0 keeps a tier out of routing).
using TierWeights = std::map<std::string, int>;

// The partner a lead goes to, or none. The search widens from partners working in the lead's
// region to its country, then to partners in a country of the same subregion (UN M49: Western
// Europe) and of the same continent, and stops at the first reach with anyone eligible: a partner
// whose specialisations include the lead's product (or who lists none), with room under its
// capacity, not in `excluded` (those who declined the lead or let it lapse) and whose tier weighs
// more than 0. There tiers share leads in proportion to their weights (the tier furthest below its
// share is next) and, inside a tier, partners take turns (the one offered a lead longest ago).
std::optional<RoutingChoice> ChoosePartner(const LeadPlace& lead,
                                           const std::vector<RoutingCandidate>& candidates,
                                           const std::set<std::string>& excluded,
                                           const TierWeights& weights);

// The UN M49 subregion and continent codes of a country ("DE" -> "155", "150"); empty when the
// country is unknown.
struct Containment {
  std::string subregion{};
  std::string continent{};
};
Containment ContainmentOf(const std::string& country);

}  // namespace strata::leads
