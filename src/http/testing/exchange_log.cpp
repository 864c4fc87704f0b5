#include "http/testing/exchange_log.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include "core/json.h"

namespace strata::http::testing {
namespace {

struct ExchangeLog {
  std::mutex mutex;
  std::string label;
  std::ofstream out;
  bool opened = false;
};

ExchangeLog& Log() {
  static ExchangeLog log;
  return log;
}

bool IsJson(const std::string& content_type) {
  const auto end = content_type.find(';');
  const std::string type = content_type.substr(0, end);
  return type == "application/json" || (type.size() > 5 && type.ends_with("+json"));
}

}  // namespace

void SetExchangeLabel(std::string label) {
  std::lock_guard lock(Log().mutex);
  Log().label = std::move(label);
}

void RecordExchange(const std::string& method, const std::string& target,
                    const RawResponse& response) {
  static const char* folder = std::getenv("STRATA_CONTRACT_LOG");
  if (folder == nullptr || *folder == '\0' || response.status == 0) return;
  const std::string content_type = response.Header("content-type");
  json::object line{{"method", method},
                    {"target", target},
                    {"status", response.status},
                    {"content_type", content_type}};
  if (IsJson(content_type)) line["body"] = response.body;
  ExchangeLog& log = Log();
  std::lock_guard lock(log.mutex);
  line["test"] = log.label;
  if (!log.opened) {
    log.out.open(std::string(folder) + "/" + std::to_string(::getpid()) + ".jsonl",
                 std::ios::app | std::ios::binary);
    log.opened = true;
  }
  log.out << json::serialize(line) << '\n';
  log.out.flush();
}

}  // namespace strata::http::testing
