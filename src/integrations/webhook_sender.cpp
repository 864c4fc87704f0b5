#include "integrations/webhook_sender.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

namespace strata::integrations::sender {
namespace {

// Bodies past this are not read: the status is what counts.
constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const Post* post = nullptr;
  std::string excerpt;
  std::size_t received = 0;
  bool body_too_long = false;
  std::string refused_address;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->excerpt.size() < kExcerptBytes) {
    transfer->excerpt.append(data, std::min(bytes, kExcerptBytes - transfer->excerpt.size()));
  }
  transfer->received += bytes;
  if (transfer->received > kMaxBodyBytes) {
    transfer->body_too_long = true;
    return 0;  // Stops the transfer.
  }
  return bytes;
}

std::string AddressText(const sockaddr* address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text.data(),
                text.size());
  } else if (address->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text.data(),
                text.size());
  }
  return text.data();
}

// The last word before connecting: the address curl is about to connect to must be one that was
// checked, and still pass the check, so neither DNS rebinding nor a redirect reaches inside.
curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  const std::string text = AddressText(&address->addr);
  const auto& allowed = transfer->post->addresses;
  const bool checked = std::find(allowed.begin(), allowed.end(), text) != allowed.end();
  const bool refused =
      transfer->post->private_targets == PrivateTargets::kRefused && target::IsRefusedAddress(text);
  if (!checked || refused) {
    transfer->refused_address = text.empty() ? "an unknown address" : text;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

bool IsAddress(const std::string& host) {
  std::array<unsigned char, 16> bytes{};
  return ::inet_pton(AF_INET, host.c_str(), bytes.data()) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), bytes.data()) == 1;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Answer Send(const Post& post) {
  GlobalInit();
  Answer answer;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    answer.error = "cannot start an HTTP client";
    return answer;
  }
  Transfer transfer;
  transfer.post = &post;
  std::unique_ptr<curl_slist, ListDeleter> headers;
  const auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  for (const auto& [name, value] : post.headers) {
    std::string line = name;
    line += ": ";
    line += value;
    add_header(line);
  }
  add_header("Expect:");  // No 100-continue round trip.
  // Pins the host name to the checked addresses: curl resolves nothing itself.
  std::unique_ptr<curl_slist, ListDeleter> resolve;
  if (!IsAddress(post.target.host) && !post.addresses.empty()) {
    std::string entry = post.target.host + ":" + post.target.port + ":";
    for (std::size_t i = 0; i < post.addresses.size(); ++i) {
      const std::string& address = post.addresses[i];
      entry += (i == 0 ? "" : ",") +
               (address.find(':') != std::string::npos ? "[" + address + "]" : address);
    }
    resolve.reset(curl_slist_append(nullptr, entry.c_str()));
  }
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_PROXY, "");
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(post.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(post.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "Strata-Webhooks/1");
  if (resolve) curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);

  const CURLcode code = curl_easy_perform(handle);
  curl_off_t micros = 0;
  curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &micros);
  answer.duration_ms = static_cast<std::int64_t>(micros / 1000);
  answer.excerpt = std::move(transfer.excerpt);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  // A body cut short after the status arrived still counts as that status.
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.body_too_long && status > 0)) {
    answer.status = static_cast<int>(status);
    return answer;
  }
  if (!transfer.refused_address.empty()) {
    answer.error = "refused to connect to " + transfer.refused_address +
                   ": webhooks go to public addresses only";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    answer.error = "timed out";
  } else {
    answer.error = curl_easy_strerror(code);
  }
  return answer;
}

}  // namespace strata::integrations::sender
