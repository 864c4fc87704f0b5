#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace strata::core {

// The encodings Strata reads uploaded text in; everything is turned into UTF-8 on the way in.
enum class TextEncoding {
  kUtf8,
  kUtf16Le,
  kUtf16Be,
  kWindows1252,
};

// The name people know an encoding by ("UTF-16LE"), for messages and logs.
const char* TextEncodingName(TextEncoding encoding);

// What the first bytes of a text say about its encoding.
struct DetectedEncoding {
  TextEncoding encoding{TextEncoding::kUtf8};
  // Whether the text starts with a byte-order mark, which a Utf8Transcoder strips.
  bool has_bom{false};
};

// How many leading bytes the detectors want to see: enough for a few hundred lines.
inline constexpr std::size_t kDetectionHeadSize = std::size_t{64} * 1024;

// The encoding of a text judged from its first bytes `head` (which may end inside a character):
// the encoding a byte-order mark names (UTF-8, UTF-16LE, UTF-16BE); else UTF-16 when NUL bytes
// sit mostly at odd (little-endian) or even (big-endian) offsets, as they do in UTF-16 text that
// is mostly Latin; else UTF-8 when the head is valid UTF-8 (pure ASCII included); else
// Windows-1252, the encoding spreadsheets on Windows save "CSV" in. A text that is UTF-8 in its
// head and invalid further down is judged UTF-8, so that the CSV reader refuses it naming the
// line, rather than re-reading the whole text in another encoding.
DetectedEncoding DetectEncoding(std::string_view head);

// Turns a text in `encoding`, fed in chunks split anywhere (inside a character, a surrogate pair
// or a CRLF), into UTF-8, with a leading byte-order mark stripped; memory does not grow with the
// text. UTF-8 passes through unchecked (the CSV reader checks it line by line and names the
// line). UTF-16 and Windows-1252 go through ICU. The five bytes Windows-1252 leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) are refused rather than replaced: a text holding them is almost
// always in another encoding, and reading it on would quietly garble names. Errors are
// kInvalidArgument naming the line as the CSV reader does ("line 7 …", one field error keyed
// "7"), counting lines the same way (CRLF, LF or CR ends one); after an error every call returns
// it again.
class Utf8Transcoder {
 public:
  explicit Utf8Transcoder(TextEncoding encoding);
  ~Utf8Transcoder();
  Utf8Transcoder(Utf8Transcoder&& other) noexcept;
  Utf8Transcoder& operator=(Utf8Transcoder&& other) noexcept;
  Utf8Transcoder(const Utf8Transcoder&) = delete;
  Utf8Transcoder& operator=(const Utf8Transcoder&) = delete;

  // Appends the UTF-8 of `chunk` to `utf8`; bytes that end inside a character wait for the next
  // chunk. kInvalidArgument for UTF-16 that is not (an unpaired surrogate) or a byte Windows-1252
  // does not define.
  Status Feed(std::string_view chunk, std::string& utf8);
  // Appends what the last chunk left waiting. kInvalidArgument when the text ends inside a
  // character.
  Status Finish(std::string& utf8);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace strata::core
