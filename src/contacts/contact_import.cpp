#include "contacts/contact_import.h"

#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <set>
#include <thread>
#include <unordered_map>

#include "audit/audit.h"
#include "contacts/contact_rules.h"
#include "contacts/contact_store.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "core/text_encoding.h"
#include "db/bulk.h"
#include "db/query.h"
#include "db/rows.h"
#include "jobs/jobs.h"

namespace strata::contacts {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kBatchRows = 1000;
constexpr std::int64_t kProgressEveryRows = 5000;

// The contact fields a column can feed, and the header names that suggest each.
const std::vector<std::pair<std::string, std::vector<std::string>>>& KnownFields() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> fields = {
      {"email", {"email", "e-mail", "email address", "e-mail address", "mail", "emailaddress"}},
      {"first_name",
       {"first name", "firstname", "first", "given name", "vorname", "prenom", "prénom"}},
      {"last_name", {"last name", "lastname", "last", "surname", "family name", "nachname", "nom"}},
      {"company",
       {"company", "company name", "organisation", "organization", "account", "firma",
        "unternehmen", "société"}},
      {"title", {"title", "job title", "position", "role", "jobtitle"}},
      {"phone", {"phone", "phone number", "telephone", "tel", "mobile", "telefon"}},
      {"country", {"country", "country code", "land", "pays"}},
      {"region", {"region", "territory", "sales region"}}};
  return fields;
}

std::string Simplified(const std::string& header) {
  std::string simple;
  for (char c : core::Trim(header)) {
    simple += c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return simple;
}

bool IsField(const std::string& field) {
  if (field.starts_with("attributes.")) return field.size() > 11;
  return std::any_of(KnownFields().begin(), KnownFields().end(),
                     [&](const auto& known) { return known.first == field; });
}

std::optional<core::TextEncoding> EncodingNamed(const std::string& name) {
  for (auto encoding : {core::TextEncoding::kUtf8, core::TextEncoding::kUtf16Le,
                        core::TextEncoding::kUtf16Be, core::TextEncoding::kWindows1252}) {
    if (name == core::TextEncodingName(encoding)) return encoding;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ImportStatus, const char*>, 7> kStatuses{
    {{ImportStatus::kUploaded, "uploaded"},
     {ImportStatus::kQueued, "queued"},
     {ImportStatus::kRunning, "running"},
     {ImportStatus::kCompleted, "completed"},
     {ImportStatus::kRejected, "rejected"},
     {ImportStatus::kFailed, "failed"},
     {ImportStatus::kCancelled, "cancelled"}}};

ImportStatus StatusNamed(const std::string& name) {
  for (const auto& [status, text] : kStatuses) {
    if (name == text) return status;
  }
  return ImportStatus::kFailed;
}

json::object MappingJson(const ColumnMapping& mapping) {
  json::object object;
  for (const auto& [field, header] : mapping) object[field] = header;
  return object;
}

// Reads a file from the start, as UTF-8 records, until `on_record` returns false.
core::Status ReadFile(const std::filesystem::path& path, core::TextEncoding encoding,
                      char delimiter, const core::CsvRecordHandler& on_record,
                      const std::function<void(std::int64_t)>& on_bytes = {}) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return core::Error::Unavailable("the uploaded file is gone");
  core::Utf8Transcoder transcoder(encoding);
  core::CsvReader reader(on_record, {.delimiter = delimiter});
  std::string chunk(kChunkBytes, '\0');
  std::string utf8;
  std::int64_t read = 0;
  while (!reader.stopped()) {
    file.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(file.gcount());
    if (got == 0) break;
    read += static_cast<std::int64_t>(got);
    utf8.clear();
    if (auto status = transcoder.Feed(std::string_view(chunk.data(), got), utf8); !status) {
      return status;
    }
    if (auto status = reader.Feed(utf8); !status) return status;
    if (on_bytes) on_bytes(read);
  }
  if (reader.stopped()) return core::Ok();
  utf8.clear();
  if (auto status = transcoder.Finish(utf8); !status) return status;
  if (auto status = reader.Feed(utf8); !status) return status;
  return reader.Finish();
}

core::Error NoSuchImport() { return core::Error::NotFound("no such import"); }

core::Error Forbidden(std::string message) {
  return {core::Errc::kForbidden, std::move(message), {}};
}

core::Status MayImport(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) {
    return core::Error::Invalid("imports belong to an organisation; act as one of its members");
  }
  if (!actor.HasRole(access::Role::kMember)) return Forbidden("viewers cannot import contacts");
  if (!actor.scopes().regions.empty()) {
    return Forbidden("an import holds contacts of every region; your region scopes leave some out");
  }
  return core::Ok();
}

// The stored import row, as read by Load.
constexpr const char* kSelectImports =
    "SELECT id, org_id, status, file_name, file_path, file_bytes, encoding, delimiter, header,"
    " mapping, on_duplicate, consent, list_id, bytes_read, rows_total, rows_imported,"
    " rows_updated, rows_skipped, rows_rejected, error, created_at, updated_at, finished_at"
    " FROM contact_imports WHERE ";

struct StoredImport {
  ContactImport import;
  std::string org_id;
  std::filesystem::path file_path;
  std::optional<ConsentInput> consent;
};

std::vector<std::string> StringArray(const std::string& text) {
  std::vector<std::string> items;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_array()) return items;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) items.emplace_back(item.as_string());
  }
  return items;
}

