#include "db/database.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdint>
#include <filesystem>

namespace strata::db {
namespace {

constexpr int kSqliteBusyTimeoutMs = 10000;

// The most of a SQLite database file mapped into memory (SQLite caps it at its own limit).
constexpr std::int64_t kSqliteMmapBytes = std::int64_t{4} << 30;

std::unique_ptr<soci::session> OpenSqlite(const std::string& path) {
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::filesystem::create_directories(parent);
  }
  auto session = std::make_unique<soci::session>(
      soci::sqlite3, "db=\"" + path + "\" timeout=" + std::to_string(kSqliteBusyTimeoutMs / 1000));
  // WAL lets readers work beside one writer; synchronous=FULL makes each commit durable.
  std::string mode;
  *session << "PRAGMA journal_mode=WAL", soci::into(mode);
  if (mode != "wal") throw std::runtime_error("cannot switch to WAL mode (got " + mode + ")");
  *session << "PRAGMA synchronous=FULL";
  *session << "PRAGMA foreign_keys=ON";
  *session << "PRAGMA busy_timeout=" + std::to_string(kSqliteBusyTimeoutMs);
  // Reads through the operating system's page cache, shared by every connection, instead of a
  // read call for each page: an index look-up in a large database touches dozens of pages.
  long long mapped = 0;
  *session << "PRAGMA mmap_size=" + std::to_string(kSqliteMmapBytes), soci::into(mapped);
  return session;
}

std::unique_ptr<soci::session> OpenPostgres(const std::string& connect) {
  auto session = std::make_unique<soci::session>(soci::postgresql, connect);
  *session << "SET client_min_messages = warning";
  *session << "SET TIME ZONE 'UTC'";
  // Queries here are short: compiling one to machine code costs more than it saves, and a large
  // table's estimates would otherwise trigger it now and then.
  *session << "SET jit = off";
  return session;
}

// The driver's message without the connection string, which may carry a password.
std::string CleanReason(const std::string& what) {
  std::string reason = what;
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  return reason;
}

}  // namespace

const char* DialectName(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgresql";
}

core::Result<std::unique_ptr<Database>> Database::Open(const std::string& url,
                                                       std::size_t pool_size) {
  Dialect dialect = Dialect::kSqlite;
  std::string target;
  if (url.rfind("sqlite:", 0) == 0) {
    target = url.substr(7);
    if (target.rfind("//", 0) == 0) target = target.substr(2);  // sqlite:///abs or sqlite://rel
    if (target.empty()) return core::Error::Invalid("the SQLite URL names no file");
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    dialect = Dialect::kPostgres;
    auto connect = PostgresConnectString(url);
    if (!connect) return connect.error();
    target = *connect;
    // A database that does not answer fails within seconds instead of hanging the start.
    if (target.find("connect_timeout=") == std::string::npos) target += " connect_timeout=5";
  } else {
    return core::Error::Invalid(
        "unsupported database URL: expected sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE");
  }
  if (pool_size == 0) pool_size = 1;

  std::vector<std::unique_ptr<soci::session>> sessions;
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      sessions.push_back(dialect == Dialect::kSqlite ? OpenSqlite(target) : OpenPostgres(target));
    }
  } catch (const std::exception& error) {
    return core::Error::Unavailable(std::string("cannot open the ") + DialectName(dialect) +
                                    " database: " + CleanReason(error.what()));
  }
  return std::unique_ptr<Database>(new Database(dialect, std::move(sessions)));
}

Database::Database(Dialect dialect, std::vector<std::unique_ptr<soci::session>> sessions)
    : dialect_(dialect), sessions_(std::move(sessions)) {
  for (auto& session : sessions_) free_.push_back(session.get());
}

Database::~Database() = default;

core::Result<Database::Lease> Database::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!released_.wait_for(lock, timeout, [this] { return !free_.empty(); })) {
    return core::Error::Unavailable("all database connections are busy");
  }
  soci::session* session = free_.back();
  free_.pop_back();
  return Lease(this, session);
}

std::size_t Database::in_use() const {
  std::lock_guard lock(mutex_);
  return sessions_.size() - free_.size();
}

void Database::Release(soci::session* session) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(session);
  }
  released_.notify_one();
}

Database::Lease::Lease(Lease&& other) noexcept : owner_(other.owner_), session_(other.session_) {
  other.owner_ = nullptr;
  other.session_ = nullptr;
}

Database::Lease::~Lease() {
  if (owner_ != nullptr) owner_->Release(session_);
}

Transaction::Transaction(soci::session& session, Dialect dialect, Mode mode) : session_(session) {
  if (dialect == Dialect::kSqlite && mode == Mode::kWrite) {
    session_ << "BEGIN IMMEDIATE";
  } else {
    session_ << "BEGIN";
  }
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    session_ << "ROLLBACK";
  } catch (...) {
    // The connection may be gone; the server ends the transaction with it.
  }
}

void Transaction::Commit() {
  session_ << "COMMIT";
  open_ = false;
}

core::Result<std::string> PostgresConnectString(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string reason = error != nullptr ? error : "cannot parse";
    PQfreemem(error);
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    return core::Error::Invalid("invalid PostgreSQL URL: " + reason);
  }
  std::string connect;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    // Values are single-quoted with backslash escapes, as libpq's keyword=value syntax wants.
    std::string value;
    for (const char* c = option->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    if (!connect.empty()) connect += ' ';
    connect += std::string(option->keyword) + "='" + value + "'";
  }
  PQconninfoFree(options);
  return connect;
}

std::vector<std::string> SplitStatements(const std::string& script) {
  std::vector<std::string> statements;
  std::string current;
  const auto flush = [&] {
    const auto first = current.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      const auto last = current.find_last_not_of(" \t\r\n");
      statements.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (std::size_t i = 0; i < script.size(); ++i) {
    const char c = script[i];
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;  // Comments are dropped.
      current += '\n';
      continue;
    }
    if (c == '\'' || c == '"') {
      const char quote = c;
      current += c;
      for (++i; i < script.size(); ++i) {
        current += script[i];
        if (script[i] == quote) {
          if (i + 1 < script.size() && script[i + 1] == quote) {
            current += script[++i];  // A doubled quote is an escaped quote.
          } else {
            break;
          }
        }
      }
      continue;
    }
    if (c == ';') {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return statements;
}

}  // namespace strata::db
