// The checks of a contact import, measured alone on one thread: how many rows per second one core
// can check, and how many of them libphonenumber alone allows. bench/contacts.sh runs it on the
// file it imports, to set the import's rates against what checking can reach on this machine.
//
//   contact_checks FILE.csv      (the columns of bench/contacts_csv.py)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "contacts/contact_rules.h"
#include "core/csv.h"

namespace strata::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int Run(const char* path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  auto records = core::ReadCsv(text.str());
  if (!records || records->size() < 2) {
    std::cerr << "contact_checks: cannot read " << path << '\n';
    return 1;
  }
  std::vector<contacts::ContactFields> rows;
  rows.reserve(records->size() - 1);
  for (std::size_t i = 1; i < records->size(); ++i) {
    auto& fields = (*records)[i].fields;
    rows.push_back({.email = fields[0],
                    .first_name = fields[1],
                    .last_name = fields[2],
                    .company = fields[3],
                    .title = fields[4],
                    .phone = fields[5],
                    .country = fields[6],
                    .attributes = {{"industry", fields[7]}}});
  }
  const auto count = static_cast<double>(rows.size());

  auto start = Clock::now();
  std::size_t phones = 0;
  for (const auto& row : rows) {
    if (!row.phone.empty() && contacts::NormalisePhone(row.phone, row.country)) ++phones;
  }
  const double phone_seconds = SecondsSince(start);

  start = Clock::now();
  std::size_t valid = 0;
  for (auto row : rows) {
    if (contacts::NormaliseContact(row).empty()) ++valid;
  }
  const double check_seconds = SecondsSince(start);

  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  std::printf(
      "checks alone, one core: phone numbers %.2f us/row (%.0f rows/s; %zu numbers), "
      "every check %.2f us/row (%.0f rows/s; %zu valid rows)\n",
      phone_seconds / count * 1e6, count / phone_seconds, phones, check_seconds / count * 1e6,
      count / check_seconds, valid);
  std::printf("checks alone, all %u cores and nothing else to do: at most %.0f rows/s\n", cores,
              cores * count / check_seconds);
  return 0;
}

}  // namespace
}  // namespace strata::bench

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: contact_checks FILE.csv\n";
    return 2;
  }
  return strata::bench::Run(argv[1]);
}
