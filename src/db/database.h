#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace soci {
class session;
}

namespace strata::db {

enum class Dialect { kSqlite, kPostgres };

const char* DialectName(Dialect dialect);

// A pool of SOCI sessions on one database, SQLite or PostgreSQL. SOCI sessions block and are not
// thread-safe: each worker thread leases one for the length of its work.
class Database {
 public:
  class Lease;

  // Opens `pool_size` connections to "sqlite:PATH" or "postgresql://…". A bad URL is
  // kInvalidArgument; a database that cannot be opened or reached is kUnavailable, with the
  // driver's reason.
  static core::Result<std::unique_ptr<Database>> Open(const std::string& url,
                                                      std::size_t pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  // Waits up to `timeout` for a free session; kUnavailable when none frees up.
  core::Result<Lease> Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  std::size_t size() const { return sessions_.size(); }
  std::size_t in_use() const;

 private:
  Database(Dialect dialect, std::vector<std::unique_ptr<soci::session>> sessions);
  void Release(soci::session* session);

  Dialect dialect_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  std::vector<soci::session*> free_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
};

// A session borrowed from the pool; returned when the lease ends.
class Database::Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();

  soci::session& operator*() const { return *session_; }
  soci::session* operator->() const { return session_; }
  Dialect dialect() const { return owner_->dialect(); }

 private:
  friend class Database;
  Lease(Database* owner, soci::session* session) : owner_(owner), session_(session) {}
  Database* owner_;
  soci::session* session_;
};

// A transaction that rolls back unless committed. On SQLite a writing transaction starts with
// BEGIN IMMEDIATE so two writers queue on the busy timeout instead of failing when one of them
// upgrades a read lock.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  Transaction(soci::session& session, Dialect dialect, Mode mode = Mode::kWrite);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();

 private:
  soci::session& session_;
  bool open_ = true;
};

// A PostgreSQL URL ("postgresql://user:pw@host:port/db?sslmode=require") in libpq's
// keyword=value form, which is what SOCI passes on intact; kInvalidArgument when libpq cannot
// parse it.
core::Result<std::string> PostgresConnectString(const std::string& url);

// Runs `work(session)` on a session leased from `database`, returning what it returns; a pool
// with no free session gives kUnavailable. `work` returns a core::Result or core::Status.
template <class Work>
auto WithSession(Database& database, Work work) -> decltype(work(std::declval<soci::session&>())) {
  auto lease = database.Acquire();
  if (!lease) return lease.error();
  return work(**lease);
}

// Splits a script into statements at semicolons outside quotes, identifiers and comments.
std::vector<std::string> SplitStatements(const std::string& script);

}  // namespace strata::db
