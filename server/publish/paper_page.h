// One page per publication, /p/{profile}/pub/{publication}: what a reader
// and Google Scholar's crawler need to find and cite the paper, as a pure
// function of the profile's page.
//
//   std::string html = RenderPaperPage(html_template, "hexu-zhao", page,
//                                      page.publications(0), options);
//   // <meta name="citation_title" content="On Scaling Up ..."> ...
//
// The head carries the Highwire Press tags of Google Scholar's inclusion
// guidelines (CitationTags) and a schema.org ScholarlyArticle (JSON-LD);
// the body shows title, authors (the owner marked), venue, date, abstract,
// links and the paper's BibTeX (formats/bibtex_writer.h, byte for byte what
// `vita pub export` writes). Every record text is HTML-escaped; JSON-LD is
// printed by protobuf's JSON printer with "<" written as \u003c.
// Thread-safe (pure functions).
#ifndef VITA_SERVER_PUBLISH_PAPER_PAGE_H_
#define VITA_SERVER_PUBLISH_PAPER_PAGE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/publish/page_document.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

// "/p/{profile}/pub/{publication}" for the publication named
// "profiles/{profile}/publications/{publication}"; "" for another name.
std::string PaperPath(absl::string_view publication_name);

// PaperPath + "/cite.bib": the paper's BibTeX entry, as `vita pub export`
// writes it (formats::PublicationToBibtex), which the page's Cite control
// reads when a reader asks for it; "" for a name PaperPath does not take.
std::string CitePath(absl::string_view publication_name);

// The Highwire <meta name="citation_..."> tags of `publication`, one a line:
//   citation_title; citation_author, one per author in the paper's order;
//   citation_publication_date ("2024/03/05", "2024/03" or "2024"; left out
//   when the year is unknown); citation_conference_title (conference and
//   workshop papers), citation_journal_title (journal articles),
//   citation_dissertation_institution (theses) or
//   citation_technical_report_institution (reports), from `venue`;
//   citation_pdf_url for the first PDF link (absolute with
//   options.public_base_url); citation_doi and citation_arxiv_id when
//   known; citation_abstract_html_url (the paper page) with a public URL.
// A publication without `type` gets the kind of its BibTeX entry type.
std::string CitationTags(absl::string_view profile_id,
                         const v1::Publication& publication,
                         const DocumentOptions& options);

// The schema.org ScholarlyArticle of `publication` as JSON text.
std::string ScholarlyArticleJson(absl::string_view profile_id,
                                 const v1::Page& page,
                                 const v1::Publication& publication,
                                 const DocumentOptions& options);

// The whole HTML document of the paper page. `html_template` (the web
// root's index.html) gives only the <link> and <style> elements of its head
// (the icon and the page's style sheet).
std::string RenderPaperPage(absl::string_view html_template,
                            absl::string_view profile_id, const v1::Page& page,
                            const v1::Publication& publication,
                            const DocumentOptions& options);

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_PAPER_PAGE_H_
