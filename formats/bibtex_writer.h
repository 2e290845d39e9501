// BibTeX output of publications: what `vita pub export` writes, and what
// the server publishes beside each paper (server/publish/).
//
//   std::string entry = vita::formats::PublicationToBibtex(publication);
//   // "@inproceedings{zhao2024scaling,\n  title = {{On Scaling ...}},\n..."
//
// Pure functions of the record; thread-safe.
#ifndef VITA_FORMATS_BIBTEX_WRITER_H_
#define VITA_FORMATS_BIBTEX_WRITER_H_

#include <string>

#include "vita/v1/publication.pb.h"

namespace vita::formats {

// One BibTeX entry for `publication`, keyed by its citation_key (or its id),
// that BibTeX and libbtparse accept; ParseBibtexFile of it gives back the
// same title, authors, venue, status, year, date, links, abstract and tags.
// Fields of the imported entry a Publication does not hold (pages, volume,
// number, publisher, editor, ...) are copied from its `bibtex`.
std::string PublicationToBibtex(const vita::v1::Publication& publication);

// Every publication of `publications` as PublicationToBibtex writes it, in
// that order, separated by an empty line: what `vita pub export` writes and
// vita-server publishes as /p/{profile}/publications.bib.
std::string PublicationsToBibtex(
    const google::protobuf::RepeatedPtrField<vita::v1::Publication>&
        publications);

}  // namespace vita::formats

#endif  // VITA_FORMATS_BIBTEX_WRITER_H_
