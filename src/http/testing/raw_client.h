#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"

namespace strata::http::testing {

// A response as read off the wire.
struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // Names in lower case.
  std::string body;

  std::string Header(const std::string& name) const;
  json::value Json() const { return json::parse(body); }
};

// One TCP connection to 127.0.0.1:port that sends whatever bytes a test wants, well formed or
// not, and reads responses (Content-Length framed) back.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False when the peer has closed the connection.
  bool Send(const std::string& bytes);
  // The next response, or nullopt on close or after `timeout`. A response to HEAD has headers
  // only, whatever its Content-Length says: pass Body::kNone for it.
  enum class Body { kFramed, kNone };
  std::optional<RawResponse> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                  Body body = Body::kFramed);
  // Waits until the server closes the connection; false if it is still open after `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string buffer_;
};

// Sends one request with "Connection: close" and returns its response (status 0 when none).
RawResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace strata::http::testing
