#include "core/error.h"

namespace strata::core {

const char* ErrcSlug(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument:
      return "invalid-argument";
    case Errc::kNotFound:
      return "not-found";
    case Errc::kConflict:
      return "conflict";
    case Errc::kUnauthenticated:
      return "unauthenticated";
    case Errc::kForbidden:
      return "forbidden";
    case Errc::kRateLimited:
      return "rate-limited";
    case Errc::kUnavailable:
      return "unavailable";
    case Errc::kPayloadTooLarge:
      return "payload-too-large";
    case Errc::kUnsupportedMediaType:
      return "unsupported-media-type";
  }
  return "unknown";
}

}  // namespace strata::core
