#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace strata::db::testing {

// The engine this test run uses: PostgreSQL when STRATA_TEST_PG holds an admin URL
// (postgresql://USER@HOST:PORT/postgres, set by scripts/with-postgres.sh), SQLite otherwise.
Dialect TestDialect();

// A fresh, empty database for one test: a new SQLite file in a temporary folder, or a new
// PostgreSQL database; both are removed when this object goes.
class TestDatabase {
 public:
  static std::unique_ptr<TestDatabase> Create(std::size_t pool_size = 4);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The URL a second process (or the server under test) can open.
  const std::string& url() const { return url_; }
  Database& database() { return *database_; }
  // Closes the pool, e.g. before a child process takes over the database.
  void Close() { database_.reset(); }

 private:
  TestDatabase() = default;
  std::string url_;
  std::string directory_;      // SQLite: the temporary folder.
  std::string database_name_;  // PostgreSQL: the database to drop.
  std::unique_ptr<Database> database_;
};

}  // namespace strata::db::testing
