#pragma once

#include <string>

namespace strata::access {

// Who is asking. Every store function takes one and builds its SQL filter from it. For now the
// only actor is the system (jobs, migrations, the CLI); users and organisations join with
// identity.
class Actor {
 public:
  enum class Kind { kSystem };

  // The explicit actor for background jobs and maintenance: it sees every row.
  static Actor System() { return Actor(Kind::kSystem); }

  Kind kind() const { return kind_; }
  bool is_system() const { return kind_ == Kind::kSystem; }
  // A short description for logs and the audit trail.
  std::string Describe() const;

 private:
  explicit Actor(Kind kind) : kind_(kind) {}
  Kind kind_;
};

}  // namespace strata::access
