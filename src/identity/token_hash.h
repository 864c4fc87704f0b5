#pragma once

#include <string>
#include <string_view>

namespace strata::identity {

// What the database keeps instead of a secret token (sessions, invitation and reset links, API
// tokens): a keyed BLAKE2b hash, so a copy of the database opens nothing without the server's
// key. `purpose` keeps the kinds of token apart.
class TokenHasher {
 public:
  explicit TokenHasher(std::string_view secret_key);
  // 64 lowercase hex digits.
  std::string Hash(std::string_view purpose, std::string_view token) const;

 private:
  std::string key_;
};

}  // namespace strata::identity
