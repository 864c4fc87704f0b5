#include "matching/company_index.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <span>

#include "db/bulk.h"
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

// The heads of the statements that write many records or keys at once, hundreds of rows to a
// statement: a statement each made an import of thousands of records slow.
constexpr const char* kDeleteRecordsOf =
    "DELETE FROM company_index WHERE org_id = ? AND record_type = ? AND record_id IN ";
constexpr const char* kDeleteKeysOf =
    "DELETE FROM company_index_keys WHERE org_id = ? AND record_type = ? AND record_id IN ";
constexpr const char* kInsertRecords =
    "INSERT INTO company_index (org_id, record_type, record_id, tokens, consonants, abjad, domain,"
    " country) VALUES ";
constexpr const char* kInsertKeys =
    "INSERT INTO company_index_keys (org_id, key, record_type, record_id) VALUES ";

// How many records, and how many keys, one statement writes.
constexpr std::size_t kRecordsPerStatement = 100;
constexpr std::size_t kKeysPerStatement = 500;

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

// Replaces the descriptions of some records and removes their keys.
void ReplaceRecords(soci::session& sql, const std::string& org_id, const std::string& record_type,
                    std::span<const std::pair<std::string, Company>> records) {
  if (records.empty()) return;
  for (const char* head : {kDeleteKeysOf, kDeleteRecordsOf}) {
    db::BulkStatement remove(sql, head, {org_id, record_type});
    for (std::size_t i = 0; i < records.size(); ++i) {
      remove.Add(i == 0 ? "(?" : ", ?", {records[i].first});
    }
    remove.Add(")");
    remove.Execute();
  }
  db::BulkStatement insert(sql, kInsertRecords);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& [record_id, company] = records[i];
    insert.Add(i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)",
               {org_id, record_type, record_id, Joined(company.tokens), company.consonants,
                company.abjad ? "1" : "0", company.domain, company.country});
  }
  insert.Execute();
}

// Inserts key rows: (key, record id).
void InsertKeys(soci::session& sql, const std::string& org_id, const std::string& record_type,
                std::span<const std::pair<std::string, std::string>> rows) {
  if (rows.empty()) return;
  db::BulkStatement insert(sql, kInsertKeys);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    insert.Add(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)",
               {org_id, rows[i].first, record_type, rows[i].second});
  }
  insert.Execute();
}

}  // namespace

void CompanyIndex::Put(soci::session& sql, const std::string& org_id,
                       const std::string& record_type, const std::string& record_id,
                       const Company& company) {
  PutMany(sql, org_id, record_type, {{record_id, company}});
}

void CompanyIndex::PutMany(soci::session& sql, const std::string& org_id,
                           const std::string& record_type,
                           const std::vector<std::pair<std::string, Company>>& records) {
  std::vector<std::pair<std::string, std::string>> keys;
  for (std::size_t at = 0; at < records.size(); at += kRecordsPerStatement) {
    ReplaceRecords(
        sql, org_id, record_type,
        std::span(records).subspan(at, std::min(kRecordsPerStatement, records.size() - at)));
  }
  for (const auto& [record_id, company] : records) {
    for (auto& key : IndexKeys(company)) keys.emplace_back(std::move(key), record_id);
  }
  // In key order, the inserts walk the key index once instead of landing at random.
  std::sort(keys.begin(), keys.end());
  for (std::size_t at = 0; at < keys.size(); at += kKeysPerStatement) {
    InsertKeys(sql, org_id, record_type,
               std::span(keys).subspan(at, std::min(kKeysPerStatement, keys.size() - at)));
  }
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
    if (key.starts_with("w:") || key.starts_with("p:") || key.starts_with("i:") ||
        key.starts_with("a:")) {
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
