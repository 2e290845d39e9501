#include "server/domain/validation.h"

#include <cmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"

namespace vita::domain {
namespace {

// Limits keep one record small enough that a whole page stays a few hundred
// kilobytes at most, and stop accidental pastes of whole files.
constexpr size_t kMaxNameLength = 200;      // display names, author names
constexpr size_t kMaxHonorificLength = 30;  // "Prof.", "Dr."
constexpr size_t kMaxLineLength = 500;      // titles, venues, addresses
constexpr size_t kMaxMarkdownLength = 20000;
constexpr size_t kMaxNewsTextLength = 5000;
constexpr size_t kMaxBibtexLength = 50000;
constexpr size_t kMaxUrlLength = 2048;
constexpr int kMaxLinks = 30;
constexpr int kMaxListItems = 50;
constexpr int kMaxAuthors = 200;
constexpr int kMaxCoauthors = 500;

// A string's length in Unicode code points (proto3 strings are valid UTF-8).
size_t CodePoints(absl::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return count;
}

absl::Status Invalid(absl::string_view path, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", rule));
}

std::string Quote(absl::string_view text) {
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, 40)), "\"");
}

enum class Lines { kSingle, kMulti };

// Checks presence, length and, for single-line fields, that there is no
// line break or other control character.
absl::Status CheckText(absl::string_view path, absl::string_view text,
                       size_t max_length, bool required,
                       Lines lines = Lines::kSingle) {
  if (text.empty()) {
    return required ? Invalid(path, "is required") : absl::OkStatus();
  }
  size_t length = CodePoints(text);
  if (length > max_length) {
    return Invalid(path, absl::StrCat("must be at most ", max_length,
                                      " characters (got ", length, ")"));
  }
  for (char c : text) {
    bool allowed_control =
        lines == Lines::kMulti && (c == '\n' || c == '\t' || c == '\r');
    if (absl::ascii_iscntrl(c) && !allowed_control) {
      return Invalid(path, lines == Lines::kSingle
                               ? "must be a single line without control "
                                 "characters"
                               : "must not contain control characters");
    }
  }
  if (required && absl::StripAsciiWhitespace(text).empty()) {
    return Invalid(path, "is required (got only white space)");
  }
  return absl::OkStatus();
}

// Markdown text: CheckText's rules, and every link and image in it (as
// CommonMark, parsed by cmark, reads them: inline, reference and autolinks)
// obeys the rules of a URL field. The page renders Markdown in safe mode as
// well; refusing such links here keeps them out of every other client.
absl::Status CheckMarkdown(absl::string_view path, absl::string_view text,
                           size_t max_length, bool required) {
  VITA_RETURN_IF_ERROR(
      CheckText(path, text, max_length, required, Lines::kMulti));
  if (text.empty()) return absl::OkStatus();
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
      cmark_parse_document(text.data(), text.size(), CMARK_OPT_DEFAULT),
      &cmark_node_free);
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(
      cmark_iter_new(document.get()), &cmark_iter_free);
  int links = 0;
  for (cmark_event_type event;
       (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (event != CMARK_EVENT_ENTER ||
        (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)) {
      continue;
    }
    ++links;
    const char* url = cmark_node_get_url(node);
    bool image = type == CMARK_NODE_IMAGE;
    VITA_RETURN_IF_ERROR(
        ValidateUrl(absl::StrCat(path, ": ", image ? "image " : "link ", links),
                    url ? url : "", image ? UrlUse::kImage : UrlUse::kLink,
                    /*required=*/true));
  }
  return absl::OkStatus();
}

absl::Status CheckCount(absl::string_view path, int count, int max) {
  if (count > max) {
    return Invalid(path, absl::StrCat("must have at most ", max,
                                      " entries (got ", count, ")"));
  }
  return absl::OkStatus();
}

std::string Index(absl::string_view path, int i) {
  return absl::StrCat(path, "[", i, "]");
}

std::string Field(absl::string_view path, absl::string_view field) {
  return absl::StrCat(path, ".", field);
}

// Checks that `value` is a named, non-zero value of `descriptor`: proto3
// enums accept any number on the wire, so unknown values must be refused
// here.
absl::Status CheckEnum(absl::string_view path, int value,
                       const google::protobuf::EnumDescriptor* descriptor) {
  if (value == 0) return Invalid(path, "is required");
  if (descriptor->FindValueByNumber(value) != nullptr) return absl::OkStatus();
  std::vector<std::string> names;
  for (int i = 1; i < descriptor->value_count(); ++i) {
    names.push_back(descriptor->value(i)->name());
  }
  return Invalid(path,
                 absl::StrCat("must be one of ", absl::StrJoin(names, ", "),
                              " (got ", value, ")"));
}