ColumnMapping ParseMapping(const std::string& text) {
  ColumnMapping mapping;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_object()) return mapping;
  for (const auto& [field, header] : value.as_object()) {
    if (header.is_string()) mapping[std::string(field)] = std::string(header.as_string());
  }
  return mapping;
}

json::object ConsentJson(const ConsentInput& consent) {
  json::array controllers;
  for (const auto& id : consent.controllers) controllers.emplace_back(id);
  return {{"purpose", consent.purpose},
          {"basis", BasisName(consent.basis)},
          {"text", consent.text},
          {"controllers", std::move(controllers)},
          {"given_at",
           consent.given_at ? json::value(consent.given_at->ToIso8601()) : json::value(nullptr)},
          {"form", consent.form},
          {"expires_at", consent.expires_at ? json::value(consent.expires_at->ToIso8601())
                                            : json::value(nullptr)}};
}

std::optional<ConsentInput> ParseConsent(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::system::error_code error;
  const json::value value = json::parse(*text, error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& object = value.as_object();
  const auto string = [&](const char* key) {
    const json::value* member = object.if_contains(key);
    return member != nullptr && member->is_string() ? std::string(member->as_string()) : "";
  };
  const auto time = [&](const char* key) -> std::optional<core::Timestamp> {
    const json::value* member = object.if_contains(key);
    if (member == nullptr || !member->is_string()) return std::nullopt;
    return core::Timestamp::ParseIso8601(member->as_string());
  };
  ConsentInput consent{.purpose = string("purpose"),
                       .basis = ParseBasis(string("basis")).value_or(Basis::kConsent),
                       .source = Source::kImport,
                       .text = string("text"),
                       .given_at = time("given_at"),
                       .form = string("form"),
                       .expires_at = time("expires_at")};
  if (const json::value* controllers = object.if_contains("controllers");
      controllers != nullptr && controllers->is_array()) {
    for (const auto& id : controllers->as_array()) {
      if (id.is_string()) consent.controllers.emplace_back(id.as_string());
    }
  }
  return consent;
}

StoredImport ImportFromRow(const soci::row& row) {
  StoredImport stored;
  ContactImport& import = stored.import;
  import.id = row.get<std::string>(0);
  stored.org_id = row.get<std::string>(1);
  import.status = StatusNamed(row.get<std::string>(2));
  import.file_name = row.get<std::string>(3);
  stored.file_path = row.get<std::string>(4);
  import.file_bytes = db::RowInteger(row, 5);
  import.encoding = row.get<std::string>(6);
  const auto delimiter = row.get<std::string>(7);
  import.delimiter = delimiter.empty() ? ',' : delimiter.front();
  import.header = StringArray(row.get<std::string>(8));
  import.mapping = ParseMapping(row.get<std::string>(9));
  import.on_duplicate =
      row.get<std::string>(10) == "skip" ? OnDuplicate::kSkip : OnDuplicate::kUpdate;
  stored.consent = ParseConsent(db::RowOptionalText(row, 11));
  import.list_id = db::RowOptionalText(row, 12);
  import.bytes_read = db::RowInteger(row, 13);
  import.rows_total = db::RowInteger(row, 14);
  import.rows_imported = db::RowInteger(row, 15);
  import.rows_updated = db::RowInteger(row, 16);
  import.rows_skipped = db::RowInteger(row, 17);
  import.rows_rejected = db::RowInteger(row, 18);
  import.error = db::RowOptionalText(row, 19);
  import.created_at = core::Timestamp(db::RowInteger(row, 20));
  import.updated_at = core::Timestamp(db::RowInteger(row, 21));
  if (row.get_indicator(22) != soci::i_null) {
    import.finished_at = core::Timestamp(db::RowInteger(row, 22));
  }
  return stored;
}

std::optional<StoredImport> Load(soci::session& sql, const std::string& id,
                                 const std::optional<std::string>& org_id) {
  std::optional<StoredImport> found;
  db::Parameters parameters;
  parameters.Text("id", id);
  std::string condition = "id = :id";
  if (org_id) {
    condition += " AND org_id = :org_id";
    parameters.Text("org_id", *org_id);
  }
  db::ForEachRow(sql, kSelectImports + condition, parameters,
                 [&](const soci::row& row) { found = ImportFromRow(row); });
  if (!found) return found;
  db::ForEachRow(sql,
                 "SELECT line, field, reason FROM contact_import_rejections WHERE import_id = :id"
                 " ORDER BY line",
                 db::Parameters().Text("id", id), [&](const soci::row& row) {
                   found->import.rejected.push_back(
                       {db::RowInteger(row, 0), row.get<std::string>(1), row.get<std::string>(2)});
                 });
  return found;
}

// An import of the organisation that waits for a start: uploaded, or rejected and kept.
// kNotFound for another's or none; kConflict naming its status for one that is queued, running or
// finished (`what`: what cannot happen to it).
core::Result<StoredImport> LoadWaiting(soci::session& sql, const std::string& id,
                                       const std::string& org_id, const char* what) {
  auto stored = Load(sql, id, org_id);
  if (!stored) return NoSuchImport();
  if (stored->import.status != ImportStatus::kUploaded &&
      stored->import.status != ImportStatus::kRejected) {
    return core::Error::Conflict(std::string("this import is ") +
                                 ImportStatusName(stored->import.status) +
                                 "; only an uploaded or rejected import can " + what);
  }
  return std::move(*stored);
}

// Sets the outcome columns of an import.
void SaveOutcome(soci::session& sql, const ContactImport& import) {
  db::Parameters parameters;
  parameters.Text("id", import.id)
      .Text("status", ImportStatusName(import.status))
      .Integer("bytes_read", import.bytes_read)
      .Integer("rows_total", import.rows_total)
      .Integer("rows_imported", import.rows_imported)
      .Integer("rows_updated", import.rows_updated)
      .Integer("rows_skipped", import.rows_skipped)
      .Integer("rows_rejected", import.rows_rejected)
      .Integer("updated_at", core::Timestamp::Now().micros());
  if (import.error) {
    parameters.Text("error", *import.error);
  } else {
    parameters.Null("error");
  }
  if (import.finished_at) {
    parameters.Integer("finished_at", import.finished_at->micros());
  } else {
    parameters.Null("finished_at");
  }
  db::Execute(sql,
              "UPDATE contact_imports SET status = :status, bytes_read = :bytes_read, rows_total ="
              " :rows_total, rows_imported = :rows_imported, rows_updated = :rows_updated,"
              " rows_skipped = :rows_skipped, rows_rejected = :rows_rejected, error = :error,"
              " updated_at = :updated_at, finished_at = :finished_at WHERE id = :id",
              parameters);
}

// The header and first rows of a file.
struct Head {
  core::CsvFormat format;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

core::Result<Head> ReadHead(const std::filesystem::path& path) {
  std::string bytes(core::kDetectionHeadSize, '\0');
  {
    std::ifstream file(path, std::ios::binary);
    if (!file) return core::Error::Unavailable("the uploaded file cannot be read");
    file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(file.gcount()));
  }
  Head head{.format = core::DetectCsvFormat(bytes), .header = {}, .rows = {}};
  auto read =
      ReadFile(path, head.format.encoding, head.format.delimiter, [&](core::CsvRecord& record) {
        if (head.header.empty()) {
          head.header = std::move(record.fields);
          return true;
        }
        head.rows.push_back(std::move(record.fields));
        return head.rows.size() < ContactImporter::kPreviewRows;
      });
  // A line the reader cannot read past the header is for the run to report with the others.
  if (!read && head.header.empty()) return read.error();
  if (head.header.empty()) {
    return core::Error::Invalid("the file is empty: it needs a header row and a row per contact",
                                {{"file", "is empty"}});
  }
  return head;
}

// Checks a mapping against a header; per-field problems keyed "mapping.FIELD".
std::vector<core::FieldError> CheckMapping(const ColumnMapping& mapping,
                                           const std::vector<std::string>& header) {
  std::vector<core::FieldError> problems;
  if (!mapping.contains("email")) {
    problems.push_back({"mapping.email", "choose the column that holds the email address"});
  }
  std::set<std::string> used;
  for (const auto& [field, column] : mapping) {
    if (!IsField(field)) {
      problems.push_back({"mapping." + field, "is not a contact field"});
    } else if (std::find(header.begin(), header.end(), column) == header.end()) {
      problems.push_back({"mapping." + field, "names a column the file does not have: " + column});
    } else if (!used.insert(column).second) {
      problems.push_back({"mapping." + field, "uses a column another field uses: " + column});
    }
  }
  return problems;
}

}  // namespace

