#pragma once

#include <string_view>

#include "core/json.h"

namespace strata::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// Parses "trace", "debug", "info", "warn", "error" or "off".
bool ParseLevel(std::string_view text, Level& level);

// Sets the lowest level written; lines below it cost one comparison.
void SetLevel(Level level);
bool Enabled(Level level);

// Writes one JSON object per line to stderr: {"ts","level","msg", ...fields}. Thread-safe.
void Write(Level level, std::string_view message, const json::object& fields = {});

inline void Info(std::string_view message, const json::object& fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warn(std::string_view message, const json::object& fields = {}) {
  Write(Level::kWarn, message, fields);
}
inline void Error(std::string_view message, const json::object& fields = {}) {
  Write(Level::kError, message, fields);
}
inline void Debug(std::string_view message, const json::object& fields = {}) {
  Write(Level::kDebug, message, fields);
}

}  // namespace strata::log
