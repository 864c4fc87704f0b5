#include "integrations/webhook_target.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cstdint>
#include <cstring>

namespace strata::integrations::target {
namespace {

constexpr std::size_t kMaxUrlLength = 2048;

core::Error BadUrl(const std::string& why) {
  return core::Error::Invalid("the webhook's URL cannot be used: " + why, {{"url", why}});
}

// An IPv4 address, most significant byte first, inside `prefix`/`bits`.
bool InRange(std::uint32_t address, std::uint32_t prefix, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (address & mask) == (prefix & mask);
}

bool IsRefusedV4(std::uint32_t address) {
  struct Range {
    std::uint32_t prefix;
    int bits;
  };
  static constexpr std::array<Range, 10> kRefused{{
      {0x00000000, 8},   // "This network", with 0.0.0.0 unspecified.
      {0x0A000000, 8},   // Private.
      {0x64400000, 10},  // Carrier-grade NAT, shared address space.
      {0x7F000000, 8},   // Loopback.
      {0xA9FE0000, 16},  // Link-local, with cloud metadata services.
      {0xAC100000, 12},  // Private.
      {0xC0000000, 24},  // IETF protocol assignments.
      {0xC0A80000, 16},  // Private.
      {0xE0000000, 4},   // Multicast.
      {0xF0000000, 4},   // Reserved, with 255.255.255.255 broadcast.
  }};
  return std::any_of(kRefused.begin(), kRefused.end(), [address](const Range& range) {
    return InRange(address, range.prefix, range.bits);
  });
}

std::uint32_t V4At(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

bool IsRefusedV6(const unsigned char* bytes) {
  static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr std::array<unsigned char, 12> kNat64{0x00, 0x64, 0xff, 0x9b, 0, 0,
                                                        0,    0,    0,    0,    0, 0};
  static constexpr std::array<unsigned char, 12> kZero{};
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and the deprecated
  // compatible form (::a.b.c.d, with :: and ::1) are judged by the IPv4 address they carry.
  if (std::memcmp(bytes, kMapped.data(), kMapped.size()) == 0 ||
      std::memcmp(bytes, kNat64.data(), kNat64.size()) == 0) {
    return IsRefusedV4(V4At(bytes + 12));
  }
  if (std::memcmp(bytes, kZero.data(), kZero.size()) == 0) return true;
  if ((bytes[0] & 0xfe) == 0xfc) return true;                      // fc00::/7 unique local.
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local.
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local.
  if (bytes[0] == 0xff) return true;                               // ff00::/8 multicast.
  return false;
}

core::Result<std::vector<std::string>> SystemResolve(const std::string& host,
                                                     const std::string& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (status != 0) return BadUrl(std::string("its host does not resolve: ") + gai_strerror(status));
  std::vector<std::string> addresses;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* raw = nullptr;
    if (entry->ai_family == AF_INET) {
      raw = &reinterpret_cast<const sockaddr_in*>(entry->ai_addr)->sin_addr;
    } else if (entry->ai_family == AF_INET6) {
      raw = &reinterpret_cast<const sockaddr_in6*>(entry->ai_addr)->sin6_addr;
    } else {
      continue;
    }
    if (::inet_ntop(entry->ai_family, raw, text.data(), text.size()) != nullptr) {
      addresses.emplace_back(text.data());
    }
  }
  ::freeaddrinfo(found);
  return addresses;
}

}  // namespace

core::Result<Target> Parse(const std::string& url) {
  if (url.empty()) return BadUrl("is required");
  if (url.size() > kMaxUrlLength) return BadUrl("must be at most 2048 characters");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return BadUrl("must be an absolute http:// or https:// URL");
  const boost::urls::url_view& view = *parsed;
  Target target;
  target.scheme = std::string(view.scheme());
  for (char& c : target.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (target.scheme != "http" && target.scheme != "https") {
    return BadUrl("must start with http:// or https://");
  }
  if (view.has_userinfo()) return BadUrl("must not carry a user name or password");
  if (view.host_type() == boost::urls::host_type::ipv6) {
    target.host = view.host_ipv6_address().to_string();
  } else if (view.host_type() == boost::urls::host_type::ipvfuture) {
    return BadUrl("must name a host by name or address");
  } else {
    target.host = view.host();
  }
  if (target.host.empty()) return BadUrl("must name a host");
  if (view.has_port()) {
    target.port = std::string(view.port());
    // port_number() is 0 for a port that does not fit in 16 bits.
    if (target.port.empty() || view.port_number() == 0) {
      return BadUrl("must have a port from 1 to 65535");
    }
  } else {
    target.port = target.scheme == "https" ? "443" : "80";
  }
  return target;
}

bool IsRefusedAddress(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) {
    return IsRefusedV4(V4At(bytes.data()));
  }
  if (::inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) return IsRefusedV6(bytes.data());
  return true;
}

core::Result<std::vector<std::string>> Resolve(const Target& target, const Resolver& resolver) {
  // An address needs no resolver: it is the address, written as inet_ntop writes it.
  std::array<unsigned char, 16> bytes{};
  std::array<char, INET6_ADDRSTRLEN> text{};
  for (const int family : {AF_INET, AF_INET6}) {
    if (::inet_pton(family, target.host.c_str(), bytes.data()) == 1 &&
        ::inet_ntop(family, bytes.data(), text.data(), text.size()) != nullptr) {
      return std::vector<std::string>{text.data()};
    }
  }
  auto addresses =
      resolver ? resolver(target.host, target.port) : SystemResolve(target.host, target.port);
  if (!addresses) return addresses.error();
  if (addresses->empty()) return BadUrl("its host has no address");
  return addresses;
}

core::Status CheckAddresses(const std::vector<std::string>& addresses,
                            PrivateTargets private_targets) {
  if (private_targets == PrivateTargets::kAllowed) return core::Ok();
  for (const std::string& address : addresses) {
    if (IsRefusedAddress(address)) {
      return BadUrl("points to a private, loopback or otherwise internal address (" + address +
                    "); webhooks go to public addresses only");
    }
  }
  return core::Ok();
}

}  // namespace strata::integrations::target
