#include "formats/csl_json.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "formats/bibtex_writer.h"
#include "formats/json.h"

namespace vita::formats {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using vita::v1::Publication;

std::string CslType(const Publication& p) {
  switch (p.type()) {
    case Publication::CONFERENCE_PAPER:
    case Publication::WORKSHOP_PAPER:
      return "paper-conference";
    case Publication::JOURNAL_ARTICLE:
      return "article-journal";
    case Publication::THESIS:
      return "thesis";
    case Publication::TECHNICAL_REPORT:
      return "report";
    case Publication::BOOK:
      return "book";
    case Publication::BOOK_CHAPTER:
      return "chapter";
    case Publication::TALK:
      return "speech";
    case Publication::MANUSCRIPT:
      return "manuscript";
    case Publication::PATENT:
      return "patent";
    default:
      break;
  }
  // No type: the entry type the BibTeX writer chooses.
  std::string bibtex = PublicationToBibtex(p);
  if (absl::StartsWith(bibtex, "@inproceedings{")) return "paper-conference";
  if (absl::StartsWith(bibtex, "@article{")) return "article-journal";
  if (absl::StartsWith(bibtex, "@phdthesis{") ||
      absl::StartsWith(bibtex, "@mastersthesis{")) {
    return "thesis";
  }
  if (absl::StartsWith(bibtex, "@techreport{")) return "report";
  return "article";
}

void AddName(ListValue* list, const std::string& name) {
  Struct* person = AddObject(list);
  size_t comma = name.find(',');
  if (comma != std::string::npos) {
    SetString(person, "family",
              absl::StripAsciiWhitespace(name.substr(0, comma)));
    SetString(person, "given",
              absl::StripAsciiWhitespace(name.substr(comma + 1)));
    return;
  }
  size_t space = name.rfind(' ');
  if (space == std::string::npos) {
    SetString(person, "literal", name);
    return;
  }
  SetString(person, "given", name.substr(0, space));
  SetString(person, "family", name.substr(space + 1));
}

}  // namespace

Struct PublicationToCsl(const Publication& p) {
  Struct item;
  std::string id = p.citation_key();
  if (id.empty()) id = p.name().substr(p.name().rfind('/') + 1);
  SetString(&item, "id", id);
  SetString(&item, "type", CslType(p));
  SetString(&item, "title", p.title());
  ListValue* authors = SetList(&item, "author");
  for (const auto& a : p.authors()) AddName(authors, a.name());
  if (p.year() > 0) {
    ListValue* parts = SetList(SetObject(&item, "issued"), "date-parts");
    ListValue* date = parts->add_values()->mutable_list_value();
    date->add_values()->set_number_value(p.year());
    if (p.has_date() && p.date().year() == p.year() && p.date().month() > 0) {
      date->add_values()->set_number_value(p.date().month());
      if (p.date().day() > 0) {
        date->add_values()->set_number_value(p.date().day());
      }
    }
  }
  if (!p.venue().empty()) SetString(&item, "container-title", p.venue());
  if (!p.venue_short().empty()) {
    SetString(&item, "container-title-short", p.venue_short());
  }
  if (!p.doi().empty()) SetString(&item, "DOI", p.doi());
  if (p.links_size() > 0) SetString(&item, "URL", p.links(0).url());
  if (!p.abstract().empty()) SetString(&item, "abstract", p.abstract());
  if (p.tags_size() > 0) {
    SetString(&item, "keyword", absl::StrJoin(p.tags(), ", "));
  }
  return item;
}

std::string PublicationsToCslJson(
    const google::protobuf::RepeatedPtrField<Publication>& publications) {
  ListValue list;
  for (const Publication& p : publications) {
    *list.add_values()->mutable_struct_value() = PublicationToCsl(p);
  }
  return JsonText(list, /*pretty=*/true);
}

}  // namespace vita::formats
