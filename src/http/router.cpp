#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "http/problem.h"

namespace strata::http {
namespace {

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How specific a route is: literal segments earlier in the path count more.
std::vector<bool> Specificity(const std::vector<std::string>& segments) {
  std::vector<bool> literal;
  literal.reserve(segments.size());
  for (const auto& segment : segments) literal.push_back(!IsParameter(segment));
  return literal;
}

}  // namespace

std::vector<std::string_view> Router::SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;  // Paths are absolute: skip the leading slash.
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

void Router::Add(Method method, std::string_view pattern, Handler handler) {
  Register(method, pattern, std::move(handler), BodyStorage::kMemory);
}

void Router::AddUpload(Method method, std::string_view pattern, Handler handler) {
  Register(method, pattern, std::move(handler), BodyStorage::kFile);
}

void Router::Register(Method method, std::string_view pattern, Handler handler,
                      BodyStorage storage) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Route route{method, std::string(pattern), {}, std::move(handler), storage};
  for (auto segment : SplitPath(pattern)) route.segments.emplace_back(segment);
  for (const auto& existing : routes_) {
    if (existing.method == method && existing.segments == route.segments) {
      throw std::invalid_argument("route registered twice: " + std::string(pattern));
    }
  }
  routes_.push_back(std::move(route));
}

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

bool Router::Matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (IsParameter(expected)) {
      if (segments[i].empty()) return false;
      if (params != nullptr) {
        (*params)[expected.substr(1, expected.size() - 2)] = std::string(segments[i]);
      }
    } else if (expected != segments[i]) {
      return false;
    }
  }
  return true;
}

const Router::Route* Router::Find(Method method, const std::vector<std::string_view>& segments,
                                  std::vector<std::string>* allowed) const {
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  const Route* best = nullptr;
  for (const auto& route : routes_) {
    if (!Matches(route, segments, nullptr)) continue;
    if (allowed != nullptr) {
      allowed->emplace_back(MethodName(route.method));
      if (route.method == Method::kGet) allowed->emplace_back("HEAD");
    }
    if (route.method != wanted) continue;
    if (best == nullptr || Specificity(route.segments) > Specificity(best->segments)) {
      best = &route;
    }
  }
  return best;
}

bool Router::TakesUpload(Method method, std::string_view path) const {
  if (path.empty() || path.front() != '/') return false;
  const Route* route = Find(method, SplitPath(path), nullptr);
  return route != nullptr && route->storage == BodyStorage::kFile;
}

Response Router::Dispatch(Request& request) const {
  const auto segments = SplitPath(request.path);
  std::vector<std::string> allowed;
  const Route* best = Find(request.method, segments, &allowed);

  if (best != nullptr) {
    if (request.body_file && best->storage != BodyStorage::kFile) {
      // The server spooled the body because it thought this was an upload route: the bytes
      // would be lost on a handler that reads `body`.
      throw std::logic_error("a spooled body reached " + best->pattern +
                             ", which is not an upload route");
    }
    request.route = best->pattern;
    request.path_params.clear();
    Matches(*best, segments, &request.path_params);
    Response response = best->handler(request);
    if (request.method == Method::kHead) {
      // HEAD reports the GET body's length without sending it.
      response.SetHeader("Content-Length", std::to_string(response.body.size()));
      response.body.clear();
    }
    return response;
  }
  if (!allowed.empty()) {
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    std::string allow;
    for (const auto& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
    request.route = "(method not allowed)";
    Response response = ProblemResponse(
        405, "method-not-allowed", "Method not allowed",
        std::string(MethodName(request.method)) + " is not allowed here; use " + allow + ".");
    response.SetHeader("Allow", allow);
    return response;
  }
  if (fallback_ && request.path.rfind("/api/", 0) != 0 && request.path != "/api") {
    request.route = "(static)";
    return fallback_(request);
  }
  request.route = "(not found)";
  return ProblemResponse(404, "not-found", "Not found",
                         "No resource lives at " + request.path + ".");
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(routes_.size());
  for (const auto& route : routes_) routes.push_back({route.method, route.pattern});
  return routes;
}

}  // namespace strata::http
