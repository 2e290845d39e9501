#include "server/publish/page_document.h"

#include <cmark.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "server/publish/render_cache.h"

namespace vita::publish {
namespace {

using CmarkNode = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;

// Safe mode: raw HTML omitted, unsafe link targets dropped. CMARK_OPT_SAFE
// is the default since cmark 0.29 (and has no effect there); it is named
// so that an older cmark cannot make the published HTML unsafe.
constexpr int kCmarkOptions = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE;

CmarkNode Parse(absl::string_view markdown) {
  return CmarkNode(
      cmark_parse_document(markdown.data(), markdown.size(), kCmarkOptions),
      &cmark_node_free);
}

// Decodes one UTF-8 code point at `text[*i]` and advances; invalid bytes
// decode as U+FFFD, one byte each.
uint32_t NextCodePoint(absl::string_view text, size_t* i) {
  unsigned char c = static_cast<unsigned char>(text[*i]);
  int length = c < 0x80         ? 1
               : (c >> 5) == 6  ? 2
               : (c >> 4) == 14 ? 3
               : (c >> 3) == 30 ? 4
                                : 0;
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  uint32_t cp = length == 1 ? c : c & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next >> 6) != 2) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *i += length;
  return cp;
}

// JavaScript's \s.
bool IsJsSpace(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0xFEFF;
}

// `text` with runs of white space as one space, trimmed: JavaScript's
// text.replace(/\s+/g, ' ').trim().
std::string CollapseSpace(absl::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, &i);
    if (IsJsSpace(cp)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    absl::StrAppend(&out, text.substr(start, i - start));
  }
  return out;
}

}  // namespace

// At most 300 UTF-16 code units (JavaScript's string length); longer text is
// cut to 297 and gets an ellipsis, as web/src/meta.js's description() does.
std::string Truncate300(const std::string& text) {
  size_t units = 0;
  for (size_t i = 0; i < text.size();)
    units += NextCodePoint(text, &i) >= 0x10000 ? 2 : 1;
  if (units <= 300) return text;
  units = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = i;
    size_t width = NextCodePoint(text, &i) >= 0x10000 ? 2 : 1;
    if (units + width > 297) {
      i = at;
      break;
    }
    units += width;
  }
  return text.substr(0, i) + "\u2026";
}

namespace {

bool HasUnsafeUrlChar(absl::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || u == ' ' || u == '\\') return true;
  }
  return false;
}

}  // namespace

// web/src/safe-url.js's safeHref, as far as it can be without a browser's URL
// parser: an http, https or mailto URL (scheme and host lower-cased, "/" added
// to a bare origin), or a path on this origin; else "".
std::string SafeHref(absl::string_view raw) {
  std::string s(absl::StripAsciiWhitespace(raw));
  if (s.empty() || HasUnsafeUrlChar(s)) return "";
  if (s[0] == '/') return s.size() > 1 && s[1] == '/' ? "" : s;
  size_t colon = s.find(':');
  if (colon == std::string::npos) return "";
  std::string scheme = absl::AsciiStrToLower(s.substr(0, colon));
  std::string rest = s.substr(colon + 1);
  if (scheme == "mailto") return absl::StrCat(scheme, ":", rest);
  if (scheme != "http" && scheme != "https") return "";
  if (!absl::StartsWith(rest, "//") || rest.size() == 2) return "";
  size_t end = rest.find_first_of("/?#", 2);
  std::string host = absl::AsciiStrToLower(rest.substr(2, end - 2));
  std::string tail = end == std::string::npos ? "" : rest.substr(end);
  if (tail.empty() || tail[0] != '/') tail = "/" + tail;
  return absl::StrCat(scheme, "://", host, tail);
}

