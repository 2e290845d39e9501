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

template <>
struct RecordTraits<v1::Profile> {
  // The field that holds the record in requests, which errors name.
  static constexpr absl::string_view kField = "profile";
  // The record's name in messages ("profile \"profiles/ann\" not found").
  static constexpr absl::string_view kNoun = "profile";
  static absl::Status Validate(absl::string_view path,
                               const v1::Profile& profile) {
    return ValidateProfile(path, profile);
  }
};

template <>
struct RecordTraits<v1::NewsItem> {
  static constexpr store::Collection kCollection = store::Collection::kNews;
  static constexpr absl::string_view kField = "news_item";
  static constexpr absl::string_view kIdField = "news_item_id";
  static constexpr absl::string_view kNoun = "news item";
  // The write methods' names, as the change log records them.
  static constexpr absl::string_view kCreateMethod = "CreateNewsItem";
  static constexpr absl::string_view kUpdateMethod = "UpdateNewsItem";
  static constexpr absl::string_view kDeleteMethod = "DeleteNewsItem";
  static absl::Status Validate(absl::string_view path,
                               const v1::NewsItem& item) {
    return ValidateNewsItem(path, item);
  }
  static std::string SortKey(const v1::NewsItem& item) {
    return NewsSortKey(item);
  }
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
  static constexpr absl::string_view kIdField = "publication_id";
  static constexpr absl::string_view kNoun = "publication";
  // The write methods' names, as the change log records them.
  static constexpr absl::string_view kCreateMethod = "CreatePublication";
  static constexpr absl::string_view kUpdateMethod = "UpdatePublication";
  static constexpr absl::string_view kDeleteMethod = "DeletePublication";
  static absl::Status Validate(absl::string_view path,
                               const v1::Publication& publication) {
    return ValidatePublication(path, publication);
  }
  static std::string SortKey(const v1::Publication& publication) {
    return PublicationSortKey(publication);
  }
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
