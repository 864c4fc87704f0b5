#include "core/csv.h"

#include <csv.h>
#include <unicode/utf8.h>

#include <new>
#include <optional>
#include <utility>

namespace strata::core {
namespace {

// What the reader collects from libcsv's callbacks.
struct ReadState {
  std::vector<CsvRecord> records;
  std::vector<std::string> fields;
  std::size_t start_line = 0;
  bool record_ended = false;
};

void OnField(void* data, std::size_t size, void* state) {
  auto& read = *static_cast<ReadState*>(state);
  // libcsv passes no buffer for an empty field it has not needed memory for yet.
  read.fields.emplace_back(data == nullptr ? std::string()
                                           : std::string(static_cast<const char*>(data), size));
}

void OnRecordEnd(int /*terminator*/, void* state) {
  auto& read = *static_cast<ReadState*>(state);
  read.records.push_back({read.start_line, std::move(read.fields)});
  read.fields.clear();
  read.record_ended = true;
}

// RFC 4180 keeps spaces as part of a field; libcsv trims spaces and tabs unless told otherwise.
int NoSpaces(unsigned char /*character*/) { return 0; }

// A libcsv parser that frees its buffer however the reader returns.
class Parser {
 public:
  Parser() {
    if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    csv_set_space_func(&parser_, NoSpaces);
  }
  ~Parser() { csv_free(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  csv_parser* get() { return &parser_; }

 private:
  csv_parser parser_{};
};

// One past the end of the line starting at `from`, its CRLF, LF or CR included; the line breaks
// are those libcsv ends a record at, so a record never ends inside a line.
std::size_t LineEnd(std::string_view text, std::size_t from) {
  const std::size_t at = text.find_first_of("\r\n", from);
  if (at == std::string_view::npos) return text.size();
  if (text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n') return at + 2;
  return at + 1;
}

// Why a line is not text: invalid UTF-8, or a NUL (which no database column can hold).
std::optional<std::string> TextProblem(std::string_view line) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(line.data());
  const auto length = static_cast<std::int32_t>(line.size());
  std::int32_t at = 0;
  while (at < length) {
    UChar32 character = 0;
    U8_NEXT(bytes, at, length, character);
    if (character < 0) return "is not valid UTF-8";
    if (character == 0) return "contains a NUL character";
  }
  return std::nullopt;
}

// The error names the line in its message, and in its one field error, keyed by the number.
Error LineError(std::size_t line, const std::string& problem) {
  return Error::Invalid("line " + std::to_string(line) + " " + problem,
                        {{std::to_string(line), problem}});
}

}  // namespace

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Parser parser;
  ReadState state;
  // Fed one line at a time, so that each record knows the line it starts on.
  bool inside_record = false;
  std::size_t line = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = LineEnd(text, at);
    const std::string_view chunk = text.substr(at, end - at);
    at = end;
    ++line;
    if (auto problem = TextProblem(chunk)) return LineError(line, *problem);
    if (!inside_record) state.start_line = line;
    state.record_ended = false;
    if (csv_parse(parser.get(), chunk.data(), chunk.size(), OnField, OnRecordEnd, &state) !=
        chunk.size()) {
      return LineError(line,
                       "has a quote out of place: quote the whole field and double every quote "
                       "inside it");
    }
    if (state.record_ended) {
      inside_record = false;
    } else if (!inside_record) {
      // Only a quoted field left open carries a record over to the next line; a blank line
      // starts none.
      inside_record = chunk.find_first_not_of("\r\n") != std::string_view::npos;
    }
  }
  if (csv_fini(parser.get(), OnField, OnRecordEnd, &state) != 0) {
    return LineError(state.start_line, "starts a quoted field that is never closed");
  }
  return std::move(state.records);
}

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