const char* ImportStatusName(ImportStatus status) {
  for (const auto& [candidate, name] : kStatuses) {
    if (candidate == status) return name;
  }
  return "failed";
}

ColumnMapping SuggestMapping(const std::vector<std::string>& header) {
  ColumnMapping mapping;
  for (const auto& column : header) {
    const std::string simple = Simplified(column);
    for (const auto& [field, names] : KnownFields()) {
      if (mapping.contains(field)) continue;
      if (simple == field || std::find(names.begin(), names.end(), simple) != names.end()) {
        mapping[field] = column;
        break;
      }
    }
  }
  return mapping;
}

ContactImporter::ContactImporter(db::Database& database, ContactService& contacts,
                                 jobs::JobStore& jobs, std::filesystem::path spool_dir,
                                 std::function<void()> wake_jobs)
    : database_(database),
      contacts_(contacts),
      jobs_(jobs),
      spool_dir_(std::move(spool_dir)),
      wake_jobs_(std::move(wake_jobs)) {}

void ContactImporter::SetProgress(const std::string& id, const Progress& progress) {
  std::lock_guard lock(progress_mutex_);
  progress_[id] = progress;
}

std::optional<ContactImporter::Progress> ContactImporter::ProgressOf(const std::string& id) {
  std::lock_guard lock(progress_mutex_);
  const auto found = progress_.find(id);
  if (found == progress_.end()) return std::nullopt;
  return found->second;
}

