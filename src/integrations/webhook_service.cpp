#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <set>

#include "audit/audit.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/text.h"
#include "integrations/webhook_sender.h"
#include "integrations/webhook_store.h"
#include "integrations/webhook_target.h"
#include "integrations/webhooks.h"

namespace strata::integrations {
namespace {

// Endpoints per organisation: enough for every system it runs, few enough to send to.
constexpr std::int64_t kMaxEndpoints = 20;
constexpr std::size_t kMaxDescription = 500;
constexpr std::size_t kMaxEventKinds = 50;
constexpr std::size_t kMaxErrorLength = 500;
// Job attempts per delivery attempt: they cover a lost database, not the endpoint's answers,
// which the delivery's own attempts and back-off handle.
constexpr int kJobAttempts = 5;

core::Error NoSuchEndpoint() { return core::Error::NotFound("no such webhook endpoint"); }

core::Error Forbidden(std::string message) {
  return {core::Errc::kForbidden, std::move(message), {}};
}

core::Status MayRead(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) {
    return core::Error::Invalid("webhooks belong to an organisation; act as one of its members");
  }
  if (!actor.scopes().regions.empty() || !actor.scopes().vendors.empty()) {
    return Forbidden("webhooks carry every region's and vendor's data; your scopes leave them out");
  }
  return core::Ok();
}

core::Status MayManage(const access::Actor& actor) {
  if (auto readable = MayRead(actor); !readable) return readable;
  if (!actor.HasRole(access::Role::kAdmin)) {
    return Forbidden("only owners and admins may manage webhooks");
  }
  return core::Ok();
}

void Audit(soci::session& sql, const access::Actor& actor, const char* action,
           const std::string& endpoint_id, json::object detail = {}) {
  audit::Record(sql, {.org_id = actor.org_id(),
                      .actor_user_id = actor.user_id(),
                      .action = action,
                      .target_type = "webhook",
                      .target_id = endpoint_id,
                      .detail = std::move(detail),
                      .context = audit::ContextOf(actor)});
}

// An event kind: dot-separated words of lowercase letters, digits and underscores
// ("lead.created"), or "*" for every kind.
bool IsEventKind(const std::string& kind) {
  if (kind.empty() || kind.size() > 100 || kind.front() == '.' || kind.back() == '.') return false;
  if (kind.find('.') == std::string::npos || kind.find("..") != std::string::npos) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

// The kinds wanted, sorted and without repeats; {"*"} for every kind.
core::Result<std::vector<std::string>> CheckEvents(const std::vector<std::string>& events) {
  const auto bad = [](const std::string& why) {
    return core::Error::Invalid("check the event kinds", {{"events", why}});
  };
  if (events.empty()) return bad("name at least one event kind, or \"*\" for every kind");
  if (events.size() > kMaxEventKinds) return bad("may name at most 50 event kinds");
  std::set<std::string> kinds;
  for (const auto& kind : events) {
    if (kind == "*") {
      if (events.size() != 1) return bad("\"*\" stands alone: it already means every kind");
      return std::vector<std::string>{"*"};
    }
    if (!IsEventKind(kind)) {
      return bad("names kinds such as lead.created, or \"*\" for every kind; got '" +
                 kind.substr(0, 100) + "'");
    }
    kinds.insert(kind);
  }
  return std::vector<std::string>(kinds.begin(), kinds.end());
}

bool Wants(const Endpoint& endpoint, const std::string& kind) {
  return std::any_of(endpoint.events.begin(), endpoint.events.end(),
                     [&](const std::string& wanted) { return wanted == "*" || wanted == kind; });
}

core::Status CheckDescription(const std::string& description) {
  if (description.size() > kMaxDescription) {
    return core::Error::Invalid("the description is too long",
                                {{"description", "must be at most 500 characters"}});
  }
  return core::Ok();
}

std::string DeliverPayload(const std::string& delivery_id, int attempt) {
  return json::serialize(json::object{{"delivery_id", delivery_id}, {"attempt", attempt}});
}

// Queues attempt number `attempt` of a delivery, in the caller's transaction.
void QueueAttempt(soci::session& sql, const std::string& org_id, const std::string& delivery_id,
                  int attempt, core::Timestamp run_at) {
  jobs::NewJob job;
  job.kind = kDeliverJobKind;
  job.payload = DeliverPayload(delivery_id, attempt);
  job.org_id = org_id;
  job.run_at = run_at;
  job.max_attempts = kJobAttempts;
  job.idempotency_key =
      std::string(kDeliverJobKind) + ":" + delivery_id + ":" + std::to_string(attempt);
  auto queued = jobs::EnqueueInTransaction(sql, job);
  if (!queued) throw std::logic_error("webhook job refused: " + queued.error().message);
}

// Adds a delivery of one event to one endpoint with the job for its first attempt; true when
// the endpoint had no delivery of this event yet.
bool QueueDelivery(soci::session& sql, const std::string& org_id, Delivery& delivery) {
  if (!store::InsertDelivery(sql, org_id, delivery)) return false;
  QueueAttempt(sql, org_id, delivery.id, 1, delivery.created_at);
  return true;
}

// The JSON body an endpoint receives.
std::string EventBody(const std::string& event_id, const std::string& kind,
                      const std::string& org_id, core::Timestamp at, const json::value& data) {
  return json::serialize(json::object{{"id", event_id},
                                      {"type", kind},
                                      {"created_at", at.ToIso8601()},
                                      {"org_id", org_id},
                                      {"data", data}});
}

Delivery NewDelivery(const std::string& endpoint_id, const std::string& event_id,
                     const std::string& kind, std::string body, core::Timestamp now) {
  return {.id = core::Uuid::NewV7().ToString(),
          .endpoint_id = endpoint_id,
          .event_id = event_id,
          .event_kind = kind,
          .body = std::move(body),
          .next_attempt_at = now,
          .created_at = now};
}

double Jitter() {
  std::uint32_t random = 0;
  core::RandomBytes(&random, sizeof random);
  return static_cast<double>(random) / 4294967296.0;
}

// Whether an answer is worth another attempt: timeouts, refused connections, 408, 429 and 5xx.
bool Retryable(const sender::Answer& answer) {
  if (!answer.status) return true;
  const int status = *answer.status;
  return status == 408 || status == 429 || status >= 500;
}

std::string Shortened(std::string text) {
  if (text.size() > kMaxErrorLength) text.resize(kMaxErrorLength);
  return text;
}

// The answer's body as text a person can read in the log and any database can store: valid
// UTF-8 kept, every other byte and control character (NUL included) shown as '?'.
std::string Excerpt(const std::string& body) {
  std::string text;
  std::size_t i = 0;
  while (i < body.size()) {
    const auto byte = static_cast<unsigned char>(body[i]);
    std::size_t length = 0;
    if (byte < 0x80) {
      length = 1;
    } else if ((byte & 0xe0) == 0xc0 && byte >= 0xc2) {
      length = 2;
    } else if ((byte & 0xf0) == 0xe0) {
      length = 3;
    } else if ((byte & 0xf8) == 0xf0 && byte <= 0xf4) {
      length = 4;
    }
    bool valid = length > 0 && i + length <= body.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(body[i + k]) & 0xc0) == 0x80;
    }
    if (valid && length > 2) {
      // No overlong forms, surrogates or code points past U+10FFFF.
      const auto next = static_cast<unsigned char>(body[i + 1]);
      valid = !(byte == 0xe0 && next < 0xa0) && !(byte == 0xed && next >= 0xa0) &&
              !(byte == 0xf0 && next < 0x90) && !(byte == 0xf4 && next >= 0x90);
    }
    if (valid && length == 1 && byte < 0x20 && byte != '\n' && byte != '\t') valid = false;
    if (valid && length == 1 && byte == 0x7f) valid = false;
    if (valid) {
      text.append(body, i, length);
      i += length;
    } else {
      text.push_back('?');
      i += 1;
    }
  }
  return text;
}

}  // namespace

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kDelivered:
      return "delivered";
    case DeliveryState::kFailed:
      return "failed";
  }
  return "pending";
}

