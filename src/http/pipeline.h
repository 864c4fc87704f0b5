#pragma once

#include "core/metrics.h"
#include "http/message.h"
#include "http/router.h"

namespace strata::http {

// The stages every request passes through, as one plain function of the request: assign the
// request id, route and handle, turn an unexpected exception into a 500 without internals, add
// the common headers, count it in the metrics and write the access log line. The server calls it
// on a worker thread; tests call it directly.
class Pipeline {
 public:
  Pipeline(const Router& router, core::Metrics& metrics);

  Response Handle(Request& request) const;

 private:
  const Router& router_;
  core::Metrics& metrics_;
};

// An incoming X-Request-Id is kept when it is 1–64 characters of [A-Za-z0-9._-], so a proxy's id
// follows the request; otherwise a new random one is made.
std::string ChooseRequestId(std::string_view incoming);

// Content-Security-Policy (own scripts only, no framing), X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options and Cross-Origin-Opener-Policy, each unless the handler set
// its own (a logo answers with a stricter policy).
void AddSecurityHeaders(Response& response);

}  // namespace strata::http
