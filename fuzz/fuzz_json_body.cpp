// JSON request bodies: the first byte picks a route that reads one, and how the request is
// authenticated; the rest is the body. The body goes through ParseJsonBody, ParseJsonObject and
// RequiredString directly (with the invariants they promise), then to the route itself through
// the real application, signed in, so the route's own readers of the body run too.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "fuzz_app.h"
#include "fuzz_checks.h"
#include "http/json_io.h"

namespace {

using strata::http::Method;

struct Route {
  Method method;
  const char* target;  // With placeholders for the fixture's ids.
};

// Every route that reads a JSON body.
constexpr Route kRoutes[] = {
    {Method::kPost, "/api/v1/auth/signup"},
    {Method::kPost, "/api/v1/auth/login"},
    {Method::kPost, "/api/v1/auth/switch-org"},
    {Method::kPost, "/api/v1/auth/password-reset"},
    {Method::kPost, "/api/v1/auth/password-reset/confirm"},
    {Method::kPatch, "/api/v1/members/@USER@"},
    {Method::kPost, "/api/v1/member-invitations"},
    {Method::kPost, "/api/v1/member-invitations/accept"},
    {Method::kPost, "/api/v1/api-tokens"},
    {Method::kPatch, "/api/v1/org"},
    {Method::kPost, "/api/v1/relationships"},
    {Method::kPatch, "/api/v1/relationships/@RELATIONSHIP@"},
    {Method::kPut, "/api/v1/relationships/@RELATIONSHIP@/authorizations"},
    {Method::kPost, "/api/v1/network-invitations/accept"},
};
constexpr std::size_t kRouteCount = sizeof(kRoutes) / sizeof(kRoutes[0]);

// The content types a client may send; only the JSON ones are read.
constexpr const char* kContentTypes[] = {"application/json", "application/json; charset=utf-8",
                                         "application/problem+json", "text/plain"};

// Whether `value` holds no floating-point number. Those are left out of the round trip: Boost.JSON
// 1.81 reads them fast rather than exactly (1111111111111111111111111 comes back one unit off in
// the last place), and reads 1e999 as infinity, which no JSON text can carry back.
bool NoDoubles(const strata::json::value& value) {
  if (value.is_double()) return false;
  if (value.is_array()) {
    return std::all_of(value.get_array().begin(), value.get_array().end(),
                       [](const auto& item) { return NoDoubles(item); });
  }
  if (value.is_object()) {
    return std::all_of(value.get_object().begin(), value.get_object().end(),
                       [](const auto& member) { return NoDoubles(member.value()); });
  }
  return true;
}

// The JSON readers on their own: what they accept must survive a round trip, and every member
// read as a required string either yields the string or a problem naming the field.
void CheckReaders(const strata::http::Request& request) {
  using namespace strata;
  auto value = http::ParseJsonBody(request);
  auto object = http::ParseJsonObject(request);
  fuzzing::Check(!value || object || !value->is_object(), "an object body refused as an object");
  if (!value) {
    fuzzing::Check(!value.error().message.empty(), "a refusal without a message");
    return;
  }
  if (NoDoubles(*value)) {
    // As deep as ParseJsonBody allows.
    json::parse_options options;
    options.max_depth = 64;
    const std::string text = json::serialize(*value);
    fuzzing::Check(json::parse(text, {}, options) == *value,
                   "JSON that does not survive a round trip");
  }
  if (!object) return;
  for (const auto& [key, member] : *object) {
    std::vector<core::FieldError> problems;
    const std::string read = http::RequiredString(*object, key, problems);
    const bool usable = member.is_string();
    fuzzing::Check(usable == problems.empty(), "RequiredString disagrees with the value's kind");
    fuzzing::Check(!usable || read == member.as_string(), "RequiredString changed the string");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  strata::fuzzing::FuzzApp::Instance();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace strata;
  if (size == 0) return 0;
  auto& app = fuzzing::FuzzApp::Instance();
  // Bits of the first byte: the route (low), the content type, and Bearer token or session.
  const std::uint8_t choice = data[0];
  const Route& route = kRoutes[(choice & 0x0f) % kRouteCount];
  const char* content_type = kContentTypes[(choice >> 4) & 0x03];
  const bool bearer = (choice & 0x40) != 0;

  http::Request request;
  request.method = route.method;
  fuzzing::Check(http::ParseTarget(app.Substitute(route.target), request), "a route's target");
  request.body =
      app.Substitute(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  request.remote_address = "127.0.0.1";
  request.headers.emplace_back("content-type", content_type);
  const fuzzing::Fixture& fixture = app.fixture();
  if (bearer) {
    request.headers.emplace_back("authorization", "Bearer " + fixture.api_token);
  } else {
    request.headers.emplace_back("cookie", "strata_session=" + fixture.session);
    request.headers.emplace_back("x-csrf-token", fixture.csrf);
  }

  CheckReaders(request);
  const http::Response response = app.Handle(request);
  fuzzing::CheckResponse(request, response);
  return 0;
}
