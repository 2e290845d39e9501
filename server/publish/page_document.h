// What a published profile is made of, as pure functions of its page: the
// canonical JSON of GetPage (what the gateway's transcoder prints), and the
// HTML document for /p/{profile}: the web root's index.html with the head a
// crawler needs (title, description, Open Graph, schema.org Person) and the
// page's data embedded, so the browser renders without another request.
//
// The page's markup stays web/'s: this file only fills the <head> and adds
// a data block; Markdown is rendered here (cmark, safe mode) because the
// browser no longer carries a Markdown library.
#ifndef VITA_SERVER_PUBLISH_PAGE_DOCUMENT_H_
#define VITA_SERVER_PUBLISH_PAGE_DOCUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

class RenderCache;  // render_cache.h

// The canonical proto3 JSON of `page` with the gateway's print options
// (deploy/envoy.yaml: no whitespace, no default-valued fields, enums as
// names, lowerCamel names), byte for byte what Envoy's transcoder returns.
absl::StatusOr<std::string> PageJson(const v1::Page& page);

// The canonical JSON of any record (a Profile, a NewsItem, a Publication),
// printed as PageJson prints it, and as it stands inside the page's JSON.
absl::StatusOr<std::string> RecordJson(const google::protobuf::Message& record);

// `text` with &, <, >, " and ' written as character references, for
// element content and quoted attribute values.
std::string EscapeHtml(absl::string_view text);

// A JSON string literal of `text` as JSON.stringify writes it.
std::string JsonString(absl::string_view text);

// `json` with every "<" written as \u003c, so that it cannot end a <script>
// element ("</script>") or open a comment ("<!--"). Valid only for JSON
// text (where "<" can only occur inside strings).
std::string EscapeJsonForScript(absl::string_view json);

// Markdown as HTML: CommonMark by cmark in safe mode (raw HTML omitted,
// javascript:/vbscript:/file:/data: links emptied), pictures not loaded
// (an image is shown as "!" and a link, as the page's markdown-it did with
// images off), and rel="noopener noreferrer" on links off this origin.
std::string MarkdownToHtml(absl::string_view markdown);

// Markdown as plain text with white space collapsed, for meta tags.
std::string MarkdownToText(absl::string_view markdown);

// `text` cut to at most 300 UTF-16 code units (JavaScript's length): longer
// text is cut to 297 and gets an ellipsis, as web/src/meta.js does.
std::string Truncate300(const std::string& text);

// web/src/safe-url.js's safeHref without a browser's URL parser: an http,
// https or mailto URL (scheme and host lower-cased, "/" added to a bare
// origin), or a path on this origin; else "".
std::string SafeHref(absl::string_view raw);

struct DocumentOptions {
  // The site's public origin, e.g. "https://example.org", without a
  // trailing "/". Empty: unknown, so og:url and the Person's url are left
  // out and pictures are named by their path.
  std::string public_base_url;
};

// The <head> elements of a profile's page: <title>, meta description, Open
// Graph and the JSON-LD Person, the values web/src/meta.js puts there, and
// <link rel="alternate" type="application/atom+xml"> naming the profile's
// news feed (/p/{profile}/news.atom, absolute with a public URL).
std::string HeadTags(absl::string_view profile_id, const v1::Page& page,
                     const DocumentOptions& options);

// The data block: <script type="application/json" id="vita-page">
// {"page": <page_json>, "html": {"<resource name>#<field>": "<HTML>"}}
// </script>, every "<" inside written as \u003c. (A paper's BibTeX is not
// in it: the page's Cite control reads the paper's cite.bib when asked,
// paper_page.h CitePath, so the document does not grow with every paper.)
// With a `cache` (render_cache.h), the Markdown is rendered through it; the
// result is the same.
std::string DataScript(const v1::Page& page, absl::string_view page_json,
                       RenderCache* cache = nullptr);

// The HTML document of /p/{profile_id}: `html_template` (the web root's
// index.html) without its own <title>, meta description and og: tags, with
// HeadTags at "<!-- vita:head -->" (else before "</head>") and DataScript at
// "<!-- vita:data -->" (else before the first "<script"). `cache` as for
// DataScript.
std::string RenderDocument(absl::string_view html_template,
                           absl::string_view profile_id, const v1::Page& page,
                           absl::string_view page_json,
                           const DocumentOptions& options,
                           RenderCache* cache = nullptr);

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_PAGE_DOCUMENT_H_
