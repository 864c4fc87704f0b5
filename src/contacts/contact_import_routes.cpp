#include "contacts/contact_import.h"
#include "contacts/contact_routes.h"
#include "core/json.h"
#include "core/text.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::contacts {
namespace {

json::value OptionalTime(const std::optional<core::Timestamp>& time) {
  return time ? json::value(time->ToIso8601()) : json::value(nullptr);
}

json::object ImportJson(const ContactImport& import) {
  json::array header;
  for (const auto& column : import.header) header.emplace_back(column);
  json::array preview;
  for (const auto& row : import.preview) {
    json::array cells;
    for (const auto& cell : row) cells.emplace_back(cell);
    preview.emplace_back(std::move(cells));
  }
  json::object mapping;
  for (const auto& [field, column] : import.mapping) mapping[field] = column;
  json::array rejected;
  for (const auto& rejection : import.rejected) {
    rejected.emplace_back(json::object{
        {"line", rejection.line}, {"field", rejection.field}, {"reason", rejection.reason}});
  }
  return {{"id", import.id},
          {"status", ImportStatusName(import.status)},
          {"file_name", import.file_name},
          {"file_bytes", import.file_bytes},
          {"bytes_read", import.bytes_read},
          {"encoding", import.encoding},
          {"delimiter", std::string(1, import.delimiter)},
          {"header", std::move(header)},
          {"preview", std::move(preview)},
          {"mapping", std::move(mapping)},
          {"on_duplicate", import.on_duplicate == OnDuplicate::kSkip ? "skip" : "update"},
          {"list_id", import.list_id ? json::value(*import.list_id) : json::value(nullptr)},
          {"rows_total", import.rows_total},
          {"rows_imported", import.rows_imported},
          {"rows_updated", import.rows_updated},
          {"rows_skipped", import.rows_skipped},
          {"rows_rejected", import.rows_rejected},
          {"rejected", std::move(rejected)},
          {"error", import.error ? json::value(*import.error) : json::value(nullptr)},
          {"created_at", import.created_at.ToIso8601()},
          {"updated_at", import.updated_at.ToIso8601()},
          {"finished_at", OptionalTime(import.finished_at)}};
}

http::Response ImportResponse(int status, const core::Result<ContactImport>& import) {
  if (!import) return http::ErrorResponse(import.error());
  // A queued import answers 202: the work goes on after the answer.
  const bool queued =
      import->status == ImportStatus::kQueued || import->status == ImportStatus::kRunning;
  return http::JsonResponse(queued && status == 201 ? 202 : status, ImportJson(*import));
}

core::Result<OnDuplicate> ReadOnDuplicate(std::string_view text) {
  if (text == "update") return OnDuplicate::kUpdate;
  if (text == "skip") return OnDuplicate::kSkip;
  return core::Error::Invalid("on_duplicate must be update or skip",
                              {{"on_duplicate", "must be update or skip"}});
}

// The settings given as query parameters: map.FIELD=Header for each mapped field, on_duplicate
// and list_id. Without any map.… parameter, none (the import waits for its mapping).
core::Result<std::optional<ImportSettings>> SettingsFromQuery(const http::Request& request) {
  ImportSettings settings;
  for (const auto& [name, value] : request.query) {
    if (name.starts_with("map.")) settings.mapping[name.substr(4)] = value;
  }
  if (settings.mapping.empty()) return std::optional<ImportSettings>();
  if (auto on_duplicate = request.Query("on_duplicate")) {
    auto parsed = ReadOnDuplicate(*on_duplicate);
    if (!parsed) return parsed.error();
    settings.on_duplicate = *parsed;
  }
  settings.list_id = request.Query("list_id");
  return std::optional<ImportSettings>(std::move(settings));
}

core::Result<ImportSettings> SettingsFromBody(const json::object& body) {
  std::vector<core::FieldError> problems;
  ImportSettings settings;
  const json::value* mapping = body.if_contains("mapping");
  if (mapping == nullptr || !mapping->is_object()) {
    problems.push_back({"mapping", "must map contact fields to the file's column names"});
  } else {
    for (const auto& [field, column] : mapping->as_object()) {
      if (column.is_null()) continue;
      if (!column.is_string()) {
        problems.push_back({"mapping." + std::string(field), "must be a column name"});
        continue;
      }
      settings.mapping[std::string(field)] = std::string(column.as_string());
    }
  }
  if (const json::value* value = body.if_contains("on_duplicate"); value != nullptr) {
    auto parsed = value->is_string() ? ReadOnDuplicate(value->as_string()) : ReadOnDuplicate("");
    if (parsed) {
      settings.on_duplicate = *parsed;
    } else {
      problems.push_back({"on_duplicate", "must be update or skip"});
    }
  }
  if (const json::value* value = body.if_contains("list_id");
      value != nullptr && !value->is_null()) {
    if (value->is_string()) {
      settings.list_id = std::string(value->as_string());
    } else {
      problems.push_back({"list_id", "must be a list's id"});
    }
  }
  if (const json::value* value = body.if_contains("consent");
      value != nullptr && !value->is_null()) {
    const json::object* consent = value->if_object();
    if (consent == nullptr) {
      problems.push_back({"consent", "must be an object with purpose, basis and text"});
    } else {
      ConsentInput input;
      const auto text = [&](const char* key) -> std::string {
        const json::value* member = consent->if_contains(key);
        if (member == nullptr || member->is_null()) return "";
        if (!member->is_string()) {
          problems.push_back({std::string("consent.") + key, "must be a string"});
          return "";
        }
        return std::string(member->as_string());
      };
      input.purpose = text("purpose");
      const std::string basis = text("basis");
      if (!basis.empty()) {
        if (auto parsed = ParseBasis(basis)) {
          input.basis = *parsed;
        } else {
          problems.push_back({"consent.basis", "is not a lawful basis"});
        }
      }
      input.text = text("text");
      input.form = text("form");
      const std::string given = text("given_at");
      if (!given.empty()) {
        input.given_at = core::Timestamp::ParseIso8601(given);
        if (!input.given_at) problems.push_back({"consent.given_at", "must be a date and time"});
      }
      if (const json::value* controllers = consent->if_contains("controllers");
          controllers != nullptr && controllers->is_array()) {
        for (const auto& id : controllers->as_array()) {
          if (id.is_string()) input.controllers.emplace_back(id.as_string());
        }
      }
      settings.consent = std::move(input);
    }
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return settings;
}

// Whether the body is declared a CSV file: text/csv, or what browsers and spreadsheets send for
// one (text/plain, application/vnd.ms-excel, application/octet-stream).
}  // namespace

void RegisterContactImportRoutes(http::Router& router, ContactImporter& importer,
                                 const identity::Authenticator& auth) {
  router.AddUpload(http::Method::kPost, "/api/v1/contact-imports", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (!http::IsCsvUpload(request)) {
      return http::ErrorResponse(core::Error{core::Errc::kUnsupportedMediaType,
                                             "send the CSV file itself as the body, as text/csv",
                                             {}});
    }
    if (!request.body_file || request.body_file_size == 0) {
      return http::ErrorResponse(
          core::Error::Invalid("the file is empty: it needs a header row and a row per contact",
                               {{"file", "is empty"}}));
    }
    auto settings = SettingsFromQuery(request);
    if (!settings) return http::ErrorResponse(settings.error());
    return ImportResponse(
        201, importer.Upload(identity::RequestActor(*principal, request), *request.body_file,
                             request.Query("file_name").value_or(""), *settings));
  });

