// BibTeX import and export of publications, parsed by libbtparse.
//
// Import understands @string macros, the standard month macros (jan ...
// dec), `#` concatenation, TeX accents and protective braces (turned into
// Unicode text by formats/tex_unicode.h) and "and"-separated author lists in
// both "First von Last" and "von Last, Jr, First" forms. It is all or nothing:
// any syntax error, undefined macro or entry without title, author or year
// fails the whole file with "FILE:LINE: message".
#ifndef VITA_CLI_BIBTEX_H_
#define VITA_CLI_BIBTEX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/bibtex_writer.h"
#include "vita/v1/profile.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::cli {

struct BibtexEntry {
  // The publication the entry describes: title, authors (the owner marked
  // is_owner by the profile's display_name or name_variants), venue (from
  // booktitle, journal, howpublished, school or institution), status (from
  // pubstate/note/venue: accepted, submitted, preprint, else published),
  // year, date (year and month, or a full `date` field), links (url, doi,
  // arXiv eprint, pdf, code), abstract, tags (keywords), citation_key and
  // bibtex (the entry itself with macros expanded).
  vita::v1::Publication publication;
  std::string key;
  int line = 0;  // where the entry starts
};

// Parses every regular entry of `path`; `owner` identifies the owner.
absl::StatusOr<std::vector<BibtexEntry>> ParseBibtexFile(
    const std::string& path, const vita::v1::Profile& owner);

// The writer (export) is formats/bibtex_writer.h, shared with the server.
using formats::PublicationToBibtex;

// The id of a publication made from a citation key is PublicationIdFrom in
// common/resource_name.h, the server's rule.

}  // namespace vita::cli

#endif  // VITA_CLI_BIBTEX_H_
