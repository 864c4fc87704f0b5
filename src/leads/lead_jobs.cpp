#include "leads/lead_jobs.h"

#include <chrono>
#include <utility>

namespace strata::leads {

void RegisterLapseJob(jobs::JobRunner& runner, LeadService& service,
                      std::function<core::Timestamp()> now) {
  runner.Register(kLapseJobKind,
                  [&service, now = std::move(now)](const jobs::Job&) -> core::Status {
                    auto lapsed = service.LapseDue(access::Actor::System(), now());
                    if (!lapsed) return lapsed.error();
                    return core::Ok();
                  });
  runner.Every(kLapseJobKind, std::chrono::minutes(1));
}

}  // namespace strata::leads