  router.Add(http::Method::kGet, "/api/v1/contact-imports", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto imports = importer.List(principal->actor());
    if (!imports) return http::ErrorResponse(imports.error());
    json::array items;
    for (const auto& import : *imports) items.emplace_back(ImportJson(import));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kGet, "/api/v1/contact-imports/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return ImportResponse(200, importer.Get(principal->actor(), request.Param("id")));
  });

  router.Add(http::Method::kPost, "/api/v1/contact-imports/{id}/start",
             [&](http::Request& request) {
               auto principal = auth.Require(request);
               if (!principal) return http::ErrorResponse(principal.error());
               auto body = http::ParseJsonObject(request);
               if (!body) return http::ErrorResponse(body.error());
               auto settings = SettingsFromBody(*body);
               if (!settings) return http::ErrorResponse(settings.error());
               auto started = importer.Start(identity::RequestActor(*principal, request),
                                             request.Param("id"), *settings);
               if (!started) return http::ErrorResponse(started.error());
               return http::JsonResponse(202, ImportJson(*started));
             });

  router.Add(
      http::Method::kPost, "/api/v1/contact-imports/{id}/cancel", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        auto cancelled =
            importer.Cancel(identity::RequestActor(*principal, request), request.Param("id"));
        if (!cancelled) return http::ErrorResponse(cancelled.error());
        return ImportResponse(200, importer.Get(principal->actor(), request.Param("id")));
      });
}

}  // namespace strata::contacts