absl::Status CheckImage(absl::string_view path, const v1::Image& image) {
  VITA_RETURN_IF_ERROR(ValidateUrl(Field(path, "url"), image.url(),
                                   UrlUse::kImage, /*required=*/false));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "alt_text"), image.alt_text(),
                                 kMaxLineLength,
                                 /*required=*/!image.url().empty()));
  return absl::OkStatus();
}

absl::Status CheckPerson(absl::string_view path, const v1::Person& person) {
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "name"), person.name(),
                                 kMaxNameLength, /*required=*/true));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "honorific"), person.honorific(),
                                 kMaxHonorificLength, false));
  return ValidateUrl(Field(path, "url"), person.url(), UrlUse::kLink, false);
}

bool IsSet(const v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

// Orders partial dates by their known parts: 2023 < 2023-09 < 2023-09-01.
bool Before(const v1::Date& a, const v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) <
         std::make_tuple(b.year(), b.month(), b.day());
}

absl::Status CheckPeriod(absl::string_view path, const v1::Date& start,
                         const v1::Date& end) {
  VITA_RETURN_IF_ERROR(ValidateDate(Field(path, "start"), start, false));
  VITA_RETURN_IF_ERROR(ValidateDate(Field(path, "end"), end, false));
  if (IsSet(start) && IsSet(end) && Before(end, start)) {
    return Invalid(Field(path, "end"), "must not be before start");
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(absl::string_view path, const v1::Email& email) {
  const std::string& address = email.address();
  std::string address_path = Field(path, "address");
  VITA_RETURN_IF_ERROR(CheckText(address_path, address, 254, true));
  size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string::npos ||
      address.find_first_of(" <>\"") != std::string::npos) {
    return Invalid(address_path,
                   absl::StrCat("must be an address like name@example.org "
                                "(got ",
                                Quote(address), ")"));
  }
  return CheckEnum(Field(path, "kind"), email.kind(),
                   v1::Email::Kind_descriptor());
}

template <typename Link>
absl::Status CheckLinks(absl::string_view path,
                        const google::protobuf::RepeatedPtrField<Link>& links,
                        const google::protobuf::EnumDescriptor* kinds) {
  VITA_RETURN_IF_ERROR(CheckCount(path, links.size(), kMaxLinks));
  for (int i = 0; i < links.size(); ++i) {
    std::string link_path = Index(path, i);
    VITA_RETURN_IF_ERROR(
        CheckEnum(Field(link_path, "kind"), links[i].kind(), kinds));
    VITA_RETURN_IF_ERROR(ValidateUrl(Field(link_path, "url"), links[i].url(),
                                     UrlUse::kLink, /*required=*/true));
    VITA_RETURN_IF_ERROR(CheckText(Field(link_path, "label"), links[i].label(),
                                   kMaxNameLength, false));
  }
  return absl::OkStatus();
}

absl::Status CheckStrings(
    absl::string_view path,
    const google::protobuf::RepeatedPtrField<std::string>& values,
    size_t max_length) {
  VITA_RETURN_IF_ERROR(CheckCount(path, values.size(), kMaxListItems));
  for (int i = 0; i < values.size(); ++i) {
    VITA_RETURN_IF_ERROR(CheckText(Index(path, i), values[i], max_length,
                                   /*required=*/true));
  }
  return absl::OkStatus();
}

// The fields Education and Experience share: url, logo, start, end, notes.
template <typename Entry>
absl::Status CheckEntry(absl::string_view path, const Entry& entry) {
  VITA_RETURN_IF_ERROR(
      ValidateUrl(Field(path, "url"), entry.url(), UrlUse::kLink, false));
  VITA_RETURN_IF_ERROR(CheckImage(Field(path, "logo"), entry.logo()));
  VITA_RETURN_IF_ERROR(CheckPeriod(path, entry.start(), entry.end()));
  return CheckMarkdown(Field(path, "notes"), entry.notes(), kMaxMarkdownLength,
                       false);
}

absl::Status CheckEducation(absl::string_view path, const v1::Education& e) {
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "institution"), e.institution(),
                                 kMaxLineLength, true));
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "degree"), e.degree(), kMaxLineLength, true));
  VITA_RETURN_IF_ERROR(
      CheckCount(Field(path, "advisors"), e.advisors_size(), kMaxListItems));
  for (int i = 0; i < e.advisors_size(); ++i) {
    VITA_RETURN_IF_ERROR(
        CheckPerson(Index(Field(path, "advisors"), i), e.advisors(i)));
  }
  return CheckEntry(path, e);
}

