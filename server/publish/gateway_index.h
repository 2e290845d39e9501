// The gateway's index of published files: Envoy serves every published file
// from memory (its Lua filter runs deploy/published_files.lua), finding it by
// URL in an index vita-server rewrites after each publish, and noticing a new
// index by a counter in shared memory: a write is seen by the next read
// without any reload of Envoy's configuration.
//
//   std::vector<PublishedFile> files = ...;  // what the Publisher wrote
//   GatewayIndex index(publish_dir);
//   absl::Status s = index.Write(IndexSource(files));
//   // Every read through the gateway that starts now sees `files`.
//
// In DIR/.gateway/:
//
//   index.lua    IndexSource: a Lua table of the published URLs (each with
//                its blob, etag, content type and variants), replaced
//                atomically (temporary file and rename)
//   blobs/       the bytes the index names, by etag (BlobPath): hard links
//                to the published files, made by the Publisher
//   generation   a 64-bit counter (8 bytes, host order) that the gateway
//                maps into memory; Write adds one to it after the rename.
//                A new file starts from the time in microseconds, so it
//                differs from any counter a gateway has seen before.
//
// Invariants (published_files.lua relies on them):
//   1. generation is created whole (a temporary file, written and synced,
//      linked into place, never truncated), so a mapping of it never
//      faults. It is replaced only when a process's first Write finds it
//      cut (not 8 bytes: a power loss before it was synced).
//   2. The counter changes only after index.lua has been renamed into place,
//      so a gateway that sees the new value loads the new index (Write).
//   3. A blob never changes: its name is its etag (a hash of its bytes; a
//      variant's, of the bytes it encodes). Two exceptions, where the
//      Publisher replaces a blob whose name exists already with other
//      bytes (publisher.h): one that a power loss left without some of its
//      bytes (a gateway must therefore start after vita-server's republish
//      at start, as deploy/up.sh starts it, or it may cache the cut
//      bytes), and a variant compressed by a build with other settings
//      (both decode to the same bytes). Every blob an index names
//      exists before that index is written; the Publisher removes a blob
//      only once an index that does not name it is in place. Bytes read for
//      an entry are the entry's; a read that fails (the blob removed since
//      the reader loaded its index) is retried with the new index.
//   4. Variants lag identity: an entry lists a variant only once the
//      variant's blob of the entry's etag exists, so a variant of other
//      bytes is never served. The Publisher indexes a file's new bytes at
//      once, without variants (unless their blobs exist already), and its
//      compressor adds them in a later index.
#ifndef VITA_SERVER_PUBLISH_GATEWAY_INDEX_H_
#define VITA_SERVER_PUBLISH_GATEWAY_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/publish/encodings.h"

namespace vita::publish {

// One file of the published tree as the gateway serves it.
struct PublishedFile {
  // Relative to the publish dir: "p/ada/index.html", "v1/profiles/ada/page".
  std::string path;
  // A strong etag, quoted: "\"3f2a...\"" (a hash of the file's bytes).
  std::string etag;
  // The precompressed variants beside it (path + EncodingSuffix).
  std::vector<Encoding> encodings;
};

// The URLs a published file answers at: a directory's "index.html" at the
// directory's URL with and without a trailing "/" ("p/ada/index.html":
// "/p/ada", "/p/ada/"), every other file at its path ("/v1/profiles/ada/page").
std::vector<std::string> UrlsOf(absl::string_view path);

// The content type of a published file, by its name: .html, .json, .atom,
// .xml, .txt, .bib, .svg; a name without an extension is JSON (the page at
// /v1/profiles/{id}/page); anything else application/octet-stream.
absl::string_view ContentTypeOf(absl::string_view path);

// Whether a file of this content type is worth precompressing (text).
bool Compressible(absl::string_view content_type);

// Where the gateway's files are, relative to the publish dir, and its blobs.
inline constexpr absl::string_view kGatewayDir = ".gateway";
inline constexpr absl::string_view kBlobDir = ".gateway/blobs";

// The blob of the file with `etag` (a quoted hex string, FileEtag), or of
// its variant with `suffix` (EncodingSuffix), relative to the publish dir:
// ".gateway/blobs/3f2a...", ".gateway/blobs/3f2a....br".
std::string BlobPath(absl::string_view etag, absl::string_view suffix = "");

// The blobs of `file`: its own, then each variant's.
std::vector<std::string> BlobPathsOf(const PublishedFile& file);

// The index of `files`: a Lua chunk returning a table from each URL of each
// file (UrlsOf) to {f = BlobPath(etag), e = etag, t = ContentTypeOf(path),
// document = true for HTML, and per variant its name = its suffix (br =
// ".br", gzip = ".gz")}. published_files.lua answers from it: a 304 when
// If-None-Match holds the etag (or is "*"); else the first variant that
// Accept-Encoding names (as a whole entry, without parameters); else the
// file. Every answer carries the etag, cache-control: no-cache and, with
// variants, vary: accept-encoding; a document's (its 304 too) the page's
// Content-Security-Policy and referrer policy. A method other than GET or
// HEAD gets 405 with allow: GET, HEAD.
std::string IndexSource(const std::vector<PublishedFile>& files);

// The lines IndexSource writes for one file: a line per URL of it, each
// ending in ",\n". IndexSource(files) is "return {\n", then the
// IndexEntries of each file in order, then "}\n", so a caller that keeps
// each file's entries (the Publisher, which rewrites the index after every
// publish) can join them without rendering the files that did not change.
std::string IndexEntries(const PublishedFile& file);
inline constexpr absl::string_view kIndexSourceHead = "return {\n";
inline constexpr absl::string_view kIndexSourceTail = "}\n";

// Writes the gateway's index. Thread safety: one writer per publish dir at
// a time (the Publisher's serialization).
class GatewayIndex {
 public:
  // `dir`: the publish dir (absolute); the files go to dir/.gateway/.
  explicit GatewayIndex(std::string dir);
  ~GatewayIndex();
  GatewayIndex(const GatewayIndex&) = delete;
  GatewayIndex& operator=(const GatewayIndex&) = delete;

  // Replaces index.lua with `source`, then adds one to the counter (creating
  // it first if needed, and again if it was removed meanwhile). Returns the
  // counter's new value. Errors: INTERNAL naming the file that could not be
  // written; if index.lua could not be replaced, the counter is unchanged.
  absl::StatusOr<uint64_t> Write(absl::string_view source);

  const std::string& dir() const { return dir_; }

 private:
  const std::string dir_;  // DIR/.gateway
  int counter_fd_ = -1;    // generation, open once written
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_GATEWAY_INDEX_H_
