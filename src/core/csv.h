#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

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

// One record of a CSV text: its fields, and the 1-based line where it starts (a quoted field may
// span lines, so the next record can start several lines further down).
struct CsvRecord {
  std::size_t line;
  std::vector<std::string> fields;
};

// Parses RFC 4180 CSV strictly (libcsv): fields separated by commas, records by CRLF, LF or CR,
// quoted fields holding commas, line breaks and doubled quotes; spaces are part of a field. A
// leading UTF-8 byte-order mark is skipped, and so are blank lines. kInvalidArgument naming the
// line for text that is not UTF-8 (or holds a NUL), a quote out of place, or a quoted field that
// is never closed; that error's one field error is keyed by the line number in decimal ("7") and
// says what is wrong with the line. The one CSV reader of Strata: every import reads through it.
core::Result<std::vector<CsvRecord>> ReadCsv(std::string_view text);

}  // namespace strata::core
