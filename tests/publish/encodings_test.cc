#include "server/publish/encodings.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <string>

#include "gtest/gtest.h"

namespace vita::publish {
namespace {

std::string Unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(
                in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                reinterpret_cast<uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

std::string Gunzip(const std::string& in) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);  // gzip only
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = in.size();
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = out.size();
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(EncodingsTest, NamesEachEncodingForHttpAndForFiles) {
  EXPECT_EQ(EncodingName(Encoding::kBrotli), "br");
  EXPECT_EQ(EncodingSuffix(Encoding::kBrotli), ".br");
  EXPECT_EQ(EncodingName(Encoding::kGzip), "gzip");
  EXPECT_EQ(EncodingSuffix(Encoding::kGzip), ".gz");
}

TEST(EncodingsTest, CompressedTextDecodesToTheSameBytesAndIsSmaller) {
  // A small file, and one past kLargeFile (compressed at cheaper settings).
  for (int lines : {200, 4000}) {
    std::string text;
    for (int i = 0; i < lines; ++i) {
      text += "<li class=\"publication\">Gaussian splatting, \xE2\x80\x93 ";
      text += std::to_string(i) + "</li>\n";
    }
    SCOPED_TRACE(text.size());
    EXPECT_EQ(text.size() >= kLargeFile, lines == 4000);
    absl::StatusOr<std::string> br = Compress(Encoding::kBrotli, text);
    ASSERT_TRUE(br.ok()) << br.status();
    EXPECT_LT(br->size(), text.size() / 4);
    EXPECT_EQ(Unbrotli(*br), text);
    absl::StatusOr<std::string> gz = Compress(Encoding::kGzip, text);
    ASSERT_TRUE(gz.ok()) << gz.status();
    EXPECT_EQ(gz->substr(0, 2), "\x1f\x8b");  // a gzip member, not zlib
    EXPECT_LT(gz->size(), text.size() / 4);
    EXPECT_EQ(Gunzip(*gz), text);
  }
  EXPECT_EQ(Gunzip(*Compress(Encoding::kGzip, "")), "");
}

// What a variant left by an earlier process is checked with: a whole
// stream of exactly the file's bytes, nothing less (a power loss can cut a
// file) and nothing else.
TEST(EncodingsTest, DecodesToAcceptsOnlyAWholeStreamOfExactlyTheBytes) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "<li>news item " + std::to_string(i);
  for (Encoding encoding : kEncodings) {
    SCOPED_TRACE(std::string(EncodingName(encoding)));
    absl::StatusOr<std::string> encoded = Compress(encoding, text);
    ASSERT_TRUE(encoded.ok()) << encoded.status();
    EXPECT_TRUE(DecodesTo(encoding, *encoded, text));
    EXPECT_FALSE(DecodesTo(encoding, "", text));
    EXPECT_FALSE(
        DecodesTo(encoding, encoded->substr(0, encoded->size() / 2), text));
    EXPECT_FALSE(DecodesTo(encoding, *encoded, text.substr(1)));
    EXPECT_FALSE(DecodesTo(encoding, *encoded, text + "x"));
    EXPECT_FALSE(DecodesTo(encoding, *encoded + "x", text));
    EXPECT_FALSE(DecodesTo(encoding, *encoded + *encoded, text));
    EXPECT_FALSE(DecodesTo(encoding, std::string(encoded->size(), '\0'), text));
  }
}

}  // namespace
}  // namespace vita::publish
