#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "identity/identity.h"

namespace strata::identity {
namespace {

class IdentityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    service_ = std::make_unique<IdentityService>(test_->database(), std::string(40, 's'),
                                                 SessionPolicy{}, PasswordCost::kMinimal);
  }

  SignupInput Input(const std::string& email = "Ann@Example.com") {
    return {email, "correct horse battery", "Ann Lee", "Acme Networks", {"vendor", "distributor"}};
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  std::unique_ptr<IdentityService> service_;
  Origin origin_{"127.0.0.1", "test"};
};

TEST_F(IdentityServiceTest, SignupCreatesOwnerAndSession) {
  auto session = service_->Signup(Input(), origin_);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->principal.user.email, "ann@example.com");
  EXPECT_EQ(session->principal.role, access::Role::kOwner);
  EXPECT_EQ(session->principal.org.kinds, (std::vector<std::string>{"distributor", "vendor"}));
  EXPECT_EQ(session->token.size(), 64U);
  auto resumed = service_->Resume(session->token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->org.id, session->principal.org.id);
}

TEST_F(IdentityServiceTest, SignupReportsEveryBadField) {
  auto refused = service_->Signup({"not-an-email", "short", " ", "", {"emperor"}}, origin_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& field : refused.error().fields) fields.insert(field.field);
  EXPECT_EQ(fields, (std::set<std::string>{"email", "password", "name", "org.name", "org.kinds"}));
}

TEST_F(IdentityServiceTest, DuplicateEmailIsAConflict) {
  ASSERT_TRUE(service_->Signup(Input(), origin_));
  auto again = service_->Signup(Input("ANN@example.com"), origin_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::kConflict);
}

TEST_F(IdentityServiceTest, LoginChecksThePasswordWithOneMessageForBothMistakes) {
  ASSERT_TRUE(service_->Signup(Input(), origin_));
  auto wrong_password = service_->Login("ann@example.com", "wrong horse battery", origin_);
  auto unknown = service_->Login("nobody@example.com", "correct horse battery", origin_);
  ASSERT_FALSE(wrong_password);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong_password.error().code, core::Errc::kUnauthenticated);
  EXPECT_EQ(wrong_password.error().message, unknown.error().message);
  auto session = service_->Login("ANN@example.com", "correct horse battery", origin_);
  ASSERT_TRUE(session);
}

TEST_F(IdentityServiceTest, RepeatedFailuresLockTheAccountEvenForTheRightPassword) {
  ASSERT_TRUE(service_->Signup(Input(), origin_));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(service_->Login("ann@example.com", "guess number " + std::to_string(i), origin_)
                  .error()
                  .code,
              core::Errc::kUnauthenticated);
  }
  auto locked = service_->Login("ann@example.com", "correct horse battery", origin_);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, core::Errc::kRateLimited);
  EXPECT_NE(locked.error().message.find("15 minutes"), std::string::npos) << locked.error().message;
}

TEST_F(IdentityServiceTest, LogoutEndsOneSessionAndLogoutEverywhereEndsAll) {
  auto first = service_->Signup(Input(), origin_);
  ASSERT_TRUE(first);
  auto second = service_->Login("ann@example.com", "correct horse battery", origin_);
  auto third = service_->Login("ann@example.com", "correct horse battery", origin_);
  ASSERT_TRUE(second && third);
  ASSERT_TRUE(service_->Logout(first->token));
  EXPECT_FALSE(service_->Resume(first->token));
  EXPECT_TRUE(service_->Resume(second->token));
  ASSERT_TRUE(service_->LogoutEverywhere(second->principal));
  EXPECT_FALSE(service_->Resume(second->token));
  EXPECT_FALSE(service_->Resume(third->token));
}

TEST_F(IdentityServiceTest, SessionsExpireWhenIdle) {
  IdentityService short_lived(test_->database(), std::string(40, 's'),
                              SessionPolicy{.idle_micros = 0}, PasswordCost::kMinimal);
  auto session = short_lived.Signup(Input(), origin_);
  ASSERT_TRUE(session);
  EXPECT_FALSE(short_lived.Resume(session->token));
}

TEST_F(IdentityServiceTest, NoPasswordOrTokenIsStoredInClear) {
  auto session = service_->Signup(Input(), origin_);
  ASSERT_TRUE(session);
  auto lease = test_->database().Acquire();
  std::string hash;
  std::string token_hash;
  **lease << "SELECT password_hash FROM users", soci::into(hash);
  **lease << "SELECT token_hash FROM sessions", soci::into(token_hash);
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_NE(token_hash, session->token);
  EXPECT_EQ(token_hash.find(session->token), std::string::npos);
  EXPECT_NE(service_->CsrfToken(session->token), session->token);
}

}  // namespace
}  // namespace strata::identity
