#include "app/app.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/ops_routes.h"
#include "audit/audit_routes.h"
#include "brand/brand_routes.h"
#include "contacts/contact_import.h"
#include "contacts/contact_routes.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "db/migrations.h"
#include "deals/deal_routes.h"
#include "deals/direct_pipeline_routes.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "http/static_files.h"
#include "identity/auth.h"
#include "identity/identity_routes.h"
#include "identity/team_routes.h"
#include "identity/token_hash.h"
#include "integrations/webhook_routes.h"
#include "jobs/job_runner.h"
#include "leads/lead_jobs.h"
#include "leads/lead_routes.h"
#include "mail/mail.h"
#include "network/network_routes.h"
#include "notifications/notification_routes.h"

namespace strata::app {

#ifndef STRATA_VERSION
#define STRATA_VERSION "0.0.0"
#endif

const char* Version() { return STRATA_VERSION; }

struct App::Parts {
  core::Config config;
  core::Metrics metrics;
  std::unique_ptr<db::Database> database;
  http::Router router;
  std::unique_ptr<http::Pipeline> pipeline;
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<identity::IdentityService> identity;
  std::unique_ptr<identity::ApiTokens> api_tokens;
  std::unique_ptr<identity::Authenticator> auth;
  std::unique_ptr<mail::FileOutbox> outbox;
  std::unique_ptr<identity::TeamService> teams;
  std::unique_ptr<identity::PasswordResets> resets;
  std::unique_ptr<network::NetworkService> network;
  std::unique_ptr<audit::AuditLog> audit_log;
  std::unique_ptr<brand::BrandService> brands;
  std::unique_ptr<deals::DealService> deals;
  std::unique_ptr<deals::DirectPipeline> direct_pipeline;
  std::unique_ptr<notifications::NotificationService> notifications;
  std::unique_ptr<identity::TokenHasher> address_hasher;
  std::unique_ptr<contacts::ContactService> contacts;
  std::unique_ptr<contacts::ContactImporter> contact_importer;
  std::unique_ptr<leads::LeadService> leads;
  std::unique_ptr<integrations::WebhookService> webhooks;
  std::unique_ptr<jobs::JobStore> job_store;
  std::unique_ptr<jobs::JobRunner> job_runner;
  std::unique_ptr<http::Server> server;
};

namespace {

// Finished jobs are kept a week for inspection, then removed.
constexpr std::int64_t kKeepDoneJobsMicros = std::int64_t{7} * 24 * 3600 * core::kMicrosPerSecond;

void RegisterGauges(App::Parts& parts);

// Protection ends on time, and the partner hears two weeks before.
void RegisterDealJobs(App::Parts& parts) {
  constexpr int kReminderDays = 14;
  deals::DealService* service = parts.deals.get();
  parts.job_runner->Register("deals.expire", [service](const jobs::Job&) -> core::Status {
    const auto now = core::Timestamp::Now();
    auto reminded = service->RemindDue(access::Actor::System(), now, kReminderDays);
    if (!reminded) return reminded.error();
    auto expired = service->ExpireDue(access::Actor::System(), now);
    if (!expired) return expired.error();
    return core::Ok();
  });
  parts.job_runner->Every("deals.expire", std::chrono::minutes(10));
}

// Leads: offers whose answer is overdue lapse and are routed again; partners are reminded first.
void RegisterLeads(App::Parts& parts) {
  parts.leads = std::make_unique<leads::LeadService>(*parts.database, *parts.network, *parts.teams,
                                                     *parts.deals, parts.config.public_url);
  leads::RegisterLeadRoutes(parts.router, *parts.leads, *parts.auth);
  leads::RegisterLapseJob(*parts.job_runner, *parts.leads);
  mail::Mailer* outbox = parts.outbox.get();
  parts.job_runner->Register(leads::kMailJobKind, [outbox](const jobs::Job& job) -> core::Status {
    boost::system::error_code error;
    const json::value payload = json::parse(job.payload, error);
    if (error || !payload.is_object()) return core::Error::Invalid("a mail job without a message");
    const json::object& message = payload.as_object();
    const auto text = [&](const char* key) {
      const json::value* value = message.if_contains(key);
      return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
    };
    return outbox->Send({.to = text("to"), .subject = text("subject"), .text = text("text")});
  });
}

// Contact imports: uploads wait in the spool folder until the job reads them.
void RegisterContactImports(App::Parts& parts) {
  jobs::JobRunner* runner = parts.job_runner.get();
  parts.contact_importer = std::make_unique<contacts::ContactImporter>(
      *parts.database, *parts.contacts, *parts.job_store,
      std::filesystem::path(parts.config.data_dir) / "spool", [runner] { runner->Wake(); });
  contacts::RegisterContactImportRoutes(parts.router, *parts.contact_importer, *parts.auth);
  contacts::ContactImporter* importer = parts.contact_importer.get();
  parts.job_runner->Register("contacts.import", [importer](const jobs::Job& job) -> core::Status {
    boost::system::error_code error;
    const json::value payload = json::parse(job.payload, error);
    if (error || !payload.is_object() || !payload.as_object().contains("import_id")) {
      return core::Error::Invalid("a contacts.import job names no import");
    }
    return importer->Run(std::string(payload.at("import_id").as_string()));
  });
}

// Outbound webhooks: deliveries wait in the job queue, one job per attempt.
void RegisterWebhooks(App::Parts& parts, const std::string& secret) {
  jobs::JobRunner* runner = parts.job_runner.get();
  integrations::WebhookOptions options;
  options.private_targets = parts.config.allow_private_webhook_targets
                                ? integrations::PrivateTargets::kAllowed
                                : integrations::PrivateTargets::kRefused;
  options.wake = [runner] { runner->Wake(); };
  parts.webhooks =
      std::make_unique<integrations::WebhookService>(*parts.database, secret, std::move(options));
  integrations::RegisterWebhookRoutes(parts.router, *parts.webhooks, *parts.auth);
  integrations::WebhookService* webhooks = parts.webhooks.get();
  parts.job_runner->Register(integrations::kDeliverJobKind,
                             [webhooks](const jobs::Job& job) { return webhooks->RunJob(job); });
}

}  // namespace

core::Result<std::string> ResolveSecretKey(const core::Config& config) {
  if (!config.secret_key.empty()) return config.secret_key;
  namespace fs = std::filesystem;
  const fs::path path = fs::path(config.data_dir) / "secret.key";
  std::error_code error;
  if (fs::exists(path, error)) {
    std::ifstream input(path);
    std::string key;
    std::getline(input, key);
    if (key.size() < 32) return core::Error::Invalid(path.string() + " holds no usable key");
    return key;
  }
  fs::create_directories(config.data_dir, error);
  const std::string key = core::RandomHex(32);
  const mode_t previous = ::umask(077);
  {
    std::ofstream output(path);
    output << key << '\n';
  }
  ::umask(previous);
  if (!fs::exists(path)) return core::Error::Unavailable("cannot write " + path.string());
  return key;
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { Stop(); }

core::Result<std::unique_ptr<App>> App::Create(const core::Config& config, MigrateOnStart migrate) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  auto secret = ResolveSecretKey(config);
  if (!secret) return secret.error();

  auto database = db::Database::Open(config.EffectiveDatabaseUrl(),
                                     static_cast<std::size_t>(config.workers) + 2);
  if (!database) return database.error();
  parts->database = std::move(database.value());
  if (migrate == MigrateOnStart::kYes) {
    auto applied = db::Migrate(*parts->database, db::BuiltinMigrations());
    if (!applied) return applied.error();
  }

  auto static_files = http::StaticFiles::Load(config.web_dir);
  if (static_files) {
    parts->static_files = std::make_unique<http::StaticFiles>(std::move(static_files.value()));
  } else {
    log::Warn("portal not found; serving the API only", {{"web_dir", config.web_dir}});
    parts->static_files = std::make_unique<http::StaticFiles>(
        http::StaticFiles::Missing(static_files.error().message));
  }

  parts->job_store = std::make_unique<jobs::JobStore>(*parts->database);
  parts->job_runner = std::make_unique<jobs::JobRunner>(*parts->job_store, jobs::RunnerOptions{});
  jobs::JobStore* job_store = parts->job_store.get();
  parts->job_runner->Register("jobs.purge", [job_store](const jobs::Job&) -> core::Status {
    auto purged = job_store->PurgeDone(
        access::Actor::System(),
        core::Timestamp(core::Timestamp::Now().micros() - kKeepDoneJobsMicros));
    if (!purged) return purged.error();
    return core::Ok();
  });
  parts->job_runner->Every("jobs.purge", std::chrono::hours(1));

  const auto password_cost = config.password_cost == "minimal"
                                 ? identity::PasswordCost::kMinimal
                                 : identity::PasswordCost::kInteractive;
  parts->identity = std::make_unique<identity::IdentityService>(
      *parts->database, *secret, identity::SessionPolicy{}, password_cost);
  parts->api_tokens = std::make_unique<identity::ApiTokens>(*parts->database, *secret);
  parts->auth = std::make_unique<identity::Authenticator>(*parts->identity, *parts->api_tokens,
                                                          config.SecureCookies());

  RegisterOpsRoutes(parts->router, *parts->database, parts->metrics);
  identity::RegisterIdentityRoutes(parts->router, *parts->identity, *parts->auth);
  // Mail waits in the data folder's outbox until SMTP delivery exists.
  parts->outbox = std::make_unique<mail::FileOutbox>(config.data_dir + "/outbox",
                                                     "Strata <no-reply@localhost>");
  parts->teams = std::make_unique<identity::TeamService>(*parts->database, *parts->outbox,
                                                         config.public_url, *secret);
  identity::RegisterTeamRoutes(parts->router, *parts->teams, *parts->auth);
  parts->resets = std::make_unique<identity::PasswordResets>(
      *parts->database, *parts->outbox, config.public_url, *secret, password_cost);
  identity::RegisterPasswordResetRoutes(parts->router, *parts->resets);
  identity::RegisterApiTokenRoutes(parts->router, *parts->api_tokens, *parts->auth);
  parts->identity->AddRedeemer(*parts->teams);
  parts->network = std::make_unique<network::NetworkService>(*parts->database, *parts->outbox,
                                                             config.public_url, *secret);
  parts->identity->AddRedeemer(*parts->network);
  network::RegisterNetworkRoutes(parts->router, *parts->network, *parts->auth);
  parts->audit_log = std::make_unique<audit::AuditLog>(*parts->database);
  audit::RegisterAuditRoutes(parts->router, *parts->audit_log, *parts->auth);
  parts->brands = std::make_unique<brand::BrandService>(*parts->database);
  brand::RegisterBrandRoutes(parts->router, *parts->brands, *parts->auth);
  parts->notifications = std::make_unique<notifications::NotificationService>(*parts->database);
  notifications::RegisterNotificationRoutes(parts->router, *parts->notifications, *parts->auth);
  parts->direct_pipeline = std::make_unique<deals::DirectPipeline>(*parts->database);
  deals::RegisterDirectPipelineRoutes(parts->router, *parts->direct_pipeline, *parts->auth);
  parts->deals = std::make_unique<deals::DealService>(*parts->database, *parts->network);
  deals::RegisterDealRoutes(parts->router, *parts->deals, *parts->auth);
  RegisterDealJobs(*parts);
  parts->address_hasher = std::make_unique<identity::TokenHasher>(*secret);
  parts->contacts = std::make_unique<contacts::ContactService>(*parts->database, *parts->network,
                                                               *parts->address_hasher);
  contacts::RegisterContactRoutes(parts->router, *parts->contacts, *parts->auth);
  RegisterContactImports(*parts);
  RegisterLeads(*parts);
  RegisterWebhooks(*parts, *secret);
  http::StaticFiles* files = parts->static_files.get();
  parts->router.SetFallback([files](http::Request& request) { return files->Serve(request); });
  parts->pipeline = std::make_unique<http::Pipeline>(parts->router, parts->metrics);
  RegisterGauges(*parts);
  return std::unique_ptr<App>(new App(std::move(parts)));
}

namespace {

void RegisterGauges(App::Parts& parts) {
  db::Database* database = parts.database.get();
  jobs::JobStore* job_store = parts.job_store.get();
  parts.metrics.AddGauge("strata_db_pool_connections", "Database connections by use.", [database] {
    const auto in_use = static_cast<double>(database->in_use());
    const auto size = static_cast<double>(database->size());
    return std::vector<core::Metrics::GaugeSample>{{{{"state", "in_use"}}, in_use},
                                                   {{{"state", "idle"}}, size - in_use}};
  });
  parts.metrics.AddGauge("strata_jobs", "Jobs in the queue by state.", [job_store] {
    std::vector<core::Metrics::GaugeSample> samples;
    if (auto counts = job_store->CountByState(access::Actor::System())) {
      for (const auto& [state, count] : *counts) {
        samples.push_back({{{"state", state}}, static_cast<double>(count)});
      }
    }
    return samples;
  });
}

}  // namespace

core::Result<std::uint16_t> App::Start() {
  Parts& parts = *parts_;
  http::ServerOptions options;
  options.host = parts.config.listen_host;
  options.port = parts.config.listen_port;
  options.worker_threads = parts.config.workers;
  options.body_limit = static_cast<std::uint64_t>(parts.config.max_body_bytes);
  // Uploads (contact imports) go to files under the data folder, with a limit of their own.
  options.takes_upload = [&router = parts.router](http::Method method, std::string_view path) {
    return router.TakesUpload(method, path);
  };
  options.upload_limit = static_cast<std::uint64_t>(parts.config.max_upload_bytes);
  options.spool_dir = std::filesystem::path(parts.config.data_dir) / "spool";
  options.request_timeout = std::chrono::seconds(parts.config.request_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(parts.config.shutdown_grace_seconds);
  http::Pipeline* pipeline = parts.pipeline.get();
  parts.server = std::make_unique<http::Server>(
      options, [pipeline](http::Request& request) { return pipeline->Handle(request); });
  auto port = parts.server->Start();
  if (!port) return port.error();
  parts.job_runner->Start();
  return port;
}

void App::Stop() {
  if (!parts_) return;
  if (parts_->server) parts_->server->Stop();
  if (parts_->job_runner) parts_->job_runner->Stop();
}

http::Router& App::router() { return parts_->router; }
db::Database& App::database() { return *parts_->database; }
core::Metrics& App::metrics() { return parts_->metrics; }

}  // namespace strata::app
