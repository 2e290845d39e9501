// Publisher::PublishArtefacts: what a profile publishes beside its page
// JSON and document, through the publisher's one file-writing path
// (WriteAtomically), so these files are served like the page.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/bibtex_writer.h"
#include "formats/csl_json.h"
#include "formats/json_resume.h"
#include "server/publish/feeds.h"
#include "server/publish/paper_page.h"
#include "server/publish/publisher.h"

namespace vita::publish {
namespace {

// The id of "profiles/{profile}/publications/{id}".
std::string ItemId(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Removes the paper pages under `pub_dir` whose ids are not in `keep`:
// each directory is renamed aside first (".gone-*", never served), so a
// reader sees the whole page or a 404.
absl::Status RemoveStalePapers(const std::string& pub_dir,
                               const absl::flat_hash_set<std::string>& keep) {
  static std::atomic<uint64_t> removals{0};
  std::error_code error;
  for (std::filesystem::directory_iterator it(pub_dir, error), end;
       !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (keep.contains(name)) continue;
    std::string gone = absl::StrCat(pub_dir, "/.gone-", name, "-", getpid(),
                                    "-", removals.fetch_add(1));
    if (!absl::StartsWith(name, ".") &&
        std::rename(it->path().c_str(), gone.c_str()) != 0) {
      return absl::InternalError(
          absl::StrCat("cannot remove ", it->path().string()));
    }
    std::error_code removed;
    std::filesystem::remove_all(
        absl::StartsWith(name, ".") ? it->path().string() : gone, removed);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Publisher::PublishArtefacts(const std::string& profile_id,
                                         const v1::Page& page) {
  std::string profile_dir = absl::StrCat(dir_, "/p/", profile_id);
  std::string pub_dir = absl::StrCat(profile_dir, "/pub");
  absl::flat_hash_set<std::string> papers;
  for (const v1::Publication& publication : page.publications()) {
    std::string id = ItemId(publication.name());
    if (id.empty() || PaperPath(publication.name()).empty()) continue;
    papers.insert(id);
    if (absl::Status s =
            WriteAtomically(absl::StrCat(pub_dir, "/", id), "index.html",
                            RenderPaperPage(template_, profile_id, page,
                                            publication, options_));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = RemoveStalePapers(pub_dir, papers); !s.ok()) return s;
  if (absl::Status s =
          WriteAtomically(profile_dir, "publications.bib",
                          formats::PublicationsToBibtex(page.publications()));
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          WriteAtomically(profile_dir, "publications.csl.json",
                          formats::PublicationsToCslJson(page.publications()));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = WriteAtomically(
          profile_dir, "resume.json",
          formats::PageToJsonResume(page, options_.public_base_url));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = WriteAtomically(profile_dir, "news.atom",
                                       NewsAtom(profile_id, page, options_));
      !s.ok()) {
    return s;
  }
  if (options_.public_base_url.empty()) return absl::OkStatus();
  if (absl::Status s =
          WriteAtomically(profile_dir, "sitemap.xml",
                          ProfileSitemap(profile_id, page, options_));
      !s.ok()) {
    return s;
  }
  return PublishSiteIndex();
}

absl::Status Publisher::PublishSiteIndex() {
  if (options_.public_base_url.empty()) return absl::OkStatus();
  std::vector<std::string> profiles;
  std::error_code error;
  for (std::filesystem::directory_iterator it(absl::StrCat(dir_, "/p"), error),
       end;
       !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (!absl::StartsWith(name, ".")) profiles.push_back(name);
  }
  std::sort(profiles.begin(), profiles.end());
  if (absl::Status s = WriteAtomically(dir_, "sitemap.xml",
                                       SitemapIndex(profiles, options_));
      !s.ok()) {
    return s;
  }
  return WriteAtomically(dir_, "robots.txt", RobotsTxt(options_));
}

}  // namespace vita::publish
