#include "fuzz_app.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/config.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "identity/auth.h"

namespace strata::fuzzing {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz app: %s\n", what.c_str());
  std::abort();
}

std::string StringAt(const json::value& body, std::initializer_list<const char*> path) {
  const json::value* at = &body;
  for (const char* key : path) {
    if (!at->is_object()) return "";
    at = at->as_object().if_contains(key);
    if (at == nullptr) return "";
  }
  return at->is_string() ? std::string(at->as_string()) : "";
}

bool Mutating(http::Method method) {
  return method == http::Method::kPost || method == http::Method::kPut ||
         method == http::Method::kPatch || method == http::Method::kDelete;
}

// Paths whose successful changes may end the fixture's session or token, move its session to
// another organisation, or take its role away.
bool MayEndFixture(std::string_view path) {
  constexpr std::string_view kPrefixes[] = {
      "/api/v1/auth/logout", "/api/v1/auth/switch-org", "/api/v1/auth/password-reset/confirm",
      "/api/v1/members/",    "/api/v1/api-tokens/",     "/api/v1/member-invitations/accept"};
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](std::string_view prefix) { return path.starts_with(prefix); });
}

}  // namespace

FuzzApp& FuzzApp::Instance() {
  // Never destroyed: libFuzzer may exit from any thread at any time.
  static FuzzApp* instance = [] {
    auto* created = new FuzzApp();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(Instance().data_dir_, ignored);
    });
    return created;
  }();
  return *instance;
}

FuzzApp::FuzzApp() {
  log::SetLevel(log::Level::kOff);
  data_dir_ = (std::filesystem::temp_directory_path() /
               ("strata-fuzz-" + std::to_string(::getpid()) + "-" + core::RandomHex(4)))
                  .string();
  core::ConfigSources sources;
  sources.flags = {{"data_dir", data_dir_},   {"web_dir", data_dir_ + "/no-portal"},
                   {"listen", "127.0.0.1:0"}, {"workers", "1"},
                   {"log_level", "off"},      {"password_cost", "minimal"}};
  auto config = core::LoadConfig(sources);
  if (!config) Fail(config.error().message);
  auto created = app::App::Create(*config, app::MigrateOnStart::kYes);
  if (!created) Fail(created.error().message);
  app_ = std::move(created.value());
  pipeline_ = std::make_unique<http::Pipeline>(app_->router(), app_->metrics());
  MakeFixture();
}

FuzzApp::~FuzzApp() = default;

http::Response FuzzApp::Handle(http::Request& request) {
  http::Response response = pipeline_->Handle(request);
  if (Mutating(request.method) && response.status < 300 && MayEndFixture(request.path)) {
    MakeFixture();
  }
  return response;
}

http::Response FuzzApp::Call(http::Method method, const std::string& target,
                             const std::string& body, bool with_session) {
  http::Request request;
  request.method = method;
  if (!http::ParseTarget(target, request)) Fail("bad target " + target);
  request.headers = {{"content-type", "application/json"}};
  if (with_session) {
    request.headers.emplace_back("cookie",
                                 std::string(identity::kSessionCookie) + "=" + fixture_.session);
    request.headers.emplace_back("x-csrf-token", fixture_.csrf);
  }
  request.body = body;
  return pipeline_->Handle(request);
}

void FuzzApp::MakeFixture() {
  Fixture fixture;
  const std::string email =
      "fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(++accounts_) + "@example.com";
  const json::object signup{{"email", email},
                            {"password", "correct horse battery"},
                            {"name", "Fuzz Vendor"},
                            {"org", json::object{{"name", "Fuzz Vendor Ltd"},
                                                 {"kinds", json::array{"vendor", "distributor"}}}}};
  http::Response signed_up =
      Call(http::Method::kPost, "/api/v1/auth/signup", json::serialize(signup), false);
  if (signed_up.status != 201) Fail("sign-up answered " + signed_up.body);
  const std::string set_cookie(signed_up.Header("Set-Cookie"));
  const auto equals = set_cookie.find('=');
  fixture.session = set_cookie.substr(equals + 1, set_cookie.find(';') - equals - 1);
  const json::value principal = json::parse(signed_up.body);
  fixture.csrf = StringAt(principal, {"csrf_token"});
  fixture.user_id = StringAt(principal, {"user", "id"});
  fixture.org_id = StringAt(principal, {"org", "id"});
  fixture_ = fixture;

  http::Response token =
      Call(http::Method::kPost, "/api/v1/api-tokens", R"({"name":"fuzz","role":"admin"})", true);
  if (token.status != 201) Fail("token answered " + token.body);
  const json::value token_body = json::parse(token.body);
  fixture_.api_token = StringAt(token_body, {"token"});
  fixture_.api_token_id = StringAt(token_body, {"id"});

  http::Response invited = Call(http::Method::kPost, "/api/v1/relationships",
                                R"({"kind":"reseller","email":"partner@example.com"})", true);
  if (invited.status != 201) Fail("invitation answered " + invited.body);
  fixture_.relationship_id = StringAt(json::parse(invited.body), {"id"});
}

std::string FuzzApp::Substitute(std::string_view text) const {
  const std::pair<std::string_view, const std::string*> kPlaceholders[] = {
      {"@SESSION@", &fixture_.session},
      {"@CSRF@", &fixture_.csrf},
      {"@TOKEN_ID@", &fixture_.api_token_id},
      {"@TOKEN@", &fixture_.api_token},
      {"@USER@", &fixture_.user_id},
      {"@ORG@", &fixture_.org_id},
      {"@RELATIONSHIP@", &fixture_.relationship_id}};
  std::string result;
  result.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const auto next = text.find('@', at);
    if (next == std::string_view::npos) break;
    result.append(text.substr(at, next - at));
    bool replaced = false;
    for (const auto& [placeholder, value] : kPlaceholders) {
      if (text.substr(next, placeholder.size()) == placeholder) {
        result += *value;
        at = next + placeholder.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      result += '@';
      at = next + 1;
    }
  }
  if (at < text.size()) result.append(text.substr(at));
  return result;
}

}  // namespace strata::fuzzing
