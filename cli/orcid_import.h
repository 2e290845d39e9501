// `vita publication import --orcid FILE`: publications from the JSON that
// ORCID's public API returns for a person's works
// (GET https://pub.orcid.org/v3.0/{orcid}/works, Accept: application/json).
//
//   auto entries = vita::cli::PublicationsFromOrcidWorks(json, owner);
//   // entries->at(0).publication.doi() == "10.1145/3620666.3651380"
//
// A pure function: the entries then go through the BibTeX import's path
// (bibtex_import.h: a key imported before updates that publication).
// Parsed with protobuf's JSON parser into a Struct. Thread-safe.
#ifndef VITA_CLI_ORCID_IMPORT_H_
#define VITA_CLI_ORCID_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/bibtex.h"
#include "vita/v1/profile.pb.h"

namespace vita::cli {

// One entry per work group (ORCID groups the versions of one work; the
// first summary, ORCID's preferred one, is taken), keyed "orcid-{put-code}"
// (its citation_key, so a re-import updates it; line: the group's index
// from 1). Mapping: title (": " subtitle), type (journal-article,
// conference-paper, preprint, dissertation-thesis, report, book,
// book-chapter, patent, conference-presentation/-poster, lecture-speech;
// else OTHER), status (PREPRINT for a preprint, else PUBLISHED), year and
// date from publication-date, venue from journal-title, doi and arxiv_id
// from the "self" external ids (arXiv without "arXiv:" and version), the
// work's url as a link. ORCID's work summaries carry no contributors: the
// owner (display name, is_owner) is the one author and more_authors is set
// ("et al."). Errors (LocalInputError, exit 4, "FILE: ..."): not JSON, no
// "group" list, a work without a title.
absl::StatusOr<std::vector<BibtexEntry>> PublicationsFromOrcidWorks(
    absl::string_view json, absl::string_view file,
    const vita::v1::Profile& owner);

}  // namespace vita::cli

#endif  // VITA_CLI_ORCID_IMPORT_H_
