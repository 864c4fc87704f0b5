// The strata command itself: exit codes and messages for bad settings, migrate, serve and stop.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "core/ids.h"
#include "db/testing/test_database.h"
#include "process.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

using namespace std::chrono_literals;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

Outcome RunStrata(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& environment = {}) {
  std::vector<std::string> command = {STRATA_BINARY};
  command.insert(command.end(), args.begin(), args.end());
  Child child = Start(command, environment);
  // Generous: under the sanitizers on a busy machine, seeding the demo takes tens of seconds.
  auto code = Wait(child, 120s);
  if (!code) kill(child.pid, SIGKILL);
  return {code.value_or(-1), ReadFile(child.stdout_path), ReadFile(child.stderr_path)};
}

std::string TempDir() {
  return (std::filesystem::temp_directory_path() / ("strata-cli-" + core::RandomHex(4))).string();
}

TEST(CliTest, VersionPrintsTheVersion) {
  auto outcome = RunStrata({"version"});
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out.rfind("strata ", 0), 0U);
}

TEST(CliTest, UnusableDatabaseIsAClearErrorAndNonZeroExit) {
  const std::string dir = TempDir();
  auto unreachable = RunStrata({"serve", "--data-dir", dir, "--listen", "127.0.0.1:0"},
                               {{"STRATA_DB", "postgresql://strata@127.0.0.1:1/strata"}});
  EXPECT_NE(unreachable.code, 0);
  EXPECT_NE(unreachable.err.find("strata: cannot open the postgresql database"), std::string::npos)
      << unreachable.err;

  auto scheme = RunStrata({"migrate"}, {{"STRATA_DB", "mysql://root@localhost/strata"}});
  EXPECT_EQ(scheme.code, 2);
  EXPECT_NE(scheme.err.find("invalid setting STRATA_DB"), std::string::npos) << scheme.err;

  auto not_a_database_dir = RunStrata({"migrate", "--db", "sqlite:/proc/strata/strata.db"});
  EXPECT_NE(not_a_database_dir.code, 0);
  EXPECT_NE(not_a_database_dir.err.find("cannot open the sqlite database"), std::string::npos)
      << not_a_database_dir.err;
  std::filesystem::remove_all(dir);
}

TEST(CliTest, BadSettingsNameTheSetting) {
  auto listen = RunStrata({"serve"}, {{"STRATA_LISTEN", "everywhere"}});
  EXPECT_EQ(listen.code, 2);
  EXPECT_NE(listen.err.find("STRATA_LISTEN"), std::string::npos);
  auto flag = RunStrata({"serve", "--workers", "many"});
  EXPECT_EQ(flag.code, 2);
  EXPECT_NE(flag.err.find("--workers"), std::string::npos);
  auto unknown = RunStrata({"serve", "--no-such-flag"});
  EXPECT_NE(unknown.code, 0);
}

