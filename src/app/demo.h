#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace strata::app {

// One demo log-in.
struct DemoLogin {
  std::string email;
  std::string org;
  std::string kinds;
  std::string role;  // With its scopes, if any.
};

struct DemoResult {
  bool seeded = false;   // False when the database held organisations already.
  std::string password;  // Shared by every demo account; random for each seeding.
  std::vector<DemoLogin> logins;
};

// Seeds a living channel into an empty database: 3 vendors, 2 distributors and 12 resellers,
// relationships in every status, distributor authorisations, scoped members and a viewer, and a
// partner invited by email that has not signed up yet. Leaves a database that holds
// any organisation untouched.
core::Result<DemoResult> SeedDemo(db::Database& database, const std::string& secret_key);

}  // namespace strata::app
