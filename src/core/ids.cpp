#include "core/ids.h"

#include <sodium.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

namespace strata::core {
namespace {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

void RandomBytes(void* out, std::size_t size) {
  EnsureSodium();
  randombytes_buf(out, size);
}

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  RandomBytes(raw.data(), raw.size());
  std::string hex;
  hex.reserve(bytes * 2);
  for (unsigned char c : raw) {
    hex.push_back(kHexDigits[c >> 4]);
    hex.push_back(kHexDigits[c & 0x0f]);
  }
  return hex;
}

Uuid Uuid::NewV7() {
  // The 12 bits after the timestamp are a counter within one millisecond (RFC 9562, method 1),
  // so ids made by one process sort in creation order; it starts at a random point in the
  // lower half of its range each millisecond to keep ids unguessable.
  static std::mutex mutex;
  static std::int64_t last_millis = 0;
  static std::uint16_t counter = 0;

  Uuid uuid;
  RandomBytes(uuid.bytes_.data(), uuid.bytes_.size());
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::uint16_t sequence = 0;
  {
    std::lock_guard lock(mutex);
    if (millis <= last_millis) {
      millis = last_millis;
      if (++counter > 0x0fff) {  // Counter exhausted: borrow the next millisecond.
        ++millis;
        counter = 0;
      }
    } else {
      counter = static_cast<std::uint16_t>((uuid.bytes_[6] << 8 | uuid.bytes_[7]) & 0x07ff);
    }
    last_millis = millis;
    sequence = counter;
  }
  for (int i = 0; i < 6; ++i) {
    uuid.bytes_[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(millis) >> (40 - 8 * i));
  }
  uuid.bytes_[6] = static_cast<std::uint8_t>(0x70 | (sequence >> 8));
  uuid.bytes_[7] = static_cast<std::uint8_t>(sequence & 0xff);
  uuid.bytes_[8] = static_cast<std::uint8_t>(0x80 | (uuid.bytes_[8] & 0x3f));  // RFC variant.
  return uuid;
}

std::optional<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid uuid;
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int high = HexValue(text[i]);
    const int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    uuid.bytes_[byte++] = static_cast<std::uint8_t>(high << 4 | low);
    i += 2;
  }
  return uuid;
}

std::string Uuid::ToString() const {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHexDigits[bytes_[i] >> 4]);
    out.push_back(kHexDigits[bytes_[i] & 0x0f]);
  }
  return out;
}

std::int64_t Uuid::UnixMillis() const {
  std::int64_t millis = 0;
  for (int i = 0; i < 6; ++i) millis = millis << 8 | bytes_[i];
  return millis;
}

}  // namespace strata::core