std::string SignatureHeader(std::string_view secret, std::int64_t unix_seconds,
                            std::string_view body) {
  const std::string timestamp = std::to_string(unix_seconds);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string prefix = timestamp + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hex(sizeof mac * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac, sizeof mac);
  hex.pop_back();
  return "t=" + timestamp + ",v1=" + hex;
}

void Publish(soci::session& sql, const Event& event) {
  const core::Timestamp now = core::Timestamp::Now();
  const std::string event_id = event.idempotency_id.value_or(core::Uuid::NewV7().ToString());
  std::optional<std::string> body;
  for (const Endpoint& endpoint : store::ActiveEndpoints(sql, event.org_id)) {
    if (!Wants(endpoint, event.kind)) continue;
    // One body for every endpoint: the event as it happened.
    if (!body) body = EventBody(event_id, event.kind, event.org_id, now, event.data);
    Delivery delivery = NewDelivery(endpoint.id, event_id, event.kind, *body, now);
    QueueDelivery(sql, event.org_id, delivery);
  }
}

WebhookService::WebhookService(db::Database& database, std::string_view secret_key,
                               WebhookOptions options)
    : database_(database), options_(std::move(options)) {
  // 32 bytes derived from the server's key, kept apart from every other use of it.
  unsigned char key[crypto_generichash_BYTES];
  const std::string purpose = "strata webhook secrets";
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(secret_key.data()),
                     secret_key.size(), reinterpret_cast<const unsigned char*>(purpose.data()),
                     purpose.size());
  key_.assign(reinterpret_cast<const char*>(key), sizeof key);
}

