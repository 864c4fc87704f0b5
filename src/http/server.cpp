#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "core/ids.h"
#include "core/log.h"
#include "http/beast_request.h"
#include "http/problem.h"
#include "http/request_reader.h"

namespace strata::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// One client connection. Shared between its session coroutine and the registry that Stop walks.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // Handling a request; guarded by Impl::mutex.
};

namespace fs = std::filesystem;
using UploadParser = bhttp::request_parser<bhttp::file_body>;

// How long a client may take over a request's body.
enum class BodyDeadline {
  kWholeRequest,  // The deadline set before the header covers the body too.
  kPerRead,       // Each wait for more bytes gets request_timeout anew: uploads of any size.
};

// An upload's spool file: removed when the request is done with it, unless the handler moved it.
class SpoolFile {
 public:
  SpoolFile() = default;
  ~SpoolFile() { Remove(); }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  // Creates a new file with a random name in `folder` and opens `body` on it for writing.
  beast::error_code Open(const fs::path& folder, bhttp::file_body::value_type& body) {
    path_ = folder / ("upload-" + core::RandomHex(16));
    beast::error_code error;
    // write_new refuses to open a file that exists: a name is never reused.
    body.open(path_.c_str(), beast::file_mode::write_new, error);
    if (error) path_.clear();
    return error;
  }
  const fs::path& path() const { return path_; }
  // Removes whatever is still at the path; a file the handler moved away is no longer there.
  void Remove() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove(path_, ignored);
    path_.clear();
  }

 private:
  fs::path path_;
};

// Whether a failed upload read was the spool file's fault (the disk is full) rather than the
// client's: that deserves an answer, where a client that went away does not.
bool IsStorageFailure(const beast::error_code& error) {
  return error == beast::errc::no_space_on_device || error == beast::errc::file_too_large ||
         (error.category() == beast::system_category() && error.value() == EDQUOT);
}

// A declared Content-Length above `limit` fails like a chunked body that grows past it. (The
// header is read without a body limit, since the limit depends on the route.)
beast::error_code CheckDeclaredLength(const detail::BeastRequestParser& parser,
                                      std::uint64_t limit) {
  const auto length = parser.content_length();
  if (length && *length > limit) return bhttp::error::body_limit;
  return {};
}

// Answers "Expect: 100-continue", then reads the rest of the body into the parser.
template <class Parser>
asio::awaitable<beast::error_code> ReadBody(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            Parser& parser, BodyDeadline deadline,
                                            std::chrono::milliseconds timeout) {
  const auto& message = parser.get();
  if (beast::iequals(message[bhttp::field::expect], "100-continue") && !parser.is_done()) {
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, message.version()};
    co_await bhttp::async_write(stream, go_on, kUseTuple);
  }
  if (deadline == BodyDeadline::kWholeRequest) {
    if (parser.is_done()) co_return beast::error_code{};
    auto [error, bytes] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
    co_return error;
  }
  while (!parser.is_done()) {
    stream.expires_after(timeout);
    auto [error, bytes] = co_await bhttp::async_read_some(stream, buffer, parser, kUseTuple);
    if (error) co_return error;
  }
  co_return beast::error_code{};
}