namespace {

// web/src/safe-url.js's safeImageSrc: a picture is loaded from this origin
// only, so only a path qualifies (the origin is not known here).
std::string SafeImagePath(absl::string_view raw) {
  std::string s(absl::StripAsciiWhitespace(raw));
  if (s.empty() || HasUnsafeUrlChar(s)) return "";
  if (s[0] == '/' && (s.size() == 1 || s[1] != '/')) return s;
  return "";
}

std::string Absolute(const DocumentOptions& options, const std::string& path) {
  return options.public_base_url + path;
}

// A tiny ordered JSON object writer.
class JsonObject {
 public:
  JsonObject& Raw(absl::string_view key, absl::string_view json) {
    absl::StrAppend(&text_, text_.empty() ? "" : ",", JsonString(key), ":",
                    json);
    return *this;
  }
  JsonObject& String(absl::string_view key, absl::string_view value) {
    return Raw(key, JsonString(value));
  }
  std::string Json() const { return absl::StrCat("{", text_, "}"); }

 private:
  std::string text_;
};

std::string JsonStrings(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const std::string& v : values) quoted.push_back(JsonString(v));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

std::string Meta(absl::string_view attribute, absl::string_view name,
                 absl::string_view content) {
  return absl::StrCat("<meta ", attribute, "=\"", name, "\" content=\"",
                      EscapeHtml(content), "\">\n");
}

// Removes every element of the template's head that HeadTags writes.
std::string WithoutOwnHeadTags(absl::string_view html) {
  std::string out;
  size_t head_end = html.find("</head>");
  if (head_end == absl::string_view::npos) head_end = html.size();
  size_t i = 0;
  while (i < head_end) {
    size_t lt = html.find('<', i);
    if (lt == absl::string_view::npos || lt >= head_end) break;
    absl::string_view rest = html.substr(lt, head_end - lt);
    size_t drop_end = 0;
    if (absl::StartsWith(rest, "<title>")) {
      size_t close = rest.find("</title>");
      if (close != absl::string_view::npos) drop_end = close + 8;
    } else if (absl::StartsWith(rest, "<meta name=\"description\"") ||
               absl::StartsWith(rest, "<meta property=\"og:")) {
      size_t close = rest.find('>');
      if (close != absl::string_view::npos) drop_end = close + 1;
    }
    if (drop_end == 0) {
      absl::StrAppend(&out, html.substr(i, lt + 1 - i));
      i = lt + 1;
      continue;
    }
    // The element and the white space that indented it go.
    size_t line_start = lt;
    while (line_start > i &&
           (html[line_start - 1] == ' ' || html[line_start - 1] == '\t')) {
      --line_start;
    }
    absl::StrAppend(&out, html.substr(i, line_start - i));
    i = lt + drop_end;
    if (i < html.size() && html[i] == '\n' &&
        (line_start == 0 || html[line_start - 1] == '\n')) {
      ++i;
    }
  }
  absl::StrAppend(&out, html.substr(i));
  return out;
}

// Where Insert would put text: at `marker` (replacing it), else before
// `fallback`, else at the end. Returns the offset and sets `*replaced` to
// the length of what the text replaces.
size_t InsertionPoint(absl::string_view html, absl::string_view marker,
                      absl::string_view fallback, size_t* replaced) {
  size_t at = html.find(marker);
  *replaced = at == absl::string_view::npos ? 0 : marker.size();
  if (at == absl::string_view::npos) at = html.find(fallback);
  return at == absl::string_view::npos ? html.size() : at;
}

// Inserts `text` at `marker` (replacing it), else before `fallback`, else at
// the end.
std::string Insert(std::string html, absl::string_view marker,
                   absl::string_view fallback, absl::string_view text) {
  size_t replaced;
  size_t at = InsertionPoint(html, marker, fallback, &replaced);
  html.replace(at, replaced, text.data(), text.size());
  return html;
}

// Appends EscapeJsonForScript(json) to `out`. The escape is character by
// character, so escaping the parts of a JSON text one after another equals
// escaping the whole.
void AppendEscapedJsonForScript(absl::string_view json, std::string* out) {
  for (size_t at = 0;;) {  // the text between two "<" copied at once
    size_t lt = json.find('<', at);
    out->append(json.data() + at, (lt == json.npos ? json.size() : lt) - at);
    if (lt == json.npos) return;
    *out += "\\u003c";
    at = lt + 1;
  }
}

// Appends DataScript(page, page_json, cache) to `out`, the page's JSON
// escaped straight into it.
void AppendDataScript(const v1::Page& page, absl::string_view page_json,
                      RenderCache* cache, std::string* out);

}  // namespace

