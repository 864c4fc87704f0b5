#pragma once

#include <regex>
#include <string>
#include <vector>

#include "mail/mail.h"

namespace strata::mail {

// Keeps messages in memory instead of sending them: for tests, and for demo data whose
// addresses reach nobody.
class MemoryMailbox : public Mailer {
 public:
  core::Status Send(const Message& message) override {
    sent.push_back(message);
    return core::Ok();
  }

  // The hex token after `marker` ("/join/") in the last message; "" when there is none.
  std::string LastToken(const std::string& marker) const {
    std::smatch match;
    if (sent.empty() ||
        !std::regex_search(sent.back().text, match, std::regex(marker + "([0-9a-f]+)"))) {
      return "";
    }
    return match[1];
  }

  std::vector<Message> sent;
};

}  // namespace strata::mail
