// Importing leads from a CSV file: read whole (lead files are thousands of rows, not millions),
// every row checked as a lead added by hand is, all stored or none.
#include <algorithm>
#include <charconv>
#include <map>

#include "audit/audit.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/text.h"
#include "core/text_encoding.h"
#include "leads/lead_rules.h"
#include "leads/lead_store.h"
#include "leads/leads.h"
#include "matching/matching.h"

namespace strata::leads {
namespace {

constexpr std::size_t kPreviewRows = 5;

// The fields a column can fill, with the headers that name them ("E-Mail" reads as "email").
const std::vector<std::pair<std::string, std::vector<std::string>>>& KnownFields() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> fields = {
      {"company",
       {"company", "companyname", "account", "accountname", "organisation", "organization",
        "customer", "firma", "unternehmen", "societe", "entreprise", "empresa"}},
      {"contact.name",
       {"contact", "contactname", "name", "fullname", "person", "ansprechpartner", "nom"}},
      {"contact.email", {"email", "emailaddress", "mail", "contactemail"}},
      {"contact.phone",
       {"phone", "phonenumber", "telephone", "tel", "telefon", "mobile", "contactphone"}},
      {"country", {"country", "countrycode", "land", "pays", "pais"}},
      {"region", {"region", "state", "province", "territory", "bundesland"}},
      {"product", {"product", "interest", "produkt", "solution"}},
      {"notes", {"notes", "note", "comments", "comment", "description", "bemerkung"}}};
  return fields;
}

// A header as compared: lower-case letters and digits only.
std::string Simplified(const std::string& header) {
  std::string simple;
  for (char c : core::Trim(header)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      simple += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return simple;
}

ImportMapping SuggestMapping(const std::vector<std::string>& header) {
  ImportMapping mapping;
  for (const auto& column : header) {
    const std::string simple = Simplified(column);
    for (const auto& [field, names] : KnownFields()) {
      if (mapping.contains(field)) continue;
      if (std::find(names.begin(), names.end(), simple) != names.end()) {
        mapping[field] = column;
        break;
      }
    }
  }
  return mapping;
}

const char* EncodingName(core::TextEncoding encoding) {
  switch (encoding) {
    case core::TextEncoding::kUtf8:
      return "utf-8";
    case core::TextEncoding::kUtf16Le:
      return "utf-16le";
    case core::TextEncoding::kUtf16Be:
      return "utf-16be";
    case core::TextEncoding::kWindows1252:
      return "windows-1252";
  }
  return "utf-8";
}

struct Decoded {
  core::CsvFormat format;
  std::vector<core::CsvRecord> records;
};

// The file's records in UTF-8, in the encoding and with the delimiter its first bytes show; a
// problem names the line it is on.
core::Result<Decoded> Decode(std::string_view file) {
  Decoded decoded;
  decoded.format = core::DetectCsvFormat(file.substr(0, std::size_t{64} * 1024));
  core::Utf8Transcoder transcoder(decoded.format.encoding);
  std::string utf8;
  if (auto status = transcoder.Feed(file, utf8); !status) return status.error();
  if (auto status = transcoder.Finish(utf8); !status) return status.error();
  auto records = core::ReadCsv(utf8, {.delimiter = decoded.format.delimiter});
  if (!records) return records.error();
  decoded.records = std::move(*records);
  return decoded;
}

std::size_t LineOf(const core::Error& error) {
  std::size_t line = 1;
  if (!error.fields.empty()) {
    const std::string& key = error.fields.front().field;
    std::from_chars(key.data(), key.data() + key.size(), line);
  }
  return line;
}

bool AllCellsEmpty(const core::CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& cell) { return core::Trim(cell).empty(); });
}

void Assign(LeadFields& fields, const std::string& field, std::string value) {
  if (field == "company") {
    fields.company = std::move(value);
  } else if (field == "contact.name") {
    fields.contact.name = std::move(value);
  } else if (field == "contact.email") {
    fields.contact.email = std::move(value);
  } else if (field == "contact.phone") {
    fields.contact.phone = std::move(value);
  } else if (field == "country") {
    fields.country = std::move(value);
  } else if (field == "region") {
    fields.region = std::move(value);
  } else if (field == "product") {
    fields.product = std::move(value);
  } else if (field == "notes") {
    fields.notes = std::move(value);
  }
}

}  // namespace

core::Result<ImportPreview> LeadService::PreviewImport(const access::Actor& actor,
                                                       std::string_view file) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  auto decoded = Decode(file);
  if (!decoded) {
    return core::Error::Invalid("the file cannot be read as CSV",
                                {{"file", "line " + std::to_string(LineOf(decoded.error())) + ": " +
                                              decoded.error().message}});
  }
  if (decoded->records.empty()) {
    return core::Error::Invalid("the file is empty", {{"file", "needs a header row"}});
  }
  ImportPreview preview{.header = decoded->records.front().fields,
                        .delimiter = decoded->format.delimiter,
                        .encoding = EncodingName(decoded->format.encoding)};
  for (std::size_t i = 1; i < decoded->records.size() && preview.rows.size() < kPreviewRows; ++i) {
    if (!AllCellsEmpty(decoded->records[i])) preview.rows.push_back(decoded->records[i].fields);
  }
  preview.mapping = SuggestMapping(preview.header);
  return preview;
}

