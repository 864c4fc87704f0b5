#include "identity/api_tokens.h"

#include <soci/soci.h>

#include "audit/audit.h"
#include "core/ids.h"
#include "core/text.h"
#include "db/query.h"
#include "db/rows.h"
#include "identity/teams.h"

namespace strata::identity {
namespace {

constexpr const char* kSecretPrefix = "strata_";

constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (id, org_id, name, role, scopes, token_hash, prefix, created_by,"
    " created_at) VALUES (:id, :org_id, :name, :role, :scopes, :token_hash, :prefix,"
    " :created_by, :created_at)";

constexpr const char* kSelectTokens =
    "SELECT t.id, t.org_id, t.name, t.role, t.prefix, u.email, t.created_at, t.last_used_at,"
    " t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.created_by"
    " WHERE t.org_id = :org_id ORDER BY t.id DESC";

constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND org_id = :org_id"
    " AND revoked_at IS NULL";

// A live token with the organisation and the account it acts for.
constexpr const char* kSelectByHash =
    "SELECT t.id, t.role, t.last_used_at, u.id, u.email, u.name, o.id, o.name, o.kinds, t.scopes"
    " FROM api_tokens t JOIN users u ON u.id = t.created_by JOIN orgs o ON o.id = t.org_id"
    " WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL";

constexpr const char* kTouch = "UPDATE api_tokens SET last_used_at = :now WHERE id = :id";

constexpr std::int64_t kTouchEvery = std::int64_t{60} * core::kMicrosPerSecond;

core::Error NeedsAdmin() {
  return core::Error{core::Errc::kForbidden, "only owners and admins manage API tokens", {}};
}

std::optional<core::Timestamp> OptionalTime(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return core::Timestamp(db::RowInteger(row, column));
}

}  // namespace

core::Result<IssuedToken> ApiTokens::Create(const access::Actor& actor, const std::string& name,
                                            access::Role role) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  std::vector<core::FieldError> problems;
  const std::string trimmed = core::Trim(name);
  if (trimmed.empty() || trimmed.size() > 100) {
    problems.push_back({"name", "must be 1 to 100 characters"});
  }
  if (role == access::Role::kOwner || !actor.HasRole(role)) {
    problems.push_back({"role", "must be admin, manager, member or viewer, and not above yours"});
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);

  IssuedToken issued;
  issued.secret = kSecretPrefix + core::RandomHex(32);
  ApiToken& token = issued.token;
  token.id = core::Uuid::NewV7().ToString();
  token.org_id = actor.org_id();
  token.name = trimmed;
  token.role = role;
  token.prefix = issued.secret.substr(0, std::string(kSecretPrefix).size() + 8);
  token.created_at = core::Timestamp::Now();
  auto created = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    db::Execute(sql, kInsertToken,
                db::Parameters()
                    .Text("id", token.id)
                    .Text("org_id", token.org_id)
                    .Text("name", token.name)
                    .Text("role", access::RoleName(role))
                    // A token sees no more than the member who issues it.
                    .Text("scopes", ScopesToJson(actor.scopes()))
                    .Text("token_hash", hasher_.Hash("api-token:", issued.secret))
                    .Text("prefix", token.prefix)
                    .Text("created_by", actor.user_id())
                    .Integer("created_at", token.created_at.micros()));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "api_token.created",
                        .target_type = "api_token",
                        .target_id = token.id,
                        .detail = {{"name", token.name}, {"role", access::RoleName(role)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
  if (!created) return created.error();
  return issued;
}

core::Result<std::vector<ApiToken>> ApiTokens::List(const access::Actor& actor) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::vector<ApiToken>> {
    std::vector<ApiToken> tokens;
    db::ForEachRow(sql, kSelectTokens, db::Parameters().Text("org_id", actor.org_id()),
                   [&](const soci::row& row) {
                     ApiToken token;
                     token.id = row.get<std::string>(0);
                     token.org_id = row.get<std::string>(1);
                     token.name = row.get<std::string>(2);
                     access::ParseRole(row.get<std::string>(3), token.role);
                     token.prefix = row.get<std::string>(4);
                     token.created_by_email = row.get<std::string>(5);
                     token.created_at = core::Timestamp(db::RowInteger(row, 6));
                     token.last_used_at = OptionalTime(row, 7);
                     token.revoked_at = OptionalTime(row, 8);
                     tokens.push_back(std::move(token));
                   });
    return tokens;
  });
}

core::Status ApiTokens::Revoke(const access::Actor& actor, const std::string& id) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const auto changed = db::Execute(sql, kRevokeToken,
                                     db::Parameters()
                                         .Integer("now", core::Timestamp::Now().micros())
                                         .Text("id", id)
                                         .Text("org_id", actor.org_id()));
    if (changed == 0) return core::Error::NotFound("no such API token");
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "api_token.revoked",
                        .target_type = "api_token",
                        .target_id = id,
                        .detail = {},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<Principal> ApiTokens::Authenticate(const std::string& secret) {
  const auto unknown = [] {
    return core::Error{core::Errc::kUnauthenticated, "the API token is unknown or revoked", {}};
  };
  if (secret.rfind(kSecretPrefix, 0) != 0) return unknown();
  const std::string hash = hasher_.Hash("api-token:", secret);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Principal> {
    std::optional<Principal> principal;
    std::optional<core::Timestamp> last_used;
    db::ForEachRow(
        sql, kSelectByHash, db::Parameters().Text("token_hash", hash), [&](const soci::row& row) {
          Principal found;
          found.api_token_id = row.get<std::string>(0);
          access::ParseRole(row.get<std::string>(1), found.role);
          last_used = OptionalTime(row, 2);
          found.user = {row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5)};
          found.org = {row.get<std::string>(6), row.get<std::string>(7),
                       core::SplitList(row.get<std::string>(8), ',')};
          found.scopes = ScopesFromJson(row.get<std::string>(9));
          principal = std::move(found);
        });
    if (!principal) return unknown();
    const auto now = core::Timestamp::Now();
    if (!last_used || now.micros() - last_used->micros() > kTouchEvery) {
      db::Execute(
          sql, kTouch,
          db::Parameters().Integer("now", now.micros()).Text("id", *principal->api_token_id));
    }
    return *principal;
  });
}

}  // namespace strata::identity
