#pragma once

#include <cstddef>
#include <initializer_list>
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

}  // namespace strata::db
