#pragma once

#include <cstdint>
#include <string>

namespace strata::app {

// A small PNG for demo organisations: a filled circle of `rgb` (0xRRGGBB) with a lighter ring,
// on a transparent square of `size` pixels.
std::string DemoLogoPng(std::uint32_t rgb, int size = 96);

}  // namespace strata::app
