#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "db/migrations.h"
#include "db/query.h"
#include "db/rows.h"
#include "db/testing/test_database.h"
#include "integrations/webhooks.h"

namespace strata::integrations {
namespace {

// A request as the receiver saw it.
struct Received {
  std::map<std::string, std::string> headers;  // Names in lower case.
  std::string body;
};

// A real HTTP receiver on 127.0.0.1 and a free port: answers each request with the next status
// of its script (200 once the script is used up) and remembers what it received.
class Receiver {
 public:
  explicit Receiver(std::deque<int> statuses) : statuses_(std::move(statuses)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 16), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks"; }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      Handle(connection);
      ::close(connection);
    }
  }

  void Handle(int connection) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos;
    std::size_t content_length = 0;
    for (;;) {
      const ssize_t got = ::recv(connection, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      data.append(buffer, static_cast<std::size_t>(got));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) content_length = ContentLength(data, header_end);
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) break;
    }
    Received request;
    std::size_t line_start = data.find("\r\n") + 2;
    while (line_start < header_end) {
      const std::size_t line_end = data.find("\r\n", line_start);
      const std::string line = data.substr(line_start, line_end - line_start);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      line_start = line_end + 2;
    }
    request.body = data.substr(header_end + 4, content_length);
    int status = 200;
    {
      std::lock_guard lock(mutex_);
      received_.push_back(std::move(request));
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.pop_front();
      }
    }
    const std::string body = status < 300 ? "ok" : "no, answer " + std::to_string(status);
    const std::string answer =
        "HTTP/1.1 " + std::to_string(status) +
        " Scripted\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    ::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
  }

  static std::size_t ContentLength(const std::string& data, std::size_t header_end) {
    std::string head = data.substr(0, header_end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t at = head.find("content-length:");
    if (at == std::string::npos) return 0;
    return std::stoul(head.substr(at + 15));
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::deque<int> statuses_;
  std::vector<Received> received_;
};

const std::string kServerKey(40, 'k');

// Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh.
class WebhookServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create(2);
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    WebhookOptions options;
    options.private_targets = PrivateTargets::kAllowed;
    options.max_attempts = 3;
    options.connect_timeout = std::chrono::seconds(2);
    options.total_timeout = std::chrono::seconds(5);
    service_ = std::make_unique<WebhookService>(test_->database(), kServerKey, options);
    jobs_ = std::make_unique<jobs::JobStore>(test_->database());
    for (const char* org : {"acme", "other"}) {
      Execute(
          "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
          " VALUES (:id, :name, 'reseller', 0, 0)",
          db::Parameters().Text("id", org).Text("name", org));
    }
  }

  long long Execute(const std::string& sql, const db::Parameters& parameters) {
    auto lease = test_->database().Acquire();
    EXPECT_TRUE(lease);
    return db::Execute(**lease, sql, parameters);
  }

  std::int64_t Count(const std::string& sql, const db::Parameters& parameters = {}) {
    auto lease = test_->database().Acquire();
    std::int64_t count = -1;
    db::ForEachRow(**lease, sql, parameters,
                   [&](const soci::row& row) { count = db::RowInteger(row, 0); });
    return count;
  }

  static access::Actor Member(const std::string& org, access::Role role = access::Role::kAdmin,
                              access::Scopes scopes = {}) {
    return access::Actor::User("user-" + org, org, role, std::move(scopes));
  }

  EndpointWithSecret Add(const std::string& url, std::vector<std::string> events = {"*"},
                         const std::string& org = "acme") {
    auto created = service_->Create(
        Member(org),
        {.url = url, .description = "CRM", .events = std::move(events), .active = true});
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : EndpointWithSecret{};
  }

  // Publishes in a transaction of its own.
  void PublishOne(const std::string& kind, const std::string& org = "acme",
                  std::optional<std::string> idempotency_id = {}) {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    Publish(**lease, {.org_id = org,
                      .kind = kind,
                      .data = json::object{{"id", "lead-1"}, {"company", "Nordwind GmbH"}},
                      .idempotency_id = std::move(idempotency_id)});
    transaction.Commit();
  }

  // Runs the webhook jobs due at `now` as the job runner would, the clock being `now`.
  std::vector<AttemptOutcome> RunDueJobs(core::Timestamp now) {
    std::vector<AttemptOutcome> outcomes;
    auto claimed = jobs_->Claim(access::Actor::System(), "test", 10, now, 60'000'000);
    EXPECT_TRUE(claimed);
    if (!claimed) return outcomes;
    for (const jobs::Job& job : *claimed) {
      EXPECT_EQ(job.kind, kDeliverJobKind);
      const json::value payload = json::parse(job.payload);
      auto outcome = service_->Deliver(access::Actor::System(),
                                       std::string(payload.at("delivery_id").as_string()),
                                       static_cast<int>(payload.at("attempt").as_int64()), now);
      EXPECT_TRUE(outcome) << outcome.error().message;
      if (outcome) outcomes.push_back(*outcome);
      EXPECT_TRUE(jobs_->Complete(access::Actor::System(), job, "test", now));
    }
    return outcomes;
  }

  std::vector<Delivery> DeliveriesOf(const std::string& endpoint_id) {
    auto page = service_->Deliveries(Member("acme"), endpoint_id, 50, std::nullopt);
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->items : std::vector<Delivery>{};
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<WebhookService> service_;
  std::unique_ptr<jobs::JobStore> jobs_;
};

