#include "leads/lead_json.h"

namespace strata::leads {

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::value OptionalTime(const std::optional<core::Timestamp>& time) {
  return time ? json::value(time->ToIso8601()) : json::value(nullptr);
}

json::value OrgJson(const std::optional<OrgName>& org) {
  if (!org) return nullptr;
  return json::object{{"id", org->id}, {"name", org->name}};
}

json::object LeadJson(const Lead& lead) {
  json::array offers;
  for (const auto& offer : lead.offers) {
    offers.emplace_back(json::object{{"id", offer.id},
                                     {"partner", OrgJson(offer.partner)},
                                     {"state", OfferStateName(offer.state)},
                                     {"routed_by", offer.routed_by},
                                     {"offered_at", offer.offered_at.ToIso8601()},
                                     {"answer_due_at", offer.answer_due_at.ToIso8601()},
                                     {"answered_at", OptionalTime(offer.answered_at)},
                                     {"decline_reason", offer.decline_reason}});
  }
  json::array activities;
  for (const auto& activity : lead.activities) {
    activities.emplace_back(json::object{{"id", activity.id},
                                         {"kind", activity.kind},
                                         {"body", activity.body},
                                         {"user_id", OptionalText(activity.user_id)},
                                         {"created_at", activity.created_at.ToIso8601()}});
  }
  json::array duplicates;
  for (const auto& duplicate : lead.duplicates) {
    json::array reasons;
    for (const auto& reason : duplicate.reasons) reasons.emplace_back(reason);
    duplicates.emplace_back(json::object{{"lead_id", duplicate.lead_id},
                                         {"company", duplicate.company},
                                         {"score", duplicate.score},
                                         {"reasons", std::move(reasons)}});
  }
  return {{"id", lead.id},
          {"status", StatusName(lead.status)},
          {"origin_org_id", lead.origin ? json::value(lead.origin->id) : json::value(nullptr)},
          {"origin", OrgJson(lead.origin)},
          {"company", lead.fields.company},
          {"contact", json::object{{"name", lead.fields.contact.name},
                                   {"email", lead.fields.contact.email},
                                   {"phone", lead.fields.contact.phone}}},
          {"country", lead.fields.country},
          {"region", lead.fields.region},
          {"product", lead.fields.product},
          {"notes", lead.fields.notes},
          {"lost_reason", lead.lost_reason},
          {"assigned_user_id", OptionalText(lead.assigned_user_id)},
          {"partner", OrgJson(lead.partner)},
          {"offers", std::move(offers)},
          {"offer_state", lead.offer_state ? json::value(OfferStateName(*lead.offer_state))
                                           : json::value(nullptr)},
          {"answer_due_at", OptionalTime(lead.answer_due_at)},
          {"deal_id", OptionalText(lead.deal_id)},
          {"activities", std::move(activities)},
          {"duplicates", std::move(duplicates)},
          {"source", lead.source},
          {"created_at", lead.created_at.ToIso8601()},
          {"updated_at", lead.updated_at.ToIso8601()}};
}

}  // namespace strata::leads