absl::Status CheckExperience(absl::string_view path, const v1::Experience& e) {
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "organization"), e.organization(),
                                 kMaxLineLength, true));
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "role"), e.role(), kMaxLineLength, true));
  return CheckEntry(path, e);
}

// "10.<registrant>/<suffix>": the registrant is digits with optional
// dot-separated parts ("1145", "1000.1"), the suffix any visible characters.
absl::Status CheckDoi(absl::string_view path, absl::string_view doi) {
  if (doi.empty()) return absl::OkStatus();
  auto invalid = [&] {
    return Invalid(path, absl::StrCat("must be \"10.<registrant>/<suffix>\" "
                                      "without a resolver, e.g. "
                                      "\"10.1145/3620666.3651380\" (got ",
                                      Quote(doi), ")"));
  };
  if (doi.size() > kMaxLineLength) return invalid();
  if (!absl::StartsWith(doi, "10.")) return invalid();
  size_t slash = doi.find('/');
  if (slash == absl::string_view::npos || slash + 1 == doi.size()) {
    return invalid();
  }
  absl::string_view registrant = doi.substr(3, slash - 3);
  if (registrant.empty() || !absl::ascii_isdigit(registrant.front()) ||
      !absl::ascii_isdigit(registrant.back())) {
    return invalid();
  }
  for (char c : registrant) {
    if (!absl::ascii_isdigit(c) && c != '.') return invalid();
  }
  for (char c : doi.substr(slash + 1)) {
    if (!absl::ascii_isgraph(c) && static_cast<uint8_t>(c) < 0x80) {
      return invalid();
    }
  }
  return absl::OkStatus();
}

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(c);
  });
}

// New style "YYMM.NNNNN" (4 or 5 digits after the dot), old style
// "archive[.SC]/YYMMNNN"; never a version suffix ("v2").
absl::Status CheckArxivId(absl::string_view path, absl::string_view id) {
  if (id.empty()) return absl::OkStatus();
  size_t slash = id.find('/');
  bool valid;
  if (slash == absl::string_view::npos) {
    size_t dot = id.find('.');
    valid = dot == 4 && AllDigits(id.substr(0, 4)) &&
            (id.size() - 5 == 4 || id.size() - 5 == 5) &&
            AllDigits(id.substr(5));
  } else {
    absl::string_view archive = id.substr(0, slash);
    absl::string_view number = id.substr(slash + 1);
    size_t dot = archive.find('.');
    absl::string_view subject = dot == absl::string_view::npos
                                    ? absl::string_view()
                                    : archive.substr(dot + 1);
    archive = archive.substr(0, dot);
    valid = !archive.empty() && number.size() == 7 && AllDigits(number) &&
            std::all_of(
                archive.begin(), archive.end(),
                [](char c) { return absl::ascii_islower(c) || c == '-'; }) &&
            (dot == absl::string_view::npos ||
             (subject.size() == 2 && absl::ascii_isupper(subject[0]) &&
              absl::ascii_isupper(subject[1])));
  }
  if (valid) return absl::OkStatus();
  return Invalid(path,
                 absl::StrCat("must be an arXiv identifier without version, "
                              "\"2406.18533\" or \"hep-th/9901001\" (got ",
                              Quote(id), ")"));
}

absl::Status CheckCoauthor(absl::string_view path, const v1::Coauthor& c) {
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "name"), c.name(), kMaxNameLength, true));
  VITA_RETURN_IF_ERROR(CheckStrings(Field(path, "name_variants"),
                                    c.name_variants(), kMaxNameLength));
  std::string url = Field(path, "url");
  VITA_RETURN_IF_ERROR(
      ValidateUrl(url, c.url(), UrlUse::kImage, /*required=*/true));
  if (c.url()[0] == '/') {
    return Invalid(url, absl::StrCat("must be an http or https URL (got ",
                                     Quote(c.url()), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckAuthor(absl::string_view path, const v1::Author& author) {
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "name"), author.name(),
                                 kMaxNameLength, /*required=*/true));
  return ValidateUrl(Field(path, "url"), author.url(), UrlUse::kLink, false);
}

}  // namespace

