#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "matching/matching.h"

namespace soci {
class session;
}

namespace strata::matching {

// One indexed record that may be the same company as the one looked up.
struct Candidate {
  std::string record_type;
  std::string record_id;
  Similarity similarity;
};

// The companies an organisation compares with each other (a vendor's registered deals and its
// direct pipeline), stored reduced and keyed so that one look-up stays fast at millions of
// records. Called by stores inside their own transactions, for the organisation their actor
// may act for; it never decides visibility itself.
class CompanyIndex {
 public:
  // Adds a record, or replaces what the index holds for it.
  static void Put(soci::session& sql, const std::string& org_id, const std::string& record_type,
                  const std::string& record_id, const Company& company);
  // Adds or replaces many records of one type, as Put does each, faster: hundreds to a
  // statement, their keys in key order, so that an import of thousands of records does not write
  // the key index at random. Each record is (record id, company), each id at most once.
  static void PutMany(soci::session& sql, const std::string& org_id, const std::string& record_type,
                      const std::vector<std::pair<std::string, Company>>& records);
  // Removes a record; nothing happens when it is not there.
  static void Remove(soci::session& sql, const std::string& org_id, const std::string& record_type,
                     const std::string& record_id);
  // The organisation's records that score at least `threshold` against `company`, best first.
  // A key shared by more than `per_key` records says little, and only `per_key` of its records
  // are considered.
  static std::vector<Candidate> Find(soci::session& sql, const std::string& org_id,
                                     const Company& company, double threshold,
                                     std::size_t per_key = 200);
};

}  // namespace strata::matching
