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

// `content` compressed: brotli at quality kBrotliQuality (text mode), or
// gzip (zlib, its default level 6). Errors: INTERNAL if the library fails.
absl::StatusOr<std::string> Compress(Encoding encoding,
                                     absl::string_view content);

// Brotli's quality for published files. A write waits for its publish, so
// this is a trade: on the demo's 23 kB document quality 5 takes ~0.7 ms and
// gives 7.7 kB, quality 11 ~80 ms for 6.8 kB (measured on the 2-core
// machine of docs/performance.md).
inline constexpr int kBrotliQuality = 5;

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_ENCODINGS_H_