core::Result<ContactImport> ContactImporter::Upload(const access::Actor& actor,
                                                    const std::filesystem::path& uploaded,
                                                    std::string file_name,
                                                    const std::optional<ImportSettings>& settings) {
  if (auto allowed = MayImport(actor); !allowed) return allowed.error();
  const std::string id = core::Uuid::NewV7().ToString();
  const std::filesystem::path folder = spool_dir_ / "imports";
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  const std::filesystem::path kept = folder / (id + ".csv");
  std::filesystem::rename(uploaded, kept, error);
  if (error)
    return core::Error::Unavailable("the uploaded file cannot be kept: " + error.message());
  auto head = ReadHead(kept);
  if (!head) {
    std::filesystem::remove(kept, error);
    return head.error();
  }
  file_name = core::Trim(file_name).substr(0, 200);
  const core::Timestamp now = core::Timestamp::Now();
  json::array header;
  for (const auto& column : head->header) header.emplace_back(column);
  const ColumnMapping suggested = SuggestMapping(head->header);
  auto stored = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    db::Execute(
        sql,
        "INSERT INTO contact_imports (id, org_id, created_by, status, file_name, file_path,"
        " file_bytes, encoding, delimiter, header, mapping, on_duplicate, bytes_read,"
        " rows_total, rows_imported, rows_updated, rows_skipped, rows_rejected, created_at,"
        " updated_at) VALUES (:id, :org_id, :created_by, 'uploaded', :file_name,"
        " :file_path, :file_bytes, :encoding, :delimiter, :header, :mapping, 'update', 0,"
        " 0, 0, 0, 0, 0, :created_at, :updated_at)",
        db::Parameters()
            .Text("id", id)
            .Text("org_id", actor.org_id())
            .Text("created_by", actor.user_id())
            .Text("file_name", file_name.empty() ? "contacts.csv" : file_name)
            .Text("file_path", kept.string())
            .Integer("file_bytes", static_cast<std::int64_t>(std::filesystem::file_size(kept)))
            .Text("encoding", core::TextEncodingName(head->format.encoding))
            .Text("delimiter", std::string(1, head->format.delimiter))
            .Text("header", json::serialize(header))
            .Text("mapping", json::serialize(MappingJson(suggested)))
            .Integer("created_at", now.micros())
            .Integer("updated_at", now.micros()));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "contact_import.uploaded",
                        .target_type = "contact_import",
                        .target_id = id,
                        .detail = {{"bytes", std::filesystem::file_size(kept)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!stored) {
    std::filesystem::remove(kept, error);
    return stored.error();
  }
  if (settings) return Start(actor, id, *settings);
  return Get(actor, id);
}

core::Result<ContactImport> ContactImporter::Start(const access::Actor& actor,
                                                   const std::string& id,
                                                   const ImportSettings& settings) {
  if (auto allowed = MayImport(actor); !allowed) return allowed.error();
  std::optional<ConsentInput> consent = settings.consent;
  if (consent) {
    consent->source = Source::kImport;
    auto problems = CheckConsent(*consent, core::Timestamp::Now());
    if (!problems.empty()) {
      for (auto& problem : problems) problem.field = "consent." + problem.field;
      return core::Error::Invalid("check the consent recorded with the import", problems);
    }
    if (consent->controllers.empty()) consent->controllers.push_back(actor.org_id());
  }
  auto queued = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = LoadWaiting(sql, id, actor.org_id(), "start");
    if (!stored) return stored.error();
    auto problems = CheckMapping(settings.mapping, stored->import.header);
    if (settings.list_id) {
      auto lists = store::LoadLists(sql, actor, settings.list_id);
      if (lists.empty() || lists.front().kind != ListKind::kList) {
        problems.push_back({"list_id", "must be one of your lists"});
      }
    }
    if (!problems.empty()) return core::Error::Invalid("check the column mapping", problems);
    db::Parameters parameters;
    parameters.Text("id", id)
        .Text("mapping", json::serialize(MappingJson(settings.mapping)))
        .Text("on_duplicate", settings.on_duplicate == OnDuplicate::kSkip ? "skip" : "update")
        .Integer("updated_at", core::Timestamp::Now().micros());
    if (consent) {
      parameters.Text("consent", json::serialize(ConsentJson(*consent)));
    } else {
      parameters.Null("consent");
    }
    if (settings.list_id) {
      parameters.Text("list_id", *settings.list_id);
    } else {
      parameters.Null("list_id");
    }
    db::Execute(sql,
                "UPDATE contact_imports SET status = 'queued', mapping = :mapping, on_duplicate ="
                " :on_duplicate, consent = :consent, list_id = :list_id, bytes_read = 0,"
                " rows_total = 0, rows_imported = 0, rows_updated = 0, rows_skipped = 0,"
                " rows_rejected = 0, error = NULL, finished_at = NULL, updated_at = :updated_at"
                " WHERE id = :id",
                parameters);
    db::Execute(sql, "DELETE FROM contact_import_rejections WHERE import_id = :id",
                db::Parameters().Text("id", id));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "contact_import.started",
                        .target_type = "contact_import",
                        .target_id = id,
                        .detail = {{"mapping", MappingJson(settings.mapping)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!queued) return queued.error();
  auto job = jobs_.Enqueue(access::Actor::System(),
                           {.kind = "contacts.import",
                            .payload = json::serialize(json::object{{"import_id", id}}),
                            .org_id = actor.org_id(),
                            .run_at = std::nullopt,
                            .max_attempts = 3,
                            .idempotency_key = std::nullopt});
  if (!job) return job.error();
  if (wake_jobs_) wake_jobs_();
  return Get(actor, id);
}

core::Result<ContactImport> ContactImporter::Get(const access::Actor& actor,
                                                 const std::string& id) {
  // An import holds rows of every region: region-scoped members do not see it.
  if (actor.is_system() || actor.org_id().empty() || !actor.scopes().regions.empty()) {
    return NoSuchImport();
  }
  auto stored = db::WithSession(database_, [&](soci::session& sql) -> core::Result<StoredImport> {
    auto found = Load(sql, id, actor.org_id());
    if (!found) return NoSuchImport();
    return std::move(*found);
  });
  if (!stored) return stored.error();
  ContactImport import = std::move(stored->import);
  if (import.status == ImportStatus::kRunning) {
    if (auto progress = ProgressOf(id)) {
      import.bytes_read = progress->bytes_read;
      import.rows_total = progress->rows_total;
    }
  }
  if (import.status == ImportStatus::kUploaded || import.status == ImportStatus::kRejected) {
    if (auto head = ReadHead(stored->file_path)) import.preview = std::move(head->rows);
  }
  return import;
}

core::Result<std::vector<ContactImport>> ContactImporter::List(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) return std::vector<ContactImport>{};
  if (!actor.scopes().regions.empty()) {
    return Forbidden("imports hold contacts of every region; your region scopes leave some out");
  }
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<ContactImport>> {
        std::vector<ContactImport> imports;
        db::ForEachRow(
            sql, std::string(kSelectImports) + "org_id = :org_id ORDER BY created_at DESC LIMIT 50",
            db::Parameters().Text("org_id", actor.org_id()),
            [&](const soci::row& row) { imports.push_back(ImportFromRow(row).import); });
        return imports;
      });
}

