#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace strata::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 asks the kernel for a free port.
  int io_threads = 1;         // Parse and write; never blocked by handlers.
  int worker_threads = 4;     // Run handlers, which may block on the database.
  std::size_t header_limit = std::size_t{16} * 1024;
  std::uint64_t body_limit = 1 << 20;
  // Time allowed to receive one whole request, including the wait for its first byte on a kept
  // alive connection: a client that sends one byte a second is cut off by it.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(15);
  // How long Stop waits for in-flight requests before closing everything.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
};

// Turns a parsed request into a response; runs on a worker thread.
using RequestHandler = std::function<Response(Request&)>;

// The HTTP/1.1 server (Boost.Beast on Asio, C++20 coroutines), the only place that knows Beast.
// Keep-alive, limits on header size, body size (413) and request time, "Expect: 100-continue",
// and a graceful stop: the listener closes, idle connections close, requests in flight finish.
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads; returns the port listened on. kUnavailable when the
  // address cannot be bound.
  core::Result<std::uint16_t> Start();
  // Stops gracefully and waits for the threads; safe to call from any thread, more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace strata::http
