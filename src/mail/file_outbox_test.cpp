#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/ids.h"
#include "mail/mail.h"

namespace strata::mail {
namespace {

TEST(FileOutboxTest, WritesOneRfc5322MessagePerSend) {
  const auto dir = std::filesystem::temp_directory_path() / ("strata-outbox-" + core::RandomHex(4));
  FileOutbox outbox(dir.string(), "Strata <no-reply@strata.invalid>");
  ASSERT_TRUE(outbox.Send({"ann@example.com", "Join Acme\r\nBcc: evil@example.com", "Hello\nBye"}));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].extension(), ".eml");
  std::ifstream in(files[0]);
  std::stringstream text;
  text << in.rdbuf();
  const std::string mail = text.str();
  EXPECT_NE(mail.find("To: ann@example.com\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Date: "), std::string::npos);
  EXPECT_NE(mail.find("Message-ID: <"), std::string::npos);
  EXPECT_EQ(mail.find("\r\nBcc:"), std::string::npos) << "no header injection";
  EXPECT_NE(mail.find("\r\n\r\nHello\r\nBye"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata::mail
