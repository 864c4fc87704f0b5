// The strata command: serve, migrate, demo, import contacts, version.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "app/app.h"
#include "app/demo.h"
#include "app/import_command.h"
#include "core/log.h"
#include "db/migrations.h"

namespace strata::app {
namespace {

// Exit codes: a bad setting is a usage error; an unusable database or address is a runtime one.
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

int Fail(int code, const std::string& message) {
  std::cerr << "strata: " << message << '\n';
  return code;
}

// Flags shared by the commands that open the database.
struct CommonFlags {
  std::string config_file;
  std::map<std::string, std::string> settings;

  void AddTo(CLI::App& command, const std::vector<std::string>& names) {
    command.add_option("--config", config_file, "TOML configuration file (or STRATA_CONFIG)");
    for (const auto& name : names) {
      std::string flag = "--" + name;
      std::replace(flag.begin(), flag.end(), '_', '-');
      command.add_option_function<std::string>(
          flag, [this, name](const std::string& value) { settings[name] = value; },
          "Overrides " + core::EnvironmentName(name));
    }
  }

  core::Result<core::Config> Load() const {
    core::ConfigSources sources;
    if (!config_file.empty()) {
      sources.file = config_file;
    } else if (const char* file = std::getenv("STRATA_CONFIG"); file != nullptr && *file) {
      sources.file = file;
    }
    sources.environment = [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) return std::nullopt;
      return std::string(value);
    };
    sources.flags = settings;
    return core::LoadConfig(sources);
  }
};

int ApplyLogLevel(const core::Config& config) {
  log::Level level = log::Level::kInfo;
  log::ParseLevel(config.log_level, level);
  log::SetLevel(level);
  return 0;
}

int Serve(const CommonFlags& flags, const std::string& ready_file, bool migrate) {
  auto config = flags.Load();
  if (!config) return Fail(kExitUsage, config.error().message);
  ApplyLogLevel(*config);

  auto app = App::Create(*config, migrate ? MigrateOnStart::kYes : MigrateOnStart::kNo);
  if (!app) {
    return Fail(app.error().code == core::Errc::kInvalidArgument ? kExitUsage : kExitRuntime,
                app.error().message);
  }
  auto port = (*app)->Start();
  if (!port) return Fail(kExitRuntime, port.error().message);
  const std::string address = config->listen_host + ":" + std::to_string(*port);
  log::Info("listening", {{"address", address}, {"version", Version()}});
  if (!ready_file.empty()) {
    // Written under another name and renamed, so a reader never sees half a line.
    const std::string temporary = ready_file + ".tmp";
    std::ofstream(temporary) << address << '\n';
    std::rename(temporary.c_str(), ready_file.c_str());
  }

  // SIGINT and SIGTERM were blocked in main before any thread started; wait for one here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  log::Info("stopping", {{"signal", received == SIGINT ? "SIGINT" : "SIGTERM"}});
  (*app)->Stop();
  log::Info("stopped");
  return 0;
}

int Migrate(const CommonFlags& flags) {
  auto config = flags.Load();
  if (!config) return Fail(kExitUsage, config.error().message);
  ApplyLogLevel(*config);
  auto database = db::Database::Open(config->EffectiveDatabaseUrl(), 1);
  if (!database) {
    return Fail(database.error().code == core::Errc::kInvalidArgument ? kExitUsage : kExitRuntime,
                database.error().message);
  }
  auto applied = db::Migrate(**database, db::BuiltinMigrations());
  if (!applied) return Fail(kExitRuntime, applied.error().message);
  auto state = db::ReadMigrationState(**database, db::BuiltinMigrations());
  std::cout << "applied " << *applied << " migration" << (*applied == 1 ? "" : "s")
            << "; schema at version " << (state ? state->current : 0) << '\n';
  return 0;
}

int Demo(const CommonFlags& flags) {
  auto config = flags.Load();
  if (!config) return Fail(kExitUsage, config.error().message);
  log::SetLevel(log::Level::kWarn);
  auto secret = ResolveSecretKey(*config);
  if (!secret) return Fail(kExitRuntime, secret.error().message);
  auto database = db::Database::Open(config->EffectiveDatabaseUrl(), 2);
  if (!database) return Fail(kExitRuntime, database.error().message);
  auto state = db::ReadMigrationState(**database, db::BuiltinMigrations());
  if (!state || !state->up_to_date()) return Fail(kExitRuntime, "run strata migrate first");
  auto seeded = SeedDemo(**database, *secret);
  if (!seeded) return Fail(kExitRuntime, seeded.error().message);
  if (!seeded->seeded) {
    std::cout << "the database holds organisations already; no demo data added\n";
    return 0;
  }
  std::cout << "Demo channel seeded. Sign in at " << config->public_url
            << " with any of these; the password is " << seeded->password << "\n\n";
  for (const auto& login : seeded->logins) {
    std::cout << "  " << login.email
              << std::string(34 - std::min<std::size_t>(33, login.email.size()), ' ') << login.org
              << " (" << login.kinds << "; " << login.role << ")\n";
  }
  return 0;
}

int Run(int argc, char** argv) {
  CLI::App cli{"Strata: partner relationship management, channel marketing and channel data."};
  cli.require_subcommand(1);

  CommonFlags serve_flags;
  std::string ready_file;
  bool no_migrate = false;
  auto* serve = cli.add_subcommand("serve", "Serve the API and the portal");
  serve_flags.AddTo(*serve, core::SettingNames());
  serve->add_option("--ready-file", ready_file, "Write HOST:PORT here once listening");
  serve->add_flag("--no-migrate", no_migrate, "Do not apply pending migrations on start");

  CommonFlags migrate_flags;
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  migrate_flags.AddTo(*migrate, {"db", "data_dir", "log_level"});

  CommonFlags demo_flags;
  auto* demo = cli.add_subcommand("demo", "Seed a demo channel into an empty database");
  demo_flags.AddTo(*demo, {"db", "data_dir", "public_url", "secret_key"});

  CommonFlags import_flags;
  ContactImportRequest import_request;
  std::vector<std::string> import_mapping;
  auto* import = cli.add_subcommand("import", "Import data from a file");
  import->require_subcommand(1);
  auto* import_contacts =
      import->add_subcommand("contacts", "Import a CSV file of contacts into an organisation");
  import_flags.AddTo(*import_contacts, {"db", "data_dir", "secret_key", "log_level"});
  import_contacts->add_option("--org", import_request.org_id, "The organisation's id")->required();
  import_contacts->add_option("file", import_request.file, "The CSV file")->required();
  import_contacts->add_option("--map", import_mapping,
                              "FIELD=COLUMN, once per field (default: suggested from the header)");
  import_contacts->add_option("--on-duplicate", import_request.on_duplicate,
                              "update (default) or skip a row whose address is a contact already");

  auto* version = cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }
  if (*serve) return Serve(serve_flags, ready_file, !no_migrate);
  if (*migrate) return Migrate(migrate_flags);
  if (*demo) return Demo(demo_flags);
  if (*import_contacts) {
    for (const auto& pair : import_mapping) {
      const auto equals = pair.find('=');
      if (equals == std::string::npos) return Fail(kExitUsage, "--map takes FIELD=COLUMN");
      import_request.mapping[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    auto config = import_flags.Load();
    if (!config) return Fail(kExitUsage, config.error().message);
    log::SetLevel(log::Level::kWarn);
    return ImportContacts(*config, import_request);
  }
  if (*version) {
    std::cout << "strata " << Version() << '\n';
    return 0;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace strata::app

int main(int argc, char** argv) {
  // Block the stop signals before any thread exists, so every thread inherits the mask and
  // `serve` receives them in sigwait instead of being killed mid-request.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    return strata::app::Run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "strata: " << error.what() << '\n';
    return 1;
  }
}