absl::StatusOr<std::string> PageJson(const v1::Page& page) {
  return RecordJson(page);
}

absl::StatusOr<std::string> RecordJson(
    const google::protobuf::Message& record) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = false;
  options.always_print_enums_as_ints = false;
  options.preserve_proto_field_names = false;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(record, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat(record.GetDescriptor()->name(),
                     " to JSON: ", status.message().as_string()));
  }
  return json;
}

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string EscapeJsonForScript(absl::string_view json) {
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  AppendEscapedJsonForScript(json, &out);
  return out;
}

std::string MarkdownToHtml(absl::string_view markdown) {
  CmarkNode document = Parse(markdown);
  // Pictures become "!" and a link to them: nothing is loaded.
  std::vector<cmark_node*> images;
  {
    std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(
        cmark_iter_new(document.get()), &cmark_iter_free);
    for (cmark_event_type event;
         (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      if (event == CMARK_EVENT_ENTER &&
          cmark_node_get_type(node) == CMARK_NODE_IMAGE) {
        images.push_back(node);
      }
    }
  }
  for (cmark_node* image : images) {
    cmark_node* bang = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(bang, "!");
    cmark_node_insert_before(image, bang);
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    const char* url = cmark_node_get_url(image);
    cmark_node_set_url(link, url ? url : "");
    const char* title = cmark_node_get_title(image);
    if (title && *title) cmark_node_set_title(link, title);
    while (cmark_node* child = cmark_node_first_child(image)) {
      cmark_node_unlink(child);
      cmark_node_append_child(link, child);
    }
    cmark_node_replace(image, link);
    cmark_node_free(image);
  }
  std::unique_ptr<char, decltype(&free)> html(
      cmark_render_html(document.get(), kCmarkOptions), &free);
  // rel="noopener noreferrer" on every link that leaves this origin.
  std::string in = html.get(), out;
  static const std::string kOpen = "<a href=\"";
  size_t i = 0;
  for (size_t at; (at = in.find(kOpen, i)) != std::string::npos;) {
    size_t quote = in.find('"', at + kOpen.size());
    if (quote == std::string::npos) break;
    absl::string_view href(in.data() + at + kOpen.size(),
                           quote - at - kOpen.size());
    out.append(in, i, quote + 1 - i);
    if (!absl::StartsWith(href, "/") && !absl::StartsWith(href, "mailto:")) {
      out += " rel=\"noopener noreferrer\"";
    }
    i = quote + 1;
  }
  out.append(in, i, std::string::npos);
  return out;
}

std::string MarkdownToText(absl::string_view markdown) {
  CmarkNode document = Parse(markdown);
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(
      cmark_iter_new(document.get()), &cmark_iter_free);
  std::string text;
  for (cmark_event_type event;
       (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (event == CMARK_EVENT_EXIT) {
      // Blocks are separated by a line break in the rendered HTML.
      if (type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK) {
        text += '\n';
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_INLINE:  // The page shows raw HTML as text.
      case CMARK_NODE_HTML_BLOCK:
        text += cmark_node_get_literal(node);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text += '\n';
        break;
      default:
        break;
    }
  }
  return CollapseSpace(text);
}

std::string HeadTags(absl::string_view profile_id, const v1::Page& page,
                     const DocumentOptions& options) {
  const v1::Profile& p = page.profile();
  std::string name =
      p.display_name().empty() ? std::string(profile_id) : p.display_name();
  std::vector<std::string> sub_parts;
  if (!p.headline().empty()) sub_parts.push_back(p.headline());
  if (!p.affiliation().empty()) sub_parts.push_back(p.affiliation());
  std::string sub = absl::StrJoin(sub_parts, ", ");
  std::string title = sub.empty() ? name : absl::StrCat(name, " \u2013 ", sub);
  std::string bio_text = MarkdownToText(p.bio());
  std::string description = Truncate300(!bio_text.empty() ? bio_text
                                        : !sub.empty()    ? sub
                                                          : name);
  std::string photo = SafeImagePath(p.photo().url());
  std::string url =
      options.public_base_url.empty()
          ? ""
          : absl::StrCat(options.public_base_url, "/p/", profile_id);

  std::string head = absl::StrCat("<title>", EscapeHtml(title), "</title>\n");
  head += Meta("name", "description", description);
  head += Meta("property", "og:type", "profile");
  head += Meta("property", "og:title", name);
  head += Meta("property", "og:description", description);
  if (!url.empty()) head += Meta("property", "og:url", url);
  if (!photo.empty())
    head += Meta("property", "og:image", Absolute(options, photo));

  // The news feed (server/publish/feeds.h), for feed readers.
  absl::StrAppend(&head,
                  "<link rel=\"alternate\" type=\"application/atom+xml\" "
                  "title=\"",
                  EscapeHtml(name), ": news\" href=\"",
                  EscapeHtml(Absolute(
                      options, absl::StrCat("/p/", profile_id, "/news.atom"))),
                  "\">\n");

  JsonObject person;
  person.String("@type", "Person").String("name", name);
  std::vector<std::string> variants;
  for (const std::string& v : p.name_variants()) {
    if (!v.empty() && v != name) variants.push_back(v);
  }
  if (!variants.empty()) person.Raw("alternateName", JsonStrings(variants));
  if (!p.headline().empty()) person.String("jobTitle", p.headline());
  if (!p.affiliation().empty()) {
    person.Raw("affiliation", JsonObject()
                                  .String("@type", "Organization")
                                  .String("name", p.affiliation())
                                  .Json());
  }
  if (!bio_text.empty()) person.String("description", bio_text);
  if (!photo.empty()) person.String("image", Absolute(options, photo));
  if (!url.empty()) person.String("url", url);
  for (const v1::Email& email : p.emails()) {
    if (!email.address().empty()) {
      person.String("email", email.address());
      break;
    }
  }
  if (!p.office().address().empty()) {
    person.Raw("workLocation", JsonObject()
                                   .String("@type", "Place")
                                   .String("address", p.office().address())
                                   .Json());
  }
  std::vector<std::string> interests;
  for (const std::string& i : p.research_interests()) {
    if (!i.empty()) interests.push_back(i);
  }
  if (!interests.empty()) person.Raw("knowsAbout", JsonStrings(interests));
  std::vector<std::string> alumni;
  for (const v1::Education& e : p.education()) {
    if (!e.institution().empty()) {
      alumni.push_back(JsonObject()
                           .String("@type", "EducationalOrganization")
                           .String("name", e.institution())
                           .Json());
    }
  }
  if (!alumni.empty()) {
    person.Raw("alumniOf", absl::StrCat("[", absl::StrJoin(alumni, ","), "]"));
  }
  std::vector<std::string> same_as;
  for (const v1::ProfileLink& link : p.links()) {
    std::string href = SafeHref(link.url());
    if (!href.empty() && absl::StartsWith(href, "http") &&
        link.kind() != v1::ProfileLink::CV &&
        link.kind() != v1::ProfileLink::EMAIL) {
      same_as.push_back(href);
    }
  }
  if (!same_as.empty()) person.Raw("sameAs", JsonStrings(same_as));
  // schema.org ProfilePage: the page is about the Person.
  std::string profile_page = JsonObject()
                                 .String("@context", "https://schema.org")
                                 .String("@type", "ProfilePage")
                                 .Raw("mainEntity", person.Json())
                                 .Json();
  absl::StrAppend(&head,
                  "<script type=\"application/ld+json\" id=\"person-jsonld\">",
                  EscapeJsonForScript(profile_page), "</script>\n");
  return head;
}

std::string DataScript(const v1::Page& page, absl::string_view page_json,
                       RenderCache* cache) {
  std::string out;
  AppendDataScript(page, page_json, cache, &out);
  return out;
}

namespace {

void AppendDataScript(const v1::Page& page, absl::string_view page_json,
                      RenderCache* cache, std::string* out) {
  // {"page":<page_json>,"html":{<key>:<HTML as a JSON string>,...}}, as
  // JsonObject writes it, escaped member by member (the escape changes no
  // brace or comma).
  out->reserve(out->size() + page_json.size() * 2 + 128);
  *out += "<script type=\"application/json\" id=\"vita-page\">{\"page\":";
  AppendEscapedJsonForScript(page_json, out);
  *out += ",\"html\":{";
  bool first = true;
  auto append = [&first, out](absl::string_view escaped_member) {
    if (!first) *out += ',';
    first = false;
    out->append(escaped_member.data(), escaped_member.size());
  };
  // `key`:`markdown`'s HTML as a JSON string, escaped.
  auto member = [cache](absl::string_view key, absl::string_view markdown) {
    std::string escaped;
    AppendEscapedJsonForScript(
        absl::StrCat(JsonString(key), ":",
                     cache != nullptr ? cache->MarkdownToHtmlJson(markdown)
                                      : JsonString(MarkdownToHtml(markdown))),
        &escaped);
    return escaped;
  };
  auto add = [&](const std::string& key, absl::string_view markdown) {
    append(member(key, markdown));
  };
  const v1::Profile& p = page.profile();
  if (!p.bio().empty()) add(absl::StrCat(p.name(), "#bio"), p.bio());
  for (int i = 0; i < p.education_size(); ++i) {
    if (p.education(i).notes().empty()) continue;
    add(absl::StrCat(p.name(), "#education[", i, "].notes"),
        p.education(i).notes());
  }
  for (int i = 0; i < p.experience_size(); ++i) {
    if (p.experience(i).notes().empty()) continue;
    add(absl::StrCat(p.name(), "#experience[", i, "].notes"),
        p.experience(i).notes());
  }
  for (const v1::NewsItem& news : page.news()) {
    if (news.text().empty()) continue;
    if (cache == nullptr || news.etag().empty()) {
      add(absl::StrCat(news.name(), "#text"), news.text());
    } else {
      // Made from the record alone (its name and etag; render_cache.h); its
      // key is made only when it is rendered.
      append(cache->Memoized(
          absl::StrCat("data ", news.name(), " ", news.etag()), [&] {
            return member(absl::StrCat(news.name(), "#text"), news.text());
          }));
    }
  }
  *out += "}}</script>\n";
}

}  // namespace

std::string RenderDocument(absl::string_view html_template,
                           absl::string_view profile_id, const v1::Page& page,
                           absl::string_view page_json,
                           const DocumentOptions& options, RenderCache* cache) {
  std::string html = WithoutOwnHeadTags(html_template);
  html = Insert(std::move(html), "<!-- vita:head -->", "</head>",
                HeadTags(profile_id, page, options));
  // The data block, the largest part, is written once, into the document.
  size_t replaced;
  size_t at = InsertionPoint(html, "<!-- vita:data -->", "<script", &replaced);
  std::string document;
  document.reserve(html.size() + page_json.size() * 2);
  document.append(html, 0, at);
  AppendDataScript(page, page_json, cache, &document);
  document.append(html, at + replaced);
  return document;
}

}  // namespace vita::publish
