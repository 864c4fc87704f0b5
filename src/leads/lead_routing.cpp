#include "leads/lead_routing.h"

#include <unicode/region.h>

#include <algorithm>
#include <tuple>

#include "matching/matching.h"

namespace strata::leads {
namespace {

// Names compared as people write them: "Île-de-France" is "ile de france".
bool ContainsFolded(const std::vector<std::string>& items, const std::string& wanted) {
  const std::string folded = matching::FoldText(wanted);
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& item) { return matching::FoldText(item) == folded; });
}

bool WorksAt(const RoutingCandidate& candidate, const LeadPlace& lead, Reach reach) {
  switch (reach) {
    case Reach::kRegion:
      return !lead.region.empty() && ContainsFolded(candidate.countries, lead.country) &&
             ContainsFolded(candidate.regions, lead.region);
    case Reach::kCountry:
      return ContainsFolded(candidate.countries, lead.country);
    case Reach::kSubregion:
    case Reach::kContinent: {
      const Containment place = ContainmentOf(lead.country);
      const std::string& wanted = reach == Reach::kSubregion ? place.subregion : place.continent;
      if (wanted.empty()) return false;
      return std::any_of(
          candidate.countries.begin(), candidate.countries.end(), [&](const std::string& country) {
            const Containment there = ContainmentOf(country);
            return (reach == Reach::kSubregion ? there.subregion : there.continent) == wanted;
          });
    }
  }
  return false;
}

int WeightOf(const TierWeights& weights, const std::string& tier) {
  const auto found = weights.find(tier);
  return found == weights.end() ? 1 : std::max(0, found->second);
}

}  // namespace

const char* ReachName(Reach reach) {
  switch (reach) {
    case Reach::kRegion:
      return "region";
    case Reach::kCountry:
      return "country";
    case Reach::kSubregion:
      return "subregion";
    case Reach::kContinent:
      return "continent";
  }
  return "region";
}

Containment ContainmentOf(const std::string& country) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(country.c_str(), status);
  if (U_FAILURE(status) || region == nullptr || region->getType() != URGN_TERRITORY) return {};
  Containment containment;
  if (const icu::Region* subregion = region->getContainingRegion()) {
    containment.subregion = subregion->getRegionCode();
  }
  if (const icu::Region* continent = region->getContainingRegion(URGN_CONTINENT)) {
    containment.continent = continent->getRegionCode();
  }
  return containment;
}

std::optional<RoutingChoice> ChoosePartner(const LeadPlace& lead,
                                           const std::vector<RoutingCandidate>& candidates,
                                           const std::set<std::string>& excluded,
                                           const TierWeights& weights) {
  std::vector<const RoutingCandidate*> eligible;
  for (const auto& candidate : candidates) {
    if (excluded.contains(candidate.partner_id)) continue;
    if (WeightOf(weights, candidate.tier) == 0) continue;
    if (candidate.capacity > 0 && candidate.open_leads >= candidate.capacity) continue;
    if (!lead.product.empty() && !candidate.products.empty() &&
        !ContainsFolded(candidate.products, lead.product)) {
      continue;
    }
    eligible.push_back(&candidate);
  }
  for (Reach reach : {Reach::kRegion, Reach::kCountry, Reach::kSubregion, Reach::kContinent}) {
    std::vector<const RoutingCandidate*> here;
    std::copy_if(
        eligible.begin(), eligible.end(), std::back_inserter(here),
        [&](const RoutingCandidate* candidate) { return WorksAt(*candidate, lead, reach); });
    if (here.empty()) continue;
    // The tier furthest below its share: fewest leads offered per unit of weight.
    std::map<std::string, int> offered_per_tier;
    for (const auto* candidate : here)
      offered_per_tier[candidate->tier] += candidate->leads_offered;
    const auto tier_key = [&](const std::string& tier) {
      const int weight = WeightOf(weights, tier);
      // offered / weight, compared without division: a/b < c/d  <=>  a*d < c*b.
      return std::make_tuple(offered_per_tier[tier], weight);
    };
    std::string tier = here.front()->tier;
    for (const auto& [candidate_tier, offered] : offered_per_tier) {
      const auto [a, b] = tier_key(candidate_tier);
      const auto [c, d] = tier_key(tier);
      const long long lhs = static_cast<long long>(a) * d;
      const long long rhs = static_cast<long long>(c) * b;
      if (lhs < rhs || (lhs == rhs && b > d)) tier = candidate_tier;
    }
    // Inside the tier, turns: never offered first, then the one offered longest ago.
    const RoutingCandidate* chosen = nullptr;
    for (const auto* candidate : here) {
      if (candidate->tier != tier) continue;
      if (chosen == nullptr) {
        chosen = candidate;
        continue;
      }
      const auto key = [](const RoutingCandidate* c) {
        return std::make_tuple(c->last_offered_at.has_value(),
                               c->last_offered_at.value_or(core::Timestamp()), c->partner_id);
      };
      if (key(candidate) < key(chosen)) chosen = candidate;
    }
    return RoutingChoice{.partner_id = chosen->partner_id, .reach = reach};
  }
  return std::nullopt;
}

}  // namespace strata::leads
