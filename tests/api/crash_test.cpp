// SIGKILL of a serving process in the middle of a stream of writes leaves a database that opens,
// passes its integrity check and holds every write that was acknowledged.
//
// The executable plays both parts: run with --serve it is the server (the real application plus
// one route that writes a row per request); otherwise it is the test, which starts itself as that
// server, streams writes at it from several connections, and kills it with SIGKILL.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "app/app.h"
#include "core/ids.h"
#include "db/database.h"
#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "http/json_io.h"
#include "http/problem.h"
#include "process.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

using namespace std::chrono_literals;

std::string g_self;

int ServeForCrash(const std::string& url, const std::string& data_dir,
                  const std::string& ready_file) {
  core::ConfigSources sources;
  sources.flags = {{"db", url},
                   {"listen", "127.0.0.1:0"},
                   {"data_dir", data_dir},
                   {"web_dir", "/nonexistent"},
                   {"log_level", "warn"},
                   {"workers", "4"}};
  auto config = core::LoadConfig(sources);
  if (!config) return 2;
  auto created = app::App::Create(*config, app::MigrateOnStart::kYes);
  if (!created) {
    std::cerr << created.error().message << '\n';
    return 1;
  }
  app::App& application = **created;
  db::Database& database = application.database();
  application.router().Add(http::Method::kPost, "/api/v1/crash-notes",
                           [&database](http::Request& request) {
                             auto body = http::ParseJsonBody(request);
                             if (!body) return http::ErrorResponse(body.error());
                             std::string id(body->at("id").as_string());
                             std::string text(body->at("body").as_string());
                             auto lease = database.Acquire();
                             if (!lease) return http::ErrorResponse(lease.error());
                             db::Transaction transaction(**lease, database.dialect());
                             **lease << "INSERT INTO crash_notes (id, body) VALUES (:id, :body)",
                                 soci::use(id, "id"), soci::use(text, "body");
                             transaction.Commit();
                             return http::JsonResponse(201, json::object{{"id", id}});
                           });
  auto port = application.Start();
  if (!port) return 1;
  std::ofstream(ready_file + ".tmp") << *port << '\n';
  std::rename((ready_file + ".tmp").c_str(), ready_file.c_str());
  for (;;) pause();
}

TEST(CrashTest, SigkillDuringWritesLosesNoAcknowledgedWrite) {
  auto test = db::testing::TestDatabase::Create(1);
  {
    ASSERT_TRUE(db::Migrate(test->database(), db::BuiltinMigrations()));
    auto lease = test->database().Acquire();
    **lease << "CREATE TABLE crash_notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
  }
  test->Close();
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("strata-crash-" + core::RandomHex(4))).string();
  std::filesystem::create_directories(dir);
  const std::string ready = dir + "/ready";
  Child server = Start({g_self, "--serve", test->url(), dir, ready});
  const std::string port_text = WaitForFile(ready, 20s);
  ASSERT_FALSE(port_text.empty()) << ReadFile(server.stderr_path);
  const auto port = static_cast<std::uint16_t>(std::stoi(port_text));

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<bool> killed{false};
  std::vector<std::thread> writers;
  writers.reserve(4);
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      RawConnection connection(port);
      for (int i = 0; !killed; ++i) {
        const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
        std::string body = R"({"id":")";
        body.append(id).append(R"(","body":"note )").append(id).append(R"("})");
        const std::string request =
            "POST /api/v1/crash-notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
        if (!connection.Send(request)) return;
        auto response = connection.Read(5s);
        if (!response) return;
        if (response->status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.insert(id);
        }
      }
    });
  }
  // Let writes stream for a while, then kill the server without warning.
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(10ms);
    std::lock_guard lock(mutex);
    if (acknowledged.size() >= 300) break;
  }
  kill(server.pid, SIGKILL);
  killed = true;
  for (auto& writer : writers) writer.join();
  auto code = Wait(server, 10s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 128 + SIGKILL);
  ASSERT_GE(acknowledged.size(), 50U);

  auto reopened = db::Database::Open(test->url(), 1);
  ASSERT_TRUE(reopened) << reopened.error().message;
  auto lease = (*reopened)->Acquire();
  if ((*reopened)->dialect() == db::Dialect::kSqlite) {
    std::string integrity;
    **lease << "PRAGMA integrity_check", soci::into(integrity);
    EXPECT_EQ(integrity, "ok");
  }
  std::set<std::string> stored;
  soci::rowset<std::string> rows = (lease.value()->prepare << "SELECT id FROM crash_notes");
  for (const auto& id : rows) stored.insert(id);
  std::size_t missing = 0;
  for (const auto& id : acknowledged) missing += stored.contains(id) ? 0 : 1;
  EXPECT_EQ(missing, 0U);
  std::cout << acknowledged.size() << " writes acknowledged before SIGKILL, " << stored.size()
            << " stored, " << missing << " lost\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata::api_testing

int main(int argc, char** argv) {
  strata::api_testing::g_self = std::filesystem::canonical("/proc/self/exe").string();
  if (argc == 5 && std::string(argv[1]) == "--serve") {
    return strata::api_testing::ServeForCrash(argv[2], argv[3], argv[4]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
