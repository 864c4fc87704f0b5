#pragma once

#include <string>

#include "core/error.h"

namespace strata::mail {

// A plain-text message to one recipient.
struct Message {
  std::string to;
  std::string subject;
  std::string text;
};

// Sends mail. The file outbox below implements it until SMTP delivery exists; both take the same
// messages, so callers do not change.
class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable when the message could not be handed over.
  virtual core::Status Send(const Message& message) = 0;
};

// Writes each message as an RFC 5322 file (NNN.eml) into a folder: the data folder's outbox.
class FileOutbox : public Mailer {
 public:
  FileOutbox(std::string directory, std::string from);
  core::Status Send(const Message& message) override;
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::string from_;
};

}  // namespace strata::mail
