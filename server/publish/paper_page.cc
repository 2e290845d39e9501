#include "server/publish/paper_page.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "formats/bibtex_writer.h"
#include "formats/dates.h"
#include "formats/json.h"

namespace vita::publish {
namespace {

using v1::Publication;
using v1::PublicationLink;

// Where a publication appeared, as Google Scholar names the tag for it.
enum class Container { kNone, kConference, kJournal, kThesis, kReport };

// The tag that names the venue, by Container (in its order; none for kNone).
constexpr absl::string_view kVenueTags[] = {
    "", "citation_conference_title", "citation_journal_title",
    "citation_dissertation_institution",
    "citation_technical_report_institution"};
static_assert(std::size(kVenueTags) ==
              static_cast<size_t>(Container::kReport) + 1);

Container ContainerOf(const Publication& p) {
  switch (p.type()) {
    case Publication::CONFERENCE_PAPER:
    case Publication::WORKSHOP_PAPER:
      return Container::kConference;
    case Publication::JOURNAL_ARTICLE:
      return Container::kJournal;
    case Publication::THESIS:
      return Container::kThesis;
    case Publication::TECHNICAL_REPORT:
      return Container::kReport;
    case Publication::TYPE_UNSPECIFIED:
      break;
    default:
      return Container::kNone;
  }
  // No type: the entry type the BibTeX writer chooses.
  std::string bibtex = formats::PublicationToBibtex(p);
  if (absl::StartsWith(bibtex, "@inproceedings{"))
    return Container::kConference;
  if (absl::StartsWith(bibtex, "@article{")) return Container::kJournal;
  if (absl::StartsWith(bibtex, "@phdthesis{") ||
      absl::StartsWith(bibtex, "@mastersthesis{")) {
    return Container::kThesis;
  }
  if (absl::StartsWith(bibtex, "@techreport{")) return Container::kReport;
  return Container::kNone;
}

std::string MetaName(absl::string_view name, absl::string_view content) {
  return absl::StrCat("<meta name=\"", name, "\" content=\"",
                      EscapeHtml(content), "\">\n");
}

// A link target made absolute with the public URL when it is a path.
std::string AbsoluteHref(const DocumentOptions& options,
                         absl::string_view raw) {
  std::string href = SafeHref(raw);
  if (absl::StartsWith(href, "/")) {
    return absl::StrCat(options.public_base_url, href);
  }
  return href;
}

std::string PaperUrl(absl::string_view profile_id, const Publication& p,
                     const DocumentOptions& options) {
  if (options.public_base_url.empty()) return "";
  return absl::StrCat(options.public_base_url, PaperPath(p.name()));
}

// The first PDF link, as an absolute URL where possible.
std::string PdfUrl(const Publication& p, const DocumentOptions& options) {
  for (const PublicationLink& link : p.links()) {
    if (link.kind() == PublicationLink::PDF) {
      std::string href = AbsoluteHref(options, link.url());
      if (!href.empty()) return href;
    }
  }
  return "";
}

// "2024/03/05", "2024/03" or "2024" (Google Scholar's form); "" when the
// year is unknown.
std::string ScholarDate(const Publication& p) {
  if (p.year() == 0) return "";
  if (p.has_date() && p.date().year() == p.year() && p.date().month() > 0) {
    return p.date().day() > 0
               ? absl::StrFormat("%04d/%02d/%02d", p.year(), p.date().month(),
                                 p.date().day())
               : absl::StrFormat("%04d/%02d", p.year(), p.date().month());
  }
  return absl::StrFormat("%04d", p.year());
}

// ISO 8601 as schema.org wants it: "2024-03-05", "2024-03" or "2024".
std::string IsoDate(const Publication& p) {
  if (p.year() == 0) return "";
  if (p.has_date() && p.date().year() == p.year()) {
    return formats::FormatDate(p.date());
  }
  return absl::StrFormat("%04d", p.year());
}

std::string LinkLabel(const PublicationLink& link) {
  if (!link.label().empty()) return link.label();
  switch (link.kind()) {
    case PublicationLink::ARXIV:
      return "arXiv";
    case PublicationLink::PDF:
      return "PDF";
    case PublicationLink::CODE:
      return "Code";
    case PublicationLink::PROJECT_PAGE:
      return "Project page";
    case PublicationLink::DOI:
      return "DOI";
    case PublicationLink::GOOGLE_SCHOLAR:
      return "Google Scholar";
    case PublicationLink::VIDEO:
      return "Video";
    case PublicationLink::SLIDES:
      return "Slides";
    case PublicationLink::POSTER:
      return "Poster";
    default:
      return "Link";
  }
}

std::string AnchorOrText(absl::string_view raw_href, absl::string_view text,
                         absl::string_view class_name) {
  std::string href = SafeHref(raw_href);
  if (href.empty()) {
    return absl::StrCat("<span class=\"", class_name, "\">", EscapeHtml(text),
                        "</span>");
  }
  std::string rel =
      absl::StartsWith(href, "/") || absl::StartsWith(href, "mailto:")
          ? ""
          : " rel=\"noopener noreferrer\"";
  return absl::StrCat("<a class=\"", class_name, "\" href=\"", EscapeHtml(href),
                      "\"", rel, ">", EscapeHtml(text), "</a>");
}

std::string AuthorsHtml(const Publication& p) {
  std::vector<std::string> names;
  for (const v1::Author& a : p.authors()) {
    std::string mark = absl::StrCat(a.equal_contribution() ? "*" : "",
                                    a.corresponding() ? "\u2020" : "");
    if (a.is_owner()) {
      names.push_back(absl::StrCat("<u class=\"author owner\">",
                                   EscapeHtml(a.name()), mark, "</u>"));
    } else {
      names.push_back(AnchorOrText(a.url(), a.name() + mark, "author"));
    }
  }
  std::string out = absl::StrJoin(names, ", ");
  if (p.more_authors()) out += ", et al.";
  return out;
}

// The <link> and <style> elements of the template's head (the icon, the
// page's style sheet), in their order: the document policy allows the
// inline style sheet by its hash, so it is carried byte for byte.
std::string TemplateHeadResources(absl::string_view html_template) {
  std::string out;
  absl::string_view head =
      html_template.substr(0, html_template.find("</head>"));
  for (size_t at = 0;;) {
    size_t link = head.find("<link ", at);
    size_t style = head.find("<style>", at);
    size_t start = std::min(link, style);
    if (start == absl::string_view::npos) break;
    size_t end =
        start == link ? head.find('>', start) : head.find("</style>", start);
    if (end == absl::string_view::npos) break;
    end += start == link ? 1 : std::strlen("</style>");
    absl::StrAppend(&out, head.substr(start, end - start), "\n");
    at = end;
  }
  return out;
}

}  // namespace

std::string PaperPath(absl::string_view publication_name) {
  std::vector<absl::string_view> parts = absl::StrSplit(publication_name, '/');
  if (parts.size() != 4 || parts[0] != "profiles" ||
      parts[2] != "publications" || parts[1].empty() || parts[3].empty()) {
    return "";
  }
  return absl::StrCat("/p/", parts[1], "/pub/", parts[3]);
}

std::string CitePath(absl::string_view publication_name) {
  std::string paper = PaperPath(publication_name);
  return paper.empty() ? "" : absl::StrCat(paper, "/cite.bib");
}

std::string CitationTags(absl::string_view profile_id, const Publication& p,
                         const DocumentOptions& options) {
  std::string tags = MetaName("citation_title", p.title());
  for (const v1::Author& a : p.authors()) {
    tags += MetaName("citation_author", a.name());
  }
  std::string date = ScholarDate(p);
  if (!date.empty()) tags += MetaName("citation_publication_date", date);
  if (!p.venue().empty()) {
    absl::string_view tag = kVenueTags[static_cast<int>(ContainerOf(p))];
    if (!tag.empty()) tags += MetaName(tag, p.venue());
  }
  std::string pdf = PdfUrl(p, options);
  if (!pdf.empty()) tags += MetaName("citation_pdf_url", pdf);
  if (!p.doi().empty()) tags += MetaName("citation_doi", p.doi());
  if (!p.arxiv_id().empty())
    tags += MetaName("citation_arxiv_id", p.arxiv_id());
  std::string url = PaperUrl(profile_id, p, options);
  if (!url.empty()) tags += MetaName("citation_abstract_html_url", url);
  return tags;
}

std::string ScholarlyArticleJson(absl::string_view profile_id,
                                 const v1::Page& page, const Publication& p,
                                 const DocumentOptions& options) {
  google::protobuf::Struct article;
  formats::SetString(&article, "@context", "https://schema.org");
  formats::SetString(&article, "@type", "ScholarlyArticle");
  formats::SetString(&article, "headline", p.title());
  formats::SetString(&article, "name", p.title());
  google::protobuf::ListValue* authors = formats::SetList(&article, "author");
  for (const v1::Author& a : p.authors()) {
    google::protobuf::Struct* person = formats::AddObject(authors);
    formats::SetString(person, "@type", "Person");
    formats::SetString(person, "name", a.name());
    std::string href = SafeHref(a.url());
    if (absl::StartsWith(href, "http")) formats::SetString(person, "url", href);
  }
  std::string date = IsoDate(p);
  if (!date.empty()) formats::SetString(&article, "datePublished", date);
  if (!p.venue().empty()) {
    google::protobuf::Struct* venue = formats::SetObject(&article, "isPartOf");
    formats::SetString(
        venue, "@type",
        ContainerOf(p) == Container::kJournal ? "Periodical" : "CreativeWork");
    formats::SetString(venue, "name", p.venue());
  }
  if (!p.abstract().empty()) {
    formats::SetString(&article, "abstract", p.abstract());
  }
  std::string url = PaperUrl(profile_id, p, options);
  if (!url.empty()) formats::SetString(&article, "url", url);
  google::protobuf::ListValue* same_as = nullptr;
  if (!p.doi().empty()) {
    same_as = formats::SetList(&article, "sameAs");
    formats::AddString(same_as, absl::StrCat("https://doi.org/", p.doi()));
  }
  if (!p.arxiv_id().empty()) {
    if (!same_as) same_as = formats::SetList(&article, "sameAs");
    formats::AddString(same_as,
                       absl::StrCat("https://arxiv.org/abs/", p.arxiv_id()));
  }
  return formats::JsonText(article);
}

std::string RenderPaperPage(absl::string_view html_template,
                            absl::string_view profile_id, const v1::Page& page,
                            const Publication& p,
                            const DocumentOptions& options) {
  const v1::Profile& profile = page.profile();
  std::string owner = profile.display_name().empty() ? std::string(profile_id)
                                                     : profile.display_name();
  std::string profile_path = absl::StrCat("/p/", profile_id);
  std::string description = Truncate300(
      p.abstract().empty() ? absl::StrCat(p.title(), " (", owner, ")")
                           : p.abstract());
  std::string url = PaperUrl(profile_id, p, options);

  std::string html =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n";
  absl::StrAppend(&html, "<title>", EscapeHtml(p.title()), " \u2013 ",
                  EscapeHtml(owner), "</title>\n");
  html += MetaName("description", description);
  if (!url.empty()) {
    absl::StrAppend(&html, "<link rel=\"canonical\" href=\"", EscapeHtml(url),
                    "\">\n");
  }
  html += CitationTags(profile_id, p, options);
  absl::StrAppend(
      &html, "<script type=\"application/ld+json\" id=\"article-jsonld\">",
      EscapeJsonForScript(ScholarlyArticleJson(profile_id, page, p, options)),
      "</script>\n");
  html += TemplateHeadResources(html_template);
  html += "</head>\n<body>\n";
  absl::StrAppend(&html,
                  "<header class=\"topbar\"><div class=\"topbar-inner\">"
                  "<a class=\"brand\" href=\"",
                  EscapeHtml(profile_path), "\">", EscapeHtml(owner),
                  "</a></div></header>\n");
  html += "<main id=\"main\">\n<article class=\"page paper\">\n";
  absl::StrAppend(&html, "<h1 class=\"paper-title\">", EscapeHtml(p.title()),
                  "</h1>\n");
  absl::StrAppend(&html, "<p class=\"publication-authors\">", AuthorsHtml(p),
                  "</p>\n");
  std::vector<std::string> meta;
  if (!p.venue().empty()) {
    meta.push_back(absl::StrCat("<em class=\"publication-venue\">",
                                EscapeHtml(p.venue()), "</em>"));
  }
  std::string date = IsoDate(p);
  if (!date.empty()) {
    meta.push_back(absl::StrCat("<time class=\"publication-date\" datetime=\"",
                                date, "\">", date, "</time>"));
  }
  for (const std::string& award : p.awards()) {
    meta.push_back(absl::StrCat("<strong class=\"publication-award\">",
                                EscapeHtml(award), "</strong>"));
  }
  if (!meta.empty()) {
    absl::StrAppend(&html, "<p class=\"publication-meta\">",
                    absl::StrJoin(meta, " \u00b7 "), "</p>\n");
  }
  std::vector<std::string> links;
  for (const PublicationLink& link : p.links()) {
    std::string anchor =
        AnchorOrText(link.url(), LinkLabel(link), "publication-link");
    if (absl::StartsWith(anchor, "<a "))
      links.push_back("<li>" + anchor + "</li>");
  }
  // An identifier's own page: "DOI: 10.1/x" links to https://doi.org/10.1/x.
  auto add_id_link = [&links](absl::string_view label, absl::string_view base,
                              const std::string& id) {
    if (id.empty()) return;
    links.push_back(absl::StrCat(
        "<li>",
        AnchorOrText(absl::StrCat(base, id), absl::StrCat(label, ": ", id),
                     "publication-link"),
        "</li>"));
  };
  add_id_link("DOI", "https://doi.org/", p.doi());
  add_id_link("arXiv", "https://arxiv.org/abs/", p.arxiv_id());
  if (!links.empty()) {
    absl::StrAppend(&html, "<ul class=\"publication-links\">",
                    absl::StrJoin(links, ""), "</ul>\n");
  }
  if (!p.abstract().empty()) {
    absl::StrAppend(&html,
                    "<section class=\"paper-abstract\"><h2>Abstract</h2>"
                    "<p>",
                    EscapeHtml(p.abstract()), "</p></section>\n");
  }
  absl::StrAppend(&html,
                  "<section class=\"paper-bibtex\"><h2>BibTeX</h2>"
                  "<pre class=\"bibtex\"><code>",
                  EscapeHtml(formats::PublicationToBibtex(p)),
                  "</code></pre></section>\n");
  absl::StrAppend(&html, "<p><a href=\"", EscapeHtml(profile_path),
                  "\">All publications of ", EscapeHtml(owner),
                  "</a></p>\n</article>\n</main>\n</body>\n</html>\n");
  return html;
}

}  // namespace vita::publish
