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

// The columns of a row submitted upstream (a deal registration): its owner, the organisation it
// is submitted to, the one it passes through first (NULL when none), when it reached the
// receiver (NULL until then), when it left the owner (NULL while a draft), and the region and
// vendor its scopes are checked against.
struct SubmissionColumns {
  std::string owner;
  std::string receiver;
  std::string intermediary;
  std::string reached_receiver;
  std::string submitted;
  std::string vendor;
  std::string region;
};

// Who may see a submitted row: the system; its owner's members; the receiver's once it reached
// the receiver; the intermediary's once submitted. A member scoped to vendors or regions sees
// only rows whose vendor or region is inside its scopes.
SqlFilter SubmissionVisibility(const Actor& actor, const SubmissionColumns& columns);

// Who may see a row its owner passes down to one partner at a time (a lead): the system; its
// owner's members; the members of the partner in the `holder` column while it holds the row. A
// member scoped to regions sees only rows of its regions; on the holder's side, a member scoped
// to vendors only rows whose owner is one of them.
SqlFilter HandedDownVisibility(const Actor& actor, const std::string& owner,
                               const std::string& holder, const std::string& region);

// Who may see a row an organisation owns and keeps to itself: the system; its members, a scoped
// member only when the row's vendor and region (columns; "" when the row has none) are inside
// its scopes.
SqlFilter OwnedVisibility(const Actor& actor, const std::string& owner, const std::string& vendor,
                          const std::string& region);

}  // namespace strata::access
