// Publisher::ArtefactFiles, CitationFiles, PaperPageFiles and
// SiteIndexFiles: what a profile publishes beside its page JSON and
// document, through the publisher's one file-writing path
// (PublishFiles), so these files are served like the page: from the
// gateway's index, with etags and precompressed variants.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "formats/bibtex_writer.h"
#include "formats/csl_json.h"
#include "formats/json_resume.h"
#include "server/publish/feeds.h"
#include "server/publish/paper_page.h"
#include "server/publish/publisher.h"

namespace vita::publish {

std::vector<std::pair<std::string, std::string>> Publisher::ArtefactFiles(
    const std::string& profile_id, const v1::Page& page,
    RenderCache* cache) const {
  std::string profile_dir = absl::StrCat("p/", profile_id);
  std::vector<std::pair<std::string, std::string>> files;
  files.push_back({absl::StrCat(profile_dir, "/news.atom"),
                   NewsAtom(profile_id, page, options_, cache)});
  if (!options_.public_base_url.empty()) {
    files.push_back({absl::StrCat(profile_dir, "/sitemap.xml"),
                     ProfileSitemap(profile_id, page, options_)});
  }
  return files;
}

std::vector<std::pair<std::string, std::string>> Publisher::CitationFiles(
    const std::string& profile_id, const v1::Page& papers) const {
  std::string profile_dir = absl::StrCat("p/", profile_id);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(absl::StrCat(profile_dir, "/publications.bib"),
                     formats::PublicationsToBibtex(papers.publications()));
  files.emplace_back(absl::StrCat(profile_dir, "/publications.csl.json"),
                     formats::PublicationsToCslJson(papers.publications()));
  files.emplace_back(
      absl::StrCat(profile_dir, "/resume.json"),
      formats::PageToJsonResume(papers, options_.public_base_url));
  return files;
}

std::vector<std::pair<std::string, std::string>> Publisher::PaperPageFiles(
    const std::string& profile_id, const v1::Page& page) const {
  std::vector<std::pair<std::string, std::string>> files;
  for (const v1::Publication& publication : page.publications()) {
    // Both files at the publication's paper path (paper_page.h).
    std::string paper = PaperPath(publication.name());
    if (paper.empty()) continue;
    files.push_back(
        {absl::StrCat(paper.substr(1), "/index.html"),
         RenderPaperPage(template_, profile_id, page, publication, options_)});
    files.push_back({CitePath(publication.name()).substr(1),
                     formats::PublicationToBibtex(publication)});
  }
  return files;
}

std::vector<std::pair<std::string, std::string>> Publisher::SiteIndexFiles()
    const {
  if (options_.public_base_url.empty()) return {};
  // The profiles whose document is published: "p/{id}/index.html", in
  // order (files_ is sorted by path).
  std::vector<std::string> profiles;
  for (const auto& [path, entry] : files_) {
    std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
    if (parts.size() == 3 && parts[0] == "p" && parts[2] == "index.html") {
      profiles.emplace_back(parts[1]);
    }
  }
  return {{"sitemap.xml", SitemapIndex(profiles, options_)},
          {"robots.txt", RobotsTxt(options_)}};
}

}  // namespace vita::publish
