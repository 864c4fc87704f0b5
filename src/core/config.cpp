#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <thread>

namespace strata::core {
namespace {

using Apply = std::function<std::optional<std::string>(Config&, const std::string&)>;

// One setting: its name (TOML key and flag name) and how a text value is checked and applied;
// Apply answers an explanation when the value is refused.
struct Setting {
  std::string name;
  Apply apply;
};

std::optional<std::int64_t> ParseInteger(const std::string& text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

Apply IntegerSetting(std::int64_t min, std::int64_t max,
                     const std::function<void(Config&, std::int64_t)>& store) {
  return [=](Config& config, const std::string& text) -> std::optional<std::string> {
    auto value = ParseInteger(text);
    if (!value || *value < min || *value > max) {
      return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    }
    store(config, *value);
    return std::nullopt;
  };
}

std::optional<std::string> ApplyListen(Config& config, const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return "expected HOST:PORT, such as 127.0.0.1:8080";
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8080
  }
  auto port = ParseInteger(text.substr(colon + 1));
  if (host.empty() || !port || *port < 0 || *port > 65535) {
    return "expected HOST:PORT with a port from 0 to 65535, such as 127.0.0.1:8080";
  }
  config.listen_host = host;
  config.listen_port = static_cast<std::uint16_t>(*port);
  return std::nullopt;
}

std::optional<std::string> ApplyDatabase(Config& config, const std::string& text) {
  const bool known = text.rfind("sqlite:", 0) == 0 || text.rfind("postgresql://", 0) == 0 ||
                     text.rfind("postgres://", 0) == 0;
  if (!known) return "expected sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE";
  if (text == "sqlite:" || text == "sqlite://") return "the SQLite URL names no file";
  config.database_url = text;
  return std::nullopt;
}

std::optional<std::string> ApplyPublicUrl(Config& config, const std::string& text) {
  const bool http = text.rfind("http://", 0) == 0 && text.size() > 7;
  const bool https = text.rfind("https://", 0) == 0 && text.size() > 8;
  if (!http && !https) return "expected an http:// or https:// URL";
  config.public_url = text;
  while (config.public_url.size() > 1 && config.public_url.back() == '/') {
    config.public_url.pop_back();
  }
  return std::nullopt;
}

std::optional<std::string> ApplySecretKey(Config& config, const std::string& text) {
  if (text.size() < 32) return "expected at least 32 characters";
  config.secret_key = text;
  return std::nullopt;
}

std::optional<std::string> ApplyNonEmpty(std::string Config::*member, Config& config,
                                         const std::string& text) {
  if (text.empty()) return "expected a non-empty path";
  config.*member = text;
  return std::nullopt;
}

std::optional<std::string> ApplyLogLevel(Config& config, const std::string& text) {
  static const std::vector<std::string> kLevels = {"trace", "debug", "info",
                                                   "warn",  "error", "off"};
  if (std::find(kLevels.begin(), kLevels.end(), text) == kLevels.end()) {
    return "expected one of trace, debug, info, warn, error, off";
  }
  config.log_level = text;
  return std::nullopt;
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"db", ApplyDatabase},
      {"listen", ApplyListen},
      {"data_dir",
       [](Config& c, const std::string& t) { return ApplyNonEmpty(&Config::data_dir, c, t); }},
      {"public_url", ApplyPublicUrl},
      {"secret_key", ApplySecretKey},
      {"web_dir",
       [](Config& c, const std::string& t) { return ApplyNonEmpty(&Config::web_dir, c, t); }},
      {"workers",
       IntegerSetting(1, 256, [](Config& c, std::int64_t v) { c.workers = static_cast<int>(v); })},
      {"log_level", ApplyLogLevel},
      {"max_body_bytes", IntegerSetting(1024, std::int64_t{1} << 30,
                                        [](Config& c, std::int64_t v) { c.max_body_bytes = v; })},
      {"max_upload_bytes",
       IntegerSetting(1024, std::int64_t{1} << 40,
                      [](Config& c, std::int64_t v) { c.max_upload_bytes = v; })},
      {"request_timeout_seconds", IntegerSetting(1, 3600,
                                                 [](Config& c, std::int64_t v) {
                                                   c.request_timeout_seconds = static_cast<int>(v);
                                                 })},
      {"password_cost",
       [](Config& c, const std::string& t) -> std::optional<std::string> {
         if (t != "interactive" && t != "minimal") return "expected interactive or minimal";
         c.password_cost = t;
         return std::nullopt;
       }},
      {"allow_private_webhook_targets",
       [](Config& c, const std::string& t) -> std::optional<std::string> {
         if (t != "true" && t != "false") return "expected true or false";
         c.allow_private_webhook_targets = t == "true";
         return std::nullopt;
       }},
      {"shutdown_grace_seconds", IntegerSetting(0, 3600,
                                                [](Config& c, std::int64_t v) {
                                                  c.shutdown_grace_seconds = static_cast<int>(v);
                                                })},
  };
  return kSettings;
}