TEST(CliTest, MigrateThenServeThenStopOnSigterm) {
  auto database = db::testing::TestDatabase::Create(1);
  const std::string url = database->url();
  database->Close();
  const std::string dir = TempDir();
  std::filesystem::create_directories(dir);

  auto migrate = RunStrata({"migrate", "--db", url});
  ASSERT_EQ(migrate.code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("schema at version"), std::string::npos);

  const std::string ready = dir + "/ready";
  Child server = Start({STRATA_BINARY, "serve", "--db", url, "--data-dir", dir, "--listen",
                        "127.0.0.1:0", "--ready-file", ready, "--no-migrate"});
  const std::string address = WaitForFile(ready, 20s);
  ASSERT_FALSE(address.empty()) << ReadFile(server.stderr_path);
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  EXPECT_EQ(Fetch(port, "GET", "/readyz").status, 200);

  kill(server.pid, SIGTERM);
  auto code = Wait(server, 15s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
  EXPECT_NE(ReadFile(server.stderr_path).find("\"msg\":\"stopped\""), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir + "/secret.key"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata::api_testing

namespace strata::api_testing {
namespace {

TEST(CliTest, DemoSeedsAnEmptyDatabaseOnceWithWorkingLogIns) {
  auto database = db::testing::TestDatabase::Create(1);
  const std::string url = database->url();
  database->Close();
  const std::string dir = TempDir();
  ASSERT_EQ(RunStrata({"migrate", "--db", url}).code, 0);
  auto seeded = RunStrata({"demo", "--db", url, "--data-dir", dir});
  ASSERT_EQ(seeded.code, 0) << seeded.err;
  EXPECT_NE(seeded.out.find("owner@northwind.example"), std::string::npos);
  const auto at = seeded.out.find("the password is ");
  ASSERT_NE(at, std::string::npos);
  const std::string password = seeded.out.substr(at + 16, seeded.out.find('\n', at) - at - 16);
  auto again = RunStrata({"demo", "--db", url, "--data-dir", dir});
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("no demo data added"), std::string::npos);

  // The demo reseller signs in and sees its vendors, one of them through its distributor.
  const std::string ready = dir + "/ready";
  Child server = Start({STRATA_BINARY, "serve", "--db", url, "--data-dir", dir, "--listen",
                        "127.0.0.1:0", "--ready-file", ready});
  const std::string address = WaitForFile(ready, 20s);
  ASSERT_FALSE(address.empty()) << ReadFile(server.stderr_path);
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  auto login = Fetch(port, "POST", "/api/v1/auth/login",
                     R"({"email":"owner@bluefjord.example","password":")" + password + R"("})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie =
      login.Header("set-cookie").substr(0, login.Header("set-cookie").find(';'));
  auto vendors = Fetch(port, "GET", "/api/v1/vendors", "", {{"Cookie", cookie}});
  ASSERT_EQ(vendors.status, 200);
  EXPECT_NE(vendors.body.find("Northwind Networks"), std::string::npos);
  EXPECT_NE(vendors.body.find("Meridian Distribution"), std::string::npos);
  // Its deals are there, the one in conflict shown to it only as under review.
  auto deals = Fetch(port, "GET", "/api/v1/deals?q=contoso", "", {{"Cookie", cookie}});
  ASSERT_EQ(deals.status, 200);
  EXPECT_NE(deals.body.find("Contoso Pharma AG"), std::string::npos);
  EXPECT_EQ(deals.body.find("Cobalt"), std::string::npos);
  kill(server.pid, SIGTERM);
  EXPECT_EQ(Wait(server, 15s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata::api_testing

namespace strata::api_testing {
namespace {

TEST(CliTest, LogsCarryNoPasswordSessionOrToken) {
  auto database = db::testing::TestDatabase::Create(1);
  const std::string url = database->url();
  database->Close();
  const std::string dir = TempDir();
  const std::string ready = dir + "/ready";
  std::filesystem::create_directories(dir);
  Child server =
      Start({STRATA_BINARY, "serve", "--db", url, "--data-dir", dir, "--listen", "127.0.0.1:0",
             "--ready-file", ready, "--log-level", "debug", "--password-cost", "minimal"});
  const std::string address = WaitForFile(ready, 20s);
  ASSERT_FALSE(address.empty()) << ReadFile(server.stderr_path);
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
  auto signup =
      Fetch(port, "POST", "/api/v1/auth/signup",
            R"({"email":"ann@example.com","password":"correct horse battery","name":"Ann",)"
            R"("org":{"name":"Acme","kinds":["vendor"]}})");
  ASSERT_EQ(signup.status, 201);
  const std::string set_cookie = signup.Header("set-cookie");
  const std::string token = set_cookie.substr(15, set_cookie.find(';') - 15);
  const std::string csrf(signup.Json().at("csrf_token").as_string());
  Fetch(port, "GET", "/api/v1/me?token=" + token, "", {{"Cookie", "strata_session=" + token}});
  Fetch(port, "POST", "/api/v1/auth/login",
        R"({"email":"ann@example.com","password":"a wrong guess here"})");
  auto issued = Fetch(port, "POST", "/api/v1/api-tokens", R"({"name":"CRM sync"})",
                      {{"Cookie", "strata_session=" + token}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string api_token(issued.Json().at("token").as_string());
  EXPECT_EQ(Fetch(port, "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + api_token}}).status,
            200);
  kill(server.pid, SIGTERM);
  ASSERT_EQ(Wait(server, 15s), 0);
  const std::string logs = ReadFile(server.stderr_path);
  EXPECT_NE(logs.find("\"msg\":\"request\""), std::string::npos) << "the access log is there";
  EXPECT_EQ(logs.find("correct horse battery"), std::string::npos);
  EXPECT_EQ(logs.find("a wrong guess here"), std::string::npos);
  EXPECT_EQ(logs.find(token), std::string::npos);
  EXPECT_EQ(logs.find(csrf), std::string::npos);
  EXPECT_EQ(logs.find(api_token), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata::api_testing
