// The gateway's routes to published files: Envoy serves every published
// file from memory as a direct response, and takes its route table from a
// file it watches (filesystem RDS, deploy/envoy.yaml in publish mode).
//
//   std::vector<PublishedFile> files = ...;  // what the Publisher wrote
//   GatewayRoutes routes(publish_dir);
//   absl::StatusOr<std::string> version =
//       routes.Write(PublishedRoutes(publish_dir, files));
//
// The route table, DIR/.gateway/routes.yaml, is three parts (in
// DIR/.gateway/parts/, which Envoy does not watch: writing a part reloads
// nothing) concatenated, then a `version_info` line:
//
//   head.yaml       the gateway's (deploy/render-envoy-config.sh): the route
//                   configuration up to its list of routes
//   published.yaml  vita-server's: the routes of the published files, one
//                   JSON object a line
//   base.yaml       the gateway's: its other routes (API, static files, the
//                   404s), after the published ones
//
// Whoever changes a part composes routes.yaml again (temporary file and
// rename; Envoy reloads on the rename), holding an flock on
// DIR/.gateway/parts/lock, so the gateway starting and vita-server publishing
// never lose each other's part.
#ifndef VITA_SERVER_PUBLISH_GATEWAY_ROUTES_H_
#define VITA_SERVER_PUBLISH_GATEWAY_ROUTES_H_

#include <string>
#include <vector>

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

// The published routes of `files` (below `dir`, an absolute path), in the
// order given, as lines of published.yaml. For each URL, in this order:
//   - If-None-Match holding the file's etag: 304 without a body;
//   - for each variant, Accept-Encoding naming it: the variant's bytes
//     with content-encoding;
//   - otherwise: the file's bytes.
// Every answer carries the etag, content-type, cache-control: no-cache
// (revalidate every time) and, with variants, vary: accept-encoding; an
// HTML document's answers (its 304 too) also the headers "*document_csp"
// and "*document_referrer" (its Content-Security-Policy and referrer
// policy). Every route's per-filter config is the YAML alias "*as_is".
// head.yaml must define the three aliases (deploy/envoy.yaml). Each
// distinct header object is written out once, anchored as
// kHeaderAnchorPrefix + a number, and referred to by that alias after
// (the gateway's parts must use no anchor of that prefix).
std::string PublishedRoutes(absl::string_view dir,
                            const std::vector<PublishedFile>& files);
inline constexpr absl::string_view kHeaderAnchorPrefix = "vita_h";

// Whether a gateway that reports route table version `served` serves what
// table `wanted` routes: the same version, or a later one written by the
// same vita-server process (Write numbers its versions
// "vita-server-{pid}.{start}-{n}-{nanos}", {start} the time the process
// first wrote a table, so a restart with the same pid is another process;
// every table it writes holds all the files it publishes, as they are then). A
// version the gateway composed itself ("gateway-..." at its start) covers only
// itself.
bool RoutesVersionCovers(absl::string_view served, absl::string_view wanted);

// Writes the route table of the gateway. Thread safety: one writer per
// process at a time (the Publisher's serialization); processes exclude each
// other with the flock.
class GatewayRoutes {
 public:
  // `dir`: the publish dir (absolute); the files go to dir/.gateway/.
  explicit GatewayRoutes(std::string dir);

  // Writes published.yaml with `published_routes` and, when the gateway has
  // written head.yaml and base.yaml, composes routes.yaml. Returns the
  // version_info written into routes.yaml (unique to this call), or "" when
  // the gateway's parts are missing (no gateway has run on this dir yet:
  // there is nothing to reload). Errors: INTERNAL naming the file that
  // could not be read or written; routes.yaml is then unchanged.
  absl::StatusOr<std::string> Write(absl::string_view published_routes);

  const std::string& dir() const { return dir_; }

 private:
  const std::string dir_;  // DIR/.gateway
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_GATEWAY_ROUTES_H_
