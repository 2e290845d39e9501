// The rules of ImportPublications and ProfileService::ImportPublications.
#include "server/domain/publication_import.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/publication_ids.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "server/domain/profile_service.h"
#include "server/domain/record_steps.h"
#include "server/domain/record_traits.h"

namespace vita::domain {
namespace {

using Result = v1::PublicationImportResult;
using store::ItemRow;
using store::Transaction;

// The last word of a name, as NormalizedTitle spells it: "Hexu Zhao" ->
// "zhao".
std::string FamilyName(absl::string_view name) {
  name = absl::StripTrailingAsciiWhitespace(name);
  size_t space = name.find_last_of(' ');
  return NormalizedTitle(
      space == absl::string_view::npos ? name : name.substr(space + 1));
}

bool ShareAnAuthor(const v1::Publication& a, const v1::Publication& b) {
  absl::flat_hash_set<std::string> names;
  for (const v1::Author& author : a.authors()) {
    names.insert(FamilyName(author.name()));
  }
  for (const v1::Author& author : b.authors()) {
    std::string name = FamilyName(author.name());
    if (!name.empty() && names.contains(name)) return true;
  }
  return false;
}

// A publication's DOI: its `doi`, or else the one in a DOI link (a record
// made by hand before `doi` existed has only the link).
std::string DoiOf(const v1::Publication& p) {
  if (!p.doi().empty()) return absl::AsciiStrToLower(p.doi());
  for (const v1::PublicationLink& link : p.links()) {
    if (link.kind() != v1::PublicationLink::DOI) continue;
    std::string doi = DoiFrom(link.url());
    if (!doi.empty()) return absl::AsciiStrToLower(doi);
  }
  return "";
}

// A publication's arXiv id: its `arxiv_id`, or else the one in an ARXIV
// link.
std::string ArxivIdOf(const v1::Publication& p) {
  if (!p.arxiv_id().empty()) return p.arxiv_id();
  for (const v1::PublicationLink& link : p.links()) {
    if (link.kind() != v1::PublicationLink::ARXIV) continue;
    std::string id = ArxivIdFrom(link.url());
    if (!id.empty()) return id;
  }
  return "";
}

bool SameWorkFor(Result::Match why, const v1::Publication& stored,
                 const v1::Publication& imported) {
  switch (why) {
    case Result::SAME_DOI:
      return !imported.doi().empty() &&
             DoiOf(stored) == absl::AsciiStrToLower(imported.doi());
    case Result::SAME_ARXIV_ID:
      return !imported.arxiv_id().empty() &&
             ArxivIdOf(stored) == imported.arxiv_id();
    case Result::SAME_CITATION_KEY:
      return !imported.citation_key().empty() &&
             stored.citation_key() == imported.citation_key();
    case Result::SAME_TITLE_AND_AUTHOR: {
      std::string title = NormalizedTitle(imported.title());
      return !title.empty() && NormalizedTitle(stored.title()) == title &&
             ShareAnAuthor(stored, imported);
    }
    default:
      return false;
  }
}

}  // namespace

std::string NormalizedTitle(absl::string_view title) {
  std::string normalized;
  for (char c : title) {
    if (absl::ascii_isalnum(c)) {
      normalized += absl::ascii_tolower(c);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      normalized += c;
    }
  }
  return normalized;
}

std::optional<WorkMatch> FindSameWork(
    const std::vector<v1::Publication>& stored,
    const v1::Publication& imported) {
  for (Result::Match why :
       {Result::SAME_DOI, Result::SAME_ARXIV_ID, Result::SAME_CITATION_KEY,
        Result::SAME_TITLE_AND_AUTHOR}) {
    for (int i = 0; i < static_cast<int>(stored.size()); ++i) {
      if (SameWorkFor(why, stored[i], imported)) return WorkMatch{i, why};
    }
  }
  return std::nullopt;
}

std::vector<std::string> FillMissing(
    const v1::Publication& imported,
    absl::FunctionRef<bool(absl::string_view field, const std::string& value)>
        taken,
    v1::Publication* stored) {
  std::vector<std::string> filled;
  auto fill_string = [&](const char* field, const std::string& value,
                         std::string* target, bool unique) {
    if (!target->empty() || value.empty()) return;
    if (unique && taken(field, value)) return;
    *target = value;
    filled.push_back(field);
  };
  fill_string("venue", imported.venue(), stored->mutable_venue(), false);
  if (stored->year() == 0 && imported.year() != 0) {
    stored->set_year(imported.year());
    filled.push_back("year");
  }
  if (!stored->has_date() && imported.has_date() &&
      imported.date().year() == stored->year()) {
    *stored->mutable_date() = imported.date();
    filled.push_back("date");
  }
  absl::flat_hash_set<std::string> urls;
  for (const v1::PublicationLink& link : stored->links())
    urls.insert(link.url());
  bool linked = false;
  for (const v1::PublicationLink& link : imported.links()) {
    if (urls.insert(link.url()).second) {
      *stored->add_links() = link;
      linked = true;
    }
  }
  if (linked) filled.push_back("links");
  fill_string("abstract", imported.abstract(), stored->mutable_abstract(),
              false);
  fill_string("bibtex", imported.bibtex(), stored->mutable_bibtex(), false);
  fill_string("citation_key", imported.citation_key(),
              stored->mutable_citation_key(), true);
  if (stored->tags().empty() && !imported.tags().empty()) {
    *stored->mutable_tags() = imported.tags();
    filled.push_back("tags");
  }
  // A record whose link already carries an identifier keeps only the link,
  // so that the page does not show it twice.
  if (DoiOf(*stored).empty()) {
    fill_string("doi", imported.doi(), stored->mutable_doi(), true);
  }
  if (ArxivIdOf(*stored).empty()) {
    fill_string("arxiv_id", imported.arxiv_id(), stored->mutable_arxiv_id(),
                true);
  }
  if (stored->type() == v1::Publication::TYPE_UNSPECIFIED &&
      imported.type() != v1::Publication::TYPE_UNSPECIFIED) {
    stored->set_type(imported.type());
    filled.push_back("type");
  }
  return filled;
}

absl::StatusOr<v1::ImportPublicationsResponse>
ProfileService::ImportPublications(const v1::ImportPublicationsRequest& request,
                                   const Caller& caller) {
  using Traits = RecordTraits<v1::Publication>;
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("parent", request.parent()));
  v1::ImportPublicationsResponse response;
  // Each requested publication, cleaned and validated, before any
  // transaction; the invalid ones are all reported together.
  std::vector<v1::Publication> imported;
  std::vector<std::string> problems;
  for (int i = 0; i < request.publications_size(); ++i) {
    v1::Publication p = request.publications(i);
    p.DiscardUnknownFields();
    p.clear_name();
    p.clear_create_time();
    p.clear_update_time();
    p.clear_etag();
    Result* result = response.add_results();
    absl::Status valid =
        Traits::Validate(absl::StrCat("publications[", i, "]"), p);
    if (!valid.ok()) {
      problems.emplace_back(valid.message());
      result->set_action(Result::SKIPPED_INVALID);
      result->add_problems(std::string(valid.message()));
    }
    imported.push_back(std::move(p));
  }
  if (!problems.empty() && !request.skip_invalid()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
  }
  google::protobuf::Timestamp now = ToTimestamp(clock_());

