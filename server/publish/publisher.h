// Publish on write: writes each profile's public artefacts into a directory
// the gateway serves, so reading a page needs no vita-server.
//
//   DIR/v1/profiles/{id}/page   the canonical JSON of GetPage (PageJson)
//   DIR/p/{id}/index.html       the page's HTML document (RenderDocument)
//   DIR/p/{id}/pub/{pub}/index.html  each paper's page (RenderPaperPage)
//   DIR/p/{id}/pub/{pub}/cite.bib    its BibTeX entry (CitePath)
//   DIR/p/{id}/news.atom        the news as an Atom feed (NewsAtom)
//   DIR/p/{id}/publications.bib, publications.csl.json, resume.json
//                               BibTeX, CSL-JSON and JSON Resume (formats/)
//   DIR/p/{id}/sitemap.xml      the profile's sitemap (with a public URL)
//   DIR/sitemap.xml, DIR/robots.txt  the site's (with a public URL)
//   DIR/.gateway/               the gateway's index (gateway_index.h)
//
// Every file gets a strong etag (a hash of its bytes), and every text file
// of 256 bytes or more but the paper pages and their cite.bib (files of the
// gateway's file server, not of the index) its precompressed variants beside it
// (FILE.br, FILE.gz; encodings.h), made in the background: a publish writes
// only the files themselves, and the Publisher's compressor thread compresses
// them after it returns (variants lag identity), once no file has been
// published for kCompressAfterQuiet: a burst of writes, each publishing a new
// version of the same files, is compressed once, when it pauses, rather than
// version after version on the cores the writes need (under a steady stream,
// once a version has waited kCompressAtMost). The gateway (Envoy)
// serves each file from memory at its URL (gateway_index.h: UrlsOf), finding it
// in the index that the Publisher rewrites after each publish that changed a
// file and again when the compressor has added variants; the gateway notices
// the new index at its next request (a counter in shared memory), so a write
// acknowledged after its publish returns is seen by the next read through
// the gateway, with no reload of the gateway's configuration. Until its
// variants are made, a changed file is indexed without any (the gateway
// sends it as it is: correct, only larger), unless variants of exactly its
// bytes exist already (their blobs, by etag: a republish at start of files
// that did not change, gateway_index.h invariant 3); an index never lists a
// variant of other bytes than the file's. The compressor takes the files
// published since it last looked, latest wins: a file published again
// before its compression started is compressed only in its newest version,
// and a result for bytes the file no longer has is dropped. A file whose
// bytes did not change is not rewritten, and a publish that changed nothing
// does not touch the index. The BibTeX, CSL-JSON, JSON Resume and paper
// pages are rendered from the profile and its publications alone, and only when
// those changed since this process last published them completely (a news write
// does not render them).
//
// Every file is replaced atomically (files.h: a temporary "." name, then a
// rename), and the index last: a crash at any point leaves the previous
// complete version served (a crash before the compressor's index leaves the
// files served without their new variants, until the republish at start).
// A file's old variants are removed before its new bytes are written.
// Files leave the index before they are removed. Unpublish renames a
// profile's directories aside (".gone-*") before removing them.
//
// Nothing is synced: the tree is derived from the database, which alone is
// durable, and vita-server republishes every profile at start, before it
// serves (and waits for AwaitCompressed). A power loss may leave a file
// stale or empty until that republish, its blob too (they are one inode),
// and its variants: so a blob whose name exists already is compared with
// the file before it is kept (else the file replaces it), and a variant
// left by an earlier process is served again only if it decodes to the
// file's bytes (encodings.h: DecodesTo). A gateway must start after that
// republish (deploy/up.sh starts it once vita-server listens): one that
// read a cut blob before it may keep serving the cut bytes
// (gateway_index.h, invariant 3).
//
// Thread safety: every public method may be called from any thread; they
// take the Publisher's mutex, which serializes them with each other and
// with the compressor's commits (the domain also serializes
// PageObserver::PageChanged). The compressor is one thread owned by the
// Publisher, started by Create at the lowest CPU priority (nice 19) and
// joined by the destructor, which lets the file being compressed finish
// and drops the compressions not started.
#ifndef VITA_SERVER_PUBLISH_PUBLISHER_H_
#define VITA_SERVER_PUBLISH_PUBLISHER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/page_observer.h"
#include "server/publish/gateway_index.h"
#include "server/publish/page_document.h"
#include "server/publish/render_cache.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

// How long the compressor waits after the newest publish before it starts
// (see above), and at most after the oldest version it has not compressed
// (a steady stream of writes does not leave files uncompressed for good).
inline constexpr std::chrono::milliseconds kCompressAfterQuiet{100};
inline constexpr std::chrono::milliseconds kCompressAtMost{1000};

// A strong etag of `content`: "\"" + 32 hex digits of its SHA-256 + "\"".
std::string FileEtag(absl::string_view content);

