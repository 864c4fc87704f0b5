#include "core/csv.h"

#include <csv.h>
#include <unicode/utf8.h>

#include <cassert>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>

namespace strata::core {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// RFC 4180 keeps spaces as part of a field; libcsv trims spaces and tabs unless told otherwise.
int NoSpaces(unsigned char /*character*/) { return 0; }

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

// The reader is fed to libcsv one whole line at a time, so that each record knows the line it
// starts on and each error the line it is on. A line is held only while the chunks fed so far
// end inside it.
struct CsvReader::State {
  State(CsvRecordHandler handler, unsigned char delimiter) : on_record(std::move(handler)) {
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    csv_set_space_func(&parser, NoSpaces);
    csv_set_delim(&parser, delimiter);
  }
  ~State() { csv_free(&parser); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = delete;
  State& operator=(State&&) = delete;

  CsvRecordHandler on_record;
  csv_parser parser{};
  // The record being read; libcsv's callbacks fill it.
  CsvRecord record;
  bool record_ended = false;
  // The start of a line that the chunks fed so far have not ended.
  std::string partial_line;
  // Whether that line ends in a CR that may be the first half of a CRLF.
  bool partial_ends_in_cr = false;
  std::size_t line = 0;
  // Whether a record began on an earlier line and goes on (only a quoted field left open does).
  bool inside_record = false;
  std::size_t consumed = 0;
  bool stopped = false;
  bool finished = false;
  std::optional<Error> error;

  bool Reading() const { return !stopped && !error; }
  bool ReadLine(std::string_view text);
  bool HandOver();

  // libcsv's callbacks.
  static void OnField(void* data, std::size_t size, void* state) {
    auto& fields = static_cast<State*>(state)->record.fields;
    // libcsv passes no buffer for an empty field it has not needed memory for yet.
    fields.emplace_back(data == nullptr ? std::string()
                                        : std::string(static_cast<const char*>(data), size));
  }
  static void OnRecordEnd(int /*terminator*/, void* state) {
    static_cast<State*>(state)->record_ended = true;
  }
};

namespace {

// One past the end of the first line break in `text` (CRLF, LF or CR), npos when there is none
// or when `text` ends in a CR that the next chunk may pair with an LF. These are the breaks
// libcsv ends a record at, so a record never ends inside a line.
std::size_t LineEnd(std::string_view text) {
  const std::size_t at = text.find_first_of("\r\n");
  if (at == std::string_view::npos) return at;
  if (text[at] == '\n') return at + 1;
  if (at + 1 == text.size()) return std::string_view::npos;
  return text[at + 1] == '\n' ? at + 2 : at + 1;
}

}  // namespace

// Reads one whole line; false once reading has stopped.
bool CsvReader::State::ReadLine(std::string_view text) {
  if (line == 0 && text.starts_with(kUtf8Bom)) {
    text.remove_prefix(kUtf8Bom.size());
    // A text that is a byte-order mark alone has no lines.
    if (text.empty()) return true;
  }
  ++line;
  if (auto problem = TextProblem(text)) {
    error = LineError(line, *problem);
    return false;
  }
  if (!inside_record) record.line = line;
  record_ended = false;
  if (csv_parse(&parser, text.data(), text.size(), &OnField, &OnRecordEnd, this) != text.size()) {
    error = LineError(line,
                      "has a quote out of place: quote the whole field and double every quote "
                      "inside it");
    return false;
  }
  if (record_ended) {
    inside_record = false;
    return HandOver();
  }
  // Only a quoted field left open carries a record over to the next line; a blank line starts
  // none.
  if (!inside_record) inside_record = text.find_first_not_of("\r\n") != std::string_view::npos;
  return true;
}

// Gives the record just ended to the handler (outside libcsv's callbacks, so that an exception
// from the handler never unwinds through C); false when the handler asks to stop.
bool CsvReader::State::HandOver() {
  record_ended = false;
  const bool go_on = on_record(record);
  record.fields.clear();
  stopped = !go_on;
  return go_on;
}

namespace {

// The delimiter of `options`, checked: the reader's line and quote handling rely on it.
unsigned char Delimiter(const CsvOptions& options) {
  const auto delimiter = static_cast<unsigned char>(options.delimiter);
  if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter > 0x7F) {
    throw std::invalid_argument(
        "a CSV delimiter is one ASCII character other than a quote or "
        "a line break");
  }
  return delimiter;
}

}  // namespace

CsvReader::CsvReader(CsvRecordHandler on_record, CsvOptions options)
    : state_(std::make_unique<State>(std::move(on_record), Delimiter(options))) {}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

Status CsvReader::Feed(std::string_view chunk) {
  State& state = *state_;
  assert(!state.finished && "CsvReader::Feed after Finish");
  if (state.partial_ends_in_cr && !chunk.empty() && state.Reading()) {
    // The CR that ended the last chunk ends its line, with this LF if one follows.
    state.partial_ends_in_cr = false;
    const std::size_t taken = chunk.front() == '\n' ? 1 : 0;
    state.partial_line.append(chunk.substr(0, taken));
    state.consumed += taken;
    chunk.remove_prefix(taken);
    state.ReadLine(state.partial_line);
    state.partial_line.clear();
  }
  while (!chunk.empty() && state.Reading()) {
    const std::size_t end = LineEnd(chunk);
    if (end == std::string_view::npos) {
      state.partial_line.append(chunk);
      state.partial_ends_in_cr = chunk.back() == '\r';
      state.consumed += chunk.size();
      break;
    }
    // A line whole inside the chunk is read where it lies; one begun in earlier chunks is
    // completed in the held buffer.
    std::string_view line = chunk.substr(0, end);
    if (!state.partial_line.empty()) {
      state.partial_line.append(line);
      line = state.partial_line;
    }
    state.consumed += end;
    chunk.remove_prefix(end);
    state.ReadLine(line);
    state.partial_line.clear();
  }
  if (state.error) return *state.error;
  return Ok();
}

Status CsvReader::Finish() {
  State& state = *state_;
  assert(!state.finished && "CsvReader::Finish called twice");
  state.finished = true;
  if (state.Reading() && !state.partial_line.empty()) {
    state.partial_ends_in_cr = false;
    state.ReadLine(state.partial_line);
    state.partial_line.clear();
  }
  if (state.error) return *state.error;
  if (state.stopped) return Ok();
  state.record_ended = false;
  if (csv_fini(&state.parser, &State::OnField, &State::OnRecordEnd, &state) != 0) {
    state.error = LineError(state.record.line, "starts a quoted field that is never closed");
    return *state.error;
  }
  // A last line without a line break ends its record only now.
  if (state.record_ended) state.HandOver();
  return Ok();
}

bool CsvReader::stopped() const { return state_->stopped; }

std::size_t CsvReader::bytes_consumed() const { return state_->consumed; }

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, CsvOptions options) {
  std::vector<CsvRecord> records;
  CsvReader reader(
      [&records](CsvRecord& record) {
        records.push_back(std::move(record));
        return true;
      },
      options);
  if (auto fed = reader.Feed(text); !fed.ok()) return fed.error();
  if (auto finished = reader.Finish(); !finished.ok()) return finished.error();
  return records;
}

