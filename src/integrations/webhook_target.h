#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "integrations/webhooks.h"

// Where a webhook may be sent: URL checks and the addresses that are refused (SSRF).
namespace strata::integrations::target {

// The parts of a target URL a send needs.
struct Target {
  std::string scheme{};  // "http" or "https".
  std::string host{};    // A name or an address, without brackets.
  std::string port{};    // Explicit or the scheme's default.
};

// Parses an http or https URL with a host (no user name or password, at most 2048 characters);
// kInvalidArgument naming `url` otherwise.
core::Result<Target> Parse(const std::string& url);

// True for an address no webhook may reach unless private targets are allowed: loopback,
// private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local (169.254/16,
// fe80::/10), unspecified, "this network" (0/8), multicast, reserved and broadcast (240/4),
// site-local, and the IPv4-mapped, -compatible and NAT64 forms of those. Text that is not an
// address is refused too.
bool IsRefusedAddress(const std::string& address);

// The host's addresses through `resolver` (getaddrinfo when empty); kInvalidArgument naming
// `url` when the host does not resolve or has no address.
core::Result<std::vector<std::string>> Resolve(const Target& target, const Resolver& resolver);

// Every address checked unless private targets are allowed; kInvalidArgument naming `url` with
// the first refused address.
core::Status CheckAddresses(const std::vector<std::string>& addresses,
                            PrivateTargets private_targets);

}  // namespace strata::integrations::target
