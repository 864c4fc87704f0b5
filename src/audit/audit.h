#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/json.h"
#include "core/time.h"
#include "db/database.h"

namespace soci {
class session;
}

namespace strata::audit {

// Where a change came from, for the trail.
struct RequestContext {
  std::string remote_address;
  std::string request_id;
  std::string api_token_id{};  // Set when an integration acted through an API token.
};

// One event: `actor_user_id` did `action` ("relationship.invited") to the record `target_type`
// `target_id` of organisation `org_id`.
struct Event {
  std::string id{};
  std::string org_id{};
  std::optional<std::string> actor_user_id{};
  std::string action{};
  std::string target_type{};
  std::string target_id{};
  json::object detail{};
  RequestContext context{};
  core::Timestamp at{};
  std::optional<std::string> actor_email{};  // Filled when read back.
};

// The context of an actor's request.
inline RequestContext ContextOf(const access::Actor& actor) {
  return {actor.remote_address(), actor.request_id(), actor.api_token_id()};
}

// Appends an event on `session`, inside the caller's transaction, so the trail and the change
// commit or roll back together.
void Record(soci::session& session, const Event& event);

struct EventPage {
  std::vector<Event> items;
  std::optional<std::string> next_cursor;
};

// Reads the trail of the actor's organisation, newest first. Only owners and admins may read
// it (kForbidden otherwise).
class AuditLog {
 public:
  explicit AuditLog(db::Database& database) : database_(database) {}
  core::Result<EventPage> List(const access::Actor& actor, int limit,
                               const std::optional<std::string>& cursor);

 private:
  db::Database& database_;
};

}  // namespace strata::audit
