#pragma once

#include <map>
#include <string>

#include "core/config.h"

namespace strata::app {

// `strata import contacts`: what to import into which organisation.
struct ContactImportRequest {
  std::string org_id;
  std::string file;
  std::map<std::string, std::string>
      mapping;  // Field -> column; suggested from the header when empty.
  std::string on_duplicate = "update";
};

// Imports a CSV file of contacts as the organisation's owner would through the portal, in this
// process, and prints the outcome: rows, time, rows per second, peak memory and every rejected row
// (up to the report's limit). The file itself is left where it is. Exit code 0 when imported, 1
// when rejected or failed, 2 for bad arguments.
int ImportContacts(const core::Config& config, const ContactImportRequest& request);

}  // namespace strata::app