class Publisher {
 public:
  // Reads the template (the web root's index.html) once; creates `dir`
  // (made absolute) and takes stock of the files already published there,
  // so that the index keeps serving them until they are republished.
  static absl::StatusOr<std::unique_ptr<Publisher>> Create(
      std::string dir, const std::string& template_file,
      DocumentOptions options);
  // Stops the compressor: the file being compressed is finished, the
  // compressions not started are dropped (their files stay served as they are,
  // and a restart republishes them).
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Publishes the files of `profile_id` (the list above), then the index:
  // when it returns, the gateway serves them (their new variants follow,
  // see above).
  absl::Status Publish(absl::string_view profile_id, const v1::Page& page);

  // Publishes `files` (path relative to the publish dir, content), each
  // served at UrlsOf(path) with ContentTypeOf(path), then the index.
  // REQUIRES: paths of the form "a/b/c", no segment empty or starting
  // with ".".
  absl::Status PublishFiles(
      const std::vector<std::pair<std::string, std::string>>& files);

  // Removes the files of `profile_id` (no error if they do not exist),
  // after writing the index without them.
  absl::Status Unpublish(absl::string_view profile_id);
  // Unpublishes every published profile not in `keep`, and removes
  // temporary files a crash left behind and the route table's files of
  // versions before the gateway index (.gateway/parts/, routes.yaml).
  absl::Status RemoveAllBut(const std::vector<std::string>& keep);

  // Waits until the compressor has nothing left to do: every file published
  // before the call has its variants in the index (or its compression
  // failed, as logged on stderr, or a newer version replaced it, whose
  // variants it waits for too). Under a steady stream of publishes it has
  // no bound. For start-up (vita-server waits before it
  // serves, so that a first visit is served compressed), shutdown and tests;
  // never on the write path.
  void AwaitCompressed();

  // How many file versions the compressor has compressed (each in every
  // encoding) since Create: for tests, which check that a burst of versions
  // is compressed only in its newest.
  uint64_t compressed_versions();

  // Test-only: while held, the compressor takes no new files (those
  // published meanwhile wait, latest wins); AwaitCompressed must not be
  // called while held.
  void set_test_compressor_held(bool held);

  // Test-only (VITA_TEST_PUBLISH_PAUSE, see vita_server.h): wait this long
  // after writing a temporary file and before renaming it.
  void set_test_pause_ms(int ms);

  const std::string& dir() const { return dir_; }

 private:
  struct Entry {
    PublishedFile file;
    // Written by this process (not only taken stock of at Create).
    bool verified = false;
    // What CommitIndex derived from `file` when it last saw it: its lines
    // of the index (IndexEntries) and its blobs (BlobPathsOf), made again
    // only when `file` is no longer `indexed` (another etag or variants),
    // so an index after a publish renders only the files it changed.
    PublishedFile indexed;
    std::string index_entries;
    std::vector<std::string> blobs;
  };
  // A file version waiting for the compressor: its etag and bytes.
  struct Uncompressed {
    std::string etag;
    std::string content;
  };
  // A file version compressed, in kEncodings' order.
  struct Compressed {
    std::string path;
    std::string etag;
    std::vector<std::string> variants;
  };

  Publisher(std::string dir, std::string html_template,
            DocumentOptions options);
  absl::Status WriteFile(const std::string& path, absl::string_view content);
  // Links the published file `path` (relative) as `blob` (BlobPath), unless
  // a blob of that name holds the same bytes already; one that holds others
  // (a power loss took some, or a variant compressed by another build) is
  // replaced by the file (gateway_index.h, invariant 3).
  absl::Status LinkBlob(const std::string& path, const std::string& blob);
  // LinkBlob for `file` and each of its variants.
  absl::Status LinkBlobs(const PublishedFile& file);
  // Writes the index if the published files changed since the last one,
  // then removes the blobs that only the previous index named.
  absl::Status CommitIndex();
  // Whether the blob directory is missing, or another one than at the last
  // call (the one held open is gone, or another inode is at its path): then
  // CommitIndex looks for every blob.
  bool BlobDirReplaced();
  // Forgets the files and paper pages below `directory` (relative, ending
  // in "/").
  void Forget(absl::string_view directory);
  // Forgets the paper files (pages, cite.bib) below `directory` that this
  // process wrote, so that they are written again when next published.
  void ForgetPapers(absl::string_view directory);
  void TakeStock(const std::string& relative);
  // What a profile publishes beside its page JSON and document
  // (artefacts.cc) that depends on its news: its news feed and, with a
  // public URL, its sitemap; (path, content) as PublishFiles
  // takes them. Its Markdown is rendered through `cache` (the profile's).
  std::vector<std::pair<std::string, std::string>> ArtefactFiles(
      const std::string& profile_id, const v1::Page& page,
      RenderCache* cache) const;
  // What depends on its profile and publications alone, rendered from
  // `papers` (the page without its news, PapersOf): BibTeX, CSL-JSON and
  // JSON Resume (formats/).
  std::vector<std::pair<std::string, std::string>> CitationFiles(
      const std::string& profile_id, const v1::Page& papers) const;
  // Its paper pages, p/{id}/pub/{publication}/index.html, and beside each
  // its cite.bib (paper_page.h CitePath), rendered from `papers` too. They
  // are files the gateway's file server reads (a route of its own in
  // deploy/envoy.yaml), not entries of the index: a profile may have a
  // thousand of them, and every gateway worker loads the whole index again
  // after every publish (artefacts.cc).
  std::vector<std::pair<std::string, std::string>> PaperPageFiles(
      const std::string& profile_id, const v1::Page& papers) const;
  // Writes the paper pages whose bytes changed since this process wrote
  // them, and removes the paper pages of `profile_id` not among them.
  absl::Status PublishPaperPages(
      const std::string& profile_id,
      const std::vector<std::pair<std::string, std::string>>& pages);
  // With a public URL: DIR/sitemap.xml (the index of the sitemap of every
  // profile whose document is published) and DIR/robots.txt, as PublishFiles
  // takes them; none without (artefacts.cc).
  std::vector<std::pair<std::string, std::string>> SiteIndexFiles() const;
  // PublishFiles without the index: writes the files whose bytes
  // changed and records them, each without variants unless their blobs
  // exist already (then they are written beside it again), and hands those
  // that want variants to the compressor (their contents moved there, not
  // copied); true if any changed.
  absl::StatusOr<bool> WriteFiles(
      std::vector<std::pair<std::string, std::string>> files);
  // Links the variants of `path` from their blobs of `etag` if each exists
  // and decodes to `content` (DecodesTo; files.h LinkFileAtomically); true
  // if it did.
  absl::StatusOr<bool> ReuseVariants(const std::string& path,
                                     const std::string& etag,
                                     absl::string_view content);
  // The compressor thread: takes the files pending, compresses each without
  // the mutex, then adds the variants of those still current under it
  // (AddVariants) and commits one index for the batch.
  void CompressLoop();
  // Writes and links the variants of `compressed`, then marks them in its
  // file's entry. REQUIRES: WantsVariants(compressed.path, compressed.etag).
  absl::Status AddVariants(const Compressed& compressed);
  // Whether `etag` is the bytes of `path` now, still without variants.
  bool WantsVariants(const std::string& path, const std::string& etag) const;

