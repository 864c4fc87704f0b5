#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "contacts/contacts.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace strata::jobs {
class JobStore;
}

namespace strata::contacts {

enum class ImportStatus {
  kUploaded,
  kQueued,
  kRunning,
  kCompleted,
  kRejected,
  kFailed,
  kCancelled
};
const char* ImportStatusName(ImportStatus status);

// Which header each contact field is read from: "email", "first_name", …, or
// "attributes.NAME" for a custom attribute.
using ColumnMapping = std::map<std::string, std::string>;

// What a row whose address is a contact already does.
enum class OnDuplicate { kUpdate, kSkip };

struct ImportSettings {
  ColumnMapping mapping{};
  OnDuplicate on_duplicate = OnDuplicate::kUpdate;
  // Recorded for every contact the import creates or updates, with source "import".
  std::optional<ConsentInput> consent{};
  // A list every imported contact joins.
  std::optional<std::string> list_id{};
};

struct ImportRejection {
  std::int64_t line = 0;
  std::string field{};  // The contact field, or "" for the row as a whole.
  std::string reason{};
};

struct ContactImport {
  std::string id{};
  ImportStatus status = ImportStatus::kUploaded;
  std::string file_name{};
  std::int64_t file_bytes = 0;
  std::int64_t bytes_read = 0;
  std::string encoding{};
  char delimiter = ',';
  std::vector<std::string> header{};
  // The first rows under the header, while the file is kept.
  std::vector<std::vector<std::string>> preview{};
  ColumnMapping mapping{};  // As chosen; before that, as suggested from the header.
  OnDuplicate on_duplicate = OnDuplicate::kUpdate;
  std::optional<std::string> list_id{};
  std::int64_t rows_total = 0;
  std::int64_t rows_imported = 0;  // Created.
  std::int64_t rows_updated = 0;
  std::int64_t rows_skipped = 0;
  std::int64_t rows_rejected = 0;
  std::vector<ImportRejection> rejected{};  // The first kMaxKeptRejections.
  std::optional<std::string> error{};
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
  std::optional<core::Timestamp> finished_at{};
};

// The mapping a header suggests: each column whose name reads as a field ("E-Mail", "First
// name", "Firma", "Country code") is mapped to it; other columns are left out.
ColumnMapping SuggestMapping(const std::vector<std::string>& header);

// Imports a CSV file of contacts into an organisation's marketing database, all rows or none.
// The file is uploaded first and kept in the spool folder; its encoding (UTF-8 with or without a
// byte-order mark, UTF-16, Windows-1252), delimiter, header and first rows are read at once, so
// that a person can map the columns with a preview. Started with a mapping, a job reads the whole
// file as a stream (constant memory but for the addresses seen, to find duplicates): every row is
// checked as a contact added by hand is, and an address seen earlier in the file rejects the row.
// When any row is rejected nothing is stored, the report names every rejected row with its line
// and reason, and the import can be started again with another mapping; otherwise every row is
// stored in one transaction. Only the organisation's members see its imports; starting one needs
// the member role. An import holds rows of every region, so region-scoped members neither see nor
// start one.
class ContactImporter {
 public:
  ContactImporter(db::Database& database, ContactService& contacts, jobs::JobStore& jobs,
                  std::filesystem::path spool_dir, std::function<void()> wake_jobs);

  // Takes over the uploaded file (moved into the spool folder). kInvalidArgument when it is not
  // a CSV file with a header row. With settings, the import starts at once.
  core::Result<ContactImport> Upload(const access::Actor& actor,
                                     const std::filesystem::path& uploaded, std::string file_name,
                                     const std::optional<ImportSettings>& settings);
  // Queues an uploaded (or rejected) import with this mapping. kInvalidArgument naming the field
  // for a mapping that names no email column, an unknown field or a header the file lacks.
  core::Result<ContactImport> Start(const access::Actor& actor, const std::string& id,
                                    const ImportSettings& settings);
  core::Result<ContactImport> Get(const access::Actor& actor, const std::string& id);
  // Newest first, the last 50.
  core::Result<std::vector<ContactImport>> List(const access::Actor& actor);
  // Cancels an import that has not run (or was rejected) and deletes its file.
  core::Status Cancel(const access::Actor& actor, const std::string& id);

  // The job's work, as the system: runs a queued import to its end. Idempotent: an import that
  // is not queued or running is left alone, and a run that died left nothing stored.
  core::Status Run(const std::string& id);

  static constexpr std::size_t kMaxKeptRejections = 1000;
  static constexpr std::size_t kPreviewRows = 5;

 private:
  struct Progress {
    std::int64_t bytes_read = 0;
    std::int64_t rows_total = 0;
  };
  void SetProgress(const std::string& id, const Progress& progress);
  std::optional<Progress> ProgressOf(const std::string& id);

  db::Database& database_;
  ContactService& contacts_;
  jobs::JobStore& jobs_;
  std::filesystem::path spool_dir_;
  std::function<void()> wake_jobs_;
  std::mutex progress_mutex_;
  std::map<std::string, Progress> progress_;
};

}  // namespace strata::contacts
