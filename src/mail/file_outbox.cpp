#include <filesystem>
#include <fstream>

#include "core/ids.h"
#include "core/time.h"
#include "mail/mail.h"

namespace strata::mail {
namespace {

// Header values must stay on one line: a CR or LF in them would start a new header.
std::string OneLine(const std::string& value) {
  std::string line;
  for (char c : value) line += (c == '\r' || c == '\n') ? ' ' : c;
  return line;
}

std::string RfcDate(core::Timestamp at) {
  const std::time_t seconds = at.micros() / core::kMicrosPerSecond;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

}  // namespace

FileOutbox::FileOutbox(std::string directory, std::string from)
    : directory_(std::move(directory)), from_(std::move(from)) {}

core::Status FileOutbox::Send(const Message& message) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  const std::string id = core::Uuid::NewV7().ToString();
  const auto path = std::filesystem::path(directory_) / (id + ".eml");
  const auto temporary = std::filesystem::path(directory_) / (id + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary);
    out << "Date: " << RfcDate(core::Timestamp::Now()) << "\r\n"
        << "Message-ID: <" << id << "@strata>\r\n"
        << "From: " << OneLine(from_) << "\r\n"
        << "To: " << OneLine(message.to) << "\r\n"
        << "Subject: " << OneLine(message.subject) << "\r\n"
        << "MIME-Version: 1.0\r\n"
        << "Content-Type: text/plain; charset=utf-8\r\n"
        << "Content-Transfer-Encoding: 8bit\r\n\r\n";
    for (char c : message.text) {
      if (c == '\n')
        out << "\r\n";
      else
        out << c;
    }
    if (!out) return core::Error::Unavailable("cannot write to the outbox " + directory_);
  }
  // Renamed into place whole, so a reader never sees half a message.
  std::filesystem::rename(temporary, path, error);
  if (error) return core::Error::Unavailable("cannot write to the outbox " + directory_);
  return core::Ok();
}

}  // namespace strata::mail
