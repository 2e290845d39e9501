// Publish on write: writes each profile's public artefacts into a directory
// the gateway serves as plain files, so reading a page needs no vita-server.
//
//   DIR/v1/profiles/{id}/page   the canonical JSON of GetPage (PageJson)
//   DIR/p/{id}/index.html       the page's HTML document (RenderDocument)
//   DIR/p/{id}/pub/{pub}/index.html  each paper's page (RenderPaperPage)
//   DIR/p/{id}/news.atom        the news as an Atom feed (NewsAtom)
//   DIR/p/{id}/publications.bib, publications.csl.json, resume.json
//                               BibTeX, CSL-JSON and JSON Resume (formats/)
//   DIR/p/{id}/sitemap.xml      the profile's sitemap (with a public URL)
//   DIR/sitemap.xml, DIR/robots.txt  the site's (with a public URL)
//
// Every file is replaced atomically: written to a temporary file in the same
// directory (a name starting with ".", which the gateway's routes never map),
// flushed, then renamed over the served name; a crash at any point leaves
// the previous complete file. Unpublish renames a profile's directories
// aside (".gone-*") before removing them, so a reader sees the old files or
// a 404, never a part. Publishing runs on one thread at a time (the domain
// serializes PageObserver calls).
#ifndef VITA_SERVER_PUBLISH_PUBLISHER_H_
#define VITA_SERVER_PUBLISH_PUBLISHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/page_observer.h"
#include "server/publish/page_document.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

class Publisher {
 public:
  // Reads the template (the web root's index.html) once; creates `dir`.
  static absl::StatusOr<std::unique_ptr<Publisher>> Create(
      std::string dir, const std::string& template_file,
      DocumentOptions options);

  // Writes both files of `profile_id`.
  absl::Status Publish(absl::string_view profile_id, const v1::Page& page);
  // Removes both files of `profile_id` (no error if they do not exist).
  absl::Status Unpublish(absl::string_view profile_id);
  // Unpublishes every published profile not in `keep`, and removes
  // temporary files a crash left behind.
  absl::Status RemoveAllBut(const std::vector<std::string>& keep);

  // Test-only (VITA_TEST_PUBLISH_PAUSE, see vita_server.h): wait this long
  // after writing a temporary file and before renaming it.
  void set_test_pause_ms(int ms) { test_pause_ms_ = ms; }

  const std::string& dir() const { return dir_; }

 private:
  Publisher(std::string dir, std::string html_template,
            DocumentOptions options);
  // What else a profile publishes beside its page (artefacts.cc): the paper
  // pages p/{id}/pub/{publication}/index.html (paper_page.h); paper pages
  // of publications no longer on the page are removed.
  absl::Status PublishArtefacts(const std::string& profile_id,
                                const v1::Page& page);
  // With a public URL: DIR/sitemap.xml (the index of every published
  // profile's sitemap) and DIR/robots.txt (artefacts.cc).
  absl::Status PublishSiteIndex();
  absl::Status WriteAtomically(const std::string& directory,
                               const std::string& name,
                               absl::string_view content);

  const std::string dir_;
  const std::string template_;
  const DocumentOptions options_;
  int test_pause_ms_ = 0;
};

// The PageObserver that publishes: a page is published, a deleted profile
// unpublished. When publishing fails after the write committed (a full
// disk, a directory made read-only), the write is still acknowledged (it is
// durable); the failure is logged on stderr as "PUBLISH FAILED for profile
// <id>: <why>; the published page is stale until the next write or restart",
// and the files keep their previous complete version.
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
