#include "access/visibility.h"

#include <algorithm>

namespace strata::access {
namespace {

// ` AND column IN (:name_0, …)` for a non-empty scope list.
void LimitTo(SqlFilter& filter, const std::string& column, const std::vector<std::string>& values,
             const std::string& name) {
  if (values.empty() || column.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string parameter = name + "_" + std::to_string(i);
    list += (i == 0 ? ":" : ", :") + parameter;
    filter.parameters.emplace_back(parameter, values[i]);
  }
  filter.condition += " AND " + column + " IN (" + list + ")";
}

void LimitToScopes(SqlFilter& filter, const Actor& actor, const std::string& vendor,
                   const std::string& region) {
  LimitTo(filter, vendor, actor.scopes().vendors, "scope_vendor");
  LimitTo(filter, region, actor.scopes().regions, "scope_region");
}

}  // namespace

SqlFilter EdgeVisibility(const Actor& actor, const std::string& upstream,
                         const std::string& downstream) {
  if (actor.is_system()) return {"1 = 1", {}};
  SqlFilter filter;
  filter.parameters.emplace_back("actor_org", actor.org_id());
  filter.condition = "(" + upstream + " = :actor_org OR " + downstream + " = :actor_org)";
  const auto& vendors = actor.scopes().vendors;
  if (!vendors.empty()) {
    // The other side must be one of the scoped vendors.
    std::string list;
    for (std::size_t i = 0; i < vendors.size(); ++i) {
      const std::string name = "scope_vendor_" + std::to_string(i);
      list += (i == 0 ? ":" : ", :") + name;
      filter.parameters.emplace_back(name, vendors[i]);
    }
    filter.condition += " AND (CASE WHEN " + upstream + " = :actor_org THEN " + downstream +
                        " ELSE " + upstream + " END) IN (" + list + ")";
  }
  return filter;
}

SqlFilter SubmissionVisibility(const Actor& actor, const SubmissionColumns& columns) {
  if (actor.is_system()) return {"1 = 1", {}};
  SqlFilter filter;
  filter.parameters.emplace_back("actor_org", actor.org_id());
  filter.condition = "(" + columns.owner + " = :actor_org OR (" + columns.receiver +
                     " = :actor_org AND " + columns.reached_receiver + " IS NOT NULL) OR (" +
                     columns.intermediary + " = :actor_org AND " + columns.submitted +
                     " IS NOT NULL))";
  LimitToScopes(filter, actor, columns.vendor, columns.region);
  return filter;
}

SqlFilter HandedDownVisibility(const Actor& actor, const std::string& owner,
                               const std::string& holder, const std::string& region) {
  if (actor.is_system()) return {"1 = 1", {}};
  SqlFilter owned;
  owned.parameters.emplace_back("actor_org", actor.org_id());
  owned.condition = owner + " = :actor_org";
  LimitToScopes(owned, actor, "", region);
  SqlFilter held;
  held.condition = holder + " = :actor_org";
  LimitToScopes(held, actor, owner, region);
  // Both sides name the same scope parameters with the same values: keep one of each.
  for (auto& parameter : held.parameters) {
    if (std::find(owned.parameters.begin(), owned.parameters.end(), parameter) ==
        owned.parameters.end()) {
      owned.parameters.push_back(std::move(parameter));
    }
  }
  owned.condition = "((" + owned.condition + ") OR (" + held.condition + "))";
  return owned;
}

SqlFilter OwnedVisibility(const Actor& actor, const std::string& owner, const std::string& vendor,
                          const std::string& region) {
  if (actor.is_system()) return {"1 = 1", {}};
  SqlFilter filter;
  filter.parameters.emplace_back("actor_org", actor.org_id());
  filter.condition = owner + " = :actor_org";
  LimitToScopes(filter, actor, vendor, region);
  return filter;
}

}  // namespace strata::access
