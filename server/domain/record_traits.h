// What differs between the kinds of record ProfileService stores.
//
// A record is anything stored under a resource name: a profile or an item
// (a news item or a publication) of one of a profile's collections. The
// methods of ProfileService are written once, as templates over the record
// type; RecordTraits<Record> supplies what is particular to each kind: its
// noun in messages, its field in requests, its validation, and for items
// their collection, list order, suggested id and uniqueness rule.
//
// Example:
//
//   using Traits = RecordTraits<v1::Publication>;
//   VITA_RETURN_IF_ERROR(Traits::Validate(Traits::kField, publication));
//   ItemRow row{id, Traits::SortKey(publication), body};
//
// Stateless; safe to use from any thread.
#ifndef VITA_SERVER_DOMAIN_RECORD_TRAITS_H_
#define VITA_SERVER_DOMAIN_RECORD_TRAITS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/resource_name.h"
#include "server/domain/record_keys.h"
#include "server/domain/validation.h"
#include "server/store/store.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

template <typename Record>
struct RecordTraits;

// What follows from a kind of record's message name by the API's naming
// rules (AIP-133..135), the same for every kind:

// The name of its API method `verb` ("Create", "Update" or "Delete"), as the
// change log records it: "CreateNewsItem".
template <typename Record>
std::string MethodName(absl::string_view verb) {
  return absl::StrCat(verb, Record::descriptor()->name());
}

// The request field of the id a Create request asks for, which errors name:
// the field of the record and "_id", "news_item_id".
template <typename Record>
std::string IdField() {
  return absl::StrCat(RecordTraits<Record>::kField, "_id");
}

template <>
struct RecordTraits<v1::Profile> {
  // The field that holds the record in requests, which errors name.
  static constexpr absl::string_view kField = "profile";
  // The record's name in messages ("profile \"profiles/ann\" not found").
  static constexpr absl::string_view kNoun = "profile";
  // Validate(path, record): the field rules (validation.h), naming the
  // record `path` in errors.
  static constexpr auto Validate = &ValidateProfile;
};

template <>
struct RecordTraits<v1::NewsItem> {
  static constexpr store::Collection kCollection = store::Collection::kNews;
  static constexpr absl::string_view kField = "news_item";
  static constexpr absl::string_view kNoun = "news item";
  static constexpr auto Validate = &ValidateNewsItem;
  // SortKey(record): the key of the list order (record_keys.h).
  static constexpr auto SortKey = &NewsSortKey;
  // News items have no key besides their id.
  static std::string UniqueKey(const v1::NewsItem&) { return ""; }
  // An id for an item created without one: "2024-03-i-will-join-microsoft".
  static std::string SuggestedId(const v1::NewsItem& item) {
    return IdFromWords(
        absl::StrFormat("%04d-%02d", item.date().year(), item.date().month()),
        item.text(), 4);
  }
  static absl::Status CheckUnique(store::Transaction&, const std::string&,
                                  const std::string&, const v1::NewsItem&) {
    return absl::OkStatus();
  }
};

template <>
struct RecordTraits<v1::Publication> {
  static constexpr store::Collection kCollection =
      store::Collection::kPublications;
  static constexpr absl::string_view kField = "publication";
  static constexpr absl::string_view kNoun = "publication";
  static constexpr auto Validate = &ValidatePublication;
  static constexpr auto SortKey = &PublicationSortKey;
  static std::string UniqueKey(const v1::Publication& publication) {
    return publication.citation_key();
  }
  // "on-scaling-up-3d-gaussian", or the citation key when there is one.
  // The id rule the CLI's BibTeX import uses too (common/resource_name.h).
  static std::string SuggestedId(const v1::Publication& publication) {
    return PublicationIdFrom(publication.citation_key(), publication.title());
  }
  // A citation key, a DOI (ignoring case) and an arXiv id each name at most
  // one publication of a profile, so that a BibTeX re-import can find the
  // publication it updates. Defined in record_steps.cc.
  static absl::Status CheckUnique(store::Transaction& txn,
                                  const std::string& profile_id,
                                  const std::string& id,
                                  const v1::Publication& publication);
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_RECORD_TRAITS_H_