bhttp::response<bhttp::string_body> ToBeast(Response&& response, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
  std::string content_length;
  for (auto& [name, value] : response.headers) {
    if (beast::iequals(name, "Content-Length")) {
      content_length = value;
      continue;
    }
    message.set(name, value);
  }
  message.keep_alive(keep_alive);
  if (head) {
    // HEAD answers the length of the body it does not send.
    if (content_length.empty()) content_length = std::to_string(response.body.size());
    message.set(bhttp::field::content_length, content_length);
    return message;
  }
  message.body() = std::move(response.body);
  message.prepare_payload();
  return message;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, RequestHandler request_handler)
      : options(std::move(server_options)),
        handler(std::move(request_handler)),
        io(options.io_threads),
        workers(static_cast<std::size_t>(options.worker_threads)),
        acceptor(io) {}

  ServerOptions options;
  RequestHandler handler;
  asio::io_context io;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;

  std::mutex mutex;
  std::condition_variable drained;
  bool stopping = false;
  bool stopped = false;
  std::list<std::weak_ptr<Connection>> connections;

  fs::path spool_dir;           // Where upload bodies go; set by Start when there are uploads.
  bool owns_spool_dir = false;  // Made by Start under the temporary folder: removed by Stop.

  // Creates the spool folder; kUnavailable when it cannot.
  core::Status PrepareSpool();
  // Whether the request whose header `parser` holds goes to an upload route.
  bool TakesUpload(const detail::BeastRequestParser& parser) const;
  asio::awaitable<void> Listen();
  asio::awaitable<void> Serve(std::shared_ptr<Connection> connection);
  asio::awaitable<void> Reject(Connection& connection, unsigned version, int status,
                               std::string_view slug, std::string_view title,
                               std::string_view detail);
  // Marks the connection busy or idle; false when the server is stopping and the connection
  // should close instead of waiting for another request.
  bool SetBusy(Connection& connection, bool busy);
};

core::Status Server::Impl::PrepareSpool() {
  std::error_code error;
  if (options.spool_dir.empty()) {
    const fs::path temporary = fs::temp_directory_path(error);
    if (!error) {
      // Bodies may hold personal data: the folder is the server's own, readable by no one else.
      spool_dir = temporary / ("strata-spool-" + core::RandomHex(8));
      fs::create_directory(spool_dir, error);
      if (!error) fs::permissions(spool_dir, fs::perms::owner_all, error);
      owns_spool_dir = !error;
    }
  } else {
    spool_dir = options.spool_dir;
    fs::create_directories(spool_dir, error);
  }
  if (error) {
    return core::Error::Unavailable("cannot create the upload spool folder " + spool_dir.string() +
                                    ": " + error.message());
  }
  return {};
}

bool Server::Impl::TakesUpload(const detail::BeastRequestParser& parser) const {
  if (!options.takes_upload) return false;
  Request target;
  if (!ParseTarget(parser.get().target(), target)) return false;
  return options.takes_upload(ParseMethod(parser.get().method_string()), target.path);
}

bool Server::Impl::SetBusy(Connection& connection, bool busy) {
  std::lock_guard lock(mutex);
  connection.busy = busy;
  return !stopping;
}

asio::awaitable<void> Server::Impl::Listen() {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), kUseTuple);
    if (error) {
      if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of file descriptors and the like: pause instead of spinning.
      log::Warn("accept failed", {{"error", error.message()}});
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kUseTuple);
      continue;
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(mutex);
      if (stopping) continue;
      connections.push_back(connection);
    }
    asio::co_spawn(connection->stream.get_executor(), Serve(connection),
                   [](const std::exception_ptr& failure) {
                     if (!failure) return;
                     try {
                       std::rethrow_exception(failure);
                     } catch (const std::exception& exception) {
                       log::Error("connection failed", {{"error", exception.what()}});
                     }
                   });
  }
}

asio::awaitable<void> Server::Impl::Reject(Connection& connection, unsigned version, int status,
                                           std::string_view slug, std::string_view title,
                                           std::string_view detail) {
  Response response = ProblemResponse(status, slug, title, detail);
  const std::string request_id = core::RandomHex(16);
  response.SetHeader("X-Request-Id", request_id);
  log::Info("request rejected",
            {{"request_id", request_id}, {"status", status}, {"reason", std::string(detail)}});
  auto message = ToBeast(std::move(response), version == 0 ? 11 : version, false, false);
  connection.stream.expires_after(options.request_timeout);
  co_await bhttp::async_write(connection.stream, message, kUseTuple);
}

