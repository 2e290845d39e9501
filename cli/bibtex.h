// BibTeX import and export of publications, parsed by libbtparse.
//
// Import understands @string macros, the standard month macros (jan ...
// dec), `#` concatenation, TeX accents and protective braces (turned into
// Unicode text by formats/tex_unicode.h) and "and"-separated author lists in
// both "First von Last" and "von Last, Jr, First" forms. An entry without title
// or author, or with a year or month that is not one, is a problem named
// "FILE:LINE: entry KEY: rule"; an entry without year has year 0 (not known
// yet). A syntax error or undefined macro fails the whole file.
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
  // type (from the entry type: @inproceedings a conference paper, @article
  // a journal article, a preprint @article/@misc/@unpublished a manuscript,
  // ...), year (0 without one), date (year and month, or a full `date`
  // field), doi (doi, or a doi.org url), arxiv_id (an arXiv eprint, or an
  // arxiv.org url; no version), links (url unless it is the DOI or arXiv
  // page, pdf, code), abstract, tags (keywords), citation_key and bibtex
  // (the entry itself with macros expanded).
  vita::v1::Publication publication;
  std::string key;
  int line = 0;  // where the entry starts
};

// An entry that cannot be imported: `message` is "FILE:LINE: entry KEY:
// rule" (or "FILE:LINE: duplicate key ...").
struct BibtexProblem {
  std::string key;
  int line = 0;
  std::string message;
};

// A parsed file: the entries that convert, and a problem for each that does
// not.
struct BibtexFile {
  std::vector<BibtexEntry> entries;
  std::vector<BibtexProblem> problems;
};

// Parses every regular entry of `path`; `owner` identifies the owner. Each
// entry that breaks a rule is a problem of the result, the others are its
// entries. A syntax error or undefined macro anywhere fails the whole file
// (LocalInputError, every message of the parser as "FILE:LINE: ...", one a
// line).
absl::StatusOr<BibtexFile> ReadBibtexFile(const std::string& path,
                                          const vita::v1::Profile& owner);

// ReadBibtexFile, all or nothing: any problem fails (LocalInputError, every
// problem one a line).
absl::StatusOr<std::vector<BibtexEntry>> ParseBibtexFile(
    const std::string& path, const vita::v1::Profile& owner);

// The writer (export) is formats/bibtex_writer.h, shared with the server.
using formats::PublicationToBibtex;

// The id of a publication made from a citation key is PublicationIdFrom in
// common/resource_name.h, the server's rule.

}  // namespace vita::cli

#endif  // VITA_CLI_BIBTEX_H_
