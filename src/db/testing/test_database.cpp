#include "db/testing/test_database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/ids.h"

namespace strata::db::testing {
namespace {

const char* AdminUrl() { return std::getenv("STRATA_TEST_PG"); }

std::string AdminConnectString() {
  auto connect = PostgresConnectString(AdminUrl());
  if (!connect) throw std::runtime_error(connect.error().message);
  return *connect;
}

// postgresql://user@host:port/postgres -> postgresql://user@host:port/NAME
std::string WithDatabase(const std::string& admin_url, const std::string& name) {
  const auto scheme_end = admin_url.find("://");
  const auto slash = admin_url.find('/', scheme_end + 3);
  std::string url = slash == std::string::npos ? admin_url : admin_url.substr(0, slash);
  return url + "/" + name;
}

}  // namespace

Dialect TestDialect() {
  const char* admin = AdminUrl();
  return admin != nullptr && *admin != '\0' ? Dialect::kPostgres : Dialect::kSqlite;
}

std::unique_ptr<TestDatabase> TestDatabase::Create(std::size_t pool_size) {
  std::unique_ptr<TestDatabase> test(new TestDatabase());
  const std::string unique = core::RandomHex(8);
  if (TestDialect() == Dialect::kPostgres) {
    test->database_name_ = "strata_test_" + unique;
    soci::session admin(soci::postgresql, AdminConnectString());
    admin << "CREATE DATABASE " + test->database_name_;
    test->url_ = WithDatabase(AdminUrl(), test->database_name_);
  } else {
    const auto directory = std::filesystem::temp_directory_path() / ("strata-test-" + unique);
    std::filesystem::create_directories(directory);
    test->directory_ = directory.string();
    test->url_ = "sqlite:" + (directory / "strata.db").string();
  }
  auto database = Database::Open(test->url_, pool_size);
  if (!database) throw std::runtime_error(database.error().message);
  test->database_ = std::move(database.value());
  return test;
}

TestDatabase::~TestDatabase() {
  database_.reset();
  try {
    if (!database_name_.empty()) {
      soci::session admin(soci::postgresql, AdminConnectString());
      admin << "DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)";
    }
    if (!directory_.empty()) std::filesystem::remove_all(directory_);
  } catch (...) {
    // Leftovers of a test are not worth failing it; the throwaway server goes anyway.
  }
}

}  // namespace strata::db::testing
