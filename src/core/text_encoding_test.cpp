#include "core/text_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace strata::core {
namespace {

// The bytes of `text` in UTF-16, little- or big-endian.
std::string Utf16(std::u16string_view text, TextEncoding encoding) {
  std::string bytes;
  for (const char16_t unit : text) {
    const auto low = static_cast<char>(unit & 0xFF);
    const auto high = static_cast<char>(unit >> 8);
    if (encoding == TextEncoding::kUtf16Le) {
      bytes += low;
      bytes += high;
    } else {
      bytes += high;
      bytes += low;
    }
  }
  return bytes;
}

// What a transcoder makes of `bytes` fed `chunk_size` bytes at a time.
Result<std::string> Transcode(TextEncoding encoding, std::string_view bytes,
                              std::size_t chunk_size) {
  Utf8Transcoder transcoder(encoding);
  std::string utf8;
  for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
    if (auto fed = transcoder.Feed(bytes.substr(at, chunk_size), utf8); !fed.ok()) {
      return fed.error();
    }
  }
  if (auto finished = transcoder.Finish(utf8); !finished.ok()) return finished.error();
  return utf8;
}

// Transcodes `bytes` whole and in chunks of every size up to 8, expecting one result.
std::string TranscodeEveryWay(TextEncoding encoding, std::string_view bytes) {
  auto whole = Transcode(encoding, bytes, bytes.size() + 1);
  EXPECT_TRUE(whole.ok()) << whole.error().message;
  if (!whole.ok()) return {};
  for (std::size_t chunk_size = 1; chunk_size <= 8; ++chunk_size) {
    auto chunked = Transcode(encoding, bytes, chunk_size);
    EXPECT_TRUE(chunked.ok()) << chunk_size << ": " << chunked.error().message;
    if (chunked.ok()) {
      EXPECT_EQ(*chunked, *whole) << chunk_size;
    }
  }
  return *whole;
}

void ExpectLineError(const Result<std::string>& result, std::string_view line,
                     std::string_view words) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(result.error().message.rfind("line " + std::string(line) + " ", 0), 0U)
      << result.error().message;
  EXPECT_NE(result.error().message.find(words), std::string::npos) << result.error().message;
  ASSERT_EQ(result.error().fields.size(), 1U);
  EXPECT_EQ(result.error().fields[0].field, line);
}

TEST(DetectEncodingTest, ByteOrderMarksNameTheirEncoding) {
  const DetectedEncoding utf8 = DetectEncoding("\xEF\xBB\xBFname\n");
  EXPECT_EQ(utf8.encoding, TextEncoding::kUtf8);
  EXPECT_TRUE(utf8.has_bom);
  const DetectedEncoding little = DetectEncoding(Utf16(u"\uFEFFname\n", TextEncoding::kUtf16Le));
  EXPECT_EQ(little.encoding, TextEncoding::kUtf16Le);
  EXPECT_TRUE(little.has_bom);
  const DetectedEncoding big = DetectEncoding(Utf16(u"\uFEFFname\n", TextEncoding::kUtf16Be));
  EXPECT_EQ(big.encoding, TextEncoding::kUtf16Be);
  EXPECT_TRUE(big.has_bom);
}

TEST(DetectEncodingTest, Utf16WithoutAByteOrderMarkShowsByItsNuls) {
  const std::u16string text = u"name,city\r\nM\u00FCller,K\u00F6ln\r\n";
  const DetectedEncoding little = DetectEncoding(Utf16(text, TextEncoding::kUtf16Le));
  EXPECT_EQ(little.encoding, TextEncoding::kUtf16Le);
  EXPECT_FALSE(little.has_bom);
  EXPECT_EQ(DetectEncoding(Utf16(text, TextEncoding::kUtf16Be)).encoding, TextEncoding::kUtf16Be);
  // Cyrillic names between ASCII delimiters and digits still leave NULs on one side.
  const std::u16string cyrillic = u"\u0418\u0432\u0430\u043D,42\n\u041F\u0451\u0442\u0440,7\n";
  EXPECT_EQ(DetectEncoding(Utf16(cyrillic, TextEncoding::kUtf16Le)).encoding,
            TextEncoding::kUtf16Le);
  // A head cut after an odd number of bytes.
  const std::string cut = Utf16(text, TextEncoding::kUtf16Be).substr(0, 9);
  EXPECT_EQ(DetectEncoding(cut).encoding, TextEncoding::kUtf16Be);
}

