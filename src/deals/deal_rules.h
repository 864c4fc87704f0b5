#pragma once

// The pure rules of deal registration, apart from storage so that they are tested alone.

#include <string>
#include <vector>

#include "core/error.h"
#include "deals/deal.h"

namespace strata::deals {

// What is wrong with the fields as typed, whatever the deal's status (lengths, formats, the
// lines' currency); empty when nothing is. Normalises the country to upper case.
std::vector<core::FieldError> CheckFields(DealFields& fields);

// What a registration misses under the vendor's rules: the company and total always, the
// vendor's required fields, its minimum deal size (compared in its own currency only).
std::vector<core::FieldError> CheckRegistration(const DealFields& fields, const Rules& rules);

// What is wrong with a vendor's rules.
std::vector<core::FieldError> CheckRules(const Rules& rules);

// True for "YYYY-MM-DD" naming a real day.
bool IsDate(const std::string& text);

// Where a decision takes a submitted deal, and whether it leaves the vendor's review.
struct Transition {
  Status status = Status::kSubmitted;
  Reviewer review_by = Reviewer::kNone;
  bool reaches_vendor = false;
};

// The decision of `reviewer` on a deal submitted to it: the distributor's approval passes it on
// to the vendor, the vendor's protects it; a rejection ends it; a request for information sends
// it back to the partner, to come back to the same reviewer.
Transition Decide(Reviewer reviewer, Decision decision);

}  // namespace strata::deals