std::string WebhookService::SecretOf(const std::string& endpoint_id, std::int64_t version) const {
  const std::string input = endpoint_id + ":" + std::to_string(version);
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>(key_.data()),
                     key_.size());
  std::string hex(sizeof hash * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.pop_back();
  return "whsec_" + hex;
}

core::Result<Endpoint> WebhookService::Load(const access::Actor& actor, const std::string& id) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Endpoint> {
    auto endpoint = store::LoadEndpoint(sql, actor, id);
    if (!endpoint) return NoSuchEndpoint();
    return std::move(*endpoint);
  });
}

namespace {

// The URL trimmed, when it is an http(s) URL whose host resolves to allowed addresses only.
core::Result<std::string> CheckUrl(const std::string& url, const WebhookOptions& options) {
  std::string trimmed = core::Trim(url);
  auto target = target::Parse(trimmed);
  if (!target) return target.error();
  auto addresses = target::Resolve(*target, options.resolver);
  if (!addresses) return addresses.error();
  if (auto allowed = target::CheckAddresses(*addresses, options.private_targets); !allowed) {
    return allowed.error();
  }
  return trimmed;
}

}  // namespace

core::Result<EndpointWithSecret> WebhookService::Create(const access::Actor& actor,
                                                        const EndpointInput& input) {
  if (auto allowed = MayManage(actor); !allowed) return allowed.error();
  Endpoint endpoint{.id = core::Uuid::NewV7().ToString(),
                    .description = core::Trim(input.description),
                    .active = input.active};
  std::vector<core::FieldError> problems;
  if (auto described = CheckDescription(endpoint.description); !described) {
    problems.push_back(described.error().fields.front());
  }
  if (auto events = CheckEvents(input.events)) {
    endpoint.events = std::move(*events);
  } else {
    problems.push_back(events.error().fields.front());
  }
  if (auto url = CheckUrl(input.url, options_)) {
    endpoint.url = std::move(*url);
  } else {
    problems.push_back(url.error().fields.front());
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<EndpointWithSecret> {
    db::Transaction transaction(sql, database_.dialect());
    if (store::CountEndpoints(sql, actor.org_id()) >= kMaxEndpoints) {
      return core::Error::Conflict("an organisation may have at most 20 webhook endpoints");
    }
    endpoint.created_at = endpoint.updated_at = core::Timestamp::Now();
    store::InsertEndpoint(sql, actor.org_id(), actor.user_id(), endpoint);
    Audit(sql, actor, "webhook.created", endpoint.id, {{"url", endpoint.url}});
    transaction.Commit();
    return EndpointWithSecret{.endpoint = endpoint,
                              .secret = SecretOf(endpoint.id, endpoint.secret_version)};
  });
}

core::Result<EndpointPage> WebhookService::List(const access::Actor& actor, int limit,
                                                const std::optional<std::string>& cursor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  limit = std::clamp(limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<EndpointPage> {
    return store::ListEndpoints(sql, actor, limit, cursor);
  });
}

core::Result<Endpoint> WebhookService::Get(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return Load(actor, id);
}

core::Result<EndpointWithSecret> WebhookService::GetWithSecret(const access::Actor& actor,
                                                               const std::string& id) {
  if (auto allowed = MayManage(actor); !allowed) return allowed.error();
  auto endpoint = Load(actor, id);
  if (!endpoint) return endpoint.error();
  std::string secret = SecretOf(endpoint->id, endpoint->secret_version);
  return EndpointWithSecret{.endpoint = std::move(*endpoint), .secret = std::move(secret)};
}

