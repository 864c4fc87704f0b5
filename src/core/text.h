#pragma once

#include <string>
#include <vector>

namespace strata::core {

// Without leading and trailing spaces, tabs and line breaks.
std::string Trim(const std::string& text);

// "a,b,c" -> {"a","b","c"}; "" -> {}.
std::vector<std::string> SplitList(const std::string& text, char separator);

// {"a","b"} -> "a,b" (with separator ",").
std::string JoinList(const std::vector<std::string>& items, const std::string& separator);

}  // namespace strata::core