core::Status ContactImporter::Cancel(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayImport(actor); !allowed) return allowed;
  std::filesystem::path file;
  auto cancelled = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    auto stored = LoadWaiting(sql, id, actor.org_id(), "be cancelled");
    if (!stored) return stored.error();
    file = stored->file_path;
    ContactImport import = stored->import;
    import.status = ImportStatus::kCancelled;
    import.finished_at = core::Timestamp::Now();
    SaveOutcome(sql, import);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "contact_import.cancelled",
                        .target_type = "contact_import",
                        .target_id = id,
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!cancelled) return cancelled;
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  return core::Ok();
}

namespace {

// One checked row, waiting to be written with its batch.
struct PendingRow {
  std::int64_t line = 0;
  ContactFields fields;
};

using AddressHasher = std::function<std::string(const std::string&)>;

// Batches of checked rows, handed from the thread that reads and checks the file to the one that
// writes them; at most a few wait at a time, so memory stays flat whichever side is slower.
class BatchQueue {
 public:
  // Waits for room; false when the writer gave up (the reader should stop).
  bool Push(std::vector<PendingRow> batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return abandoned_ || batches_.size() < kCapacity; });
    if (abandoned_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // The next batch; nullopt once the reader closed the queue and every batch was taken.
  std::optional<std::vector<PendingRow>> Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return std::nullopt;
    std::vector<PendingRow> batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return batch;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  void Abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    batches_.clear();
    changed_.notify_all();
  }

 private:
  static constexpr std::size_t kCapacity = 4;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<PendingRow>> batches_;
  bool closed_ = false;
  bool abandoned_ = false;
};

