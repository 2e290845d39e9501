#include "formats/bibtex_writer.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "formats/dates.h"
#include "formats/tex_unicode.h"

namespace vita::formats {
namespace {

using vita::v1::Publication;
using vita::v1::PublicationLink;

constexpr const char* kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

constexpr const char* kCarriedFields[] = {
    "editor", "volume",    "number",       "pages",   "chapter", "edition",
    "series", "publisher", "organization", "address", "isbn",    "issn"};

// The fields of the stored entry (`bibtex`, as the import wrote it: one
// `  name = {value},` line per field); other lines are left out.
std::map<std::string, std::string> StoredFields(const std::string& bibtex) {
  std::map<std::string, std::string> found;
  for (absl::string_view line : absl::StrSplit(bibtex, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    size_t eq = line.find(" = {");
    if (eq == std::string::npos) continue;
    absl::string_view value = line.substr(eq + 4);
    if (!absl::ConsumeSuffix(&value, "},") &&
        !absl::ConsumeSuffix(&value, "}")) {
      continue;
    }
    int depth = 0;
    for (char c : value) {
      if (c == '{') ++depth;
      if (c == '}' && --depth < 0) break;
    }
    if (depth != 0 || absl::StripAsciiWhitespace(value).empty()) continue;
    found[absl::AsciiStrToLower(line.substr(0, eq))] = std::string(value);
  }
  return found;
}

// The fields of kCarriedFields in the stored entry.
std::vector<std::pair<std::string, std::string>> CarriedFields(
    const std::map<std::string, std::string>& found) {
  std::vector<std::pair<std::string, std::string>> carried;
  for (const char* name : kCarriedFields) {
    auto it = found.find(name);
    if (it != found.end()) carried.push_back({name, it->second});
  }
  return carried;
}

}  // namespace

std::string PublicationToBibtex(const Publication& p) {
  std::string key = p.citation_key();
  if (key.empty()) {
    size_t slash = p.name().rfind('/');
    key = slash == std::string::npos ? p.name() : p.name().substr(slash + 1);
  }
  // The original entry type decides between booktitle and journal.
  std::string type = "inproceedings";
  std::string venue_field = "booktitle";
  if (absl::StartsWith(p.bibtex(), "@")) {
    std::string stored =
        absl::AsciiStrToLower(p.bibtex().substr(1, p.bibtex().find('{') - 1));
    if (stored == "article") {
      type = "article";
      venue_field = "journal";
    } else if (stored == "phdthesis" || stored == "mastersthesis") {
      type = stored;
      venue_field = "school";
    } else if (stored == "techreport") {
      type = stored;
      venue_field = "institution";
    } else if (stored == "incollection") {
      type = stored;
    } else if (stored == "misc" || stored == "unpublished") {
      type = "misc";
      venue_field = "howpublished";
    }
  } else if (p.status() == Publication::PREPRINT) {
    type = "misc";
    venue_field = "howpublished";
  }
  std::vector<std::pair<std::string, std::string>> fields;
  fields.push_back({"title", "{" + UnicodeToTex(p.title()) + "}"});
  std::vector<std::string> names;
  for (const auto& author : p.authors()) {
    names.push_back(UnicodeToTex(author.name()));
  }
  std::map<std::string, std::string> stored = StoredFields(p.bibtex());
  // "and others" is more_authors; publications imported before that field
  // existed still have it in their stored entry.
  std::string stored_authors = absl::AsciiStrToLower(stored["author"]);
  if (p.more_authors() ||
      absl::EndsWith(absl::StripTrailingAsciiWhitespace(stored_authors),
                     " and others")) {
    names.push_back("others");
  }
  fields.push_back({"author", absl::StrJoin(names, " and ")});
  if (!p.venue().empty())
    fields.push_back({venue_field, UnicodeToTex(p.venue())});
  if (p.year() != 0) fields.push_back({"year", absl::StrCat(p.year())});
  if (p.has_date() && p.date().month() >= 1 && p.date().month() <= 12) {
    fields.push_back(
        {"month", std::string(kMonths[p.date().month() - 1]).substr(0, 3)});
    if (p.date().day() != 0) fields.push_back({"date", FormatDate(p.date())});
  }
  switch (p.status()) {
    case Publication::ACCEPTED:
      fields.push_back({"pubstate", "forthcoming"});
      break;
    case Publication::UNDER_SUBMISSION:
      fields.push_back({"pubstate", "submitted"});
      break;
    case Publication::PREPRINT:
      fields.push_back({"pubstate", "prepublished"});
      break;
    default:
      break;
  }
  if (!p.doi().empty()) fields.push_back({"doi", p.doi()});
  if (!p.arxiv_id().empty()) {
    fields.push_back({"eprint", p.arxiv_id()});
    fields.push_back({"archiveprefix", "arXiv"});
  }
  bool have_url = false;
  for (const auto& link : p.links()) {
    std::string url = link.url();
    if (link.kind() == PublicationLink::DOI && !p.doi().empty()) continue;
    if (link.kind() == PublicationLink::ARXIV && !p.arxiv_id().empty()) {
      continue;
    }
    if (link.kind() == PublicationLink::DOI &&
        absl::StartsWith(url, "https://doi.org/")) {
      fields.push_back({"doi", url.substr(16)});
    } else if (link.kind() == PublicationLink::ARXIV &&
               absl::StartsWith(url, "https://arxiv.org/abs/")) {
      fields.push_back({"eprint", url.substr(22)});
      fields.push_back({"archiveprefix", "arXiv"});
    } else if (link.kind() == PublicationLink::PDF && have_url) {
      fields.push_back({"pdf", url});
    } else if (link.kind() == PublicationLink::CODE && have_url) {
      fields.push_back({"code", url});
    } else if (!have_url) {
      fields.push_back({"url", url});
      have_url = true;
    }
  }
  for (auto& field : CarriedFields(stored)) fields.push_back(field);
  if (!p.abstract().empty()) {
    fields.push_back({"abstract", UnicodeToTex(p.abstract())});
  }
  if (p.tags_size() > 0) {
    std::vector<std::string> tags;
    for (const auto& tag : p.tags()) tags.push_back(UnicodeToTex(tag));
    fields.push_back({"keywords", absl::StrJoin(tags, ", ")});
  }
  std::string out = absl::StrCat("@", type, "{", key, ",\n");
  for (const auto& [name, value] : fields) {
    if (name == "month") {
      absl::StrAppend(&out, "  ", name, " = ", value, ",\n");
    } else {
      absl::StrAppend(&out, "  ", name, " = {", value, "},\n");
    }
  }
  out += "}\n";
  return out;
}

std::string PublicationsToBibtex(
    const google::protobuf::RepeatedPtrField<Publication>& publications) {
  std::string bib;
  for (const Publication& p : publications) {
    if (!bib.empty()) bib += "\n";
    bib += PublicationToBibtex(p);
  }
  return bib;
}

}  // namespace vita::formats
