#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "core/time.h"

namespace strata::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};

spdlog::logger& Logger() {
  // The sink writes our already formatted JSON line and nothing else.
  static auto logger = [] {
    auto made = std::make_shared<spdlog::logger>("strata",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
    made->set_pattern("%v");
    made->set_level(spdlog::level::trace);
    made->flush_on(spdlog::level::trace);
    return made;
  }();
  return *logger;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kTrace:
      return "trace";
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "info";
}

}  // namespace

bool ParseLevel(std::string_view text, Level& level) {
  for (Level candidate :
       {Level::kTrace, Level::kDebug, Level::kInfo, Level::kWarn, Level::kError, Level::kOff}) {
    if (text == LevelName(candidate)) {
      level = candidate;
      return true;
    }
  }
  return false;
}

void SetLevel(Level level) { g_level.store(level); }

bool Enabled(Level level) { return level >= g_level.load() && level != Level::kOff; }

void Write(Level level, std::string_view message, const json::object& fields) {
  if (!Enabled(level)) return;
  json::object line;
  line["ts"] = core::Timestamp::Now().ToIso8601();
  line["level"] = LevelName(level);
  line["msg"] = message;
  for (const auto& field : fields) line[field.key()] = field.value();
  Logger().info(json::serialize(line));
}

}  // namespace strata::log
