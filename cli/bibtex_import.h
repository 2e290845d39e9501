// `vita publication import FILE.bib`: creates or updates the current profile's
// publications from a BibTeX file (bibtex.h parses it).
//
// Contract: the file is parsed completely before anything is written; a bad
// file writes nothing (LocalInputError with FILE:LINE). An entry whose
// citation_key is already in the profile updates that publication (title,
// authors, venue, status, year, date, links, abstract, bibtex and, if the
// entry has keywords, tags), keeping its id and the author marks BibTeX
// cannot hold; other entries are created with an id made from the key. If
// the server refuses an entry, what was written before it is undone, except
// a record someone else changed since the import wrote it (its etag is no
// longer the one the import got back): that one is left as it is. The error
// names the refused entry (FILE:LINE), what was undone ("undone: KEY
// (created); ...") and says "nothing was imported", or names the entries
// that stayed and why.
#ifndef VITA_CLI_BIBTEX_IMPORT_H_
#define VITA_CLI_BIBTEX_IMPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cli/context.h"
#include "vita/v1/publication.pb.h"

namespace vita::cli {

// Runs the import; with `dry_run` it prints the plan and writes nothing.
absl::Status ImportBibtex(Context& context, const std::string& path,
                          bool dry_run);

// The same import of the works in ORCID's works JSON at `path`
// (orcid_import.h maps them).
absl::Status ImportOrcidWorks(Context& context, const std::string& path,
                              bool dry_run);

// Copies author marks (equal contribution, corresponding, homepage and, if
// `before` marks an owner, is_owner) from `before` to the authors of
// `after` that have the same name.
void KeepAuthorMarks(const vita::v1::Publication& before,
                     vita::v1::Publication* after);

}  // namespace vita::cli

#endif  // VITA_CLI_BIBTEX_IMPORT_H_
