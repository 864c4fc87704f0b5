#include "leads/lead_routing.h"

#include <gtest/gtest.h>

namespace strata::leads {
namespace {

RoutingCandidate Partner(std::string id, std::vector<std::string> countries,
                         std::vector<std::string> regions = {}, std::string tier = "") {
  return {.partner_id = std::move(id),
          .tier = std::move(tier),
          .countries = std::move(countries),
          .regions = std::move(regions)};
}

std::string Chosen(const LeadPlace& lead, const std::vector<RoutingCandidate>& candidates,
                   const std::set<std::string>& excluded = {}, const TierWeights& weights = {}) {
  auto choice = ChoosePartner(lead, candidates, excluded, weights);
  return choice ? choice->partner_id + "@" + ReachName(choice->reach) : "none";
}

TEST(ChoosePartner, WidensFromRegionToCountryToSubregionToContinent) {
  const std::vector<RoutingCandidate> all = {Partner("munich", {"DE"}, {"Bayern"}),
                                             Partner("berlin", {"DE"}, {"Berlin"}),
                                             Partner("vienna", {"AT"}),
                                             Partner("paris", {"FR"}),
                                             Partner("madrid", {"ES"}),
                                             Partner("tokyo", {"JP"})};
  EXPECT_EQ(Chosen({.country = "DE", .region = "bayern"}, all), "munich@region");
  EXPECT_EQ(Chosen({.country = "DE", .region = "Hessen"}, all), "berlin@country")
      << "no partner in the region: the country's partners take turns";
  EXPECT_EQ(Chosen({.country = "CH"}, all, {"berlin", "munich", "vienna"}), "paris@subregion")
      << "Western Europe holds Austria, Germany and France";
  EXPECT_EQ(Chosen({.country = "PT"}, all), "madrid@subregion") << "Southern Europe";
  EXPECT_EQ(Chosen({.country = "PL"}, all), "berlin@continent") << "Eastern Europe has none";
  EXPECT_EQ(Chosen({.country = "BR"}, all), "none") << "no partner in South America";
  EXPECT_EQ(Chosen({.country = "DE", .region = "Bayern"}, all, {"munich"}), "berlin@country")
      << "a partner that declined the lead is skipped";
}

TEST(ChoosePartner, RegionNamesMatchAsPeopleWriteThem) {
  const std::vector<RoutingCandidate> all = {Partner("idf", {"FR"}, {"Île-de-France"})};
  EXPECT_EQ(Chosen({.country = "FR", .region = "ile de france"}, all), "idf@region");
}

TEST(ChoosePartner, KeepsToSpecialistsOfTheProductAndToCapacity) {
  auto storage = Partner("storage", {"DE"});
  storage.products = {"Storage"};
  auto full = Partner("full", {"DE"});
  full.capacity = 2;
  full.open_leads = 2;
  auto general = Partner("general", {"DE"});
  general.last_offered_at = core::Timestamp(10);
  const std::vector<RoutingCandidate> all = {storage, full, general};
  EXPECT_EQ(Chosen({.country = "DE", .product = "storage"}, all), "storage@country")
      << "never offered a lead, and specialised in it";
  EXPECT_EQ(Chosen({.country = "DE", .product = "Networking"}, all), "general@country")
      << "the storage specialist does not take networking; the full partner has no room";
  EXPECT_EQ(Chosen({.country = "DE", .product = "Networking"}, all, {"general"}), "none");
}

TEST(ChoosePartner, TiersShareLeadsByWeightAndPartnersTakeTurnsInsideATier) {
  std::vector<RoutingCandidate> all = {
      Partner("gold-a", {"DE"}, {}, "Gold"), Partner("gold-b", {"DE"}, {}, "Gold"),
      Partner("silver", {"DE"}, {}, "Silver"), Partner("bronze", {"DE"}, {}, "Bronze")};
  const TierWeights weights = {{"Gold", 3}, {"Silver", 1}, {"Bronze", 0}};
  std::map<std::string, int> received;
  for (int lead = 0; lead < 40; ++lead) {
    auto choice = ChoosePartner({.country = "DE"}, all, {}, weights);
    ASSERT_TRUE(choice);
    ++received[choice->partner_id];
    for (auto& candidate : all) {
      if (candidate.partner_id == choice->partner_id) {
        ++candidate.leads_offered;
        candidate.last_offered_at = core::Timestamp(lead + 1);
      }
    }
  }
  EXPECT_EQ(received["gold-a"] + received["gold-b"], 30) << "Gold weighs three times Silver";
  EXPECT_EQ(received["gold-a"], 15) << "turns inside the tier";
  EXPECT_EQ(received["silver"], 10);
  EXPECT_EQ(received["bronze"], 0) << "a tier of weight 0 gets none";
}

TEST(Containment, NamesTheSubregionAndContinent) {
  EXPECT_EQ(ContainmentOf("DE").subregion, "155");
  EXPECT_EQ(ContainmentOf("DE").continent, "150");
  EXPECT_EQ(ContainmentOf("JP").continent, "142");
  EXPECT_TRUE(ContainmentOf("XX").continent.empty());
  EXPECT_TRUE(ContainmentOf("150").continent.empty()) << "a region is not a country";
}

}  // namespace
}  // namespace strata::leads
