#include "core/csv.h"

namespace strata::core {

std::string NeutraliseFormula(std::string_view text) {
  if (!text.empty()) {
    switch (text.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        return "'" + std::string(text);
      default:
        break;
    }
  }
  return std::string(text);
}

void CsvWriter::Separate() {
  if (row_started_) out_ += ',';
  row_started_ = true;
}

CsvWriter& CsvWriter::Text(std::string_view text) {
  Separate();
  const std::string cell = NeutraliseFormula(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out_ += cell;
    return *this;
  }
  out_ += '"';
  for (char c : cell) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  out_ += '"';
  return *this;
}

CsvWriter& CsvWriter::Number(std::int64_t number) {
  Separate();
  out_ += std::to_string(number);
  return *this;
}

CsvWriter& CsvWriter::EndRow() {
  out_ += "\r\n";
  row_started_ = false;
  return *this;
}

}  // namespace strata::core
