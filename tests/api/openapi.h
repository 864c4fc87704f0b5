#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "http/router.h"

namespace strata::api_testing {

// docs/openapi.yaml as JSON (the build writes it with tests/contract/spec-to-json.mjs).
const json::value& Spec();

// The node a local "$ref" ("#/components/schemas/X") points at, followed until it is no
// reference; the node itself when it is none.
const json::value& Resolve(const json::value& spec, const json::value& node);

// What the router serves and the spec does not describe, and the reverse, one line each
// ("GET /api/v1/x is served but not in the spec"). HEAD is served by GET, so it is not listed.
std::vector<std::string> RouteSpecMismatches(const std::vector<http::Router::RouteInfo>& routes,
                                             const json::value& spec);

// A string field of a request body: its place as JSON pointer segments, where "-" stands for
// the first item of an array.
struct StringField {
  std::vector<std::string> path;
  std::string Name() const;  // "org.name", "scopes.regions[]".
};

// Every string the schema admits, including those in nested objects and in arrays.
std::vector<StringField> StringFields(const json::value& spec, const json::value& schema);

}  // namespace strata::api_testing
