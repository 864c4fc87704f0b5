#include "access/actor.h"

namespace strata::access {

std::string Actor::Describe() const {
  switch (kind_) {
    case Kind::kSystem:
      return "system";
  }
  return "unknown";
}

}  // namespace strata::access