// Writes the valid rows of one import inside its transaction: looks the batch's addresses up,
// inserts the new contacts in bulk, updates or skips the others, and records consents and list
// memberships.
class BatchWriter {
 public:
  BatchWriter(soci::session& sql, const StoredImport& stored, ContactImport& import,
              const std::string& created_by, AddressHasher hash)
      : sql_(sql),
        stored_(stored),
        import_(import),
        created_by_(created_by),
        hash_(std::move(hash)),
        contacts_(sql, "contacts",
                  {"id", "org_id", "email", "email_hash", "first_name", "last_name", "company",
                   "title", "phone", "country", "region", "attributes", "search_text", "source",
                   "import_id", "created_at", "updated_at"}),
        consents_(sql, "consents",
                  {"id", "org_id", "contact_id", "subject_hash", "purpose", "action", "basis",
                   "source", "text_id", "controllers", "given_at", "evidence_ip", "evidence_form",
                   "expires_at", "recorded_by", "recorded_at"}),
        members_(sql, "contact_list_members", {"list_id", "contact_id", "org_id", "added_at"}) {}

  void Prepare(core::Timestamp now) {
    now_ = now;
    db::ForEachRow(sql_, "SELECT 1 FROM contacts WHERE org_id = :org_id LIMIT 1",
                   db::Parameters().Text("org_id", stored_.org_id),
                   [&](const soci::row&) { had_contacts_ = true; });
    if (had_contacts_) {
      // One statement, prepared once, for every row's look-up.
      lookup_ = std::make_unique<soci::statement>(
          (sql_.prepare << "SELECT id FROM contacts WHERE org_id = :org_id AND email = :email",
           soci::use(stored_.org_id, "org_id"), soci::use(lookup_email_, "email"),
           soci::into(lookup_id_, lookup_null_)));
    }
    if (stored_.consent && !stored_.consent->text.empty()) {
      text_id_ = store::ConsentTextId(sql_, stored_.org_id, stored_.consent->purpose,
                                      stored_.consent->text, now);
    }
    if (stored_.consent) {
      json::array controllers;
      for (const auto& id : stored_.consent->controllers) controllers.emplace_back(id);
      controllers_json_ = json::serialize(controllers);
    }
  }

  void Write(std::vector<PendingRow>& rows) {
    if (rows.empty()) return;
    // The addresses of this batch that are contacts already. An organisation that had none when
    // the import began has none among them: the file's own duplicates were rejected.
    std::unordered_map<std::string, std::string> existing;
    if (had_contacts_) {
      for (const PendingRow& row : rows) {
        lookup_email_ = row.fields.email;
        lookup_->execute(true);
        if (lookup_->got_data() && lookup_null_ == soci::i_ok) {
          existing.emplace(row.fields.email, lookup_id_);
        }
      }
    }
    // The keyed hash, the id and the column values are worked out here rather than on the
    // thread that checks rows: phone numbers keep that one the busier of the two.
    for (PendingRow& row : rows) {
      const std::string email_hash = hash_(row.fields.email);
      const auto found = existing.find(row.fields.email);
      const bool stored_before = found != existing.end();
      std::string id;
      if (stored_before) {
        if (stored_.import.on_duplicate == OnDuplicate::kSkip) {
          ++import_.rows_skipped;
          continue;
        }
        id = found->second;
        Contact contact{.id = id, .fields = std::move(row.fields), .updated_at = now_};
        store::UpdateContact(sql_, {.contact = std::move(contact), .email_hash = email_hash});
        ++import_.rows_updated;
      } else {
        id = core::Uuid::NewV7().ToString();
        contacts_.Add(store::ContactRow(stored_.org_id, id, row.fields, email_hash, Source::kImport,
                                        stored_.import.id, now_));
        ++import_.rows_imported;
      }
      if (stored_.consent) {
        const ConsentInput& consent = *stored_.consent;
        consents_.Add(
            {core::Uuid::NewV7().ToString(), stored_.org_id, id, email_hash, consent.purpose,
             "granted", BasisName(consent.basis), "import", text_id_, controllers_json_,
             std::to_string(consent.given_at.value_or(now_).micros()), "", consent.form,
             consent.expires_at
                 ? std::optional<std::string>(std::to_string(consent.expires_at->micros()))
                 : std::nullopt,
             created_by_, std::to_string(now_.micros())});
      }
      if (stored_.import.list_id) {
        // A contact already stored may be on the list already: add it only where it is not.
        if (stored_before) {
          store::AddMembers(sql_, stored_.org_id, *stored_.import.list_id, {id}, now_);
        } else {
          members_.Add(
              {*stored_.import.list_id, id, stored_.org_id, std::to_string(now_.micros())});
        }
      }
    }
    rows.clear();
  }

  void Finish() {
    contacts_.Flush();
    consents_.Flush();
    members_.Flush();
  }