  auto body = [&](Transaction& txn) -> absl::Status {
    VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
    VITA_ASSIGN_OR_RETURN(
        std::vector<ItemRow> rows,
        txn.ListItems(Traits::kCollection, profile_id, std::nullopt, -1));
    // The profile's publications as the import goes: stored ones first,
    // then the ones it creates, so a later entry can match an earlier one.
    std::vector<v1::Publication> records;
    std::vector<std::string> ids;
    absl::flat_hash_set<std::string> taken_ids;
    for (const ItemRow& row : rows) {
      VITA_ASSIGN_OR_RETURN(v1::Publication p,
                            Parse<v1::Publication>(row.body, Traits::kNoun));
      records.push_back(std::move(p));
      ids.push_back(row.id);
      taken_ids.insert(row.id);
    }
    const int stored_count = static_cast<int>(records.size());
    std::vector<bool> changed(stored_count, false);
    for (int i = 0; i < static_cast<int>(imported.size()); ++i) {
      Result* result = response.mutable_results(i);
      if (result->action() == Result::SKIPPED_INVALID) continue;
      const v1::Publication& entry = imported[i];
      std::optional<WorkMatch> match = FindSameWork(records, entry);
      if (!match) {
        // A new publication; its id by the rule of CreatePublication.
        std::string base = Traits::SuggestedId(entry);
        std::string id;
        for (int n = 1; n < 10 && !base.empty() && id.empty(); ++n) {
          std::string candidate = n == 1 ? base : absl::StrCat(base, "-", n);
          if (!taken_ids.contains(candidate)) id = candidate;
        }
        if (id.empty()) {
          VITA_ASSIGN_OR_RETURN(
              id, FreeId(txn, Traits::kCollection, profile_id, ""));
        }
        taken_ids.insert(id);
        v1::Publication created = entry;
        VITA_ASSIGN_OR_RETURN(ItemRow row,
                              NewItemRow(absl::StrCat("publications[", i, "]"),
                                         profile_id, id, &created, now));
        result->set_action(Result::CREATED);
        *result->mutable_publication() = created;
        records.push_back(std::move(created));
        ids.push_back(id);
        changed.push_back(true);
        continue;
      }
      v1::Publication& record = records[match->index];
      v1::Publication before = record;
      std::vector<std::string> filled = FillMissing(
          entry,
          [&](absl::string_view field, const std::string& value) {
            for (int j = 0; j < static_cast<int>(records.size()); ++j) {
              if (j == match->index) continue;
              const v1::Publication& other = records[j];
              if ((field == "citation_key" && other.citation_key() == value) ||
                  (field == "doi" &&
                   DoiOf(other) == absl::AsciiStrToLower(value)) ||
                  (field == "arxiv_id" && ArxivIdOf(other) == value)) {
                return true;
              }
            }
            return false;
          },
          &record);
      result->set_match(match->why);
      if (filled.empty()) {
        result->set_action(Result::UNCHANGED);
      } else {
        VITA_RETURN_IF_ERROR(
            Traits::Validate(absl::StrCat("publications[", i, "]"), record));
        Stamp(record.name(), record.create_time(), now, &record);
        result->set_action(Result::UPDATED);
        for (std::string& field : filled) result->add_filled_fields(field);
        changed[match->index] = true;
      }
      *result->mutable_publication() = record;
    }
    if (request.dry_run()) return absl::OkStatus();
    for (int i = 0; i < static_cast<int>(records.size()); ++i) {
      if (!changed[i]) continue;
      ItemRow row{ids[i], Traits::SortKey(records[i]), Serialize(records[i])};
      if (i < stored_count) {
        VITA_RETURN_IF_ERROR(
            txn.UpdateItem(Traits::kCollection, profile_id, row));
      } else {
        VITA_RETURN_IF_ERROR(InsertItem(txn, profile_id, row, records[i]));
      }
    }
    return absl::OkStatus();
  };
  if (request.dry_run()) {
    VITA_RETURN_IF_ERROR(store_->Read(body));
  } else {
    VITA_RETURN_IF_ERROR(WriteProfile(profile_id, caller, "ImportPublications",
                                      ProfileName(profile_id), body));
  }
  return response;
}

}  // namespace vita::domain
