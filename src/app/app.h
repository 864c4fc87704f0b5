#pragma once

#include <cstdint>
#include <memory>

#include "core/config.h"
#include "core/error.h"
#include "core/metrics.h"
#include "db/database.h"
#include "http/router.h"

namespace strata::app {

// The version this binary reports.
const char* Version();

enum class MigrateOnStart { kYes, kNo };

// One running Strata: the database pool, the routes of every module, the HTTP server and the job
// runner, wired together. `strata serve` runs one; tests/api start one in-process on port 0.
class App {
 public:
  // Opens the database (migrating it first unless told not to), loads the portal and registers
  // every route. kUnavailable when the database cannot be opened or migrated.
  static core::Result<std::unique_ptr<App>> Create(const core::Config& config,
                                                   MigrateOnStart migrate);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts serving and running jobs; returns the port.
  core::Result<std::uint16_t> Start();
  // Stops gracefully: requests in flight finish, the job in hand finishes.
  void Stop();

  // For tests that add routes of their own before Start.
  http::Router& router();
  db::Database& database();
  core::Metrics& metrics();

  // The wired parts; opaque outside app.cpp.
  struct Parts;

 private:
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// The secret key: the configured one, or the one kept in DATA_DIR/secret.key, made on first use
// with 256 random bits and mode 0600.
core::Result<std::string> ResolveSecretKey(const core::Config& config);

}  // namespace strata::app