TEST_F(WebhookServiceTest, SignsEachDeliveryWithTheEndpointsDerivedSecret) {
  Receiver receiver({200});
  const EndpointWithSecret endpoint = Add(receiver.Url());
  EXPECT_EQ(endpoint.secret.rfind("whsec_", 0), 0U);
  PublishOne("lead.created");
  const core::Timestamp now = core::Timestamp::FromSeconds(1'900'000'000);
  EXPECT_EQ(RunDueJobs(now), std::vector<AttemptOutcome>{AttemptOutcome::kDelivered});

  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1U);
  const Received& request = received.front();
  const auto deliveries = DeliveriesOf(endpoint.endpoint.id);
  ASSERT_EQ(deliveries.size(), 1U);
  const Delivery& delivery = deliveries.front();
  EXPECT_EQ(delivery.state, DeliveryState::kDelivered);
  EXPECT_EQ(request.body, delivery.body);
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.headers.at("strata-event"), "lead.created");
  EXPECT_EQ(request.headers.at("strata-delivery"), delivery.id);
  // The receiver's check: the timestamp it was sent at, the body, and the secret it was shown.
  const std::string& signature = request.headers.at("strata-signature");
  EXPECT_EQ(signature.rfind("t=1900000000,v1=", 0), 0U) << signature;
  EXPECT_EQ(signature, SignatureHeader(endpoint.secret, 1'900'000'000, request.body));
  EXPECT_NE(signature, SignatureHeader(endpoint.secret, 1'900'000'001, request.body));
  const json::value body = json::parse(request.body);
  EXPECT_EQ(body.at("type").as_string(), "lead.created");
  EXPECT_EQ(body.at("org_id").as_string(), "acme");
  EXPECT_EQ(body.at("data").at("company").as_string(), "Nordwind GmbH");

  // The secret is derived, not stored: the same on request, another after rotation.
  auto shown = service_->GetWithSecret(Member("acme"), endpoint.endpoint.id);
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->secret, endpoint.secret);
  auto rotated = service_->RotateSecret(Member("acme"), endpoint.endpoint.id);
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, endpoint.secret);
  EXPECT_EQ(rotated->endpoint.secret_version, 2);
  WebhookService other_server(test_->database(), std::string(40, 'o'));
  auto elsewhere = other_server.GetWithSecret(Member("acme"), endpoint.endpoint.id);
  ASSERT_TRUE(elsewhere);
  EXPECT_NE(elsewhere->secret, rotated->secret);
}

TEST_F(WebhookServiceTest, RetriesA500AndTheNext200DeliversWithTwoAttemptsLogged) {
  Receiver receiver({500, 200});
  const EndpointWithSecret endpoint = Add(receiver.Url());
  PublishOne("lead.updated");
  const core::Timestamp now = core::Timestamp::Now();
  EXPECT_EQ(RunDueJobs(now), std::vector<AttemptOutcome>{AttemptOutcome::kRetrying});
  auto pending = DeliveriesOf(endpoint.endpoint.id);
  ASSERT_EQ(pending.size(), 1U);
  EXPECT_EQ(pending[0].state, DeliveryState::kPending);
  EXPECT_EQ(pending[0].attempts, 1);
  EXPECT_EQ(pending[0].last_status, 500);
  ASSERT_TRUE(pending[0].next_attempt_at);
  // The back-off: not before 30 s, nor much after.
  EXPECT_GE(pending[0].next_attempt_at->micros(), now.micros() + 30'000'000);
  EXPECT_LE(pending[0].next_attempt_at->micros(), now.micros() + 36'000'000);
  EXPECT_TRUE(RunDueJobs(now + 1'000'000).empty()) << "the retry waits for its time";

  EXPECT_EQ(RunDueJobs(*pending[0].next_attempt_at),
            std::vector<AttemptOutcome>{AttemptOutcome::kDelivered});
  auto delivered = DeliveriesOf(endpoint.endpoint.id);
  ASSERT_EQ(delivered.size(), 1U);
  EXPECT_EQ(delivered[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(delivered[0].attempts, 2);
  EXPECT_EQ(delivered[0].delivered_at, pending[0].next_attempt_at);
  EXPECT_FALSE(delivered[0].next_attempt_at);
  ASSERT_EQ(delivered[0].attempt_log.size(), 2U);
  EXPECT_EQ(delivered[0].attempt_log[0].status_code, 500);
  EXPECT_EQ(delivered[0].attempt_log[0].error, "HTTP 500");
  EXPECT_EQ(delivered[0].attempt_log[0].response_excerpt, "no, answer 500");
  EXPECT_EQ(delivered[0].attempt_log[1].status_code, 200);
  EXPECT_EQ(delivered[0].attempt_log[1].error, "");
  EXPECT_EQ(receiver.received().size(), 2U);
  // Every retry carries the same delivery id and body, so receivers can drop repeats.
  EXPECT_EQ(receiver.received()[0].headers.at("strata-delivery"),
            receiver.received()[1].headers.at("strata-delivery"));
  EXPECT_EQ(receiver.received()[0].body, receiver.received()[1].body);

  // A job that runs again (a lease that ran out) sends nothing twice.
  auto again =
      service_->Deliver(access::Actor::System(), delivered[0].id, 2, core::Timestamp::Now());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, AttemptOutcome::kNothingToDo);
  EXPECT_EQ(receiver.received().size(), 2U);
}

TEST_F(WebhookServiceTest, PermanentFailuresEndInTheLogWithTheirReason) {
  Receiver gone({410});
  const EndpointWithSecret first = Add(gone.Url());
  PublishOne("lead.created");
  core::Timestamp now = core::Timestamp::Now();
  EXPECT_EQ(RunDueJobs(now), std::vector<AttemptOutcome>{AttemptOutcome::kFailed});
  auto failed = DeliveriesOf(first.endpoint.id);
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].state, DeliveryState::kFailed);
  EXPECT_EQ(failed[0].attempts, 1);
  EXPECT_EQ(failed[0].last_status, 410);
  EXPECT_EQ(failed[0].last_error, "HTTP 410");
  EXPECT_TRUE(failed[0].failed_at);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE state = 'queued'"), 0);
  ASSERT_TRUE(service_->Delete(Member("acme"), first.endpoint.id));

  // 500 every time: retried until the attempts run out (3 here), then failed.
  Receiver broken({500, 500, 500, 500});
  const EndpointWithSecret second = Add(broken.Url());
  PublishOne("lead.created");
  std::vector<AttemptOutcome> outcomes;
  for (int round = 0; round < 5; ++round) {
    for (AttemptOutcome outcome : RunDueJobs(now)) outcomes.push_back(outcome);
    now = now + std::int64_t{7} * 3600 * core::kMicrosPerSecond;
  }
  EXPECT_EQ(outcomes,
            (std::vector<AttemptOutcome>{AttemptOutcome::kRetrying, AttemptOutcome::kRetrying,
                                         AttemptOutcome::kFailed}));
  auto exhausted = DeliveriesOf(second.endpoint.id);
  ASSERT_EQ(exhausted.size(), 1U);
  EXPECT_EQ(exhausted[0].state, DeliveryState::kFailed);
  EXPECT_EQ(exhausted[0].attempts, 3);
  EXPECT_EQ(exhausted[0].last_error, "gave up after 3 attempts: HTTP 500");
  EXPECT_EQ(exhausted[0].attempt_log.size(), 3U);
  EXPECT_EQ(broken.received().size(), 3U);
}

