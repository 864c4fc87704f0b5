#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace strata::db {

// One statement over many rows of values, for bulk writes: an import's thousands of rows in tens
// of statements instead of thousands. Each "?" of the text added stands for the next value, bound
// by position as text; an absent value is written as NULL. SQLite looks every named parameter up
// among all of a statement's names, which for hundreds costs more than the insert, so there the
// placeholders are anonymous; PostgreSQL needs names, each its own (SOCI binds a name used twice
// only once). Keep a statement under 30,000 values, SQLite's limit.
class BulkStatement {
 public:
  using Values = std::initializer_list<std::optional<std::string>>;

  BulkStatement(soci::session& sql, std::string_view head, Values values = {});

  // Appends `text`, whose "?"s stand for `values` in order.
  void Add(std::string_view text, Values values = {});
  // Runs the statement; answers how many rows it changed.
  long long Execute();

 private:
  soci::session& sql_;
  bool anonymous_;
  std::string query_;
  std::vector<std::string> values_;
};

// Appends many rows to one table as fast as each engine allows, inside the caller's transaction:
// PostgreSQL's COPY … FROM STDIN, and on SQLite one INSERT prepared once and run for a batch of
// rows at a time. Values are text in column order; nullopt is NULL. A failure (a constraint, a
// lost connection) throws, as any statement does, and leaves the transaction to roll back.
class BulkInsert {
 public:
  BulkInsert(soci::session& sql, std::string table, std::vector<std::string> columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  // Takes the row's values (moved from when given an rvalue).
  void Add(std::vector<std::optional<std::string>> row);
  // Writes what is buffered; call it before reading the table back and once at the end.
  void Flush();

 private:
  struct State;
  std::string ColumnList() const;
  // PostgreSQL: sends the buffered rows into the COPY, starting it when none is open.
  void SendCopy();

  soci::session& sql_;
  std::string table_;
  std::vector<std::string> columns_;
  std::unique_ptr<State> state_;
};

}  // namespace strata::db
