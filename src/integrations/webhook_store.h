#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/time.h"
#include "integrations/webhooks.h"

namespace soci {
class session;
}

// The SQL of the webhooks module. Reads take the actor and filter by what it may see: its own
// organisation's rows, none for a member scoped to regions or vendors. Writes trust the service
// to have checked the actor.
namespace strata::integrations::store {

void InsertEndpoint(soci::session& sql, const std::string& org_id, const std::string& created_by,
                    const Endpoint& endpoint);
void UpdateEndpoint(soci::session& sql, const Endpoint& endpoint);
// Removes the endpoint, its deliveries and their attempts.
void DeleteEndpoint(soci::session& sql, const std::string& id);
std::optional<Endpoint> LoadEndpoint(soci::session& sql, const access::Actor& actor,
                                     const std::string& id);
EndpointPage ListEndpoints(soci::session& sql, const access::Actor& actor, int limit,
                           const std::optional<std::string>& cursor);
std::int64_t CountEndpoints(soci::session& sql, const std::string& org_id);
// The organisation's active endpoints, for publishing.
std::vector<Endpoint> ActiveEndpoints(soci::session& sql, const std::string& org_id);

// A delivery as stored, with the organisation it belongs to.
struct StoredDelivery {
  std::string org_id{};
  Delivery delivery{};
};

// Adds a pending delivery unless the endpoint has one for this event; true when added.
bool InsertDelivery(soci::session& sql, const std::string& org_id, const Delivery& delivery);
// A delivery without its attempts, whoever it belongs to (for the sender).
std::optional<StoredDelivery> LoadDeliveryForSending(soci::session& sql, const std::string& id);
std::optional<Delivery> LoadDelivery(soci::session& sql, const access::Actor& actor,
                                     const std::string& id);
// The endpoint's deliveries the actor may see, newest first, each with its attempts.
DeliveryPage ListDeliveries(soci::session& sql, const access::Actor& actor,
                            const std::string& endpoint_id, int limit,
                            const std::optional<std::string>& cursor);

void InsertAttempt(soci::session& sql, const std::string& org_id, const std::string& delivery_id,
                   const Attempt& attempt);
// Writes the delivery's state, attempts, last status and error and its times.
void UpdateDelivery(soci::session& sql, const Delivery& delivery);

}  // namespace strata::integrations::store
