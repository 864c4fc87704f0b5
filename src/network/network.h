#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "identity/identity.h"
#include "mail/mail.h"

namespace strata::network {

enum class Status { kInvited, kActive, kDeclined, kSuspended, kEnded };
const char* StatusName(Status status);

// What one side asks of a relationship.
enum class Action { kAccept, kDecline, kSuspend, kReactivate, kEnd };
const char* ActionName(Action action);

enum class Side { kUpstream, kDownstream };

// The status after `side` takes `action` on a relationship in `current`; kConflict with the
// reason when the action does not apply (only the downstream side accepts or declines an
// invitation, only the upstream side suspends and reactivates, either side ends an open one).
core::Result<Status> NextStatus(Status current, Action action, Side side);

struct OrgRef {
  std::string id;
  std::string name;
  std::vector<std::string> kinds;
  // Set up by an inviter for someone who has not signed up yet; named by that email until then.
  bool awaiting_sign_up = false;
  bool has_logo = false;  // Its logo is at /api/v1/orgs/{id}/logo.
};

// A directed edge: `upstream` invited `downstream` to be its distributor or reseller.
struct Relationship {
  std::string id;
  OrgRef upstream;
  OrgRef downstream;
  std::string kind;  // "distributor" or "reseller".
  Status status = Status::kInvited;
  std::string tier;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  // For a distributor's reseller: the vendors the reseller is authorised for.
  std::vector<std::string> vendor_ids;
};

// How a reseller reaches a vendor: directly, or through a distributor that authorised it.
struct VendorRoute {
  std::string relationship_id;
  std::optional<OrgRef> distributor;  // Empty for a direct relationship.
};

struct VendorEntry {
  OrgRef vendor;
  std::vector<VendorRoute> routes;
};

struct RelationshipPage {
  std::vector<Relationship> items;
  std::optional<std::string> next_cursor;
};

// Who to invite: an organisation by id, or the organisation of a registered email.
struct InviteTarget {
  std::optional<std::string> org_id;
  std::optional<std::string> email;
};

// The channel network. Every function takes the actor; a relationship the actor's organisation
// is not a side of answers kNotFound, exactly like one that does not exist. Writes need the
// admin role (kForbidden otherwise).
class NetworkService : public identity::InvitationRedeemer {
 public:
  NetworkService(db::Database& database, mail::Mailer& mailer, std::string public_url,
                 const std::string& secret_key);

  // The actor's organisation invites another as its distributor or reseller. A vendor may invite
  // distributors and resellers, a distributor resellers. An email nobody has registered gets an
  // organisation set up for it and a link to sign up into it (valid 30 days). kInvalidArgument
  // for a bad kind or target, kNotFound for an unknown organisation, kConflict for an open
  // relationship between the two already.
  core::Result<Relationship> Invite(const access::Actor& actor, const InviteTarget& target,
                                    const std::string& kind);
  core::Result<Relationship> Apply(const access::Actor& actor, const std::string& id,
                                   Action action);
  core::Result<Relationship> Get(const access::Actor& actor, const std::string& id);
  // Newest first; `cursor` is the next_cursor of the previous page.
  core::Result<RelationshipPage> List(const access::Actor& actor, int limit,
                                      const std::optional<std::string>& cursor);
  // The distributor sets the vendors an active reseller relationship is authorised for; each
  // must be a vendor the distributor has an active relationship with.
  core::Result<Relationship> SetAuthorizations(const access::Actor& actor, const std::string& id,
                                               const std::vector<std::string>& vendor_ids);
  // The upstream side labels the relationship with a tier ("Gold"; empty clears it), up to 50
  // characters; both sides see it.
  core::Result<Relationship> SetTier(const access::Actor& actor, const std::string& id,
                                     const std::string& tier);
  // The active relationships in which `upstream_org_id` is the upstream side: its distributors
  // and resellers, with their tiers. For the system and that organisation's members (a member
  // scoped to vendors sees only those partners); kNotFound for anyone else.
  core::Result<std::vector<Relationship>> Partners(const access::Actor& actor,
                                                   const std::string& upstream_org_id);
  // The actor's vendors: direct active relationships, and vendors authorised through active
  // distributors that still carry them, each with its routes.
  core::Result<std::vector<VendorEntry>> Vendors(const access::Actor& actor);

  // An admin of an organisation already on Strata takes up an invitation mailed to an address
  // that had no account: the relationships waiting for that address come to the actor's
  // organisation (an invitation from someone it already works with is ended instead).
  // kNotFound for an unknown, used or expired link; kInvalidArgument when the organisation is not
  // of the kind it is invited as.
  core::Result<std::vector<Relationship>> TakeUpInvitation(const access::Actor& actor,
                                                           const std::string& token);

  // Sign-up from an invitation's link: the new account takes over the organisation set up for it.
  core::Result<std::optional<identity::Joining>> Redeem(soci::session& sql,
                                                        const std::string& token,
                                                        const std::string& user_id,
                                                        const identity::Origin& origin) override;

 private:
  struct LinkInvitation {
    std::string id;
    std::string invitee_org_id;
  };
  // The invitation a link's token names: nullopt when none; kNotFound when spent or expired.
  core::Result<std::optional<LinkInvitation>> FindUsable(soci::session& sql,
                                                         const std::string& token);

  // The organisation registered under `email`, or the one set up for it, created when needed.
  core::Result<std::string> OrgForEmail(soci::session& sql, const std::string& email,
                                        const std::string& kind);

  db::Database& database_;
  mail::Mailer& mailer_;
  std::string public_url_;
  identity::TokenHasher hasher_;
};

}  // namespace strata::network
