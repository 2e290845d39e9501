// `vita publication import FILE.bib`: imports a BibTeX file (bibtex.h parses
// it) into the current profile with one ImportPublications call, which the
// server runs in one transaction.
//
// Example:
//
//   VITA_RETURN_IF_ERROR(ImportBibtex(ctx, "refs.bib", {.dry_run = true}));
//
// Contract: every problem of the file is named at once on stderr, one a
// line, "FILE:LINE: entry KEY: FIELD: RULE": those found while parsing and
// those the server finds (asked with a dry run of the parsed entries). With
// a problem and without `skip_invalid`, nothing is written and the import
// fails (exit 3 for a file that does not parse, 4 for invalid entries).
// With `skip_invalid` the valid entries are imported and each skipped one
// is named ("skipped FILE:LINE: ..."). Each imported entry is printed on
// stdout as created, updated (with the matched publication, why it
// matched, and the fields filled in) or unchanged; with `dry_run` as what
// would happen ("create", "update", "unchanged"), and nothing is written.
#ifndef VITA_CLI_BIBTEX_IMPORT_H_
#define VITA_CLI_BIBTEX_IMPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cli/context.h"

namespace vita::cli {

struct ImportOptions {
  bool dry_run = false;
  bool skip_invalid = false;
};

// Runs the import of `path` into the current profile.
absl::Status ImportBibtex(Context& context, const std::string& path,
                          const ImportOptions& options);

// The same import of the works in ORCID's works JSON at `path`
// (orcid_import.h maps them).
absl::Status ImportOrcidWorks(Context& context, const std::string& path,
                              const ImportOptions& options);

}  // namespace vita::cli

#endif  // VITA_CLI_BIBTEX_IMPORT_H_
