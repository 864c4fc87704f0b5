#include "app/demo_logo.h"

#include <zlib.h>

#include <cmath>
#include <cstdint>

namespace strata::app {
namespace {

void PutBigEndian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

// A PNG chunk: length, type, data and the CRC of type and data.
void Chunk(std::string& png, const char* type, const std::string& data) {
  PutBigEndian(png, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  png += typed;
  PutBigEndian(png, static_cast<std::uint32_t>(
                        crc32(0, reinterpret_cast<const Bytef*>(typed.data()), typed.size())));
}

}  // namespace

std::string DemoLogoPng(std::uint32_t rgb, int size) {
  const auto channel = [&](int shift, double lighten) {
    const double value = (rgb >> shift) & 0xff;
    // Through an unsigned byte: a double above 127 does not fit a (signed) char.
    return static_cast<char>(static_cast<std::uint8_t>(value + (255 - value) * lighten));
  };
  // Rows of RGBA pixels, each after a filter byte of 0 (none).
  std::string raw;
  const double centre = (size - 1) / 2.0;
  for (int y = 0; y < size; ++y) {
    raw.push_back(0);
    for (int x = 0; x < size; ++x) {
      const double distance = std::hypot(x - centre, y - centre) / (size / 2.0);
      const bool inside = distance <= 0.96;
      const double lighten = distance > 0.62 && distance < 0.74 ? 0.55 : 0.0;
      raw.push_back(channel(16, lighten));
      raw.push_back(channel(8, lighten));
      raw.push_back(channel(0, lighten));
      raw.push_back(static_cast<char>(inside ? 255 : 0));
    }
  }
  uLongf compressed_size = compressBound(raw.size());
  std::string compressed(compressed_size, '\0');
  compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
            reinterpret_cast<const Bytef*>(raw.data()), raw.size(), Z_BEST_COMPRESSION);
  compressed.resize(compressed_size);

  std::string header;
  PutBigEndian(header, static_cast<std::uint32_t>(size));
  PutBigEndian(header, static_cast<std::uint32_t>(size));
  header += std::string("\x08\x06\x00\x00\x00", 5);  // 8 bits per channel, RGBA, no interlace.
  std::string png("\x89PNG\r\n\x1a\n", 8);
  Chunk(png, "IHDR", header);
  Chunk(png, "IDAT", compressed);
  Chunk(png, "IEND", "");
  return png;
}

}  // namespace strata::app
