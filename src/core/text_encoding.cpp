#include "core/text_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

namespace strata::core {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Whether `head` is UTF-8, allowing it to end inside a character (it was cut from a longer text).
bool IsUtf8Head(std::string_view head) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(head.data());
  auto length = static_cast<std::int32_t>(head.size());
  // A lead byte among the last three whose character the cut left short is dropped with its
  // trail bytes.
  for (std::int32_t back = 1; back <= 3 && back <= length; ++back) {
    const std::uint8_t byte = bytes[length - back];
    if (U8_IS_TRAIL(byte)) continue;
    if (U8_IS_LEAD(byte) && U8_COUNT_TRAIL_BYTES(byte) >= back) length -= back;
    break;
  }
  std::int32_t at = 0;
  while (at < length) {
    UChar32 character = 0;
    U8_NEXT(bytes, at, length, character);
    if (character < 0) return false;
  }
  return true;
}

// The error names the line in its message, and in its one field error, keyed by the number,
// exactly as the CSV reader's errors do.
Error LineError(std::size_t line, const std::string& problem) {
  return Error::Invalid("line " + std::to_string(line) + " " + problem,
                        {{std::to_string(line), problem}});
}

// The bytes Windows-1252 leaves undefined; ICU maps each to the C1 control of the same value.
bool IsUndefinedIn1252(char16_t unit) {
  return unit == 0x81 || unit == 0x8D || unit == 0x8F || unit == 0x90 || unit == 0x9D;
}

// "0x81".
std::string HexByte(char16_t byte) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  return {'0', 'x', kDigits[(byte >> 4) & 0xF], kDigits[byte & 0xF]};
}

const char* IcuName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf16Le:
      return "UTF-16LE";
    case TextEncoding::kUtf16Be:
      return "UTF-16BE";
    case TextEncoding::kWindows1252:
      return "windows-1252";
    case TextEncoding::kUtf8:
      break;
  }
  return "UTF-8";
}

// An ICU converter closed however its owner goes.
struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter OpenConverter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(name, &status));
  // ICU's data ships with the library, so a converter that does not open is a broken install.
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU has no converter ") + name);
  return converter;
}

}  // namespace

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf16Le:
      return "UTF-16LE";
    case TextEncoding::kUtf16Be:
      return "UTF-16BE";
    case TextEncoding::kWindows1252:
      return "Windows-1252";
    case TextEncoding::kUtf8:
      break;
  }
  return "UTF-8";
}

DetectedEncoding DetectEncoding(std::string_view head) {
  if (head.starts_with(kUtf8Bom)) return {.encoding = TextEncoding::kUtf8, .has_bom = true};
  if (head.starts_with("\xFF\xFE")) return {.encoding = TextEncoding::kUtf16Le, .has_bom = true};
  if (head.starts_with("\xFE\xFF")) return {.encoding = TextEncoding::kUtf16Be, .has_bom = true};
  // UTF-16 of Latin text has a NUL in every character's high byte; UTF-8 and Windows-1252 text
  // has no NUL at all (the CSV reader refuses one), so NULs on one side only mean UTF-16. A
  // quarter of the characters is asked for, so that mostly Greek or Cyrillic names with ASCII
  // delimiters, digits and line breaks still count.
  const std::size_t units = head.size() / 2;
  std::size_t even_nuls = 0;
  std::size_t odd_nuls = 0;
  for (std::size_t at = 0; at < units * 2; at += 2) {
    if (head[at] == '\0') ++even_nuls;
    if (head[at + 1] == '\0') ++odd_nuls;
  }
  if (odd_nuls * 4 >= units && odd_nuls > 0 && even_nuls * 8 <= odd_nuls) {
    return {.encoding = TextEncoding::kUtf16Le, .has_bom = false};
  }
  if (even_nuls * 4 >= units && even_nuls > 0 && odd_nuls * 8 <= even_nuls) {
    return {.encoding = TextEncoding::kUtf16Be, .has_bom = false};
  }
  if (IsUtf8Head(head)) return {.encoding = TextEncoding::kUtf8, .has_bom = false};
  return {.encoding = TextEncoding::kWindows1252, .has_bom = false};
}

struct Utf8Transcoder::State {
  TextEncoding encoding = TextEncoding::kUtf8;
  Converter to_utf16;
  Converter to_utf8;
  // What ICU has decoded and not yet been re-encoded; kept as a member so that it is allocated
  // once per transcoder.
  std::array<UChar, 4096> pivot{};
  // Whether nothing has been written yet, so that a byte-order mark is still to be stripped.
  bool at_start = true;
  // The first bytes of a UTF-8 text while they may still turn out to be a split byte-order mark.
  std::string held;
  // Line breaks written so far, counted as the CSV reader counts them, to name an error's line.
  std::size_t line_breaks = 0;
  bool after_cr = false;
  std::optional<Error> error;

  std::size_t Line() const { return line_breaks + 1; }
  Status Fail(Error failure) {
    error = std::move(failure);
    return *error;
  }