absl::Status ValidateUrl(absl::string_view path, absl::string_view url,
                         UrlUse use, bool required) {
  if (url.empty()) {
    return required ? Invalid(path, "is required") : absl::OkStatus();
  }
  if (url.size() > kMaxUrlLength) {
    return Invalid(path, absl::StrCat("must be at most ", kMaxUrlLength,
                                      " characters (got ", url.size(), ")"));
  }
  for (char c : url) {
    if (absl::ascii_iscntrl(c) || c == ' ' || c == '\\') {
      return Invalid(path,
                     "must not contain spaces, backslashes or control "
                     "characters (percent-encode them)");
    }
  }
  absl::string_view allowed =
      use == UrlUse::kLink ? "http, https or mailto" : "http or https";
  // A path on the page's own origin. "//host" would be another origin.
  if (url[0] == '/') {
    if (url.size() > 1 && url[1] == '/') {
      return Invalid(path, absl::StrCat("must be a path starting with a "
                                        "single \"/\" or a URL with scheme ",
                                        allowed, " (got ", Quote(url), ")"));
    }
    return absl::OkStatus();
  }
  size_t colon = url.find(':');
  absl::string_view scheme =
      colon == absl::string_view::npos ? "" : url.substr(0, colon);
  std::string lower = absl::AsciiStrToLower(scheme);
  bool known = lower == "http" || lower == "https" ||
               (lower == "mailto" && use == UrlUse::kLink);
  if (!known) {
    return Invalid(path,
                   absl::StrCat("scheme must be ", allowed,
                                ", or a path starting with \"/\" (got ",
                                Quote(scheme.empty() ? url : scheme), ")"));
  }
  absl::string_view rest = url.substr(colon + 1);
  if (lower == "mailto") {
    if (rest.empty()) return Invalid(path, "mailto: needs an address");
    return absl::OkStatus();
  }
  if (!absl::StartsWith(rest, "//") || rest.size() == 2 || rest[2] == '/') {
    return Invalid(
        path, absl::StrCat(lower, " URL needs a host (got ", Quote(url), ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(absl::string_view path, const v1::Date& date,
                          bool required) {
  if (!IsSet(date)) {
    return required ? Invalid(path, "is required") : absl::OkStatus();
  }
  if (date.year() < 1000 || date.year() > 9999) {
    return Invalid(
        Field(path, "year"),
        absl::StrCat("must be from 1000 to 9999 (got ", date.year(), ")"));
  }
  if (date.month() < 0 || date.month() > 12) {
    return Invalid(Field(path, "month"),
                   absl::StrCat("must be from 1 to 12, or 0 for none (got ",
                                date.month(), ")"));
  }
  if (date.day() != 0) {
    if (date.month() == 0) {
      return Invalid(Field(path, "day"), "needs a month");
    }
    // CivilDay normalizes impossible dates (Feb 30 -> Mar 2); a date exists
    // exactly when normalization leaves it unchanged.
    absl::CivilDay day(date.year(), date.month(), date.day());
    if (day.day() != date.day() || day.month() != date.month()) {
      return Invalid(path,
                     absl::StrFormat("the date %04d-%02d-%02d does not exist",
                                     date.year(), date.month(), date.day()));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateProfile(absl::string_view path, const v1::Profile& p) {
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "display_name"), p.display_name(),
                                 kMaxNameLength, /*required=*/true));
  VITA_RETURN_IF_ERROR(CheckStrings(Field(path, "name_variants"),
                                    p.name_variants(), kMaxNameLength));
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "headline"), p.headline(), kMaxLineLength, false));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "affiliation"), p.affiliation(),
                                 kMaxLineLength, false));
  VITA_RETURN_IF_ERROR(CheckImage(Field(path, "photo"), p.photo()));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "office.address"),
                                 p.office().address(), kMaxLineLength, false));
  VITA_RETURN_IF_ERROR(ValidateUrl(Field(path, "office.map_url"),
                                   p.office().map_url(), UrlUse::kLink, false));
  VITA_RETURN_IF_ERROR(
      CheckCount(Field(path, "emails"), p.emails_size(), kMaxListItems));
  for (int i = 0; i < p.emails_size(); ++i) {
    VITA_RETURN_IF_ERROR(
        CheckEmail(Index(Field(path, "emails"), i), p.emails(i)));
  }
  VITA_RETURN_IF_ERROR(CheckLinks(Field(path, "links"), p.links(),
                                  v1::ProfileLink::Kind_descriptor()));
  VITA_RETURN_IF_ERROR(
      CheckMarkdown(Field(path, "bio"), p.bio(), kMaxMarkdownLength, false));
  VITA_RETURN_IF_ERROR(CheckStrings(Field(path, "research_interests"),
                                    p.research_interests(), kMaxLineLength));
  VITA_RETURN_IF_ERROR(
      CheckCount(Field(path, "education"), p.education_size(), kMaxListItems));
  for (int i = 0; i < p.education_size(); ++i) {
    VITA_RETURN_IF_ERROR(
        CheckEducation(Index(Field(path, "education"), i), p.education(i)));
  }
  VITA_RETURN_IF_ERROR(CheckCount(Field(path, "experience"),
                                  p.experience_size(), kMaxListItems));
  for (int i = 0; i < p.experience_size(); ++i) {
    VITA_RETURN_IF_ERROR(
        CheckExperience(Index(Field(path, "experience"), i), p.experience(i)));
  }
  VITA_RETURN_IF_ERROR(
      CheckCount(Field(path, "coauthors"), p.coauthors_size(), kMaxCoauthors));
  for (int i = 0; i < p.coauthors_size(); ++i) {
    VITA_RETURN_IF_ERROR(
        CheckCoauthor(Index(Field(path, "coauthors"), i), p.coauthors(i)));
  }
  return absl::OkStatus();
}

