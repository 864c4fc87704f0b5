#include "integrations/webhook_target.h"

#include <gtest/gtest.h>

namespace strata::integrations::target {
namespace {

TEST(WebhookTargetTest, TakesHttpAndHttpsUrlsWithAHost) {
  auto plain = Parse("http://crm.example.com/hooks");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->host, "crm.example.com");
  EXPECT_EQ(plain->port, "80");
  auto secure = Parse("HTTPS://[2001:db8::1]:8443/in");
  ASSERT_TRUE(secure) << secure.error().message;
  EXPECT_EQ(secure->scheme, "https");
  EXPECT_EQ(secure->host, "2001:db8::1");
  EXPECT_EQ(secure->port, "8443");
  for (const char* bad :
       {"", "ftp://crm.example.com/", "crm.example.com/hooks", "http:///x",
        "http://user:pw@crm.example.com/", "http://crm.example.com:0/",
        "http://crm.example.com:70000/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_"}) {
    auto parsed = Parse(bad);
    ASSERT_FALSE(parsed) << bad;
    ASSERT_EQ(parsed.error().fields.size(), 1U);
    EXPECT_EQ(parsed.error().fields.front().field, "url");
  }
  EXPECT_FALSE(Parse("https://crm.example.com/" + std::string(3000, 'a')));
}

TEST(WebhookTargetTest, RefusesInternalAddressesInEveryForm) {
  for (const char* refused : {"127.0.0.1",
                              "127.255.0.9",
                              "10.1.2.3",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.168.1.1",
                              "100.64.0.1",
                              "100.127.255.254",
                              "169.254.169.254",
                              "0.0.0.0",
                              "0.1.2.3",
                              "224.0.0.1",
                              "239.255.255.250",
                              "255.255.255.255",
                              "240.0.0.1",
                              "::",
                              "::1",
                              "fc00::1",
                              "fd12:3456::1",
                              "fe80::1",
                              "febf::1",
                              "fec0::1",
                              "ff02::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.0.0.1",
                              "::ffff:169.254.169.254",
                              "64:ff9b::a9fe:a9fe",
                              "::127.0.0.1",
                              "not an address",
                              ""}) {
    EXPECT_TRUE(IsRefusedAddress(refused)) << refused;
  }
  for (const char* allowed :
       {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
        "2606:4700::1111", "::ffff:93.184.215.14", "2001:db8::1"}) {
    EXPECT_FALSE(IsRefusedAddress(allowed)) << allowed;
  }
}

TEST(WebhookTargetTest, ChecksEveryAddressAHostResolvesTo) {
  const Resolver rebinding = [](const std::string&,
                                const std::string&) -> core::Result<std::vector<std::string>> {
    return std::vector<std::string>{"93.184.215.14", "10.0.0.5"};
  };
  auto target = Parse("https://crm.example.com/hooks");
  ASSERT_TRUE(target);
  auto addresses = Resolve(*target, rebinding);
  ASSERT_TRUE(addresses);
  auto refused = CheckAddresses(*addresses, PrivateTargets::kRefused);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.front().field, "url");
  EXPECT_NE(refused.error().message.find("10.0.0.5"), std::string::npos);
  EXPECT_TRUE(CheckAddresses(*addresses, PrivateTargets::kAllowed));

  // The system resolver: localhost is loopback, whatever it is called.
  for (const char* url : {"http://localhost:8080/", "http://127.0.0.1/", "http://[::1]/",
                          "http://2130706433/", "http://0x7f.1/"}) {
    auto local = Parse(url);
    ASSERT_TRUE(local) << url;
    auto resolved = Resolve(*local, {});
    if (!resolved) continue;  // A form this resolver does not take is refused anyway.
    EXPECT_FALSE(CheckAddresses(*resolved, PrivateTargets::kRefused)) << url;
  }
  auto nowhere = Parse("http://no-such-host.invalid/");
  ASSERT_TRUE(nowhere);
  auto unresolved = Resolve(*nowhere, {});
  ASSERT_FALSE(unresolved);
  EXPECT_EQ(unresolved.error().fields.front().field, "url");
}

}  // namespace
}  // namespace strata::integrations::target
