// Precompressed variants of published files: the gateway serves a file's
// brotli or gzip variant as it is to a client that accepts it, so no
// request pays for compression.
//
//   absl::StatusOr<std::string> br = publish::Compress(Encoding::kBrotli,
//   html);
//
// Thread safety: pure functions.
#ifndef VITA_SERVER_PUBLISH_ENCODINGS_H_
#define VITA_SERVER_PUBLISH_ENCODINGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vita::publish {

enum class Encoding { kBrotli, kGzip };

// The encodings a published file is precompressed in, in the gateway's order
// of preference (the first one the client accepts is sent).
inline constexpr Encoding kEncodings[] = {Encoding::kBrotli, Encoding::kGzip};

// The HTTP content-coding name ("br", "gzip").
absl::string_view EncodingName(Encoding encoding);

// The file name suffix of the variant (".br", ".gz").
absl::string_view EncodingSuffix(Encoding encoding);

// `content` compressed: brotli (text mode) at kBrotliQuality, or gzip
// (zlib) at kGzipLevel; a file of kLargeFile bytes or more at the cheaper
// kBrotliQualityLarge and kGzipLevelLarge. Errors: INTERNAL if the library
// fails.
absl::StatusOr<std::string> Compress(Encoding encoding,
                                     absl::string_view content);

// Whether `encoded` is one whole stream of `encoding`, with nothing after
// it, that decodes to exactly `expected`. The Publisher checks a variant
// left by an earlier process with it before serving it again: nothing is
// synced, and a power loss can leave a file with fewer bytes
// (publisher.h).
bool DecodesTo(Encoding encoding, absl::string_view encoded,
               absl::string_view expected);

// Brotli's quality and gzip's level for published files. The Publisher's
// compressor runs them after the write is acknowledged, but on the cores
// the writes use, so this is a trade. The demo's 56 kB document (its code
// and style sheet inline) takes 3.5 ms and gives 19.4 kB at brotli quality
// 5, 27 ms for 17.9 kB at quality 10, 70 ms for 17.7 kB at 11 (measured on
// the 2-core machine of docs/performance.md): quality 10 keeps a first
// visit under its 22 kB (docs/performance.md).
inline constexpr int kBrotliQuality = 10;
inline constexpr int kGzipLevel = 6;  // zlib's default

// Large files (a page with hundreds of items, its document and its news
// feed: 150-230 kB each at 600 news items) are recompressed after writes
// of their profile (the newest version only); there quality 4 halves brotli's
// time for 2-5% more bytes, and gzip's level 4 takes a third less time than
// level 6 for about the same bytes (`git show 5799735:docs/performance.md`,
// "Cheaper compression for large files").
inline constexpr size_t kLargeFile = 64 * 1024;
inline constexpr int kBrotliQualityLarge = 4;
inline constexpr int kGzipLevelLarge = 4;

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_ENCODINGS_H_