TEST_F(WebhookServiceTest, AConnectionRefusedIsRetried) {
  std::string url;
  {
    Receiver closed({});
    url = closed.Url();
  }
  const EndpointWithSecret endpoint = Add(url);
  PublishOne("lead.created");
  EXPECT_EQ(RunDueJobs(core::Timestamp::Now()),
            std::vector<AttemptOutcome>{AttemptOutcome::kRetrying});
  auto pending = DeliveriesOf(endpoint.endpoint.id);
  ASSERT_EQ(pending.size(), 1U);
  ASSERT_EQ(pending[0].attempt_log.size(), 1U);
  EXPECT_FALSE(pending[0].attempt_log[0].status_code);
  EXPECT_FALSE(pending[0].attempt_log[0].error.empty());
}

TEST_F(WebhookServiceTest, PrivateTargetsAreRefusedWhenNotAllowed) {
  Receiver receiver({200});
  WebhookOptions options;
  options.resolver = [](const std::string& host,
                        const std::string&) -> core::Result<std::vector<std::string>> {
    if (host == "crm.example.com") return std::vector<std::string>{"10.0.0.7"};
    if (host == "public.example.com") return std::vector<std::string>{"93.184.215.14"};
    return std::vector<std::string>{"127.0.0.1"};
  };
  WebhookService strict(test_->database(), kServerKey, options);
  for (const std::string& url : {receiver.Url(), std::string("https://crm.example.com/hooks"),
                                 std::string("http://localhost/hooks")}) {
    auto refused = strict.Create(Member("acme"), {.url = url});
    ASSERT_FALSE(refused) << url;
    EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields[0].field, "url");
  }
  auto renamed = strict.Create(Member("acme"), {.url = "https://public.example.com/hooks"});
  ASSERT_TRUE(renamed) << renamed.error().message;
  auto moved = strict.Update(Member("acme"), renamed->endpoint.id,
                             {.url = std::string("https://crm.example.com/hooks")});
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().fields[0].field, "url");

  // An endpoint made while private targets were allowed is checked again at the send.
  const EndpointWithSecret endpoint = Add(receiver.Url());
  PublishOne("lead.created");
  auto deliveries = DeliveriesOf(endpoint.endpoint.id);
  ASSERT_EQ(deliveries.size(), 1U);
  auto outcome =
      strict.Deliver(access::Actor::System(), deliveries[0].id, 1, core::Timestamp::Now());
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(*outcome, AttemptOutcome::kFailed);
  EXPECT_TRUE(receiver.received().empty());
  auto failed = DeliveriesOf(endpoint.endpoint.id);
  EXPECT_EQ(failed[0].state, DeliveryState::kFailed);
  EXPECT_NE(failed[0].last_error.find("127.0.0.1"), std::string::npos) << failed[0].last_error;
}

