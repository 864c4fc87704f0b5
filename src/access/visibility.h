#pragma once

#include <string>
#include <vector>

#include "access/actor.h"

namespace strata::access {

// A SQL condition with its named parameters, to AND into a store's WHERE clause.
struct SqlFilter {
  std::string condition;
  std::vector<std::pair<std::string, std::string>> parameters;  // Name (without ':') to value.
};

// Who may see an edge between two organisations (a relationship): the system; a member of
// either side. A member scoped to vendors sees only edges whose other side is one of them.
// `upstream` and `downstream` are the SQL columns holding the two organisation ids.
SqlFilter EdgeVisibility(const Actor& actor, const std::string& upstream,
                         const std::string& downstream);

}  // namespace strata::access