absl::Status ValidateNewsItem(absl::string_view path, const v1::NewsItem& n) {
  VITA_RETURN_IF_ERROR(ValidateDate(Field(path, "date"), n.date(), true));
  return CheckMarkdown(Field(path, "text"), n.text(), kMaxNewsTextLength, true);
}

absl::Status ValidatePublication(absl::string_view path,
                                 const v1::Publication& p) {
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "title"), p.title(), kMaxLineLength, true));
  std::string authors = Field(path, "authors");
  if (p.authors().empty()) return Invalid(authors, "needs at least one author");
  VITA_RETURN_IF_ERROR(CheckCount(authors, p.authors_size(), kMaxAuthors));
  for (int i = 0; i < p.authors_size(); ++i) {
    VITA_RETURN_IF_ERROR(CheckAuthor(Index(authors, i), p.authors(i)));
  }
  VITA_RETURN_IF_ERROR(
      CheckText(Field(path, "venue"), p.venue(), kMaxLineLength, false));
  VITA_RETURN_IF_ERROR(CheckEnum(Field(path, "status"), p.status(),
                                 v1::Publication::Status_descriptor()));
  if (p.year() != 0 && (p.year() < 1000 || p.year() > 9999)) {
    return Invalid(Field(path, "year"),
                   absl::StrCat("must be from 1000 to 9999, or 0 when not "
                                "known (got ",
                                p.year(), ")"));
  }
  VITA_RETURN_IF_ERROR(ValidateDate(Field(path, "date"), p.date(), false));
  if (IsSet(p.date()) && p.date().year() != p.year()) {
    return Invalid(Field(path, "date.year"),
                   absl::StrCat("must equal year (", p.year(), ")"));
  }
  if (p.type() != 0) {
    VITA_RETURN_IF_ERROR(CheckEnum(Field(path, "type"), p.type(),
                                   v1::Publication::Type_descriptor()));
  }
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "venue_short"), p.venue_short(),
                                 kMaxNameLength, false));
  VITA_RETURN_IF_ERROR(CheckDoi(Field(path, "doi"), p.doi()));
  VITA_RETURN_IF_ERROR(CheckArxivId(Field(path, "arxiv_id"), p.arxiv_id()));
  if (p.display_order() < 0) {
    return Invalid(Field(path, "display_order"),
                   absl::StrCat("must be 0 (ordered by date) or positive "
                                "(pinned) (got ",
                                p.display_order(), ")"));
  }
  VITA_RETURN_IF_ERROR(
      CheckStrings(Field(path, "awards"), p.awards(), kMaxNameLength));
  VITA_RETURN_IF_ERROR(CheckLinks(Field(path, "links"), p.links(),
                                  v1::PublicationLink::Kind_descriptor()));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "abstract"), p.abstract(),
                                 kMaxMarkdownLength, false, Lines::kMulti));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "bibtex"), p.bibtex(),
                                 kMaxBibtexLength, false, Lines::kMulti));
  VITA_RETURN_IF_ERROR(CheckText(Field(path, "citation_key"), p.citation_key(),
                                 kMaxNameLength, false));
  if (p.citation_key().find_first_of(" ,{}\"#%'()=") != std::string::npos) {
    return Invalid(Field(path, "citation_key"),
                   "must not contain spaces or any of , { } \" # % ' ( ) =");
  }
  return CheckStrings(Field(path, "tags"), p.tags(), kMaxNameLength);
}

}  // namespace vita::domain
