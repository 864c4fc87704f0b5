#include "matching/company_index.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "db/query.h"
#include "db/rows.h"

namespace strata::matching {
namespace {

// Removes a record's description and keys.
constexpr const char* kDeleteRecord =
    "DELETE FROM company_index WHERE org_id = :org_id AND record_type = :record_type"
    " AND record_id = :record_id";
constexpr const char* kDeleteKeys =
    "DELETE FROM company_index_keys WHERE org_id = :org_id AND record_type = :record_type"
    " AND record_id = :record_id";

// Stores a record's description.
constexpr const char* kInsertRecord =
    "INSERT INTO company_index (org_id, record_type, record_id, tokens, consonants, abjad, domain,"
    " country) VALUES (:org_id, :record_type, :record_id, :tokens, :consonants, :abjad, :domain,"
    " :country)";

// Stores the keys of a record; InsertKeys adds one row of values per key.
constexpr const char* kInsertKeys =
    "INSERT INTO company_index_keys (org_id, key, record_type, record_id) VALUES ";

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

// The records sharing a key, with what the matcher compares. Keys of single words, of the start
// of a name and of initials (:w0, :w1, …) can be shared by many records, so at most `per_key`
// of each are read; the other keys (:k0, :k1, …: the whole name and its one-slip variants,
// pairs of words, the domain, the consonants) are selective and are read in one go, up to ten
// times `per_key` records.
std::string FindQuery(std::size_t selective, std::size_t words, std::size_t per_key) {
  std::vector<std::string> parts;
  if (selective > 0) {
    std::string list;
    for (std::size_t i = 0; i < selective; ++i) list += (i ? ", :k" : ":k") + std::to_string(i);
    parts.push_back(
        "SELECT record_type, record_id FROM (SELECT DISTINCT record_type, record_id FROM "
        "company_index_keys WHERE org_id = :org_id AND key IN (" +
        list + ") LIMIT " + std::to_string(per_key * 10) + ") AS selective");
  }
  for (std::size_t i = 0; i < words; ++i) {
    const std::string n = std::to_string(i);
    std::string part =
        "SELECT record_type, record_id FROM (SELECT record_type, record_id FROM "
        "company_index_keys WHERE org_id = :org_id AND key = :w";
    part.append(n).append(" LIMIT ").append(std::to_string(per_key)).append(") AS w").append(n);
    parts.push_back(std::move(part));
  }
  std::string found;
  for (const auto& part : parts) {
    if (!found.empty()) found += " UNION ";
    found += part;
  }
  return "SELECT c.record_type, c.record_id, c.tokens, c.consonants, c.abjad, c.domain,"
         " c.country FROM company_index c JOIN (" +
         found +
         ") AS found ON found.record_type = c.record_type AND found.record_id = c.record_id"
         " WHERE c.org_id = :org_id";
}

// Inserts all the keys of a record in one statement: a record has dozens (its name's one-slip
// variants), and a statement for each made an import of thousands of records slow. The values
// are bound by position, as a name used twice is bound once on PostgreSQL and looking up
// hundreds of names costs more than the insert on SQLite.
void InsertKeys(soci::session& sql, const std::string& org_id, const std::string& record_type,
                const std::string& record_id, const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  std::string query = kInsertKeys;
  // The statement binds these by address, so the vector must not grow once bound.
  std::vector<std::string> values;
  values.reserve(keys.size() * 4);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string n = std::to_string(i);
    query += i == 0 ? "(:o" : ", (:o";
    for (const char* next : {", :k", ", :t", ", :r"}) {
      query += n;
      query += next;
    }
    query += n;
    query += ')';
    values.insert(values.end(), {org_id, keys[i], record_type, record_id});
  }
  soci::statement statement(sql);
  for (const auto& value : values) statement.exchange(soci::use(value));
  statement.alloc();
  statement.prepare(query);
  statement.define_and_bind();
  statement.execute(true);
}

}  // namespace

void CompanyIndex::Put(soci::session& sql, const std::string& org_id,
                       const std::string& record_type, const std::string& record_id,
                       const Company& company) {
  Remove(sql, org_id, record_type, record_id);
  db::Execute(sql, kInsertRecord,
              db::Parameters()
                  .Text("org_id", org_id)
                  .Text("record_type", record_type)
                  .Text("record_id", record_id)
                  .Text("tokens", Joined(company.tokens))
                  .Text("consonants", company.consonants)
                  .Integer("abjad", company.abjad ? 1 : 0)
                  .Text("domain", company.domain)
                  .Text("country", company.country));
  InsertKeys(sql, org_id, record_type, record_id, IndexKeys(company));
}

void CompanyIndex::Remove(soci::session& sql, const std::string& org_id,
                          const std::string& record_type, const std::string& record_id) {
  const auto parameters = db::Parameters()
                              .Text("org_id", org_id)
                              .Text("record_type", record_type)
                              .Text("record_id", record_id);
  db::Execute(sql, kDeleteKeys, parameters);
  db::Execute(sql, kDeleteRecord, parameters);
}

std::vector<Candidate> CompanyIndex::Find(soci::session& sql, const std::string& org_id,
                                          const Company& company, double threshold,
                                          std::size_t per_key) {
  const std::vector<std::string> keys = LookupKeys(company);
  std::vector<Candidate> found;
  if (keys.empty()) return found;
  db::Parameters parameters;
  parameters.Text("org_id", org_id);
  std::size_t selective = 0;
  std::size_t words = 0;
  for (const auto& key : keys) {
    // Single words, the start of a name and initials are shared by many names: each is read
    // capped.
    if (key.starts_with("w:") || key.starts_with("x:") || key.starts_with("p:") ||
        key.starts_with("i:") || key.starts_with("a:")) {
      parameters.Text("w" + std::to_string(words++), key);
    } else {
      parameters.Text("k" + std::to_string(selective++), key);
    }
  }
  const std::string query = FindQuery(selective, words, per_key);
  db::ForEachRow(sql, query, parameters, [&](const soci::row& row) {
    Company other;
    const auto tokens = row.get<std::string>(2);
    for (std::size_t start = 0; start < tokens.size();) {
      const std::size_t end = std::min(tokens.find(' ', start), tokens.size());
      other.tokens.push_back(tokens.substr(start, end - start));
      other.compact += other.tokens.back();
      start = end + 1;
    }
    other.consonants = row.get<std::string>(3);
    other.abjad = db::RowInteger(row, 4) != 0;
    other.domain = row.get<std::string>(5);
    other.country = row.get<std::string>(6);
    Similarity similarity = Compare(company, other);
    if (similarity.score >= threshold) {
      found.push_back({row.get<std::string>(0), row.get<std::string>(1), std::move(similarity)});
    }
  });
  std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    return a.similarity.score != b.similarity.score ? a.similarity.score > b.similarity.score
                                                    : a.record_id < b.record_id;
  });
  return found;
}

}  // namespace strata::matching
