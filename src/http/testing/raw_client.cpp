#include "http/testing/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "http/testing/exchange_log.h"

namespace strata::http::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Parses one complete response at the front of `buffer`, consuming it; nullopt if incomplete.
std::optional<RawResponse> TakeResponse(std::string& buffer, bool at_eof, bool headers_only) {
  const auto header_end = buffer.find("\r\n\r\n");
  if (header_end == std::string::npos) return std::nullopt;
  RawResponse response;
  std::size_t line_start = 0;
  std::size_t line_end = buffer.find("\r\n");
  const std::string status_line = buffer.substr(0, line_end);
  const auto space = status_line.find(' ');
  if (space == std::string::npos) return std::nullopt;
  response.status = std::stoi(status_line.substr(space + 1, 3));
  line_start = line_end + 2;
  while (line_start < header_end) {
    line_end = buffer.find("\r\n", line_start);
    const std::string line = buffer.substr(line_start, line_end - line_start);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      response.headers.emplace_back(Lower(line.substr(0, colon)), value);
    }
    line_start = line_end + 2;
  }
  const std::size_t body_start = header_end + 4;
  const std::string length = response.Header("content-length");
  std::size_t body_size = 0;
  if (headers_only) {
    body_size = 0;
  } else if (!length.empty()) {
    body_size = std::stoul(length);
  } else if (response.status >= 200 && response.status != 204 && response.status != 304) {
    if (!at_eof) return std::nullopt;  // Framed by the close of the connection.
    body_size = buffer.size() - body_start;
  }
  if (buffer.size() < body_start + body_size) return std::nullopt;
  response.body = buffer.substr(body_start, body_size);
  buffer.erase(0, body_start + body_size);
  return response;
}

}  // namespace

std::string RawResponse::Header(const std::string& name) const {
  const std::string wanted = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) return value;
  }
  return "";
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<RawResponse> RawConnection::Read(std::chrono::milliseconds timeout, Body body) {
  const bool headers_only = body == Body::kNone;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto response = TakeResponse(buffer_, false, headers_only)) return response;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd poll_fd{fd_, POLLIN, 0};
    if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return TakeResponse(buffer_, true, headers_only);
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool RawConnection::WaitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd poll_fd{fd_, POLLIN, 0};
    if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

RawResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers) {
  RawConnection connection(port);
  if (!connection.connected()) return {};
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    request.append(name).append(": ").append(value).append("\r\n");
    if (Lower(name) == "content-type") has_type = true;
  }
  if (!body.empty() && !has_type) request += "Content-Type: application/json\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "Connection: close\r\n\r\n" + body;
  // A server may answer (413) and stop reading before the body is sent: read what it said.
  connection.Send(request);
  auto response =
      connection.Read(std::chrono::seconds(10),
                      method == "HEAD" ? RawConnection::Body::kNone : RawConnection::Body::kFramed);
  if (!response) return {};
  RecordExchange(method, target, *response);
  return *response;
}

}  // namespace strata::http::testing
