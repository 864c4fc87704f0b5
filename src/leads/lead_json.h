#pragma once

// Leads as the API and the webhooks show them.

#include <optional>
#include <string>

#include "core/json.h"
#include "core/time.h"
#include "leads/leads.h"

namespace strata::leads {

json::value OptionalText(const std::optional<std::string>& text);
json::value OptionalTime(const std::optional<core::Timestamp>& time);
json::value OrgJson(const std::optional<OrgName>& org);
// A lead as the organisation it was built for sees it (Lead is already that view).
json::object LeadJson(const Lead& lead);

}  // namespace strata::leads
