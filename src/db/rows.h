#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

namespace strata::db {

// An integer column of a dynamically fetched row. The engines report integers as int, long long
// or (for some expressions) double; this reads any of them.
std::int64_t RowInteger(const soci::row& row, std::size_t column);

// A text column that may be NULL.
std::optional<std::string> RowOptionalText(const soci::row& row, std::size_t column);

}  // namespace strata::db