asio::awaitable<void> Server::Impl::Serve(std::shared_ptr<Connection> connection) {
  beast::error_code ignored;
  const auto endpoint = connection->stream.socket().remote_endpoint(ignored);
  const std::string remote = ignored ? "" : endpoint.address().to_string();
  beast::flat_buffer buffer;
  // After refusing a request whose body is still arriving, keep reading (and discarding) for a
  // moment before closing: closing a socket with unread data resets the connection, and the
  // reset can destroy the refusal before the client reads it.
  bool drain_before_close = false;

  const RequestLimits memory_limits{options.header_limit, options.body_limit};
  const RequestLimits upload_limits{options.header_limit, options.upload_limit};
  for (;;) {
    // Declared in this order so that the upload's file is closed before it is removed.
    SpoolFile spool;
    std::optional<UploadParser> upload;
    detail::BeastRequestParser parser;
    detail::ApplyLimits(parser, memory_limits);
    // The body limit depends on the route, known once the header is in: it is applied then.
    parser.body_limit(boost::none);
    connection->stream.expires_after(options.request_timeout);

    auto [read_error, header_bytes] =
        co_await bhttp::async_read_header(connection->stream, buffer, parser, kUseTuple);
    const bool header_read = !read_error;
    const bool takes_upload = header_read && TakesUpload(parser);
    const RequestLimits& limits = takes_upload ? upload_limits : memory_limits;
    const unsigned version = header_read ? parser.get().version() : 11;
    const bool head = header_read && parser.get().method() == bhttp::verb::head;
    const bool keep_alive = header_read && parser.get().keep_alive();
    if (header_read) {
      SetBusy(*connection, true);
      read_error = CheckDeclaredLength(parser, limits.body_limit);
      parser.body_limit(limits.body_limit);
    }
    if (!read_error && takes_upload) {
      // The header-only parser becomes one that writes the body to a file, as Beast allows
      // before any of the body is read.
      upload.emplace(std::move(parser));
      if (const auto open_error = spool.Open(spool_dir, upload->get().body())) {
        log::Error("cannot create an upload spool file",
                   {{"folder", spool_dir.string()}, {"error", open_error.message()}});
        co_await Reject(*connection, version, 500, "internal", "Internal server error",
                        "The server cannot store uploads right now.");
        drain_before_close = true;
        break;
      }
      read_error = co_await ReadBody(connection->stream, buffer, *upload, BodyDeadline::kPerRead,
                                     options.request_timeout);
      upload->get().body().close();
      if (IsStorageFailure(read_error)) {
        log::Error("cannot write an upload spool file",
                   {{"folder", spool_dir.string()}, {"error", read_error.message()}});
        co_await Reject(*connection, version, 507, "insufficient-storage", "Insufficient storage",
                        "The server has no room for this upload now; try again later.");
        drain_before_close = true;
        break;
      }
    } else if (!read_error) {
      read_error = co_await ReadBody(connection->stream, buffer, parser,
                                     BodyDeadline::kWholeRequest, options.request_timeout);
    }

    const ReadOutcome outcome = detail::ClassifyReadError(read_error);
    const std::string refusal = detail::RefusalDetail(outcome, read_error, limits);
    if (outcome == ReadOutcome::kBodyTooLarge) {
      co_await Reject(*connection, version, 413, "payload-too-large", "Request body too large",
                      refusal);
      drain_before_close = true;
      break;
    }
    if (outcome == ReadOutcome::kHeaderTooLarge) {
      co_await Reject(*connection, version, 431, "header-too-large",
                      "Request header fields too large", refusal);
      break;
    }
    if (outcome == ReadOutcome::kMalformed) {
      co_await Reject(*connection, version, 400, "bad-request", "Malformed request", refusal);
      break;
    }
    // End of stream, a timeout, a reset or a cancelled read during shutdown: just close.
    if (outcome != ReadOutcome::kRequest) break;

    Request request;
    bool target_ok = false;
    if (upload) {
      target_ok = detail::HeaderToRequest(upload->get().base(), remote, request);
      std::error_code size_error;
      const auto size = fs::file_size(spool.path(), size_error);
      request.body_file = spool.path();
      request.body_file_size = size_error ? 0 : size;
    } else {
      // Only an upload moves the parser away, and then `upload` holds it.
      // NOLINTNEXTLINE(bugprone-use-after-move)
      target_ok = detail::ToRequest(parser.release(), remote, request);
    }
    if (!target_ok) {
      co_await Reject(*connection, version, 400, "bad-request", "Malformed request target",
                      detail::RefusalDetail(ReadOutcome::kBadTarget, read_error, limits));
      break;
    }

    // Handlers may block (the database): run them on the worker pool, then come back here.
    Response response = co_await asio::co_spawn(
        workers, [this, &request]() -> asio::awaitable<Response> { co_return handler(request); },
        asio::use_awaitable);
    // The handler had its chance to move the upload away; what is left goes now.
    spool.Remove();

    const bool keep_going = SetBusy(*connection, true) && keep_alive;
    auto message = ToBeast(std::move(response), version, keep_going, head);
    connection->stream.expires_after(options.request_timeout);
    auto [write_error, written] =
        co_await bhttp::async_write(connection->stream, message, kUseTuple);
    const bool still_running = SetBusy(*connection, false);
    if (write_error || !keep_going || !still_running) break;
  }

  connection->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (drain_before_close) {
    constexpr std::size_t kMaxDrainBytes = 8 << 20;
    std::size_t discarded = 0;
    char discard[16384];
    connection->stream.expires_after(std::chrono::seconds(2));
    while (discarded < kMaxDrainBytes) {
      auto [read_error, read] =
          co_await connection->stream.async_read_some(asio::buffer(discard), kUseTuple);
      if (read_error) break;
      discarded += read;
    }
  }
  connection->stream.socket().close(ignored);
  std::lock_guard lock(mutex);
  connections.remove_if([&](const std::weak_ptr<Connection>& weak) {
    auto locked = weak.lock();
    return !locked || locked == connection;
  });
  drained.notify_all();
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { Stop(); }

core::Result<std::uint16_t> Server::Start() {
  Impl& impl = *impl_;
  if (impl.options.takes_upload) {
    if (auto prepared = impl.PrepareSpool(); !prepared) return prepared.error();
  }
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(impl.options.host), impl.options.port);
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(asio::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& error) {
    return core::Error::Unavailable("cannot listen on " + impl.options.host + ":" +
                                    std::to_string(impl.options.port) + ": " + error.what());
  }
  const std::uint16_t port = impl.acceptor.local_endpoint().port();
  asio::co_spawn(impl.io, impl.Listen(), asio::detached);
  for (int i = 0; i < impl.options.io_threads; ++i) {
    impl.threads.emplace_back([&impl] { impl.io.run(); });
  }
  return port;
}

