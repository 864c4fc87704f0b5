// Raw bytes as HTTP/1.1 requests on one connection, read the way the server reads them (Beast's
// parser, its limits, the conversion to Request and the target's parsing) and handled by the real
// application's router and pipeline. Placeholders such as @SESSION@ and @CSRF@ become the values
// of a signed-in account, so inputs reach past authentication.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_app.h"
#include "fuzz_checks.h"
#include "http/cookies.h"
#include "http/request_reader.h"

namespace {

// The server reads up to this many requests from one connection's bytes in one input.
constexpr int kMaxRequestsPerInput = 4;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  strata::fuzzing::FuzzApp::Instance();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace strata;
  auto& app = fuzzing::FuzzApp::Instance();
  const std::string bytes =
      app.Substitute(std::string_view(reinterpret_cast<const char*>(data), size));
  const http::RequestLimits limits;  // The server's defaults.
  std::string_view rest = bytes;
  for (int i = 0; i < kMaxRequestsPerInput && !rest.empty(); ++i) {
    http::ReadResult read = http::ReadRequest(rest, limits, "127.0.0.1");
    fuzzing::Check(read.consumed <= rest.size(), "the reader consumed more than it was given");
    if (read.outcome != http::ReadOutcome::kRequest) {
      const bool refused = read.outcome != http::ReadOutcome::kIncomplete;
      fuzzing::Check(refused == !read.detail.empty(), "a refusal without its explanation");
      break;  // The server answers 4xx, or waits for more, and then closes.
    }
    fuzzing::Check(!read.request.path.empty() && read.request.path.front() == '/',
                   "a request path that is not absolute");
    if (const auto session = http::CookieValue(read.request, "strata_session")) {
      fuzzing::Check(session->find(';') == std::string::npos, "a cookie value holding ';'");
    }
    const http::Response response = app.Handle(read.request);
    fuzzing::CheckResponse(read.request, response);
    if (!read.keep_alive || read.consumed == 0) break;
    rest.remove_prefix(read.consumed);
  }
  return 0;
}
