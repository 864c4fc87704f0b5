#include "fuzz_checks.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace strata::fuzzing {
namespace {

// CR, LF or NUL.
bool Splits(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

void Check(bool condition, std::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void CheckResponse(const http::Request& request, const http::Response& response) {
  const std::string name = std::string(http::MethodName(request.method)) + " " + request.target;
  if (response.status < 100 || response.status > 599 || response.status == 500) {
    std::fprintf(stderr, "%s answered %d: %s\n", name.c_str(), response.status,
                 response.body.c_str());
    std::abort();
  }
  for (const auto& [header, value] : response.headers) {
    if (!header.empty() && !Splits(header) && !Splits(value)) continue;
    std::fprintf(stderr, "%s answered a header that splits the response: %s\n", name.c_str(),
                 header.c_str());
    std::abort();
  }
}

}  // namespace strata::fuzzing
