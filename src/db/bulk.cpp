#include "db/bulk.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <stdexcept>

namespace strata::db {

BulkStatement::BulkStatement(soci::session& sql, std::string_view head, Values values)
    : sql_(sql), anonymous_(sql.get_backend_name() == "sqlite3") {
  Add(head, values);
}

void BulkStatement::Add(std::string_view text, Values values) {
  const auto* value = values.begin();
  for (char c : text) {
    if (c != '?') {
      query_ += c;
      continue;
    }
    const std::optional<std::string>& next = *value++;
    if (!next) {
      query_ += "NULL";
    } else if (anonymous_) {
      query_ += '?';
      values_.push_back(*next);
    } else {
      query_ += ":v";
      query_ += std::to_string(values_.size());
      values_.push_back(*next);
    }
  }
}

long long BulkStatement::Execute() {
  soci::statement statement(sql_);
  // Bound by address: the values no longer change from here on.
  for (const auto& value : values_) statement.exchange(soci::use(value));
  statement.alloc();
  statement.prepare(query_);
  statement.define_and_bind();
  statement.execute(true);
  return statement.get_affected_rows();
}

namespace {

constexpr std::size_t kSqliteBatch = 2000;
constexpr std::size_t kCopyBuffer = std::size_t{1} << 20;

// A value in COPY's text format: backslash, tab and line breaks escaped; NULL as \N.
void AppendCopyValue(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// The session's libpq connection. By name rather than dynamic_cast: libsoci exports no type
// information for its backends.
PGconn* Connection(soci::session& sql) {
  if (sql.get_backend_name() != "postgresql") throw std::logic_error("COPY needs PostgreSQL");
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

}  // namespace

struct BulkInsert::State {
  bool postgres = false;
  std::size_t rows = 0;
  // PostgreSQL: the COPY data not yet sent.
  std::string copy;
  bool copying = false;
  // SQLite: one vector per column, with its NULL indicators.
  std::vector<std::vector<std::string>> values;
  std::vector<std::vector<soci::indicator>> nulls;
};

BulkInsert::BulkInsert(soci::session& sql, std::string table, std::vector<std::string> columns)
    : sql_(sql),
      table_(std::move(table)),
      columns_(std::move(columns)),
      state_(std::make_unique<State>()) {
  state_->postgres = sql.get_backend_name() == "postgresql";
  if (!state_->postgres) {
    state_->values.resize(columns_.size());
    state_->nulls.resize(columns_.size());
  }
}

BulkInsert::~BulkInsert() {
  // A COPY left open (an exception between rows) is ended as failed, so that the connection
  // can roll the transaction back.
  if (state_->copying) {
    PGconn* connection = Connection(sql_);
    PQputCopyEnd(connection, "abandoned");
    while (PGresult* result = PQgetResult(connection)) PQclear(result);
  }
}

void BulkInsert::Add(std::vector<std::optional<std::string>> row) {
  if (row.size() != columns_.size()) throw std::logic_error("a row has the wrong number of values");
  State& state = *state_;
  ++state.rows;
  if (state.postgres) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) state.copy += '\t';
      AppendCopyValue(state.copy, row[i]);
    }
    state.copy += '\n';
    if (state.copy.size() >= kCopyBuffer) SendCopy();
    return;
  }
  for (std::size_t i = 0; i < row.size(); ++i) {
    state.nulls[i].push_back(row[i] ? soci::i_ok : soci::i_null);
    state.values[i].push_back(row[i] ? std::move(*row[i]) : std::string());
  }
  if (state.values.front().size() >= kSqliteBatch) Flush();
}

std::string BulkInsert::ColumnList() const {
  std::string names;
  for (const auto& column : columns_) names += (names.empty() ? "" : ", ") + column;
  return names;
}

void BulkInsert::SendCopy() {
  State& state = *state_;
  PGconn* connection = Connection(sql_);
  if (state.copy.empty()) return;
  if (!state.copying) {
    const std::string start = "COPY " + table_ + " (" + ColumnList() + ") FROM STDIN";
    PGresult* started = PQexec(connection, start.c_str());
    const bool ready = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!ready) throw std::runtime_error(std::string("COPY failed: ") + PQerrorMessage(connection));
    state.copying = true;
  }
  if (PQputCopyData(connection, state.copy.data(), static_cast<int>(state.copy.size())) != 1) {
    throw std::runtime_error(std::string("COPY failed: ") + PQerrorMessage(connection));
  }
  state.copy.clear();
}

void BulkInsert::Flush() {
  State& state = *state_;
  if (state.postgres) {
    SendCopy();
    if (!state.copying) return;
    state.copying = false;
    PGconn* connection = Connection(sql_);
    if (PQputCopyEnd(connection, nullptr) != 1) {
      throw std::runtime_error(std::string("COPY failed: ") + PQerrorMessage(connection));
    }
    std::string failure;
    while (PGresult* result = PQgetResult(connection)) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK) failure = PQresultErrorMessage(result);
      PQclear(result);
    }
    if (!failure.empty()) throw std::runtime_error("COPY failed: " + failure);
    return;
  }
  if (state.values.empty() || state.values.front().empty()) return;
  const std::string names = ColumnList();
  std::string placeholders;
  for (std::size_t i = 0; i < columns_.size(); ++i) placeholders += i == 0 ? "?" : ", ?";
  soci::statement statement(sql_);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    statement.exchange(soci::use(state.values[i], state.nulls[i]));
  }
  statement.alloc();
  statement.prepare("INSERT INTO " + table_ + " (" + names + ") VALUES (" + placeholders + ")");
  statement.define_and_bind();
  statement.execute(true);
  for (auto& column : state.values) column.clear();
  for (auto& column : state.nulls) column.clear();
}

}  // namespace strata::db
