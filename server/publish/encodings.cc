#include "server/publish/encodings.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cstdint>

namespace vita::publish {
namespace {

absl::StatusOr<std::string> Brotli(absl::string_view content) {
  std::string out(BrotliEncoderMaxCompressedSize(content.size()), '\0');
  size_t size = out.size();
  int quality =
      content.size() >= kLargeFile ? kBrotliQualityLarge : kBrotliQuality;
  if (BrotliEncoderCompress(
          quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, content.size(),
          reinterpret_cast<const uint8_t*>(content.data()), &size,
          reinterpret_cast<uint8_t*>(out.data())) != BROTLI_TRUE) {
    return absl::InternalError("brotli compression failed");
  }
  out.resize(size);
  return out;
}

absl::StatusOr<std::string> Gzip(absl::string_view content) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer, not zlib's.
  int level = content.size() >= kLargeFile ? kGzipLevelLarge : kGzipLevel;
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("gzip compression failed to start");
  }
  std::string out(deflateBound(&stream, content.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  stream.avail_in = content.size();
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = out.size();
  int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return absl::InternalError("gzip compression failed");
  }
  return out;
}

}  // namespace

absl::string_view EncodingName(Encoding encoding) {
  return encoding == Encoding::kBrotli ? "br" : "gzip";
}

absl::string_view EncodingSuffix(Encoding encoding) {
  return encoding == Encoding::kBrotli ? ".br" : ".gz";
}

absl::StatusOr<std::string> Compress(Encoding encoding,
                                     absl::string_view content) {
  return encoding == Encoding::kBrotli ? Brotli(content) : Gzip(content);
}

bool DecodesTo(Encoding encoding, absl::string_view encoded,
               absl::string_view expected) {
  // One byte more than expected: a stream that decodes to more does not fit.
  std::string out(expected.size() + 1, '\0');
  size_t size = out.size();
  if (encoding == Encoding::kBrotli) {
    BrotliDecoderState* state =
        BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) return false;
    size_t in_left = encoded.size();
    const uint8_t* in = reinterpret_cast<const uint8_t*>(encoded.data());
    size_t out_left = out.size();
    uint8_t* next_out = reinterpret_cast<uint8_t*>(out.data());
    const BrotliDecoderResult result = BrotliDecoderDecompressStream(
        state, &in_left, &in, &out_left, &next_out, nullptr);
    BrotliDecoderDestroyInstance(state);
    // Whole: the stream ended, and nothing follows it.
    if (result != BROTLI_DECODER_RESULT_SUCCESS || in_left != 0) return false;
    size = out.size() - out_left;
  } else {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) return false;  // gzip only
    stream.next_in =
        reinterpret_cast<Bytef*>(const_cast<char*>(encoded.data()));
    stream.avail_in = encoded.size();
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = out.size();
    const int result = inflate(&stream, Z_FINISH);
    size = stream.total_out;
    const bool whole = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!whole) return false;
  }
  return absl::string_view(out.data(), size) == expected;
}

}  // namespace vita::publish