 private:
  soci::session& sql_;
  const StoredImport& stored_;
  ContactImport& import_;
  const std::string& created_by_;
  AddressHasher hash_;
  db::BulkInsert contacts_;
  db::BulkInsert consents_;
  db::BulkInsert members_;
  core::Timestamp now_;
  bool had_contacts_ = false;
  std::unique_ptr<soci::statement> lookup_;
  std::string lookup_email_;
  std::string lookup_id_;
  soci::indicator lookup_null_ = soci::i_null;
  std::optional<std::string> text_id_;
  std::string controllers_json_;
};

// Reads the file and checks every row, on its own thread: the costly part of an import (phone
// numbers above all). Rows go to `queue` in batches until the first rejected row; from
// then on rows are only checked, so that the report names every problem.
core::Status ReadAndCheck(StoredImport& stored, core::TextEncoding encoding, BatchQueue& queue,
                          std::atomic<bool>& any_rejected,
                          const std::function<void(std::int64_t, std::int64_t)>& progress) {
  ContactImport& import = stored.import;
  std::vector<std::pair<std::string, std::size_t>> columns;  // Field, and the column it reads.
  std::unordered_map<std::string, std::int64_t> seen;        // Address -> the line it was first on.
  std::vector<PendingRow> batch;
  batch.reserve(kBatchRows);
  const auto reject = [&](std::int64_t line, std::string field, std::string reason) {
    ++import.rows_rejected;
    any_rejected = true;
    if (import.rejected.size() < ContactImporter::kMaxKeptRejections) {
      import.rejected.push_back({line, std::move(field), std::move(reason)});
    }
  };
  std::optional<core::Error> fatal;
  bool header_seen = false;
  bool writer_gone = false;
  auto read = ReadFile(
      stored.file_path, encoding, import.delimiter,
      [&](core::CsvRecord& record) {
        if (!header_seen) {
          header_seen = true;
          for (const auto& [field, column] : import.mapping) {
            const auto at = std::find(record.fields.begin(), record.fields.end(), column);
            if (at == record.fields.end()) {
              fatal = core::Error::Invalid("the file has no column " + column);
              return false;
            }
            columns.emplace_back(field, static_cast<std::size_t>(at - record.fields.begin()));
          }
          return true;
        }
        ++import.rows_total;
        const auto line = static_cast<std::int64_t>(record.line);
        if (import.rows_total % kProgressEveryRows == 0) {
          progress(import.bytes_read, import.rows_total);
        }
        if (record.fields.size() != import.header.size()) {
          reject(line, "",
                 "has " + std::to_string(record.fields.size()) + " columns; the header has " +
                     std::to_string(import.header.size()));
          return true;
        }
        PendingRow row{.line = line, .fields = {}};
        for (const auto& [field, index] : columns) {
          std::string& value = record.fields[index];
          if (field == "email")
            row.fields.email = std::move(value);
          else if (field == "first_name")
            row.fields.first_name = std::move(value);
          else if (field == "last_name")
            row.fields.last_name = std::move(value);
          else if (field == "company")
            row.fields.company = std::move(value);
          else if (field == "title")
            row.fields.title = std::move(value);
          else if (field == "phone")
            row.fields.phone = std::move(value);
          else if (field == "country")
            row.fields.country = std::move(value);
          else if (field == "region")
            row.fields.region = std::move(value);
          else if (!core::Trim(value).empty())
            row.fields.attributes[field.substr(11)] = std::move(value);
        }
        const auto problems = NormaliseContact(row.fields);
        if (!problems.empty()) {
          for (const auto& problem : problems) {
            const auto mapped = import.mapping.find(problem.field);
            reject(line, problem.field,
                   (mapped != import.mapping.end() ? mapped->second : problem.field) + " " +
                       problem.message);
          }
          return true;
        }
        const auto [first, inserted] = seen.emplace(row.fields.email, line);
        if (!inserted) {
          reject(line, "email", "is the same address as line " + std::to_string(first->second));
          return true;
        }
        if (import.rows_rejected > 0) return true;  // Nothing will be stored: only check.
        batch.push_back(std::move(row));
        if (batch.size() >= kBatchRows) {
          if (!queue.Push(std::move(batch))) {
            writer_gone = true;
            return false;
          }
          batch = {};
          batch.reserve(kBatchRows);
        }
        return true;
      },
      [&](std::int64_t bytes) {
        import.bytes_read = bytes;
        progress(bytes, import.rows_total);
      });
  if (fatal) return *fatal;
  if (writer_gone) return core::Ok();
  if (!read) {
    // A line the reader cannot read ends the import with that line in the report.
    const auto& error = read.error();
    const std::int64_t line = error.fields.empty() ? 0 : std::stoll(error.fields.front().field);
    reject(line, "", error.fields.empty() ? error.message : error.fields.front().message);
  }
  if (!batch.empty() && import.rows_rejected == 0) queue.Push(std::move(batch));
  return core::Ok();
}

}  // namespace

