#include "core/email.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/csv.h"

namespace strata::core {
namespace {

TEST(NormaliseEmail, KeepsAnAddressTrimmedAndInLowerCase) {
  EXPECT_EQ(NormaliseEmail("  Anna.Berg@Example.COM \t"), "anna.berg@example.com");
  EXPECT_EQ(NormaliseEmail("o'brien+news@mail.example.co.uk"), "o'brien+news@mail.example.co.uk");
  EXPECT_EQ(NormaliseEmail("x@a-b.example"), "x@a-b.example");
}

TEST(NormaliseEmail, KeepsAUnicodeDomainInUnicode) {
  EXPECT_EQ(NormaliseEmail("info@Bücher.example"), "info@bücher.example");
  EXPECT_EQ(NormaliseEmail("info@xn--bcher-kva.example"), "info@xn--bcher-kva.example");
  EXPECT_EQ(NormaliseEmail("info@bü cher.example"), std::nullopt);
}

TEST(NormaliseEmail, RefusesWhatAnEnvelopeShouldNotCarry) {
  for (const char* bad : {"",
                          "anna",
                          "anna@",
                          "@example.com",
                          "anna@example",
                          "anna@@example.com",
                          "anna.@example.com",
                          ".anna@example.com",
                          "an..na@example.com",
                          "anna@example..com",
                          "anna@-example.com",
                          "anna@example-.com",
                          "anna@example.123",
                          "anna@[192.0.2.1]",
                          "\"anna\"@example.com",
                          "anna(comment)@example.com",
                          "an na@example.com",
                          "anna@exa_mple.com",
                          "anna@example.com\r\nBcc: x@example.com",
                          "anna@example.com.",
                          "<anna@example.com>",
                          "anna@.example.com",
                          "anna@example.com\n",
                          "\r\nanna@example.com"}) {
    EXPECT_EQ(NormaliseEmail(bad), std::nullopt) << bad;
  }
}

TEST(NormaliseEmail, RefusesAddressesBeyondTheLengthLimits) {
  const std::string local65(65, 'a');
  EXPECT_EQ(NormaliseEmail(local65 + "@example.com"), std::nullopt);
  EXPECT_TRUE(NormaliseEmail(std::string(64, 'a') + "@example.com"));
  const std::string label64(64, 'b');
  EXPECT_EQ(NormaliseEmail("a@" + label64 + ".com"), std::nullopt);
  std::string long_domain;
  for (int i = 0; i < 5; ++i) long_domain += std::string(60, 'c') + ".";
  EXPECT_EQ(NormaliseEmail("a@" + long_domain + "com"), std::nullopt);
}

// Dominic Sayers' is_email test set (tests/data/email-isemail). Every address it calls an error
// is refused; so are the forms that are valid RFC 5321/5322 but belong in no mailing list
// (quoted strings, comments, folding white space, literals, deprecated syntax). The valid ones
// are kept, except an address on a bare top-level domain (test@io), which this validator refuses
// on purpose; addresses that only fail a DNS look-up pass, since no look-up is made. Spaces and
// tabs around an address are trimmed, so those cases are judged by the address inside them.
TEST(NormaliseEmail, AgreesWithTheIsEmailTestSet) {
  std::ifstream file(std::string(STRATA_EMAIL_DATA) + "/tests_flat.DERIVED.csv", std::ios::binary);
  ASSERT_TRUE(file) << STRATA_EMAIL_DATA;
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string text = buffer.str();
  // The file decodes the set's U+2400 control pictures to control characters; ReadCsv refuses a
  // NUL, so NUL goes back to its picture, which is just as invalid in an address.
  std::string without_nul;
  for (char c : text) {
    if (c == '\0') {
      without_nul += "\xE2\x90\x80";
    } else {
      without_nul += c;
    }
  }
  auto records = ReadCsv(without_nul);
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_GT(records->size(), 150U);
  int valid = 0;
  int refused = 0;
  int trimmed = 0;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& fields = (*records)[i].fields;
    ASSERT_GE(fields.size(), 4U);
    const std::string& id = fields[0];
    const std::string& address = fields[1];
    const std::string& category = fields[2];
    const bool kept = NormaliseEmail(address).has_value();
    // Spaces around an address (not line breaks) are trimmed: the address inside is judged.
    const auto first = address.find_first_not_of(" \t");
    const auto last = address.find_last_not_of(" \t");
    if (first != std::string::npos && (first > 0 || last + 1 < address.size())) {
      const std::string inner = address.substr(first, last - first + 1);
      EXPECT_EQ(NormaliseEmail(address), NormaliseEmail(inner)) << id;
      trimmed += 1;
      continue;
    }
    if (category == "ISEMAIL_VALID_CATEGORY") {
      EXPECT_EQ(kept, address != "test@io") << id << " " << address;
      valid += kept ? 1 : 0;
    } else if (category != "ISEMAIL_DNSWARN") {
      EXPECT_FALSE(kept) << id << " " << category << " " << address;
      refused += kept ? 0 : 1;
    }
  }
  EXPECT_EQ(valid, 13);
  EXPECT_EQ(trimmed, 12);
  EXPECT_EQ(refused, 130);
}

}  // namespace
}  // namespace strata::core