namespace {

// The field count of each line of `head` split by `delimiter`, reading quoted fields as RFC 4180
// does; blank lines are skipped, and a last line that the head cuts off counts only when it is
// the only one.
std::vector<std::size_t> FieldCounts(std::string_view head, char delimiter) {
  constexpr std::size_t kMaxLines = 100;
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool blank = true;
  bool field_start = true;
  bool quoted = false;
  for (std::size_t at = 0; at < head.size() && counts.size() < kMaxLines; ++at) {
    const char c = head[at];
    if (quoted) {
      if (c != '"') continue;
      // A doubled quote is a quote inside the field; a single one closes it.
      if (at + 1 < head.size() && head[at + 1] == '"') {
        ++at;
      } else {
        quoted = false;
      }
    } else if (c == '\r' || c == '\n') {
      if (!blank) counts.push_back(fields);
      if (c == '\r' && at + 1 < head.size() && head[at + 1] == '\n') ++at;
      fields = 1;
      blank = true;
      field_start = true;
    } else if (c == delimiter) {
      ++fields;
      blank = false;
      field_start = true;
    } else {
      if (c == '"' && field_start) quoted = true;
      blank = false;
      field_start = false;
    }
  }
  if (counts.empty() && !blank) counts.push_back(fields);
  return counts;
}

}  // namespace

char DetectDelimiter(std::string_view utf8_head) {
  if (utf8_head.starts_with(kUtf8Bom)) utf8_head.remove_prefix(kUtf8Bom.size());
  char best = ',';
  double best_share = 0;
  std::size_t best_fields = 0;
  for (const char delimiter : {',', ';', '\t', '|'}) {
    const std::vector<std::size_t> counts = FieldCounts(utf8_head, delimiter);
    if (counts.empty()) continue;
    // The most frequent number of fields, the larger on a tie.
    std::map<std::size_t, std::size_t> frequency;
    for (const std::size_t count : counts) ++frequency[count];
    std::size_t fields = 0;
    std::size_t lines = 0;
    for (const auto& [count, times] : frequency) {
      if (times >= lines) {
        fields = count;
        lines = times;
      }
    }
    const double share = static_cast<double>(lines) / static_cast<double>(counts.size());
    if (fields < 2 || share < 0.9) continue;
    if (share > best_share || (share == best_share && fields > best_fields)) {
      best = delimiter;
      best_share = share;
      best_fields = fields;
    }
  }
  return best;
}

CsvFormat DetectCsvFormat(std::string_view head) {
  const DetectedEncoding detected = DetectEncoding(head);
  std::string utf8;
  Utf8Transcoder transcoder(detected.encoding);
  // The head may end inside a character, or hold a byte the transcoder refuses further down;
  // the lines before are enough to count fields in, and reading the file will report the error.
  static_cast<void>(transcoder.Feed(head, utf8));
  return {.encoding = detected.encoding,
          .has_bom = detected.has_bom,
          .delimiter = DetectDelimiter(utf8)};
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
