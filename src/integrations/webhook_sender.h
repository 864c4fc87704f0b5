#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "integrations/webhook_target.h"
#include "integrations/webhooks.h"

// One HTTP POST of a delivery, over libcurl.
namespace strata::integrations::sender {

struct Post {
  std::string url{};
  target::Target target{};
  // The checked addresses of the host: the connection goes to one of these and nowhere else.
  std::vector<std::string> addresses{};
  PrivateTargets private_targets = PrivateTargets::kRefused;
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds connect_timeout{};
  std::chrono::milliseconds total_timeout{};
};

// What came back: the status, or none with the transport's error.
struct Answer {
  std::optional<int> status{};
  std::string error{};
  std::string excerpt{};  // The first kExcerptBytes of the body.
  std::int64_t duration_ms = 0;
};

inline constexpr std::size_t kExcerptBytes = 512;

// Posts `post.body` with its headers; follows no redirect and uses no proxy. A connection to an
// address outside post.addresses, or to a refused one, is not made.
Answer Send(const Post& post);

}  // namespace strata::integrations::sender