TEST_F(WebhookServiceTest, PublishesToActiveEndpointsThatWantTheKindOnceItCommits) {
  const std::string leads =
      Add("http://127.0.0.1:9/a", {"lead.created", "lead.updated"}).endpoint.id;
  const std::string all = Add("http://127.0.0.1:9/b").endpoint.id;
  const std::string paused = Add("http://127.0.0.1:9/c").endpoint.id;
  ASSERT_TRUE(service_->Update(Member("acme"), paused, {.active = false}));
  const std::string foreign = Add("http://127.0.0.1:9/d", {"*"}, "other").endpoint.id;

  PublishOne("lead.created");
  PublishOne("deal.approved");
  PublishOne("lead.created", "acme", "lead-1@v2");
  PublishOne("lead.created", "acme", "lead-1@v2");
  EXPECT_EQ(DeliveriesOf(leads).size(), 2U);
  EXPECT_EQ(DeliveriesOf(all).size(), 3U);
  EXPECT_TRUE(DeliveriesOf(paused).empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = :id",
                  db::Parameters().Text("id", foreign)),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'webhooks.deliver'"), 5);

  // A change rolled back leaves no delivery and no job.
  {
    auto lease = test_->database().Acquire();
    ASSERT_TRUE(lease);
    db::Transaction transaction(**lease, test_->database().dialect());
    Publish(**lease, {.org_id = "acme", .kind = "lead.created", .data = json::object{}});
  }
  EXPECT_EQ(DeliveriesOf(all).size(), 3U);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'webhooks.deliver'"), 5);

  // A ping goes to its endpoint alone, paused or not.
  auto ping = service_->Ping(Member("acme"), paused);
  ASSERT_TRUE(ping) << ping.error().message;
  EXPECT_EQ(ping->event_kind, "ping");
  EXPECT_EQ(DeliveriesOf(paused).size(), 1U);

  // Deleting an endpoint takes its deliveries and their attempts along.
  ASSERT_TRUE(service_->Delete(Member("acme"), all));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = :id",
                  db::Parameters().Text("id", all)),
            0);
  EXPECT_EQ(service_->Get(Member("acme"), all).error().code, core::Errc::kNotFound);
  // Its queued jobs find nothing to do.
  EXPECT_EQ(RunDueJobs(core::Timestamp::Now() + 1'000'000).size(), 6U);
}