TEST(DetectEncodingTest, Utf8UnlessTheHeadIsNot) {
  EXPECT_EQ(DetectEncoding("").encoding, TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("name,city\nAcme,Oslo\n").encoding, TextEncoding::kUtf8);
  const DetectedEncoding accents = DetectEncoding("M\xC3\xBCller;Caf\xC3\xA9\n");
  EXPECT_EQ(accents.encoding, TextEncoding::kUtf8);
  EXPECT_FALSE(accents.has_bom);
  // A head cut inside a two-, three- or four-byte character is still UTF-8.
  EXPECT_EQ(DetectEncoding("Caf\xC3").encoding, TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("price \xE2\x82").encoding, TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("smile \xF0\x9F\x98").encoding, TextEncoding::kUtf8);
  // "Müller;Café" as Windows saves it.
  EXPECT_EQ(DetectEncoding("M\xFCller;Caf\xE9\r\n").encoding, TextEncoding::kWindows1252);
  // A lone lead byte in the middle is not a cut character.
  EXPECT_EQ(DetectEncoding("Caf\xC3 au lait").encoding, TextEncoding::kWindows1252);
  EXPECT_EQ(DetectEncoding("\x80 5").encoding, TextEncoding::kWindows1252);
}

TEST(Utf8TranscoderTest, Windows1252BecomesUtf8) {
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kWindows1252, "M\xFCller;Caf\xE9\r\n\x80 5;\x93ok\x94"),
            "M\xC3\xBCller;Caf\xC3\xA9\r\n\xE2\x82\xAC 5;\xE2\x80\x9Cok\xE2\x80\x9D");
}

TEST(Utf8TranscoderTest, Utf16BecomesUtf8WithoutItsByteOrderMark) {
  // Two-byte, three-byte and four-byte (a surrogate pair) characters.
  const std::u16string text = u"\uFEFFname\tcity\r\nM\u00FCller\t\u20AC\U0001F600\r\n";
  const std::string expected = "name\tcity\r\nM\xC3\xBCller\t\xE2\x82\xAC\xF0\x9F\x98\x80\r\n";
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf16Le, Utf16(text, TextEncoding::kUtf16Le)),
            expected);
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf16Be, Utf16(text, TextEncoding::kUtf16Be)),
            expected);
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf16Be,
                              Utf16(std::u16string_view(text).substr(1), TextEncoding::kUtf16Be)),
            expected);
}

TEST(Utf8TranscoderTest, Utf8PassesThroughWithoutItsByteOrderMark) {
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf8,
                              "\xEF\xBB\xBF"
                              "a,\xC3\xA9\n"),
            "a,\xC3\xA9\n");
  // Only a leading mark is one; invalid bytes are left for the CSV reader to name.
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf8, "a\xEF\xBB\xBF\xFF"), "a\xEF\xBB\xBF\xFF");
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf8, "\xEF\xBB"), "\xEF\xBB");
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf8, "\xEF\xBBz"), "\xEF\xBBz");
  EXPECT_EQ(TranscodeEveryWay(TextEncoding::kUtf8, ""), "");
}

TEST(Utf8TranscoderTest, BytesWindows1252DoesNotDefineAreRefusedWithTheirLine) {
  for (const char undefined : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    // CRLF, CR and LF each end one line, however the chunks split them.
    const std::string text = std::string("a\r\nb\rc\n\r\nd") + undefined + "\n";
    for (std::size_t chunk_size = 1; chunk_size <= text.size(); ++chunk_size) {
      SCOPED_TRACE(chunk_size);
      ExpectLineError(Transcode(TextEncoding::kWindows1252, text, chunk_size), "5",
                      "Windows-1252 does not define");
    }
  }
}

TEST(Utf8TranscoderTest, BrokenUtf16IsRefusedWithItsLine) {
  // An unpaired high surrogate, then a low one alone.
  for (const std::u16string& text : {std::u16string(u"a\nb\n") + char16_t{0xD83D} + u"x\n",
                                     std::u16string(u"a\nb\n") + char16_t{0xDE00} + u"x\n"}) {
    for (const TextEncoding encoding : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be}) {
      for (const std::size_t chunk_size : {1U, 3U, 64U}) {
        ExpectLineError(Transcode(encoding, Utf16(text, encoding), chunk_size), "3",
                        "is not valid UTF-16");
      }
    }
  }
  // A text that stops after half a character.
  const std::string odd = Utf16(u"a\nbc", TextEncoding::kUtf16Le).substr(0, 7);
  ExpectLineError(Transcode(TextEncoding::kUtf16Le, odd, 2), "2", "ends inside a character");
}

TEST(Utf8TranscoderTest, AnErrorStaysAnError) {
  Utf8Transcoder transcoder(TextEncoding::kWindows1252);
  std::string utf8;
  ASSERT_FALSE(transcoder.Feed("ok\n\x81", utf8).ok());
  EXPECT_FALSE(transcoder.Feed("more", utf8).ok());
  EXPECT_FALSE(transcoder.Finish(utf8).ok());
}

TEST(Utf8TranscoderTest, LongTextsKeepLineCountAcrossTheBuffer) {
  // Far more than the transcoder's buffer, with the undefined byte on a known line.
  std::string text;
  for (int line = 1; line < 30000; ++line) text += "Caf\xE9;" + std::to_string(line) + "\r\n";
  auto good = Transcode(TextEncoding::kWindows1252, text, 4093);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->size(), text.size() + 29999);
  text += "x\x9D\r\n";
  ExpectLineError(Transcode(TextEncoding::kWindows1252, text, 4093), "30000",
                  "Windows-1252 does not define");
}

}  // namespace
}  // namespace strata::core
