#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "app/app.h"
#include "http/message.h"
#include "http/pipeline.h"

namespace strata::fuzzing {

// What a signed-in account holds, for inputs to name through placeholders.
struct Fixture {
  std::string session;          // The strata_session cookie's value.
  std::string csrf;             // Its X-CSRF-Token.
  std::string api_token;        // An API token of the same organisation, for Bearer.
  std::string api_token_id;     // That token's id.
  std::string user_id;          // The account's user.
  std::string org_id;           // Its organisation (a vendor).
  std::string relationship_id;  // A relationship the organisation started (invited by email).
};

// The real application (every module's routes behind the real pipeline) on SQLite in a fresh
// temporary folder, with the minimal password cost and logs off, created once per process and
// removed at exit. Requests are handled on the calling thread; no socket, no job runner.
class FuzzApp {
 public:
  // The process's one instance, created on first use; aborts when the application cannot start.
  static FuzzApp& Instance();

  ~FuzzApp();
  FuzzApp(const FuzzApp&) = delete;
  FuzzApp& operator=(const FuzzApp&) = delete;

  // Handles a request through the application's router and pipeline. A request that may have
  // ended the fixture's session or token (sign-out, team or token changes) makes a new fixture.
  http::Response Handle(http::Request& request);

  const Fixture& fixture() const { return fixture_; }

  // `text` with the placeholders @SESSION@, @CSRF@, @TOKEN@, @TOKEN_ID@, @USER@, @ORG@ and
  // @RELATIONSHIP@ replaced by the fixture's values, so that inputs stay valid across processes.
  std::string Substitute(std::string_view text) const;

 private:
  FuzzApp();
  // Signs a new account up and fills the fixture through the public API.
  void MakeFixture();
  http::Response Call(http::Method method, const std::string& target, const std::string& body,
                      bool with_session);

  std::string data_dir_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<http::Pipeline> pipeline_;
  Fixture fixture_;
  int accounts_ = 0;
};

}  // namespace strata::fuzzing
