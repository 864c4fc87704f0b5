#pragma once

#include <string>
#include <string_view>

namespace strata::http {

// A strong ETag from the content: the first 16 bytes of its BLAKE2b hash, in hex, quoted.
std::string EtagOf(std::string_view body);

// Whether an If-None-Match header names `etag` (or is "*").
bool EtagMatches(std::string_view if_none_match, const std::string& etag);

}  // namespace strata::http
