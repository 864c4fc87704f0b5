#include "http/problem.h"

#include "core/json.h"

namespace strata::http {
namespace {

const char* TitleOf(core::Errc code) {
  switch (code) {
    case core::Errc::kInvalidArgument:
      return "The request is not valid";
    case core::Errc::kNotFound:
      return "Not found";
    case core::Errc::kConflict:
      return "Conflict";
    case core::Errc::kUnauthenticated:
      return "Authentication required";
    case core::Errc::kForbidden:
      return "Not allowed";
    case core::Errc::kRateLimited:
      return "Too many requests";
    case core::Errc::kUnavailable:
      return "Service unavailable";
    case core::Errc::kPayloadTooLarge:
      return "Request body too large";
    case core::Errc::kUnsupportedMediaType:
      return "Unsupported media type";
  }
  return "Error";
}

// The problem document; Response carries it serialised.
json::object ProblemObject(int status, std::string_view slug, std::string_view title,
                           std::string_view detail, const std::vector<core::FieldError>& fields) {
  json::object problem;
  problem["type"] = "urn:strata:problem:" + std::string(slug);
  problem["title"] = title;
  problem["status"] = status;
  if (!detail.empty()) problem["detail"] = detail;
  if (!fields.empty()) {
    json::object errors;
    for (const auto& field : fields) {
      // The first message for a field wins: it is the one the form shows.
      if (!errors.contains(field.field)) errors[field.field] = field.message;
    }
    problem["errors"] = std::move(errors);
  }
  return problem;
}

Response ProblemDocument(int status, const json::object& problem) {
  Response response;
  response.status = status;
  response.body = json::serialize(problem);
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

}  // namespace

int StatusOf(core::Errc code) {
  switch (code) {
    case core::Errc::kInvalidArgument:
      return 400;
    case core::Errc::kNotFound:
      return 404;
    case core::Errc::kConflict:
      return 409;
    case core::Errc::kUnauthenticated:
      return 401;
    case core::Errc::kForbidden:
      return 403;
    case core::Errc::kRateLimited:
      return 429;
    case core::Errc::kUnavailable:
      return 503;
    case core::Errc::kPayloadTooLarge:
      return 413;
    case core::Errc::kUnsupportedMediaType:
      return 415;
  }
  return 500;
}

Response ProblemResponse(int status, std::string_view slug, std::string_view title,
                         std::string_view detail, const std::vector<core::FieldError>& fields) {
  return ProblemDocument(status, ProblemObject(status, slug, title, detail, fields));
}

Response ErrorResponse(const core::Error& error) {
  return ProblemResponse(StatusOf(error.code), core::ErrcSlug(error.code), TitleOf(error.code),
                         error.message, error.fields);
}

Response RowsProblemResponse(std::string_view detail, const std::vector<RowProblem>& rows) {
  const core::Errc code = core::Errc::kInvalidArgument;
  json::object problem =
      ProblemObject(StatusOf(code), core::ErrcSlug(code), TitleOf(code), detail, {});
  json::array listed;
  listed.reserve(rows.size());
  for (const auto& row : rows) {
    listed.emplace_back(
        json::object{{"line", row.line}, {"field", row.field}, {"message", row.message}});
  }
  problem["rows"] = std::move(listed);
  return ProblemDocument(StatusOf(code), problem);
}

}  // namespace strata::http
