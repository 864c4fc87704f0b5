#include "openapi.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace strata::api_testing {
namespace {

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "patch"};

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

void CollectStrings(const json::value& spec, const json::value& node,
                    std::vector<std::string>& path, std::vector<StringField>& out, int depth) {
  if (depth > 16) return;  // A recursive schema: deep enough for any body we accept.
  const json::value& schema = Resolve(spec, node);
  if (!schema.is_object()) return;
  const json::object& object = schema.as_object();
  for (const char* combinator : {"allOf", "anyOf", "oneOf"}) {
    if (const auto* parts = object.if_contains(combinator); parts && parts->is_array()) {
      for (const auto& part : parts->as_array()) CollectStrings(spec, part, path, out, depth + 1);
    }
  }
  std::set<std::string> types;
  if (const auto* type = object.if_contains("type")) {
    if (type->is_string()) types.insert(std::string(type->as_string()));
    if (type->is_array()) {
      for (const auto& each : type->as_array()) {
        if (each.is_string()) types.insert(std::string(each.as_string()));
      }
    }
  }
  const auto* enumeration = object.if_contains("enum");
  const auto* constant = object.if_contains("const");
  const bool string_enum = enumeration && enumeration->is_array() &&
                           !enumeration->as_array().empty() &&
                           enumeration->as_array()[0].is_string();
  if (types.contains("string") || string_enum || (constant && constant->is_string())) {
    out.push_back({path});
  }
  if (const auto* properties = object.if_contains("properties");
      properties && properties->is_object()) {
    for (const auto& [key, value] : properties->as_object()) {
      path.emplace_back(key);
      CollectStrings(spec, value, path, out, depth + 1);
      path.pop_back();
    }
  }
  if (const auto* items = object.if_contains("items")) {
    path.emplace_back("-");
    CollectStrings(spec, *items, path, out, depth + 1);
    path.pop_back();
  }
}

}  // namespace

const json::value& Spec() {
  static const json::value spec = [] {
    std::ifstream in(STRATA_OPENAPI_JSON, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " STRATA_OPENAPI_JSON);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
  }();
  return spec;
}

const json::value& Resolve(const json::value& spec, const json::value& node) {
  const json::value* current = &node;
  for (int hops = 0; hops < 32; ++hops) {
    if (!current->is_object()) return *current;
    const auto* ref = current->as_object().if_contains("$ref");
    if (ref == nullptr || !ref->is_string()) return *current;
    const std::string pointer(ref->as_string());
    if (!pointer.starts_with("#/")) return *current;
    current = &spec.at_pointer(pointer.substr(1));
  }
  throw std::runtime_error("a $ref chain in the spec does not end");
}

std::vector<std::string> RouteSpecMismatches(const std::vector<http::Router::RouteInfo>& routes,
                                             const json::value& spec) {
  std::set<std::string> served;
  for (const auto& route : routes) {
    if (route.method == http::Method::kHead) continue;
    served.insert(std::string(http::MethodName(route.method)) + " " + route.pattern);
  }
  std::set<std::string> described;
  if (const auto* paths = spec.as_object().if_contains("paths"); paths && paths->is_object()) {
    for (const auto& [pattern, item] : paths->as_object()) {
      if (!item.is_object()) continue;
      for (const char* method : kMethods) {
        if (item.as_object().contains(method)) {
          described.insert(Upper(method) + " " + std::string(pattern));
        }
      }
    }
  }
  std::vector<std::string> mismatches;
  for (const auto& route : served) {
    if (!described.contains(route)) mismatches.push_back(route + " is served but not in the spec");
  }
  for (const auto& operation : described) {
    if (!served.contains(operation)) {
      mismatches.push_back(operation + " is in the spec but not served");
    }
  }
  return mismatches;
}

std::string StringField::Name() const {
  std::string name;
  for (const auto& segment : path) {
    if (segment == "-") {
      name += "[]";
    } else {
      if (!name.empty()) name += '.';
      name += segment;
    }
  }
  return name;
}

std::vector<StringField> StringFields(const json::value& spec, const json::value& schema) {
  std::vector<StringField> fields;
  std::vector<std::string> path;
  CollectStrings(spec, schema, path, fields, 0);
  return fields;
}

}  // namespace strata::api_testing
