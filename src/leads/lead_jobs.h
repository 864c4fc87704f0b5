#pragma once

#include <functional>

#include "core/time.h"
#include "jobs/job_runner.h"
#include "leads/leads.h"

namespace strata::leads {

inline constexpr const char* kLapseJobKind = "leads.lapse";

// The job that, every minute, lapses the offers whose answer is overdue, routes their leads again
// and reminds the partners whose answer is due soon. It reads the time from `now`, which a test
// sets ahead.
void RegisterLapseJob(jobs::JobRunner& runner, LeadService& service,
                      std::function<core::Timestamp()> now = &core::Timestamp::Now);

}  // namespace strata::leads
