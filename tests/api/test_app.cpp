#include "test_app.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/ids.h"
#include "http/testing/exchange_log.h"

namespace strata::api_testing {

SignedIn SignedInFrom(const RawResponse& response) {
  const std::string set_cookie = response.Header("set-cookie");
  json::value body = response.Json();
  std::string csrf;
  if (body.is_object()) {
    if (const auto* token = body.as_object().if_contains("csrf_token");
        token && token->is_string()) {
      csrf = token->as_string();
    }
  }
  return {set_cookie.substr(0, set_cookie.find(';')), csrf, std::move(body)};
}

std::string TokenAfter(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return "";
  auto end = at + marker.size();
  while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end])) &&
         !std::isupper(static_cast<unsigned char>(text[end]))) {
    ++end;
  }
  return text.substr(at + marker.size(), end - at - marker.size());
}

SignedIn TestApp::SignUp(const std::string& email, const std::vector<std::string>& kinds,
                         const std::string& org_name) const {
  json::array kind_list;
  for (const auto& kind : kinds) kind_list.emplace_back(kind);
  const json::object body{{"email", email},
                          {"password", "correct horse battery"},
                          {"name", "Ann Lee"},
                          {"org", json::object{{"name", org_name}, {"kinds", kind_list}}}};
  auto response = Post("/api/v1/auth/signup", json::serialize(body));
  EXPECT_EQ(response.status, 201) << response.body;
  return SignedInFrom(response);
}

RawResponse TestApp::Call(const SignedIn& who, const std::string& method, const std::string& target,
                          const std::string& body) const {
  if (!who.api_token.empty()) {
    return Fetch(port_, method, target, body, {{"Authorization", "Bearer " + who.api_token}});
  }
  return Fetch(port_, method, target, body, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
}

RawResponse TestApp::CallTyped(const SignedIn& who, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type) const {
  if (!who.api_token.empty()) {
    return Fetch(port_, method, target, body,
                 {{"Authorization", "Bearer " + who.api_token}, {"Content-Type", content_type}});
  }
  return Fetch(
      port_, method, target, body,
      {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"Content-Type", content_type}});
}

std::string TestApp::LatestMailTo(const std::string& address) const {
  std::vector<std::filesystem::path> messages;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir_ + "/outbox", error)) {
    if (entry.path().extension() == ".eml") messages.push_back(entry.path());
  }
  // Message files are named by time-ordered ids.
  std::sort(messages.rbegin(), messages.rend());
  for (const auto& path : messages) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("\r\nTo: " + address + "\r\n") != std::string::npos) return text.str();
  }
  return "";
}

TestApp::TestApp(TestAppOptions options) {
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info()) {
    http::testing::SetExchangeLabel(std::string(test->test_suite_name()) + "." + test->name());
  }
  database_ = db::testing::TestDatabase::Create(1);
  const std::string url = database_->url();
  data_dir_ =
      (std::filesystem::temp_directory_path() / ("strata-app-" + core::RandomHex(6))).string();

  core::ConfigSources sources;
  sources.flags = {{"db", url},
                   {"listen", "127.0.0.1:0"},
                   {"data_dir", data_dir_},
                   {"web_dir", options.web_dir},
                   {"workers", "4"},
                   {"log_level", "warn"},
                   {"request_timeout_seconds", "5"},
                   {"password_cost", "minimal"}};
  auto config = core::LoadConfig(sources);
  if (!config) throw std::runtime_error(config.error().message);
  auto created = app::App::Create(*config, options.migrate);
  if (!created) throw std::runtime_error(created.error().message);
  app_ = std::move(created.value());
  if (options.before_start) options.before_start(*app_);
  auto port = app_->Start();
  if (!port) throw std::runtime_error(port.error().message);
  port_ = *port;
}

TestApp::~TestApp() {
  app_.reset();
  database_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

}  // namespace strata::api_testing
