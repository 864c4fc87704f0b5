#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "identity/identity.h"

namespace strata::identity {
namespace {

// Long-enough passwords that top the published lists of leaked passwords, lower-cased.
constexpr std::array<const char*, 40> kCommonPasswords = {
    "1234567890",  "0987654321",   "12345678910", "1234567891",    "123456789a",   "qwertyuiop",
    "qwerty1234",  "qwerty12345",  "1q2w3e4r5t",  "1qaz2wsx3edc",  "1q2w3e4r5t6y", "password12",
    "password123", "password1234", "passw0rd12",  "p@ssw0rd123",   "iloveyou12",   "iloveyou123",
    "abcdefghij",  "abc1234567",   "a1b2c3d4e5",  "zaq12wsxcde3",  "asdfghjkl1",   "asdfghjkl;",
    "letmein123",  "welcome123",   "welcome1234", "administrator", "sunshine123",  "football123",
    "baseball123", "princess123",  "monkey12345", "dragon12345",   "starwars123",  "trustno1234",
    "changeme123", "superman123",  "michael123",  "qazwsxedcrfv",
};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Runs like "aaaaaaaaaa" or "0123456789" are as weak as the common ones.
bool IsTrivialRun(const std::string& text) {
  bool same = true;
  bool ascending = true;
  for (std::size_t i = 1; i < text.size(); ++i) {
    same = same && text[i] == text[0];
    ascending = ascending && text[i] == text[i - 1] + 1;
  }
  return same || ascending;
}

std::size_t CodePoints(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xc0) != 0x80; }));
}

}  // namespace

std::optional<std::string> PasswordProblem(const std::string& password, const std::string& email,
                                           const std::string& name) {
  const std::size_t length = CodePoints(password);
  if (length < 10) return "must be at least 10 characters";
  if (length > 256) return "must be at most 256 characters";
  const std::string lowered = Lower(password);
  for (const char* common : kCommonPasswords) {
    if (lowered == common) return "is one of the most common passwords; choose another";
  }
  if (IsTrivialRun(lowered)) return "is too easy to guess; choose another";
  if (lowered == Lower(email) || (!name.empty() && lowered == Lower(name))) {
    return "must not be your email address or name";
  }
  return std::nullopt;
}

std::string HashPassword(const std::string& password, PasswordCost cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  const auto ops = cost == PasswordCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                      : crypto_pwhash_OPSLIMIT_MIN;
  const auto memory = cost == PasswordCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                                         : crypto_pwhash_MEMLIMIT_MIN;
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), ops, memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return encoded;
}

bool VerifyPassword(const std::string& password, const std::string& encoded) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

}  // namespace strata::identity
