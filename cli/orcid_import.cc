#include "cli/orcid_import.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace vita::cli {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using vita::v1::Publication;

// The value at `key` of `object`, or null when absent or not an object.
const Struct* Object(const Struct& object, const std::string& key) {
  auto it = object.fields().find(key);
  if (it == object.fields().end() || !it->second.has_struct_value()) {
    return nullptr;
  }
  return &it->second.struct_value();
}

// ORCID's {"value": "..."} wrapper (or a plain string) at `key`; "".
std::string Text(const Struct* object, const std::string& key) {
  if (!object) return "";
  auto it = object->fields().find(key);
  if (it == object->fields().end()) return "";
  if (it->second.has_string_value()) return it->second.string_value();
  if (it->second.has_number_value()) {
    return absl::StrCat(static_cast<int64_t>(it->second.number_value()));
  }
  if (const Struct* wrapped = Object(*object, key)) {
    return Text(wrapped, "value");
  }
  return "";
}

int Number(const Struct* object, const std::string& key) {
  int n = 0;
  return absl::SimpleAtoi(Text(object, key), &n) ? n : 0;
}

void SetType(const std::string& type, Publication* p) {
  static const auto* const kTypes =
      new std::map<std::string, Publication::Type>{
          {"journal-article", Publication::JOURNAL_ARTICLE},
          {"conference-paper", Publication::CONFERENCE_PAPER},
          {"preprint", Publication::MANUSCRIPT},
          {"working-paper", Publication::MANUSCRIPT},
          {"dissertation-thesis", Publication::THESIS},
          {"dissertation", Publication::THESIS},
          {"report", Publication::TECHNICAL_REPORT},
          {"book", Publication::BOOK},
          {"book-chapter", Publication::BOOK_CHAPTER},
          {"patent", Publication::PATENT},
          {"conference-presentation", Publication::TALK},
          {"conference-poster", Publication::TALK},
          {"lecture-speech", Publication::TALK}};
  auto it = kTypes->find(type);
  p->set_type(it == kTypes->end() ? Publication::OTHER : it->second);
  p->set_status(type == "preprint" || type == "working-paper"
                    ? Publication::PREPRINT
                    : Publication::PUBLISHED);
}

// "arXiv:2406.18533v2" -> "2406.18533".
std::string ArxivId(std::string id) {
  if (absl::StartsWithIgnoreCase(id, "arxiv:")) id = id.substr(6);
  size_t v = id.find_last_of('v');
  if (v != std::string::npos && v + 1 < id.size() &&
      absl::ascii_isdigit(id[v + 1]) && v > 0 &&
      absl::ascii_isdigit(id[v - 1])) {
    id = id.substr(0, v);
  }
  return id;
}

void SetIdentifiers(const Struct* summary, Publication* p) {
  const Struct* ids = summary ? Object(*summary, "external-ids") : nullptr;
  if (!ids) return;
  auto list = ids->fields().find("external-id");
  if (list == ids->fields().end() || !list->second.has_list_value()) return;
  for (const Value& v : list->second.list_value().values()) {
    if (!v.has_struct_value()) continue;
    const Struct& id = v.struct_value();
    if (Text(&id, "external-id-relationship") != "self") continue;
    std::string type = absl::AsciiStrToLower(Text(&id, "external-id-type"));
    std::string value = Text(&id, "external-id-value");
    if (type == "doi" && p->doi().empty()) {
      p->set_doi(value);
    } else if (type == "arxiv" && p->arxiv_id().empty()) {
      p->set_arxiv_id(ArxivId(value));
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<BibtexEntry>> PublicationsFromOrcidWorks(
    absl::string_view json, absl::string_view file,
    const vita::v1::Profile& owner) {
  Struct works;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(json),
                                                            &works, options);
  if (!parsed.ok()) {
    return LocalInputError(absl::StrCat(
        file, ": not ORCID works JSON: ", parsed.message().as_string()));
  }
  auto groups = works.fields().find("group");
  if (groups == works.fields().end() || !groups->second.has_list_value()) {
    return LocalInputError(
        absl::StrCat(file,
                     ": not ORCID works JSON: no \"group\" list (the answer of "
                     "/v3.0/{orcid}/works)"));
  }
  std::vector<BibtexEntry> entries;
  int index = 0;
  for (const Value& group : groups->second.list_value().values()) {
    ++index;
    const Struct* summary = nullptr;
    if (group.has_struct_value()) {
      auto list = group.struct_value().fields().find("work-summary");
      if (list != group.struct_value().fields().end() &&
          list->second.has_list_value() &&
          list->second.list_value().values_size() > 0 &&
          list->second.list_value().values(0).has_struct_value()) {
        summary = &list->second.list_value().values(0).struct_value();
      }
    }
    const Struct* title_object = summary ? Object(*summary, "title") : nullptr;
    std::string title = Text(title_object, "title");
    if (title.empty()) {
      return LocalInputError(absl::StrCat(
          file, ": group[", index - 1, "]: work-summary[0].title: required"));
    }
    std::string subtitle = Text(title_object, "subtitle");
    BibtexEntry entry;
    entry.key = absl::StrCat("orcid-", Text(summary, "put-code"));
    entry.line = index;
    Publication& p = entry.publication;
    p.set_title(subtitle.empty() ? title : absl::StrCat(title, ": ", subtitle));
    p.set_citation_key(entry.key);
    v1::Author* author = p.add_authors();
    author->set_name(owner.display_name());
    author->set_is_owner(true);
    p.set_more_authors(true);
    SetType(Text(summary, "type"), &p);
    const Struct* date = Object(*summary, "publication-date");
    int year = Number(date, "year");
    if (year > 0) {
      p.set_year(year);
      int month = Number(date, "month");
      if (month > 0) {
        p.mutable_date()->set_year(year);
        p.mutable_date()->set_month(month);
        p.mutable_date()->set_day(Number(date, "day"));
      }
    }
    p.set_venue(Text(summary, "journal-title"));
    SetIdentifiers(summary, &p);
    std::string url = Text(summary, "url");
    if (absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")) {
      v1::PublicationLink* link = p.add_links();
      link->set_url(url);
      link->set_kind(absl::StrContains(url, "doi.org/")
                         ? v1::PublicationLink::DOI
                     : absl::StrContains(url, "arxiv.org/")
                         ? v1::PublicationLink::ARXIV
                         : v1::PublicationLink::PROJECT_PAGE);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace vita::cli
