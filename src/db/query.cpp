#include "db/query.h"

namespace strata::db {

Parameters& Parameters::Text(std::string name, std::string value) {
  texts_.emplace_back(std::move(name), std::move(value));
  return *this;
}

Parameters& Parameters::Integer(std::string name, std::int64_t value) {
  integers_.emplace_back(std::move(name), value);
  return *this;
}

Parameters& Parameters::AddAll(const std::vector<std::pair<std::string, std::string>>& texts) {
  for (const auto& [name, value] : texts) Text(name, value);
  return *this;
}

Parameters& Parameters::Null(std::string name) {
  nulls_.push_back({std::move(name), {}, soci::i_null});
  return *this;
}

void Parameters::BindTo(soci::statement& statement) const {
  for (const auto& [name, value] : texts_) statement.exchange(soci::use(value, name));
  for (const auto& [name, value] : integers_) statement.exchange(soci::use(value, name));
  for (auto& null : nulls_) {
    null.indicator = soci::i_null;
    statement.exchange(soci::use(null.value, null.indicator, null.name));
  }
}

void ForEachRow(soci::session& session, const std::string& sql, const Parameters& parameters,
                const std::function<void(const soci::row&)>& visit) {
  soci::row row;
  soci::statement statement(session);
  statement.exchange(soci::into(row));
  parameters.BindTo(statement);
  statement.alloc();
  statement.prepare(sql);
  statement.define_and_bind();
  if (!statement.execute(true)) return;
  do {
    visit(row);
  } while (statement.fetch());
}

long long Execute(soci::session& session, const std::string& sql, const Parameters& parameters) {
  soci::statement statement(session);
  parameters.BindTo(statement);
  statement.alloc();
  statement.prepare(sql);
  statement.define_and_bind();
  statement.execute(true);
  return statement.get_affected_rows();
}

std::string EscapeLike(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace strata::db
