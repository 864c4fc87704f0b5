#include "core/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace strata::core {
namespace {

ConfigSources FromEnvironment(const std::map<std::string, std::string>& variables) {
  ConfigSources sources;
  sources.environment = [variables](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
  return sources;
}

TEST(ConfigTest, DefaultsServeSqliteInTheDataDirectoryOnLocalhost) {
  auto config = LoadConfig({});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 8080);
  EXPECT_EQ(config->EffectiveDatabaseUrl(), "sqlite:./data/strata.db");
  EXPECT_GE(config->workers, 4);
  EXPECT_FALSE(config->SecureCookies());
}

TEST(ConfigTest, EnvironmentThenFlagsOverrideInOrder) {
  auto sources = FromEnvironment({{"STRATA_LISTEN", "0.0.0.0:9000"},
                                  {"STRATA_DB", "postgresql://strata@db/strata"},
                                  {"STRATA_PUBLIC_URL", "https://portal.example.org/"}});
  sources.flags["listen"] = "[::1]:0";
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen_host, "::1");
  EXPECT_EQ(config->listen_port, 0);
  EXPECT_EQ(config->EffectiveDatabaseUrl(), "postgresql://strata@db/strata");
  EXPECT_EQ(config->public_url, "https://portal.example.org");
  EXPECT_TRUE(config->SecureCookies());
}

TEST(ConfigTest, BadValuesNameTheSettingAndItsSource) {
  auto listen = LoadConfig(FromEnvironment({{"STRATA_LISTEN", "localhost"}}));
  ASSERT_FALSE(listen);
  EXPECT_NE(listen.error().message.find("STRATA_LISTEN"), std::string::npos);
  EXPECT_NE(listen.error().message.find("HOST:PORT"), std::string::npos);

  auto db = LoadConfig(FromEnvironment({{"STRATA_DB", "mysql://root@db/x"}}));
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("STRATA_DB"), std::string::npos);

  auto secret = LoadConfig(FromEnvironment({{"STRATA_SECRET_KEY", "short"}}));
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().message.find("short"), std::string::npos) << "secrets are not echoed";

  ConfigSources flags;
  flags.flags["workers"] = "0";
  auto workers = LoadConfig(flags);
  ASSERT_FALSE(workers);
  EXPECT_NE(workers.error().message.find("--workers"), std::string::npos);
}

TEST(ConfigTest, UploadLimitDefaultsToOneGibibyteAndIsCheckedLikeTheBodyLimit) {
  auto defaults = LoadConfig({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->max_upload_bytes, std::int64_t{1} << 30);

  auto raised = LoadConfig(FromEnvironment({{"STRATA_MAX_UPLOAD_BYTES", "5000000000"}}));
  ASSERT_TRUE(raised) << raised.error().message;
  EXPECT_EQ(raised->max_upload_bytes, 5'000'000'000);

  ConfigSources flags;
  flags.flags["max_upload_bytes"] = "10";
  auto tiny = LoadConfig(flags);
  ASSERT_FALSE(tiny);
  EXPECT_NE(tiny.error().message.find("--max-upload-bytes"), std::string::npos);
}

TEST(ConfigTest, ReadsTomlFileAndRejectsUnknownKeys) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("strata-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto good = dir / "good.toml";
  std::ofstream(good) << "listen = \"127.0.0.1:9100\"\nworkers = 3\ndata_dir = \"/srv/strata\"\n";
  ConfigSources sources;
  sources.file = good.string();
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen_port, 9100);
  EXPECT_EQ(config->workers, 3);
  EXPECT_EQ(config->EffectiveDatabaseUrl(), "sqlite:/srv/strata/strata.db");

  const auto typo = dir / "typo.toml";
  std::ofstream(typo) << "lisen = \"127.0.0.1:9100\"\n";
  sources.file = typo.string();
  auto refused = LoadConfig(sources);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("lisen"), std::string::npos);

  const auto broken = dir / "broken.toml";
  std::ofstream(broken) << "listen = \n";
  sources.file = broken.string();
  EXPECT_FALSE(LoadConfig(sources));
  std::filesystem::remove_all(dir);
}

TEST(ConfigTest, PrivateWebhookTargetsAreRefusedUnlessAllowed) {
  auto defaults = LoadConfig({});
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->allow_private_webhook_targets);
  auto allowed = LoadConfig(FromEnvironment({{"STRATA_ALLOW_PRIVATE_WEBHOOK_TARGETS", "true"}}));
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_TRUE(allowed->allow_private_webhook_targets);
  auto bad = LoadConfig(FromEnvironment({{"STRATA_ALLOW_PRIVATE_WEBHOOK_TARGETS", "yes"}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("expected true or false"), std::string::npos);

  const auto file = std::filesystem::temp_directory_path() /
                    ("strata-webhook-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(file) << "allow_private_webhook_targets = true\n";
  ConfigSources sources;
  sources.file = file.string();
  auto from_file = LoadConfig(sources);
  std::filesystem::remove(file);
  ASSERT_TRUE(from_file) << from_file.error().message;
  EXPECT_TRUE(from_file->allow_private_webhook_targets);
}

}  // namespace
}  // namespace strata::core
