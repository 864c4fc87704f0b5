#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace strata::db {

// One numbered schema change, with its SQL for each engine (the same text unless the change
// needs a dialect-specific twin, sql/NNNN_name.postgresql.sql or .sqlite.sql).
struct Migration {
  int version = 0;
  std::string name;
  std::string sqlite_sql;
  std::string postgres_sql;
};

// The migrations compiled into this binary from src/db/sql/, in version order.
const std::vector<Migration>& BuiltinMigrations();

struct MigrationState {
  int current = 0;  // Highest applied version (0 for an empty database).
  int latest = 0;   // Highest version this binary knows.
  bool up_to_date() const { return current == latest; }
};

// Reads the applied version. kUnavailable when the database cannot be read.
core::Result<MigrationState> ReadMigrationState(Database& database,
                                                const std::vector<Migration>& migrations);

// Applies the pending migrations, each in its own transaction, recording each in
// schema_migrations; returns how many ran. Refuses (kConflict) a database migrated by a newer
// binary. Safe when several processes start at once: PostgreSQL takes an advisory lock and SQLite
// an immediate transaction.
core::Result<int> Migrate(Database& database, const std::vector<Migration>& migrations);

}  // namespace strata::db
