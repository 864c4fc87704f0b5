#include <gtest/gtest.h>

#include "identity/identity.h"

namespace strata::identity {
namespace {

TEST(PasswordTest, PolicyRefusesShortCommonAndPersonalPasswords) {
  EXPECT_TRUE(PasswordProblem("short", "a@b.co", "Ann"));
  EXPECT_TRUE(PasswordProblem("Password123", "a@b.co", "Ann"));
  EXPECT_TRUE(PasswordProblem("1234567890", "a@b.co", "Ann"));
  EXPECT_TRUE(PasswordProblem("zzzzzzzzzzzz", "a@b.co", "Ann"));
  EXPECT_TRUE(PasswordProblem("ann@example.com", "Ann@Example.com", "Ann"));
  EXPECT_TRUE(PasswordProblem(std::string(257, 'x') + "y", "a@b.co", "Ann"));
  EXPECT_FALSE(PasswordProblem("correct horse battery", "a@b.co", "Ann"));
  // Length counts characters, not bytes.
  EXPECT_FALSE(PasswordProblem("ünïcödé-pässwörd", "a@b.co", "Ann"));
  EXPECT_TRUE(PasswordProblem("ééééé", "a@b.co", "Ann"));
}

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  const std::string hash = HashPassword("correct horse battery", PasswordCost::kMinimal);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0U);
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword("correct horse battery", hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery!", hash));
  EXPECT_NE(hash, HashPassword("correct horse battery", PasswordCost::kMinimal)) << "salted";
}

}  // namespace
}  // namespace strata::identity