void Server::Stop() {
  Impl& impl = *impl_;
  std::unique_lock lock(impl.mutex);
  if (impl.stopping) {
    impl.drained.wait(lock, [&] { return impl.stopped; });
    return;
  }
  impl.stopping = true;
  // New connections are refused from here on.
  asio::post(impl.io, [&impl] {
    beast::error_code ignored;
    impl.acceptor.close(ignored);
  });
  // Idle connections (waiting for a request) close now; busy ones finish their request first.
  for (const auto& weak : impl.connections) {
    if (auto connection = weak.lock()) {
      asio::post(connection->stream.get_executor(), [&impl, connection] {
        std::lock_guard guard(impl.mutex);
        if (!connection->busy) connection->stream.cancel();
      });
    }
  }
  const bool drained = impl.drained.wait_for(lock, impl.options.shutdown_grace,
                                             [&] { return impl.connections.empty(); });
  lock.unlock();
  if (!drained) log::Warn("shutdown grace period over; closing the remaining connections");
  impl.io.stop();
  for (auto& thread : impl.threads) {
    if (thread.joinable()) thread.join();
  }
  impl.workers.join();
  if (impl.owns_spool_dir) {
    std::error_code ignored;
    fs::remove_all(impl.spool_dir, ignored);
  }
  lock.lock();
  impl.stopped = true;
  impl.drained.notify_all();
}

}  // namespace strata::http
