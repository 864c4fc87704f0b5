#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace soci {
class session;
}

namespace strata::notifications {

// Something an organisation's members should know about (a registration to review, a decision).
// `vendor_org_id` and `region` are the scopes of the deal it concerns: a member scoped to
// vendors or regions is told only about deals inside its scopes, so a notification about no
// vendor (NULL) or no region ("") reaches only members without such scopes.
struct NewNotification {
  std::string org_id{};
  std::string kind{};  // "deal.registered", "deal.approved", "lead.offered", …
  std::string title{};
  std::optional<std::string> deal_id{};
  std::optional<std::string> vendor_org_id{};
  std::string region{};
  std::optional<std::string> lead_id{};
};

// Adds a notification for `notification.org_id` on `sql`, inside the caller's transaction, so
// that it is stored exactly when the change it reports is.
void Notify(soci::session& sql, const NewNotification& notification);

// A notification as its organisation's members read it.
struct Notification {
  std::string id;
  std::string kind;
  std::string title;
  std::optional<std::string> deal_id;
  std::optional<std::string> lead_id{};
  core::Timestamp created_at;
  std::optional<core::Timestamp> read_at;  // Read state is the organisation's, not a person's.
};

struct NotificationPage {
  std::vector<Notification> items;
  std::optional<std::string> next_cursor;
  std::int64_t unread = 0;  // Every unread notification the actor may see, on any page.
};

// Which notifications a list holds.
enum class Show { kAll, kUnreadOnly };

// The notifications of the actor's organisation that the actor may see: its own organisation's,
// and for a scoped member only those inside its vendor and region scopes. Every member, viewers
// included, reads them and marks them read. The system actor has no organisation and gets
// kInvalidArgument.
class NotificationService {
 public:
  explicit NotificationService(db::Database& database) : database_(database) {}

  // Newest first, `limit` (1 to 200) at a time; `cursor` is the previous page's next_cursor.
  core::Result<NotificationPage> List(const access::Actor& actor, Show show, int limit,
                                      const std::optional<std::string>& cursor);
  // Marks the notifications with these ids read (at most kMaxMarkedIds); ids the actor may not
  // see, or that do not exist, are ignored. Answers how many went from unread to read.
  core::Result<std::int64_t> MarkRead(const access::Actor& actor,
                                      const std::vector<std::string>& ids);
  // Marks every unread notification the actor may see read; answers how many.
  core::Result<std::int64_t> MarkAllRead(const access::Actor& actor);

  static constexpr std::size_t kMaxMarkedIds = 200;

 private:
  db::Database& database_;
};

}  // namespace strata::notifications
