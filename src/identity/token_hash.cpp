#include "identity/token_hash.h"

#include <sodium.h>

namespace strata::identity {

TokenHasher::TokenHasher(std::string_view secret_key) {
  // 32 bytes derived from the configured secret, whatever its length.
  unsigned char key[crypto_generichash_BYTES];
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(secret_key.data()),
                     secret_key.size(), nullptr, 0);
  key_.assign(reinterpret_cast<const char*>(key), sizeof key);
}

std::string TokenHasher::Hash(std::string_view purpose, std::string_view token) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(key_.data()), key_.size(),
                          crypto_generichash_BYTES);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()),
                            purpose.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(token.data()),
                            token.size());
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash_final(&state, hash, sizeof hash);
  std::string hex(sizeof hash * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.pop_back();
  return hex;
}

}  // namespace strata::identity