TEST_F(WebhookServiceTest, OnlyUnscopedMembersSeeEndpointsAndOnlyAdminsChangeThem) {
  const std::string id = Add("http://127.0.0.1:9/a").endpoint.id;
  const auto viewer = Member("acme", access::Role::kViewer);
  ASSERT_TRUE(service_->Get(viewer, id));
  auto listed = service_->List(viewer, 50, std::nullopt);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->items.size(), 1U);
  EXPECT_TRUE(service_->Deliveries(viewer, id, 50, std::nullopt));
  EXPECT_EQ(service_->GetWithSecret(viewer, id).error().code, core::Errc::kForbidden);
  for (const auto& actor : {viewer, Member("acme", access::Role::kManager)}) {
    EXPECT_EQ(service_->Create(actor, {.url = "http://127.0.0.1:9/x"}).error().code,
              core::Errc::kForbidden);
    EXPECT_EQ(service_->Update(actor, id, {.active = false}).error().code, core::Errc::kForbidden);
    EXPECT_EQ(service_->Delete(actor, id).error().code, core::Errc::kForbidden);
    EXPECT_EQ(service_->RotateSecret(actor, id).error().code, core::Errc::kForbidden);
    EXPECT_EQ(service_->Ping(actor, id).error().code, core::Errc::kForbidden);
  }
  for (const auto& scopes :
       {access::Scopes{.regions = {"EMEA"}}, access::Scopes{.vendors = {"v"}}}) {
    const auto scoped = Member("acme", access::Role::kAdmin, scopes);
    EXPECT_EQ(service_->List(scoped, 50, std::nullopt).error().code, core::Errc::kForbidden);
    EXPECT_EQ(service_->Get(scoped, id).error().code, core::Errc::kForbidden);
    EXPECT_EQ(service_->Create(scoped, {.url = "http://127.0.0.1:9/x"}).error().code,
              core::Errc::kForbidden);
  }
  // Another organisation's endpoint is not there at all.
  const auto stranger = Member("other");
  EXPECT_EQ(service_->Get(stranger, id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(service_->Update(stranger, id, {.active = false}).error().code, core::Errc::kNotFound);
  EXPECT_EQ(service_->Delete(stranger, id).error().code, core::Errc::kNotFound);
  EXPECT_EQ(service_->Deliveries(stranger, id, 50, std::nullopt).error().code,
            core::Errc::kNotFound);
  EXPECT_EQ(service_->Ping(stranger, id).error().code, core::Errc::kNotFound);
  EXPECT_TRUE(service_->List(stranger, 50, std::nullopt)->items.empty());
  EXPECT_EQ(service_->List(access::Actor::System(), 50, std::nullopt).error().code,
            core::Errc::kInvalidArgument);
}

TEST_F(WebhookServiceTest, ChecksEventKindsAndPagesThroughEndpoints) {
  for (const auto& events : std::vector<std::vector<std::string>>{
           {}, {"*", "lead.created"}, {"Lead.Created"}, {"lead"}, {"lead..created"}}) {
    auto refused =
        service_->Create(Member("acme"), {.url = "http://127.0.0.1:9/", .events = events});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "events");
  }
  auto sorted = service_->Create(
      Member("acme"),
      {.url = " http://127.0.0.1:9/ ", .events = {"lead.updated", "lead.created", "lead.updated"}});
  ASSERT_TRUE(sorted);
  EXPECT_EQ(sorted->endpoint.url, "http://127.0.0.1:9/");
  EXPECT_EQ(sorted->endpoint.events, (std::vector<std::string>{"lead.created", "lead.updated"}));
  for (int i = 0; i < 4; ++i) Add("http://127.0.0.1:9/" + std::to_string(i));
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  do {
    auto page = service_->List(Member("acme"), 2, cursor);
    ASSERT_TRUE(page);
    for (const auto& endpoint : page->items) seen.push_back(endpoint.id);
    cursor = page->next_cursor;
  } while (cursor);
  EXPECT_EQ(seen.size(), 5U);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
}

}  // namespace
}  // namespace strata::integrations
