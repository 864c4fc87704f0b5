#pragma once

#include <string>

#include "http/testing/raw_client.h"

namespace strata::http::testing {

// Every request a test sends through Fetch and the response it got, appended as one JSON line to
// STRATA_CONTRACT_LOG/<pid>.jsonl when that variable names a folder, so that the responses can
// be checked against docs/openapi.yaml afterwards (tests/contract/check-responses.mjs). Bodies
// are kept for JSON responses only. Safe from many threads.
void RecordExchange(const std::string& method, const std::string& target,
                    const RawResponse& response);

// Names the test that the next exchanges belong to, so that a response breaking the contract
// points at its test.
void SetExchangeLabel(std::string label);

}  // namespace strata::http::testing
