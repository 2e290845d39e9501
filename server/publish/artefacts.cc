// Publisher::ArtefactFiles, CitationFiles, PaperPageFiles and
// PublishSiteIndex: what a profile publishes beside its page JSON and
// document, through the publisher's one file-writing path
// (PublishFiles), so these files are served like the page: from the
// gateway's route table, with etags and precompressed variants.
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

}  // namespace

std::vector<std::pair<std::string, std::string>> Publisher::ArtefactFiles(
    const std::string& profile_id, const v1::Page& page) const {
  std::string profile_dir = absl::StrCat("p/", profile_id);
  std::vector<std::pair<std::string, std::string>> files;
  files.push_back({absl::StrCat(profile_dir, "/resume.json"),
                   formats::PageToJsonResume(page, options_.public_base_url)});
  files.push_back({absl::StrCat(profile_dir, "/news.atom"),
                   NewsAtom(profile_id, page, options_)});
  if (!options_.public_base_url.empty()) {
    files.push_back({absl::StrCat(profile_dir, "/sitemap.xml"),
                     ProfileSitemap(profile_id, page, options_)});
  }
  return files;
}

std::vector<std::pair<std::string, std::string>> Publisher::CitationFiles(
    const std::string& profile_id, const v1::Page& papers) const {
  std::string profile_dir = absl::StrCat("p/", profile_id);
  return {{absl::StrCat(profile_dir, "/publications.bib"),
           formats::PublicationsToBibtex(papers.publications())},
          {absl::StrCat(profile_dir, "/publications.csl.json"),
           formats::PublicationsToCslJson(papers.publications())}};
}

std::vector<std::pair<std::string, std::string>> Publisher::PaperPageFiles(
    const std::string& profile_id, const v1::Page& page) const {
  std::vector<std::pair<std::string, std::string>> files;
  for (const v1::Publication& publication : page.publications()) {
    std::string id = ItemId(publication.name());
    if (id.empty() || PaperPath(publication.name()).empty()) continue;
    files.push_back(
        {absl::StrCat("p/", profile_id, "/pub/", id, "/index.html"),
         RenderPaperPage(template_, profile_id, page, publication, options_)});
    files.push_back({CitePath(publication.name()).substr(1),
                     formats::PublicationToBibtex(publication)});
  }
  return files;
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
  return PublishFiles({{"sitemap.xml", SitemapIndex(profiles, options_)},
                       {"robots.txt", RobotsTxt(options_)}});
}

}  // namespace vita::publish