  Status PassUtf8(std::string_view chunk, std::string& utf8);
  Status Convert(std::string_view chunk, bool flush, std::string& utf8);
  Status Emit(const UChar* begin, const UChar* end, bool flush, std::string& utf8);
};

Status Utf8Transcoder::State::PassUtf8(std::string_view chunk, std::string& utf8) {
  if (at_start) {
    while (!chunk.empty() && held.size() < kUtf8Bom.size() &&
           chunk.front() == kUtf8Bom[held.size()]) {
      held += chunk.front();
      chunk.remove_prefix(1);
    }
    if (held.size() == kUtf8Bom.size()) {
      held.clear();
      at_start = false;
    } else if (!chunk.empty()) {
      // The text went another way than a byte-order mark: what was held is text.
      utf8 += held;
      held.clear();
      at_start = false;
    }
  }
  utf8.append(chunk);
  return Ok();
}

Status Utf8Transcoder::State::Emit(const UChar* begin, const UChar* end, bool flush,
                                   std::string& utf8) {
  if (at_start && begin != end) {
    if (*begin == 0xFEFF) ++begin;
    at_start = false;
  }
  for (const UChar* unit = begin; unit != end; ++unit) {
    if (encoding == TextEncoding::kWindows1252 && IsUndefinedIn1252(*unit)) {
      return Fail(LineError(Line(), "has the byte " + HexByte(*unit) +
                                        ", which Windows-1252 does not define: the file is "
                                        "probably in another encoding; save it as UTF-8"));
    }
    if (*unit == u'\r' || (*unit == u'\n' && !after_cr)) ++line_breaks;
    after_cr = *unit == u'\r';
  }
  // UTF-8 takes at most three bytes per UTF-16 unit, and ICU holds back a lead surrogate whose
  // trail is still to come, so the room below always suffices.
  const std::size_t old_size = utf8.size();
  utf8.resize(old_size + 3 * static_cast<std::size_t>(end - begin) + 4);
  char* target = utf8.data() + old_size;
  UErrorCode status = U_ZERO_ERROR;
  ucnv_fromUnicode(to_utf8.get(), &target, utf8.data() + utf8.size(), &begin, end, nullptr,
                   static_cast<UBool>(flush), &status);
  utf8.resize(static_cast<std::size_t>(target - utf8.data()));
  // ICU's UTF-16 decoder refuses unpaired surrogates, so whatever it wrote encodes.
  if (U_FAILURE(status)) throw std::logic_error(u_errorName(status));
  return Ok();
}

Status Utf8Transcoder::State::Convert(std::string_view chunk, bool flush, std::string& utf8) {
  const char* source = chunk.data();
  const char* const source_end = source + chunk.size();
  for (;;) {
    UChar* target = pivot.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(to_utf16.get(), &target, pivot.data() + pivot.size(), &source, source_end,
                   nullptr, static_cast<UBool>(flush), &status);
    // What was decoded before a failure is counted first, so that the failure's line is right.
    const bool more = status == U_BUFFER_OVERFLOW_ERROR;
    if (auto emitted = Emit(pivot.data(), target, flush && !more && U_SUCCESS(status), utf8);
        !emitted.ok()) {
      return emitted;
    }
    if (more) continue;
    if (status == U_TRUNCATED_CHAR_FOUND) {
      return Fail(LineError(Line(), std::string("ends inside a character: the file is not whole "
                                                "or not ") +
                                        TextEncodingName(encoding)));
    }
    if (U_FAILURE(status)) {
      return Fail(LineError(Line(), std::string("is not valid ") + TextEncodingName(encoding)));
    }
    return Ok();
  }
}

Utf8Transcoder::Utf8Transcoder(TextEncoding encoding) : state_(std::make_unique<State>()) {
  state_->encoding = encoding;
  if (encoding == TextEncoding::kUtf8) return;
  state_->to_utf16 = OpenConverter(IcuName(encoding));
  state_->to_utf8 = OpenConverter("UTF-8");
  // ICU substitutes what it cannot decode by default; the transcoder reports it instead.
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(state_->to_utf16.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                      &status);
  if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
}

Utf8Transcoder::~Utf8Transcoder() = default;
Utf8Transcoder::Utf8Transcoder(Utf8Transcoder&&) noexcept = default;
Utf8Transcoder& Utf8Transcoder::operator=(Utf8Transcoder&&) noexcept = default;

Status Utf8Transcoder::Feed(std::string_view chunk, std::string& utf8) {
  if (state_->error) return *state_->error;
  if (state_->encoding == TextEncoding::kUtf8) return state_->PassUtf8(chunk, utf8);
  return state_->Convert(chunk, /*flush=*/false, utf8);
}

Status Utf8Transcoder::Finish(std::string& utf8) {
  if (state_->error) return *state_->error;
  if (state_->encoding == TextEncoding::kUtf8) {
    // A text too short to be a byte-order mark is text, if not UTF-8: the CSV reader says so.
    utf8 += state_->held;
    state_->held.clear();
    return Ok();
  }
  return state_->Convert({}, /*flush=*/true, utf8);
}

}  // namespace strata::core