core::Result<ImportOutcome> LeadService::Import(const access::Actor& actor, std::string_view file,
                                                const ImportMapping& mapping) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  ImportOutcome outcome;
  auto& rejected = outcome.rejected;
  auto decoded = Decode(file);
  if (!decoded) {
    rejected.push_back({LineOf(decoded.error()), "",
                        decoded.error().fields.empty() ? decoded.error().message
                                                       : decoded.error().fields.front().message});
    return outcome;
  }
  if (decoded->records.empty()) {
    rejected.push_back({1, "", "the file is empty: its first line must name the columns"});
    return outcome;
  }
  const std::vector<std::string>& header = decoded->records.front().fields;
  // The header's suggestion, with the fields chosen replacing it ("" leaves a field out).
  ImportMapping effective = SuggestMapping(header);
  for (const auto& [field, column] : mapping) {
    if (column.empty()) {
      effective.erase(field);
    } else {
      effective[field] = column;
    }
  }
  std::vector<core::FieldError> mapping_problems;
  std::vector<std::pair<std::string, std::size_t>> columns;  // Field, and its column.
  for (const auto& [field, column] : effective) {
    const std::string& name = field;
    const auto known = std::find_if(KnownFields().begin(), KnownFields().end(),
                                    [&](const auto& entry) { return entry.first == name; });
    if (known == KnownFields().end()) {
      mapping_problems.push_back({"map." + field, "is not a lead field"});
      continue;
    }
    const auto at = std::find(header.begin(), header.end(), column);
    if (at == header.end()) {
      mapping_problems.push_back({"map." + field, "names " + column + ", which the file lacks"});
      continue;
    }
    columns.emplace_back(field, static_cast<std::size_t>(at - header.begin()));
  }
  if (!effective.contains("company")) {
    mapping_problems.push_back({"map.company", "choose the column that holds the company"});
  }
  if (!mapping_problems.empty()) {
    return core::Error::Invalid("check the column mapping", std::move(mapping_problems));
  }

  struct Row {
    std::size_t line;
    LeadFields fields;
  };
  std::vector<Row> rows;
  for (std::size_t i = 1; i < decoded->records.size(); ++i) {
    const core::CsvRecord& record = decoded->records[i];
    if (AllCellsEmpty(record)) continue;  // Spreadsheets pad files with empty rows.
    if (rows.size() == kMaxImportRows) {
      rejected.assign(1,
                      {record.line, "", "the file has more than 50,000 rows: import it in parts"});
      return outcome;
    }
    if (record.fields.size() != header.size()) {
      rejected.push_back({record.line, "",
                          "has " + std::to_string(record.fields.size()) +
                              " cells where the header names " + std::to_string(header.size()) +
                              " columns"});
      continue;
    }
    Row row{record.line, {}};
    for (const auto& [field, index] : columns) Assign(row.fields, field, record.fields[index]);
    auto problems = CheckFields(row.fields);
    if (auto outside = CheckRegion(actor, row.fields)) problems.push_back(std::move(*outside));
    for (auto& problem : problems) {
      // The column's name, as the person sees it in the file.
      const auto column = effective.find(problem.field);
      const std::string name = column != effective.end() ? column->second : problem.field;
      rejected.push_back({row.line, problem.field, name + " " + problem.message});
    }
    if (problems.empty()) rows.push_back(std::move(row));
  }
  if (!rejected.empty()) return outcome;
  if (rows.empty()) {
    rejected.push_back({1, "", "the file has a header but no rows"});
    return outcome;
  }

  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ImportOutcome> {
    db::Transaction transaction(sql, database_.dialect());
    const core::Timestamp now = core::Timestamp::Now();
    const std::string owner_name = store::OrgNameOf(sql, actor.org_id());
    // Possible duplicates: rows sharing a key with an earlier row, or with a lead held already.
    std::map<std::string, std::size_t> first_line_of_key;
    for (const Row& row : rows) {
      const std::set<std::string> keys = LookupKeysOf(row.fields);
      const matching::Company company =
          matching::Describe(row.fields.company, "", row.fields.country);
      bool flagged = false;
      for (const auto& other_id : store::LeadsWithKeys(sql, actor.org_id(), keys, "", 5)) {
        auto other = store::LoadOne(sql, actor, other_id);
        if (!other) continue;
        const bool same_address = !row.fields.contact.email.empty() &&
                                  other->fields.contact.email == row.fields.contact.email;
        const auto similarity = matching::Compare(
            company, matching::Describe(other->fields.company, "", other->fields.country));
        if (!same_address && similarity.score < matching::kPossibleConflict) continue;
        outcome.duplicates.push_back(
            {.line = row.line,
             .lead_id = other->id,
             .reason = same_address ? "the same contact address as " + other->fields.company
                                    : "a company like " + other->fields.company});
        flagged = true;
        break;
      }
      for (const auto& key : IndexKeysOf(row.fields)) {
        const auto [earlier, first] = first_line_of_key.emplace(key, row.line);
        if (!first && !flagged && earlier->second != row.line) {
          outcome.duplicates.push_back(
              {.line = row.line,
               .same_as_line = earlier->second,
               .reason = "like the row on line " + std::to_string(earlier->second)});
          flagged = true;
        }
      }
    }
    // Then every row is stored, after the look-ups, so that no row is flagged against another
    // row's new lead.
    for (const Row& row : rows) {
      store::Stored lead{.id = core::Uuid::NewV7().ToString(),
                         .org_id = actor.org_id(),
                         .owner_name = owner_name,
                         .fields = row.fields,
                         .source = "import",
                         .created_at = now,
                         .updated_at = now};
      store::Insert(sql, lead, actor.user_id());
      store::ReplaceKeys(sql, lead.org_id, lead.id, IndexKeysOf(lead.fields));
      PublishChange(sql, lead, "lead.created");
      ++outcome.created;
    }
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "lead_import.completed",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {{"created", outcome.created},
                                   {"possible_duplicates", outcome.duplicates.size()}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return outcome;
  });
}

}  // namespace strata::leads
