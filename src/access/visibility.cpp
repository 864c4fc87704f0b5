#include "access/visibility.h"

namespace strata::access {

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

}  // namespace strata::access