const Setting* FindSetting(const std::string& name) {
  for (const auto& setting : Settings()) {
    if (setting.name == name) return &setting;
  }
  return nullptr;
}

Error BadSetting(const std::string& name, const std::string& origin, const std::string& value,
                 const std::string& why) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool secret = lower.find("secret") != std::string::npos;
  const std::string shown = secret ? "(hidden)" : "'" + value + "'";
  return Error::Invalid("invalid setting " + name + " from " + origin + ": " + shown + ": " + why,
                        {{name, why}});
}

// A TOML value as the text the setting parsers take.
std::optional<std::string> TomlText(const toml::node& node) {
  if (auto text = node.value<std::string>()) return *text;
  if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  return std::nullopt;
}

}  // namespace

std::string Config::EffectiveDatabaseUrl() const {
  if (!database_url.empty()) return database_url;
  return "sqlite:" + data_dir + "/strata.db";
}

bool Config::SecureCookies() const { return public_url.rfind("https://", 0) == 0; }

std::string EnvironmentName(const std::string& setting) {
  std::string name = "STRATA_";
  for (char c : setting) name.push_back(static_cast<char>(std::toupper(c)));
  return name;
}

const std::vector<std::string>& SettingNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& setting : Settings()) names.push_back(setting.name);
    return names;
  }();
  return kNames;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  config.workers = static_cast<int>(std::max(4U, 2 * std::thread::hardware_concurrency()));

  if (sources.file) {
    toml::table table;
    try {
      table = toml::parse_file(*sources.file);
    } catch (const toml::parse_error& error) {
      return Error::Invalid("cannot read configuration file " + *sources.file + ": " +
                            std::string(error.description()));
    }
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      const Setting* setting = FindSetting(name);
      const std::string origin = "file " + *sources.file;
      if (!setting) return BadSetting(name, origin, "", "unknown setting");
      auto text = TomlText(node);
      if (!text) return BadSetting(name, origin, "", "expected a string or an integer");
      if (auto why = setting->apply(config, *text)) return BadSetting(name, origin, *text, *why);
    }
  }
  if (sources.environment) {
    for (const auto& setting : Settings()) {
      const std::string variable = EnvironmentName(setting.name);
      auto value = sources.environment(variable);
      if (!value) continue;
      if (auto why = setting.apply(config, *value)) {
        return BadSetting(variable, "the environment", *value, *why);
      }
    }
  }
  for (const auto& [name, value] : sources.flags) {
    const Setting* setting = FindSetting(name);
    if (!setting) return BadSetting(name, "the command line", value, "unknown setting");
    std::string flag = "--" + name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (auto why = setting->apply(config, value)) {
      return BadSetting(flag, "the command line", value, *why);
    }
  }
  return config;
}

}  // namespace strata::core