  const std::string dir_;
  const std::string template_;
  const DocumentOptions options_;
  GatewayIndex index_;
  std::map<std::string, Entry> files_;  // by path
  // The etags of the paper pages this process wrote, by path.
  std::map<std::string, std::string> paper_etags_;
  // By profile id: FileEtag of the serialized PapersOf(page)
  // whose citation files and paper pages this process published completely
  // (what they are rendered from). A publish with the same inputs skips
  // rendering them; a failed one, Unpublish and RemoveAllBut forget it.
  std::map<std::string, std::string> papers_published_;
  // By profile id: what its last publishes rendered, record by record
  // (render_cache.h). Unpublish and RemoveAllBut drop a profile's.
  std::map<std::string, RenderCache> render_caches_;
  std::string last_index_;  // index.lua as last written
  bool index_written_ = false;
  absl::flat_hash_set<std::string> indexed_blobs_;  // named by the last index
  std::set<std::string> linked_blobs_;              // linked since that index
  bool blobs_swept_ = false;  // leftovers of earlier processes removed
  // The blob directory CommitIndex last saw, held open (BlobDirReplaced);
  // -1 before the first index.
  int blob_dir_fd_ = -1;
  int test_pause_ms_ = 0;

  // Serializes the public methods and the compressor's commits; guards
  // every member above and below but compressor_.
  std::mutex mu_;
  // The file versions published and not yet taken by the compressor, by
  // path: a newer version replaces an older one (latest wins).
  std::map<std::string, Uncompressed> pending_;
  // When the newest version was added to pending_, and the first since the
  // compressor last took it: the compressor starts kCompressAfterQuiet after
  // the one, or kCompressAtMost after the other, whichever comes first.
  std::chrono::steady_clock::time_point last_pending_;
  std::chrono::steady_clock::time_point first_pending_;
  std::condition_variable wake_;  // pending_, stopping_ or held_ changed
  std::condition_variable idle_;  // the compressor finished a batch
  bool compressing_ = false;      // a batch is taken and not committed
  bool stopping_ = false;
  bool held_ = false;
  uint64_t compressed_versions_ = 0;
  std::thread compressor_;  // started by Create, joined by ~Publisher
};

// The PageObserver that publishes: a page is published, a deleted profile
// unpublished, before the write is acknowledged, so a read through the
// gateway after the acknowledgement shows it (its variants follow, above). When
// publishing fails after the write committed (a full disk, a directory made
// read-only), the write is still acknowledged (it is durable); the failure is
// logged on stderr as "PUBLISH FAILED for profile <id>: <why>; the published
// page is stale until the next write or restart", and the files keep their
// previous complete version.
class PublishingObserver : public domain::PageObserver {
 public:
  explicit PublishingObserver(Publisher* publisher) : publisher_(publisher) {}
  void PageChanged(absl::string_view profile_id,
                   std::shared_ptr<const v1::Page> page) override;
  void PageUnreadable(absl::string_view profile_id,
                      const absl::Status& status) override;

 private:
  Publisher* const publisher_;
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_PUBLISHER_H_
