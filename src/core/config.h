#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/error.h"

namespace strata::core {

// Every setting of `strata serve`, after defaults, the TOML file, the environment and the
// command line have been applied in that order (later wins).
struct Config {
  std::string database_url;  // "sqlite:PATH" or "postgresql://…"; empty means SQLite in data_dir.
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string data_dir = "./data";
  std::string public_url = "http://localhost:8080";
  std::string secret_key;  // Empty means: read or create data_dir/secret.key.
  std::string web_dir = "web/dist";
  int workers = 0;  // Database worker threads; 0 means a default from the core count.
  std::string log_level = "info";
  std::int64_t max_body_bytes = 1 << 20;
  // The body limit of upload routes (files such as contact imports), which go to disk instead.
  std::int64_t max_upload_bytes = std::int64_t{1} << 30;
  int request_timeout_seconds = 15;
  int shutdown_grace_seconds = 10;
  // "interactive" (argon2id as libsodium recommends for log-ins) or "minimal", which only test
  // suites that create hundreds of accounts should use.
  std::string password_cost = "interactive";
  // Whether webhooks may be sent to loopback, private and link-local addresses: only for
  // endpoints inside the operator's own network, since it lets organisations reach that network.
  bool allow_private_webhook_targets = false;

  // The database URL to open: database_url, or the SQLite file in data_dir.
  std::string EffectiveDatabaseUrl() const;
  // True when public_url is https, so cookies get the Secure flag.
  bool SecureCookies() const;
};

// Where settings come from. `environment` looks a variable up (getenv in production).
struct ConfigSources {
  std::optional<std::string> file;  // TOML file path.
  std::function<std::optional<std::string>(const std::string&)> environment;
  std::map<std::string, std::string> flags;  // Setting name ("listen") to value.
};

// Builds the configuration; a bad value or an unknown key in the file is kInvalidArgument whose
// message names the setting, where it came from and what is expected.
Result<Config> LoadConfig(const ConfigSources& sources);

// The environment variable of a setting ("listen" -> "STRATA_LISTEN").
std::string EnvironmentName(const std::string& setting);

// The names of all settings, in documentation order.
const std::vector<std::string>& SettingNames();

}  // namespace strata::core
