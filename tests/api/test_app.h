#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "db/testing/test_database.h"
#include "http/testing/raw_client.h"

namespace strata::api_testing {

using http::testing::Fetch;
using http::testing::RawConnection;
using http::testing::RawResponse;

// A signed-in browser: its session cookie ("strata_session=…"), CSRF token, and the answer that
// started the session.
struct SignedIn {
  std::string cookie;
  std::string csrf;
  json::value body;
  std::string api_token{};  // When set, requests carry it as a Bearer token instead.
};

// The session a sign-up or log-in answer starts.
SignedIn SignedInFrom(const RawResponse& response);

// The run of lowercase hex digits that follows `marker` in `text` ("" when absent): how tests
// take a token out of a mailed link.
std::string TokenAfter(const std::string& text, const std::string& marker);

struct TestAppOptions {
  app::MigrateOnStart migrate = app::MigrateOnStart::kYes;
  std::string web_dir = "/nonexistent";  // No portal unless a test builds one.
  // Lets a test add routes of its own before the server starts.
  std::function<void(app::App&)> before_start = {};
};

// The real application, started in-process on 127.0.0.1 and a free port, against a fresh
// database of the engine this run tests (SQLite, or PostgreSQL under scripts/with-postgres.sh).
class TestApp {
 public:
  explicit TestApp(TestAppOptions options = {});
  ~TestApp();

  std::uint16_t port() const { return port_; }
  app::App& app() { return *app_; }
  db::testing::TestDatabase& database() { return *database_; }

  RawResponse Get(const std::string& target) const { return Fetch(port_, "GET", target); }
  RawResponse Post(const std::string& target, const std::string& body) const {
    return Fetch(port_, "POST", target, body);
  }

  // Signs up `email` with an organisation of its own; the test fails unless that answers 201.
  SignedIn SignUp(const std::string& email, const std::vector<std::string>& kinds = {"vendor"},
                  const std::string& org_name = "Acme") const;
  // A request made with a session (its cookie and CSRF token) or with an API token.
  RawResponse Call(const SignedIn& who, const std::string& method, const std::string& target,
                   const std::string& body = "") const;
  // The same with the body declared as `content_type` ("text/csv").
  RawResponse CallTyped(const SignedIn& who, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& content_type) const;
  // The newest message to `address` in the data folder's outbox, whole; "" when there is none.
  std::string LatestMailTo(const std::string& address) const;

 private:
  std::string data_dir_;
  std::unique_ptr<db::testing::TestDatabase> database_;
  std::unique_ptr<app::App> app_;
  std::uint16_t port_ = 0;
};

}  // namespace strata::api_testing