core::Status ContactImporter::Run(const std::string& id) {
  auto claimed = db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::optional<StoredImport>> {
        db::Transaction transaction(sql, database_.dialect());
        auto stored = Load(sql, id, std::nullopt);
        if (!stored || (stored->import.status != ImportStatus::kQueued &&
                        stored->import.status != ImportStatus::kRunning)) {
          return std::optional<StoredImport>();
        }
        stored->import.status = ImportStatus::kRunning;
        SaveOutcome(sql, stored->import);
        transaction.Commit();
        return stored;
      });
  if (!claimed) return claimed.error();
  if (!*claimed) return core::Ok();
  StoredImport stored = std::move(**claimed);
  ContactImport& import = stored.import;
  import.rejected.clear();
  const auto encoding = EncodingNamed(import.encoding).value_or(core::TextEncoding::kUtf8);
  std::string created_by;
  auto looked_up = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::ForEachRow(sql, "SELECT created_by FROM contact_imports WHERE id = :id",
                   db::Parameters().Text("id", id),
                   [&](const soci::row& row) { created_by = row.get<std::string>(0); });
    return core::Ok();
  });
  if (!looked_up) return looked_up.error();

  // One thread reads and checks the file while this one hashes the addresses, folds the search
  // text and writes what was checked, batch by batch, in one transaction.
  BatchQueue queue;
  std::atomic<bool> any_rejected = false;
  std::optional<core::Error> reading_failed;
  std::exception_ptr reading_threw;
  const core::Timestamp now = core::Timestamp::Now();
  const AddressHasher hash = [&](const std::string& email) {
    return contacts_.AddressHash(stored.org_id, email);
  };
  std::thread reader([&] {
    try {
      auto checked = ReadAndCheck(stored, encoding, queue, any_rejected,
                                  [&](std::int64_t bytes, std::int64_t rows) {
                                    SetProgress(id, {bytes, rows});
                                  });
      if (!checked) reading_failed = checked.error();
    } catch (...) {
      reading_threw = std::current_exception();
    }
    queue.Close();
  });

  auto outcome = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    std::optional<db::Transaction> transaction;
    std::optional<BatchWriter> writer;
    try {
      while (auto batch = queue.Pop()) {
        if (any_rejected) continue;  // Nothing will be stored: let the reader finish checking.
        if (!transaction) {
          transaction.emplace(sql, database_.dialect());
          writer.emplace(sql, stored, import, created_by, hash);
          writer->Prepare(now);
        }
        writer->Write(*batch);
      }
    } catch (...) {
      queue.Abandon();
      reader.join();
      throw;
    }
    reader.join();
    if (reading_threw) std::rethrow_exception(reading_threw);
    if (reading_failed) return *reading_failed;
    if (import.rows_rejected > 0 || import.rows_total == 0) {
      // The transaction, if any, rolls back: none of the rows written so far stays.
      import.rows_imported = import.rows_updated = import.rows_skipped = 0;
      return core::Ok();
    }
    if (!transaction) {
      transaction.emplace(sql, database_.dialect());
      writer.emplace(sql, stored, import, created_by, hash);
      writer->Prepare(now);
    }
    writer->Finish();
    audit::Record(sql, {.org_id = stored.org_id,
                        .actor_user_id = created_by,
                        .action = "contact_import.completed",
                        .target_type = "contact_import",
                        .target_id = id,
                        .detail = {{"created", import.rows_imported},
                                   {"updated", import.rows_updated},
                                   {"skipped", import.rows_skipped}}});
    import.status = ImportStatus::kCompleted;
    import.finished_at = core::Timestamp::Now();
    SaveOutcome(sql, import);
    transaction->Commit();
    return core::Ok();
  });
  if (reader.joinable()) {
    // The database could not be reached: stop the reader before answering.
    queue.Abandon();
    reader.join();
  }

  {
    std::lock_guard lock(progress_mutex_);
    progress_.erase(id);
  }
  if (import.status == ImportStatus::kCompleted) {
    std::error_code ignored;
    std::filesystem::remove(stored.file_path, ignored);
    return core::Ok();
  }
  // Rejected rows, an empty file or a failure: record the outcome; nothing else was stored.
  import.finished_at = core::Timestamp::Now();
  if (!outcome) {
    import.status = ImportStatus::kFailed;
    import.error = outcome.error().message;
    log::Warn("contact import failed", {{"import_id", id}, {"error", outcome.error().message}});
  } else if (import.rows_total == 0 && import.rows_rejected == 0) {
    import.status = ImportStatus::kRejected;
    import.error = "the file has a header but no rows";
  } else {
    import.status = ImportStatus::kRejected;
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    SaveOutcome(sql, import);
    db::BulkInsert rejections(sql, "contact_import_rejections",
                              {"import_id", "org_id", "line", "field", "reason"});
    for (const auto& rejection : import.rejected) {
      rejections.Add(
          {id, stored.org_id, std::to_string(rejection.line), rejection.field, rejection.reason});
    }
    rejections.Flush();
    transaction.Commit();
    return core::Ok();
  });
}

}  // namespace strata::contacts
