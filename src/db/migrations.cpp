#include "db/migrations.h"

#include <soci/soci.h>

#include "core/log.h"
#include "core/time.h"

namespace strata::db {
namespace {

// Creates the bookkeeping table; portable SQL.
constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

// Highest applied version; NULL on an empty table.
constexpr const char* kSelectCurrentVersion = "SELECT MAX(version) FROM schema_migrations";

// Records one applied migration.
constexpr const char* kInsertMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)";

// A fixed key for the migration advisory lock ("strata" in ASCII).
constexpr long long kMigrationLockKey = 0x737472617461;

int CurrentVersion(soci::session& session) {
  soci::indicator indicator = soci::i_ok;
  long long version = 0;
  session << kSelectCurrentVersion, soci::into(version, indicator);
  return indicator == soci::i_null ? 0 : static_cast<int>(version);
}

int Latest(const std::vector<Migration>& migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

core::Error NewerDatabase(int current, int latest) {
  return core::Error::Conflict("the database is at schema version " + std::to_string(current) +
                               ", newer than this binary knows (" + std::to_string(latest) +
                               "); run a newer strata");
}

// Whether the bookkeeping table exists yet, without creating it (reads must not write).
bool HasSchemaTable(soci::session& session, Dialect dialect) {
  int count = 0;
  if (dialect == Dialect::kSqlite) {
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
               "'schema_migrations'",
        soci::into(count);
  } else {
    session << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
               "current_schema() AND table_name = 'schema_migrations'",
        soci::into(count);
  }
  return count > 0;
}

}  // namespace

core::Result<MigrationState> ReadMigrationState(Database& database,
                                                const std::vector<Migration>& migrations) {
  auto lease = database.Acquire();
  if (!lease) return lease.error();
  try {
    MigrationState state;
    state.latest = Latest(migrations);
    state.current = HasSchemaTable(**lease, database.dialect()) ? CurrentVersion(**lease) : 0;
    return state;
  } catch (const std::exception& error) {
    return core::Error::Unavailable(std::string("cannot read the schema version: ") + error.what());
  }
}

core::Result<int> Migrate(Database& database, const std::vector<Migration>& migrations) {
  auto lease = database.Acquire();
  if (!lease) return lease.error();
  soci::session& session = **lease;
  const Dialect dialect = database.dialect();
  const int latest = Latest(migrations);
  int applied = 0;
  // Releases the PostgreSQL advisory lock on every way out, so the pooled session is clean.
  struct LockGuard {
    soci::session& session;
    bool held = false;
    ~LockGuard() {
      if (!held) return;
      try {
        session << "SELECT pg_advisory_unlock_all()";
      } catch (...) {
        // The connection is gone; the server released the lock with it.
      }
    }
  } lock{session};
  try {
    if (dialect == Dialect::kPostgres) {
      session << "SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")";
      lock.held = true;
    }
    session << kCreateSchemaMigrations;
    for (const Migration& migration : migrations) {
      Transaction transaction(session, dialect);
      // Read inside the transaction: another process may have applied it meanwhile.
      const int current = CurrentVersion(session);
      if (current > latest) return NewerDatabase(current, latest);
      if (migration.version <= current) continue;
      const std::string& script =
          dialect == Dialect::kSqlite ? migration.sqlite_sql : migration.postgres_sql;
      for (const std::string& statement : SplitStatements(script)) session << statement;
      const long long version = migration.version;
      const long long at = core::Timestamp::Now().micros();
      std::string name = migration.name;
      session << kInsertMigration, soci::use(version), soci::use(name), soci::use(at);
      transaction.Commit();
      ++applied;
      log::Info("migration applied", {{"version", migration.version}, {"name", migration.name}});
    }
    // An empty list of pending migrations still refuses a newer database.
    if (const int current = CurrentVersion(session); current > latest) {
      return NewerDatabase(current, latest);
    }
  } catch (const std::exception& error) {
    return core::Error::Unavailable(std::string("migration failed: ") + error.what());
  }
  return applied;
}

}  // namespace strata::db
