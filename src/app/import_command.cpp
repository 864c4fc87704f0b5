#include "app/import_command.h"

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "app/app.h"
#include "contacts/contact_import.h"
#include "core/ids.h"
#include "db/migrations.h"
#include "identity/token_hash.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "network/network.h"

namespace strata::app {
namespace {

int Fail(int code, const std::string& message) {
  std::cerr << "strata: " << message << '\n';
  return code;
}

// The process's peak resident memory in MiB.
double PeakMemoryMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int ImportContacts(const core::Config& config, const ContactImportRequest& request) {
  namespace fs = std::filesystem;
  if (request.on_duplicate != "update" && request.on_duplicate != "skip") {
    return Fail(2, "--on-duplicate must be update or skip");
  }
  auto secret = ResolveSecretKey(config);
  if (!secret) return Fail(1, secret.error().message);
  auto database = db::Database::Open(config.EffectiveDatabaseUrl(), 2);
  if (!database) return Fail(1, database.error().message);
  auto state = db::ReadMigrationState(**database, db::BuiltinMigrations());
  if (!state || !state->up_to_date()) return Fail(1, "run strata migrate first");

  mail::FileOutbox outbox(config.data_dir + "/outbox", "Strata <no-reply@localhost>");
  network::NetworkService network(**database, outbox, config.public_url, *secret);
  const identity::TokenHasher hasher(*secret);
  contacts::ContactService contacts(**database, network, hasher);
  jobs::JobStore jobs(**database);
  const fs::path spool = fs::path(config.data_dir) / "spool";
  contacts::ContactImporter importer(**database, contacts, jobs, spool, {});

  // The importer takes its file over: hand it a copy.
  std::error_code error;
  fs::create_directories(spool, error);
  const fs::path copy = spool / ("cli-" + core::RandomHex(8) + ".csv");
  fs::copy_file(request.file, copy, error);
  if (error) return Fail(2, "cannot read " + request.file + ": " + error.message());

  const auto started = std::chrono::steady_clock::now();
  const auto actor = access::Actor::User("command-line", request.org_id, access::Role::kOwner, {});
  auto uploaded =
      importer.Upload(actor, copy, fs::path(request.file).filename().string(), std::nullopt);
  if (!uploaded) {
    fs::remove(copy, error);
    return Fail(1, uploaded.error().message);
  }
  contacts::ImportSettings settings{
      .mapping = request.mapping.empty() ? uploaded->mapping : request.mapping,
      .on_duplicate = request.on_duplicate == "skip" ? contacts::OnDuplicate::kSkip
                                                     : contacts::OnDuplicate::kUpdate};
  auto queued = importer.Start(actor, uploaded->id, settings);
  if (!queued) {
    std::cerr << "strata: " << queued.error().message << '\n';
    for (const auto& field : queued.error().fields) {
      std::cerr << "  " << field.field << ": " << field.message << '\n';
    }
    return 1;
  }
  if (auto ran = importer.Run(uploaded->id); !ran) return Fail(1, ran.error().message);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto done = importer.Get(actor, uploaded->id);
  if (!done) return Fail(1, done.error().message);

  std::cout << std::fixed << std::setprecision(2) << "import " << done->id << ": "
            << contacts::ImportStatusName(done->status) << "; " << done->rows_total << " rows ("
            << done->rows_imported << " created, " << done->rows_updated << " updated, "
            << done->rows_skipped << " skipped, " << done->rows_rejected << " rejected) in "
            << seconds << " s, " << std::setprecision(0)
            << static_cast<double>(done->rows_total) / seconds << " rows/s, peak memory "
            << PeakMemoryMib() << " MiB\n";
  for (const auto& rejection : done->rejected) {
    std::cout << "  line " << rejection.line << ": " << rejection.reason << '\n';
  }
  if (done->error) std::cout << "  " << *done->error << '\n';
  return done->status == contacts::ImportStatus::kCompleted ? 0 : 1;
}

}  // namespace strata::app
