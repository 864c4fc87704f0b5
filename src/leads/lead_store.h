#pragma once

// The leads tables, for lead_service.cpp only: every read of a lead goes through the actor's
// visibility filter; writes take ids the service has already loaded through it.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/actor.h"
#include "db/query.h"
#include "leads/leads.h"

namespace strata::leads::store {

// A lead with what the service needs besides the viewer's fields.
struct Stored {
  std::string id{};
  std::string org_id{};  // The owner.
  std::string owner_name{};
  std::optional<std::string> holder_org_id{};
  LeadFields fields{};
  Status status = Status::kNew;
  std::string lost_reason{};
  std::optional<std::string> assigned_user_id{};  // The owner's.
  std::optional<std::string> deal_id{};           // The owner's own registration.
  std::string source{};
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
};

std::vector<Stored> Load(soci::session& sql, const access::Actor& actor,
                         const std::string& condition, db::Parameters parameters, int limit);
std::optional<Stored> LoadOne(soci::session& sql, const access::Actor& actor,
                              const std::string& id);

void Insert(soci::session& sql, const Stored& lead, const std::optional<std::string>& created_by);
// Saves the fields, status, assignment and holder.
void Save(soci::session& sql, const Stored& lead);

// An offer as stored, both sides' columns.
struct StoredOffer {
  Offer offer{};
  std::optional<std::string> assigned_user_id{};  // The partner's.
  std::optional<std::string> deal_id{};
  std::optional<std::string> deal_vendor_id{};
  std::optional<core::Timestamp> reminded_at{};
};
// Newest first.
std::vector<StoredOffer> LoadOffers(soci::session& sql, const std::string& lead_id);
void InsertOffer(soci::session& sql, const std::string& lead_id, const std::string& org_id,
                 const StoredOffer& stored);
void SaveOffer(soci::session& sql, const StoredOffer& stored);

void AddActivity(soci::session& sql, const std::string& lead_id, const std::string& org_id,
                 const std::optional<std::string>& user_id, const std::string& kind,
                 const std::string& body, core::Timestamp at);
std::vector<Activity> LoadActivities(soci::session& sql, const std::string& lead_id,
                                     const std::string& org_id);

// The keys `org_id` finds the lead's duplicates by replace those it had.
void ReplaceKeys(soci::session& sql, const std::string& org_id, const std::string& lead_id,
                 const std::set<std::string>& keys);
// Other leads `org_id` holds under any of `keys`, at most `limit`.
std::vector<std::string> LeadsWithKeys(soci::session& sql, const std::string& org_id,
                                       const std::set<std::string>& keys,
                                       const std::string& except_id, int limit);

struct PartnerSetup {
  std::vector<std::string> countries{};
  std::vector<std::string> regions{};
  std::vector<std::string> products{};
  int capacity = 0;
  bool active = false;
};
std::map<std::string, PartnerSetup> LoadPartnerSetups(soci::session& sql,
                                                      const std::string& org_id);
void SavePartnerSetup(soci::session& sql, const std::string& org_id, const std::string& partner_id,
                      const PartnerSetup& setup, core::Timestamp now);

struct Settings {
  TierWeights tier_weights{};
  int default_sla_hours = 48;
};
Settings LoadSettings(soci::session& sql, const std::string& org_id);
void SaveSettings(soci::session& sql, const std::string& org_id, const Settings& settings,
                  core::Timestamp now);

// How many leads a sender offered each partner, how many are open, and the last one's time.
struct PartnerLoad {
  int open = 0;
  int offered = 0;
  std::optional<core::Timestamp> last_offered_at{};
};
std::map<std::string, PartnerLoad> PartnerLoads(soci::session& sql, const std::string& org_id);
std::vector<PartnerStats> LoadStats(soci::session& sql, const std::string& org_id);

// Offers still waiting for an answer due before `before` (and, for reminders, not reminded):
// their leads' ids.
std::vector<std::string> LeadsWithOffersDue(soci::session& sql, core::Timestamp before,
                                            bool unreminded_only);

std::string OrgNameOf(soci::session& sql, const std::string& org_id);

}  // namespace strata::leads::store
