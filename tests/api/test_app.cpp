#include "test_app.h"

#include <filesystem>
#include <stdexcept>

#include "core/ids.h"

namespace strata::api_testing {

TestApp::TestApp(TestAppOptions options) {
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
