#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/json.h"
#include "core/time.h"
#include "db/database.h"
#include "jobs/jobs.h"

namespace soci {
class session;
}

namespace strata::integrations {

// A change to tell the organisation's own systems about: `kind` names it ("lead.created"),
// `data` is the record as the API shows it. Publishing one idempotency id twice makes one
// delivery per endpoint; without one, every Publish is a new event.
struct Event {
  std::string org_id{};
  std::string kind{};
  json::value data{};
  std::optional<std::string> idempotency_id{};
};

// Queues `event` on `sql`, inside the caller's transaction: one delivery to every active endpoint
// of event.org_id that wants event.kind, each with the job that sends it, so that a delivery
// exists exactly when the change it reports is committed. Database errors throw.
void Publish(soci::session& sql, const Event& event);

// An endpoint as its organisation sees it. `events` is {"*"} for every kind, or the kinds wanted.
struct Endpoint {
  std::string id{};
  std::string url{};
  std::string description{};
  std::vector<std::string> events{};
  bool active = true;
  std::int64_t secret_version = 1;
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
};

// An endpoint with its signing secret, as shown when it is made, when its secret is rotated and
// when an owner or admin asks for it.
struct EndpointWithSecret {
  Endpoint endpoint{};
  std::string secret{};
};

struct EndpointInput {
  std::string url{};
  std::string description{};
  std::vector<std::string> events{"*"};
  bool active = true;
};

// The fields a PATCH sets; the others stay.
struct EndpointChanges {
  std::optional<std::string> url{};
  std::optional<std::string> description{};
  std::optional<std::vector<std::string>> events{};
  std::optional<bool> active{};
};

struct EndpointPage {
  std::vector<Endpoint> items{};
  std::optional<std::string> next_cursor{};
};

enum class DeliveryState { kPending, kDelivered, kFailed };
const char* DeliveryStateName(DeliveryState state);

// One attempt at sending a delivery.
struct Attempt {
  core::Timestamp attempted_at{};
  std::optional<int> status_code{};  // None when no answer came (timeout, refused connection).
  std::string error{};               // Empty when delivered.
  std::int64_t duration_ms = 0;
  std::string response_excerpt{};  // The first bytes of the answer's body.
};

// One event sent to one endpoint, with every attempt so far (oldest first).
struct Delivery {
  std::string id{};
  std::string endpoint_id{};
  std::string event_id{};
  std::string event_kind{};
  std::string body{};  // The JSON exactly as sent.
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::optional<int> last_status{};
  std::string last_error{};
  std::optional<core::Timestamp> next_attempt_at{};
  std::optional<core::Timestamp> delivered_at{};
  std::optional<core::Timestamp> failed_at{};
  core::Timestamp created_at{};
  std::vector<Attempt> attempt_log{};
};

struct DeliveryPage {
  std::vector<Delivery> items{};
  std::optional<std::string> next_cursor{};
};

enum class PrivateTargets { kRefused, kAllowed };

// Turns a host name and port into the addresses to check and connect to; getaddrinfo by default.
using Resolver = std::function<core::Result<std::vector<std::string>>(const std::string& host,
                                                                      const std::string& port)>;

struct WebhookOptions {
  // Whether endpoints may point at loopback, private, link-local and similar addresses
  // (the `allow_private_webhook_targets` setting; only for targets inside the operator's network).
  PrivateTargets private_targets = PrivateTargets::kRefused;
  // Attempts per delivery before it is failed.
  int max_attempts = 8;
  // The wait before each retry: base * 2^(attempts-1), capped, with jitter.
  jobs::Backoff backoff{.base_micros = 30 * core::kMicrosPerSecond,
                        .cap_micros = std::int64_t{6} * 3600 * core::kMicrosPerSecond};
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(5);
  std::chrono::milliseconds total_timeout = std::chrono::seconds(10);
  Resolver resolver{};
  // Called after a delivery is queued from a request (a ping), to start sending at once.
  std::function<void()> wake{};
};

// What one attempt at a delivery came to.
enum class AttemptOutcome { kDelivered, kRetrying, kFailed, kNothingToDo };

// The job kind that sends deliveries; its payload is {"delivery_id":…,"attempt":n}.
inline constexpr const char* kDeliverJobKind = "webhooks.deliver";

// The header value that signs `body` sent at `unix_seconds`:
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>".
std::string SignatureHeader(std::string_view secret, std::int64_t unix_seconds,
                            std::string_view body);

// An organisation's webhook endpoints and their delivery log. Endpoints carry every region's and
// vendor's data, so members scoped to regions or vendors may neither see nor change them
// (kForbidden); other members read them, and only owners and admins change them (kForbidden for
// the rest). Another organisation's endpoint is kNotFound, exactly like a missing one. The
// system actor has no organisation: kInvalidArgument, except for Deliver. A target that is not an
// http(s) URL with a host, or that resolves to a refused address, is kInvalidArgument naming
// `url`.
class WebhookService {
 public:
  WebhookService(db::Database& database, std::string_view secret_key, WebhookOptions options = {});

  core::Result<EndpointWithSecret> Create(const access::Actor& actor, const EndpointInput& input);
  // Newest first, `limit` (1 to 200) at a time; `cursor` is the previous page's next_cursor.
  core::Result<EndpointPage> List(const access::Actor& actor, int limit,
                                  const std::optional<std::string>& cursor);
  core::Result<Endpoint> Get(const access::Actor& actor, const std::string& id);
  // The endpoint with its current secret; owners and admins only.
  core::Result<EndpointWithSecret> GetWithSecret(const access::Actor& actor, const std::string& id);
  core::Result<Endpoint> Update(const access::Actor& actor, const std::string& id,
                                const EndpointChanges& changes);
  // Removes the endpoint with its deliveries and their attempts.
  core::Status Delete(const access::Actor& actor, const std::string& id);
  // A new secret: the old one stops signing at once.
  core::Result<EndpointWithSecret> RotateSecret(const access::Actor& actor, const std::string& id);
  // The endpoint's deliveries, newest first, each with its attempts.
  core::Result<DeliveryPage> Deliveries(const access::Actor& actor, const std::string& endpoint_id,
                                        int limit, const std::optional<std::string>& cursor);
  // Queues a "ping" event to this endpoint alone, active or not; answers its delivery.
  core::Result<Delivery> Ping(const access::Actor& actor, const std::string& id);

  // Makes attempt number `attempt` at a delivery at `now` (the system actor only): posts it,
  // records the attempt, and either marks it delivered, queues the next attempt with back-off,
  // or marks it failed. An attempt already made, or a delivery no longer pending or gone, is
  // kNothingToDo, so a job that runs twice sends once.
  core::Result<AttemptOutcome> Deliver(const access::Actor& actor, const std::string& delivery_id,
                                       int attempt, core::Timestamp now);
  // The handler of kDeliverJobKind jobs.
  core::Status RunJob(const jobs::Job& job);

 private:
  std::string SecretOf(const std::string& endpoint_id, std::int64_t version) const;
  core::Result<Endpoint> Load(const access::Actor& actor, const std::string& id);

  db::Database& database_;
  std::string key_;
  WebhookOptions options_;
};

}  // namespace strata::integrations
