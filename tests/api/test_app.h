#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/app.h"
#include "db/testing/test_database.h"
#include "http/testing/raw_client.h"

namespace strata::api_testing {

using http::testing::Fetch;
using http::testing::RawConnection;
using http::testing::RawResponse;

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

 private:
  std::string data_dir_;
  std::unique_ptr<db::testing::TestDatabase> database_;
  std::unique_ptr<app::App> app_;
  std::uint16_t port_ = 0;
};

}  // namespace strata::api_testing
