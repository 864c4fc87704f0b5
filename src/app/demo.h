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
};

struct DemoResult {
  bool seeded = false;   // False when the database held organisations already.
  std::string password;  // Shared by every demo account; random for each seeding.
  std::vector<DemoLogin> logins;
};

// Seeds a living channel into an empty database: 3 vendors, 2 distributors and 12 resellers,
// relationships in every status, and distributor authorisations. Leaves a database that holds
// any organisation untouched.
core::Result<DemoResult> SeedDemo(db::Database& database, const std::string& secret_key);

}  // namespace strata::app