core::Result<Endpoint> WebhookService::Update(const access::Actor& actor, const std::string& id,
                                              const EndpointChanges& changes) {
  if (auto allowed = MayManage(actor); !allowed) return allowed.error();
  auto current = Load(actor, id);
  if (!current) return current.error();
  Endpoint endpoint = std::move(*current);
  std::vector<core::FieldError> problems;
  if (changes.description) {
    endpoint.description = core::Trim(*changes.description);
    if (auto described = CheckDescription(endpoint.description); !described) {
      problems.push_back(described.error().fields.front());
    }
  }
  if (changes.events) {
    if (auto events = CheckEvents(*changes.events)) {
      endpoint.events = std::move(*events);
    } else {
      problems.push_back(events.error().fields.front());
    }
  }
  if (changes.url) {
    if (auto url = CheckUrl(*changes.url, options_)) {
      endpoint.url = std::move(*url);
    } else {
      problems.push_back(url.error().fields.front());
    }
  }
  if (changes.active) endpoint.active = *changes.active;
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Endpoint> {
    db::Transaction transaction(sql, database_.dialect());
    if (!store::LoadEndpoint(sql, actor, id)) return NoSuchEndpoint();
    endpoint.updated_at = core::Timestamp::Now();
    store::UpdateEndpoint(sql, endpoint);
    Audit(sql, actor, "webhook.updated", id);
    transaction.Commit();
    return endpoint;
  });
}

core::Status WebhookService::Delete(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayManage(actor); !allowed) return allowed;
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    if (!store::LoadEndpoint(sql, actor, id)) return NoSuchEndpoint();
    store::DeleteEndpoint(sql, id);
    Audit(sql, actor, "webhook.deleted", id);
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<EndpointWithSecret> WebhookService::RotateSecret(const access::Actor& actor,
                                                              const std::string& id) {
  if (auto allowed = MayManage(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<EndpointWithSecret> {
    db::Transaction transaction(sql, database_.dialect());
    auto endpoint = store::LoadEndpoint(sql, actor, id);
    if (!endpoint) return NoSuchEndpoint();
    endpoint->secret_version += 1;
    endpoint->updated_at = core::Timestamp::Now();
    store::UpdateEndpoint(sql, *endpoint);
    Audit(sql, actor, "webhook.secret_rotated", id, {{"secret_version", endpoint->secret_version}});
    transaction.Commit();
    std::string secret = SecretOf(endpoint->id, endpoint->secret_version);
    return EndpointWithSecret{.endpoint = std::move(*endpoint), .secret = std::move(secret)};
  });
}

core::Result<DeliveryPage> WebhookService::Deliveries(const access::Actor& actor,
                                                      const std::string& endpoint_id, int limit,
                                                      const std::optional<std::string>& cursor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  limit = std::clamp(limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DeliveryPage> {
    if (!store::LoadEndpoint(sql, actor, endpoint_id)) return NoSuchEndpoint();
    return store::ListDeliveries(sql, actor, endpoint_id, limit, cursor);
  });
}

core::Result<Delivery> WebhookService::Ping(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayManage(actor); !allowed) return allowed.error();
  auto queued = db::WithSession(database_, [&](soci::session& sql) -> core::Result<Delivery> {
    db::Transaction transaction(sql, database_.dialect());
    auto endpoint = store::LoadEndpoint(sql, actor, id);
    if (!endpoint) return NoSuchEndpoint();
    const core::Timestamp now = core::Timestamp::Now();
    const std::string event_id = core::Uuid::NewV7().ToString();
    Delivery delivery = NewDelivery(
        endpoint->id, event_id, "ping",
        EventBody(event_id, "ping", actor.org_id(), now, json::object{{"endpoint_id", id}}), now);
    QueueDelivery(sql, actor.org_id(), delivery);
    transaction.Commit();
    return delivery;
  });
  if (queued && options_.wake) options_.wake();
  return queued;
}

