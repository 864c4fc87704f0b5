#include "brand/brand.h"

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "db/testing/test_database.h"
#include "identity/identity.h"
#include "mail/memory_mailbox.h"
#include "network/network.h"

namespace strata::brand {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\x01');

TEST(SniffImageTest, KnowsPngJpegAndWebpOnly) {
  EXPECT_EQ(SniffImage(kPng), "image/png");
  EXPECT_EQ(SniffImage("\xff\xd8\xff\xe0 jpeg"), "image/jpeg");
  EXPECT_EQ(SniffImage(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_FALSE(SniffImage("<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"));
  EXPECT_FALSE(SniffImage("GIF89a"));
  EXPECT_FALSE(SniffImage(""));
}

TEST(ValidateBrandTest, NamesEveryBadField) {
  Brand brand{"blue", "#12345g", std::string(101, 'n'), "not-an-address", "javascript:alert(1)",
              "",     ""};
  std::set<std::string> fields;
  for (const auto& problem : ValidateBrand(brand)) fields.insert(problem.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"brand.primary_colour", "brand.accent_colour",
                                   "brand.sender_name", "brand.sender_email", "brand.website"}));
  EXPECT_TRUE(ValidateBrand({"#1F6FEB", "#ffaa00", "Acme Channel", "channel@acme.example",
                             "https://acme.example/partners", "1 Main St", "— Acme"})
                  .empty());
}

class BrandServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_ = db::testing::TestDatabase::Create();
    ASSERT_TRUE(db::Migrate(test_->database(), db::BuiltinMigrations()));
    identity_ = std::make_unique<identity::IdentityService>(test_->database(), std::string(40, 'k'),
                                                            identity::SessionPolicy{},
                                                            identity::PasswordCost::kMinimal);
    network_ = std::make_unique<network::NetworkService>(test_->database(), mailer_, "",
                                                         std::string(40, 'k'));
    brands_ = std::make_unique<BrandService>(test_->database());
  }

  access::Actor Org(const std::string& email, std::vector<std::string> kinds) {
    auto session = identity_->Signup(
        {email, "correct horse battery", "Owner", email + " org", std::move(kinds)}, {});
    EXPECT_TRUE(session);
    return session->principal.actor();
  }

  std::unique_ptr<db::testing::TestDatabase> test_;
  mail::MemoryMailbox mailer_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<BrandService> brands_;
};

TEST_F(BrandServiceTest, AnAdminSetsTheNameBrandAndLogo) {
  const auto vendor = Org("v@example.com", {"vendor"});
  const Brand brand{"#1f6feb",
                    "",
                    "Acme Channel",
                    "channel@acme.example",
                    "https://acme.example",
                    "1 Main St\nSpringfield",
                    "The Acme channel team"};
  auto changed = brands_->Change(vendor, {"Acme Networks", brand});
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->name, "Acme Networks");
  EXPECT_EQ(changed->brand.postal_address, "1 Main St\nSpringfield");
  // A second change replaces the brand; leaving it out keeps it.
  ASSERT_TRUE(brands_->Change(vendor, {std::nullopt, Brand{.primary_colour = "#000000"}}));
  ASSERT_TRUE(brands_->Change(vendor, {"Acme", std::nullopt}));
  auto read = brands_->Get(vendor);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->brand.primary_colour, "#000000");
  EXPECT_EQ(read->brand.sender_name, "");
  EXPECT_FALSE(read->logo_etag);

  auto with_logo = brands_->SetLogo(vendor, kPng);
  ASSERT_TRUE(with_logo) << with_logo.error().message;
  ASSERT_TRUE(with_logo->logo_etag);
  auto logo = brands_->LogoOf(vendor, vendor.org_id());
  ASSERT_TRUE(logo);
  EXPECT_EQ(logo->bytes, kPng);
  EXPECT_EQ(logo->content_type, "image/png");

  EXPECT_EQ(brands_->SetLogo(vendor, "<svg/>").error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(brands_->SetLogo(vendor, kPng + std::string(kMaxLogoBytes, 'x')).error().code,
            core::Errc::kInvalidArgument);
  ASSERT_TRUE(brands_->RemoveLogo(vendor));
  EXPECT_EQ(brands_->LogoOf(vendor, vendor.org_id()).error().code, core::Errc::kNotFound);
}

TEST_F(BrandServiceTest, PartnersSeeALogoAndStrangersDoNot) {
  const auto vendor = Org("v@example.com", {"vendor"});
  const auto reseller = Org("r@example.com", {"reseller"});
  const auto stranger = Org("s@example.com", {"reseller"});
  ASSERT_TRUE(brands_->SetLogo(vendor, kPng));
  EXPECT_EQ(brands_->LogoOf(reseller, vendor.org_id()).error().code, core::Errc::kNotFound);
  ASSERT_TRUE(network_->Invite(vendor, {reseller.org_id(), std::nullopt}, "reseller"));
  EXPECT_TRUE(brands_->LogoOf(reseller, vendor.org_id()));
  EXPECT_EQ(brands_->LogoOf(stranger, vendor.org_id()).error().code, core::Errc::kNotFound);
}

TEST_F(BrandServiceTest, OnlyOwnersAndAdminsChangeSettings) {
  const auto vendor = Org("v@example.com", {"vendor"});
  const auto viewer = access::Actor::User("someone", vendor.org_id(), access::Role::kViewer, {});
  EXPECT_TRUE(brands_->Get(viewer));
  EXPECT_EQ(brands_->Change(viewer, {"Mine", std::nullopt}).error().code, core::Errc::kForbidden);
  EXPECT_EQ(brands_->SetLogo(viewer, kPng).error().code, core::Errc::kForbidden);
  EXPECT_EQ(brands_->Change(vendor, {"  ", std::nullopt}).error().code,
            core::Errc::kInvalidArgument);
}

}  // namespace
}  // namespace strata::brand
