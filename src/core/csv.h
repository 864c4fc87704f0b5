#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::core {

// Writes RFC 4180 CSV (CRLF line ends, fields quoted when they need it) for exports that people
// open in spreadsheets. Text cells that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) are neutralised with a leading apostrophe, so exported
// data can never execute; numbers are written as numbers.
class CsvWriter {
 public:
  // A text cell, neutralised and quoted as needed.
  CsvWriter& Text(std::string_view text);
  // A number cell, written as it is.
  CsvWriter& Number(std::int64_t number);
  // Ends the row.
  CsvWriter& EndRow();

  const std::string& str() const { return out_; }

 private:
  void Separate();

  std::string out_;
  bool row_started_ = false;
};

// The text a spreadsheet shows for `text` without evaluating it: `'` before a cell that starts
// with = + - @, a tab or a carriage return; the text unchanged otherwise.
std::string NeutraliseFormula(std::string_view text);

}  // namespace strata::core
