#include "db/bulk.h"

#include <soci/soci.h>

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

}  // namespace strata::db
