#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace strata::db {

// Named parameters for a statement whose parameters are only known at run time, such as one
// carrying an access filter. Values are copied in and live as long as the Parameters.
class Parameters {
 public:
  Parameters& Text(std::string name, std::string value);
  Parameters& Integer(std::string name, std::int64_t value);
  Parameters& AddAll(const std::vector<std::pair<std::string, std::string>>& texts);
  // Binds NULL to `name`.
  Parameters& Null(std::string name);

 private:
  friend void ForEachRow(soci::session& session, const std::string& sql,
                         const Parameters& parameters,
                         const std::function<void(const soci::row&)>& visit);
  friend long long Execute(soci::session& session, const std::string& sql,
                           const Parameters& parameters);
  void BindTo(soci::statement& statement) const;
  std::vector<std::pair<std::string, std::string>> texts_;
  std::vector<std::pair<std::string, long long>> integers_;
  struct NullValue {
    std::string name;
    std::string value;
    soci::indicator indicator = soci::i_null;
  };
  // SOCI binds an indicator by reference, so binding a const Parameters needs a mutable one.
  mutable std::vector<NullValue> nulls_;
};

// Runs a query and calls `visit` for each row.
void ForEachRow(soci::session& session, const std::string& sql, const Parameters& parameters,
                const std::function<void(const soci::row&)>& visit);

// Runs a statement that returns no rows; returns the number of rows it changed.
long long Execute(soci::session& session, const std::string& sql, const Parameters& parameters);

// `LIKE` text that matches `text` literally, for a LIKE with ESCAPE '\'.
std::string EscapeLike(const std::string& text);

}  // namespace strata::db
