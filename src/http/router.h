#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace strata::http {

using Handler = std::function<Response(Request&)>;

// Maps a method and a path pattern ("/api/v1/deals/{id}") to a handler. Literal segments win
// over parameters; a path that matches with another method answers 405 with Allow; HEAD is served
// by the GET handler without its body. Register every route before serving: Dispatch is
// read-only and safe from many threads.
class Router {
 public:
  struct RouteInfo {
    Method method;
    std::string pattern;
  };

  // Adds a route; a pattern segment "{name}" captures one path segment into path_params.
  void Add(Method method, std::string_view pattern, Handler handler);
  // Adds an upload route: the server writes its body to a file (request.body_file, up to
  // ServerOptions::upload_limit) instead of memory, and request.body stays empty. A request
  // built by hand (a test calling Dispatch) may carry its body in `body` instead.
  void AddUpload(Method method, std::string_view pattern, Handler handler);
  // Serves every path no route matches (the portal's static files). Without it: 404.
  void SetFallback(Handler handler);

  // Whether Dispatch would hand a request with this method and percent-decoded path to an
  // upload route; the server asks once the header is read, before the body.
  bool TakesUpload(Method method, std::string_view path) const;

  // Runs the matching handler and sets request.route to its pattern; answers 404 or 405
  // problem+json otherwise. A spooled body (body_file) reaching a route that is not an upload
  // route is a wiring bug: it throws std::logic_error.
  Response Dispatch(Request& request) const;

  // Every registered route, for documentation checks and the leak harness.
  std::vector<RouteInfo> Routes() const;

 private:
  // Where a route's request body is kept while the handler runs.
  enum class BodyStorage { kMemory, kFile };

  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" marks a parameter.
    Handler handler;
    BodyStorage storage = BodyStorage::kMemory;
  };

  void Register(Method method, std::string_view pattern, Handler handler, BodyStorage storage);
  // The most specific route for `method` (HEAD looks for GET) matching `segments`, or null;
  // `allowed` (when given) collects the methods of every route matching the path.
  const Route* Find(Method method, const std::vector<std::string_view>& segments,
                    std::vector<std::string>* allowed) const;
  static std::vector<std::string_view> SplitPath(std::string_view path);
  static bool Matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace strata::http