core::Result<AttemptOutcome> WebhookService::Deliver(const access::Actor& actor,
                                                     const std::string& delivery_id, int attempt,
                                                     core::Timestamp now) {
  if (!actor.is_system()) return Forbidden("only the system sends webhooks");
  // What to send, read outside any transaction: the send may take seconds.
  struct Work {
    store::StoredDelivery stored;
    Endpoint endpoint;
  };
  auto work =
      db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::optional<Work>> {
        auto stored = store::LoadDeliveryForSending(sql, delivery_id);
        if (!stored || stored->delivery.state != DeliveryState::kPending ||
            stored->delivery.attempts >= attempt) {
          return std::optional<Work>();
        }
        auto endpoint =
            store::LoadEndpoint(sql, access::Actor::System(), stored->delivery.endpoint_id);
        if (!endpoint) return std::optional<Work>();
        return std::optional<Work>(Work{std::move(*stored), std::move(*endpoint)});
      });
  if (!work) return work.error();
  if (!*work) return AttemptOutcome::kNothingToDo;
  const Delivery& delivery = (*work)->stored.delivery;
  const Endpoint& endpoint = (*work)->endpoint;

  // The target is checked again at every send: its addresses may have changed since.
  sender::Answer answer;
  bool permanent = false;
  auto target = target::Parse(endpoint.url);
  core::Result<std::vector<std::string>> addresses = std::vector<std::string>();
  if (!target) {
    answer.error = target.error().message;
    permanent = true;
  } else if (addresses = target::Resolve(*target, options_.resolver); !addresses) {
    answer.error = addresses.error().message;
  } else if (auto allowed = target::CheckAddresses(*addresses, options_.private_targets);
             !allowed) {
    answer.error = allowed.error().message;
    permanent = true;
  } else {
    const std::int64_t seconds = now.micros() / core::kMicrosPerSecond;
    answer =
        sender::Send({.url = endpoint.url,
                      .target = *target,
                      .addresses = *addresses,
                      .private_targets = options_.private_targets,
                      .headers = {{"Content-Type", "application/json"},
                                  {"Strata-Event", delivery.event_kind},
                                  {"Strata-Delivery", delivery.id},
                                  {"Strata-Signature",
                                   SignatureHeader(SecretOf(endpoint.id, endpoint.secret_version),
                                                   seconds, delivery.body)}},
                      .body = delivery.body,
                      .connect_timeout = options_.connect_timeout,
                      .total_timeout = options_.total_timeout});
    const bool success = answer.status && *answer.status >= 200 && *answer.status < 300;
    if (!success && answer.error.empty()) answer.error = "HTTP " + std::to_string(*answer.status);
    permanent = !success && !Retryable(answer);
  }

  Delivery updated = delivery;
  updated.attempts = attempt;
  updated.last_status = answer.status;
  updated.last_error = Shortened(answer.error);
  updated.next_attempt_at.reset();
  AttemptOutcome outcome = AttemptOutcome::kRetrying;
  if (answer.error.empty()) {
    updated.state = DeliveryState::kDelivered;
    updated.delivered_at = now;
    outcome = AttemptOutcome::kDelivered;
  } else if (permanent || attempt >= options_.max_attempts) {
    updated.state = DeliveryState::kFailed;
    updated.failed_at = now;
    if (!permanent) {
      updated.last_error =
          Shortened("gave up after " + std::to_string(attempt) + " attempts: " + answer.error);
    }
    outcome = AttemptOutcome::kFailed;
  } else {
    updated.next_attempt_at = jobs::NextAttemptAt(options_.backoff, attempt, now, Jitter());
  }
  const std::string org_id = (*work)->stored.org_id;
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<AttemptOutcome> {
    db::Transaction transaction(sql, database_.dialect());
    // Another worker may have recorded this attempt meanwhile (a lease that ran out).
    auto current = store::LoadDeliveryForSending(sql, delivery_id);
    if (!current || current->delivery.state != DeliveryState::kPending ||
        current->delivery.attempts >= attempt) {
      return AttemptOutcome::kNothingToDo;
    }
    store::InsertAttempt(sql, org_id, delivery_id,
                         {.attempted_at = now,
                          .status_code = answer.status,
                          .error = updated.last_error,
                          .duration_ms = answer.duration_ms,
                          .response_excerpt = Excerpt(answer.excerpt)});
    store::UpdateDelivery(sql, updated);
    if (outcome == AttemptOutcome::kRetrying) {
      QueueAttempt(sql, org_id, delivery_id, attempt + 1, *updated.next_attempt_at);
    }
    transaction.Commit();
    if (outcome == AttemptOutcome::kFailed) {
      log::Warn("webhook delivery failed", {{"delivery_id", delivery_id},
                                            {"endpoint_id", endpoint.id},
                                            {"error", updated.last_error}});
    }
    return outcome;
  });
}

core::Status WebhookService::RunJob(const jobs::Job& job) {
  boost::system::error_code error;
  const json::value payload = json::parse(job.payload, error);
  if (error || !payload.is_object()) return core::Error::Invalid("a webhook job names no delivery");
  const json::object& fields = payload.as_object();
  const json::value* delivery_id = fields.if_contains("delivery_id");
  const json::value* attempt = fields.if_contains("attempt");
  if (delivery_id == nullptr || !delivery_id->is_string() || attempt == nullptr ||
      !attempt->is_int64()) {
    return core::Error::Invalid("a webhook job names no delivery");
  }
  auto outcome = Deliver(access::Actor::System(), std::string(delivery_id->as_string()),
                         static_cast<int>(attempt->as_int64()), core::Timestamp::Now());
  if (!outcome) return outcome.error();
  return core::Ok();
}

}  // namespace strata::integrations
