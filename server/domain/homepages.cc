#include "server/domain/homepages.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "server/domain/page_token.h"
#include "server/domain/record_keys.h"
#include "server/domain/update_mask.h"
#include "server/domain/validation.h"

namespace vita::domain {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using store::ChildCursor;
using store::ChildRow;
using store::Collection;
using store::ProfileRow;
using store::Transaction;

// What differs between the two kinds of child records.
template <typename Record>
struct Traits;

template <>
struct Traits<v1::NewsItem> {
  static constexpr Collection kCollection = Collection::kNews;
  static constexpr absl::string_view kField = "news_item";
  static constexpr absl::string_view kIdField = "news_item_id";
  static constexpr absl::string_view kNoun = "news item";
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
  static absl::Status CheckUnique(Transaction&, const std::string&,
                                  const std::string&, const v1::NewsItem&) {
    return absl::OkStatus();
  }
};

template <>
struct Traits<v1::Publication> {
  static constexpr Collection kCollection = Collection::kPublications;
  static constexpr absl::string_view kField = "publication";
  static constexpr absl::string_view kIdField = "publication_id";
  static constexpr absl::string_view kNoun = "publication";
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
  static std::string SuggestedId(const v1::Publication& publication) {
    std::string from_key = IdFromWords("", publication.citation_key(), 8);
    return from_key.empty() ? IdFromWords("", publication.title(), 5)
                            : from_key;
  }
  // A citation key names at most one publication of a profile, so that a
  // BibTeX re-import can find the publication it updates.
  static absl::Status CheckUnique(Transaction& txn,
                                  const std::string& profile_id,
                                  const std::string& id,
                                  const v1::Publication& publication);
};

Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(time));
}

template <typename Record>
absl::StatusOr<Record> Parse(absl::string_view body, absl::string_view what) {
  Record record;
  if (!record.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " is corrupt"));
  }
  return record;
}

std::string Serialize(const google::protobuf::Message& record) {
  std::string body;
  record.SerializeToString(&body);
  return body;
}

absl::Status ProfileNotFound(absl::string_view profile_id) {
  return absl::NotFoundError(
      absl::StrCat("profile \"", ProfileName(profile_id), "\" not found"));
}

template <typename Record>
absl::Status ChildNotFound(const std::string& profile_id,
                           const std::string& id) {
  return absl::NotFoundError(absl::StrCat(
      Traits<Record>::kNoun, " \"",
      ItemResourceName(Traits<Record>::kCollection, profile_id, id),
      "\" not found"));
}

absl::Status CheckProfileExists(Transaction& txn,
                                const std::string& profile_id) {
  VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> row,
                        txn.GetProfile(profile_id));
  if (!row) return ProfileNotFound(profile_id);
  return absl::OkStatus();
}

// A fresh id for a record created without one: 12 characters, starting
// with a letter; 36^11 choices make a collision within a profile negligible.
std::string GenerateId() {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  absl::BitGen bits;
  std::string id(1, kLetters[absl::Uniform(bits, 0u, 26u)]);
  for (int i = 0; i < 11; ++i) id += kChars[absl::Uniform(bits, 0u, 36u)];
  return id;
}

// The first of base, base-2, ..., base-9 that no child of the profile has;
// a random id if all are taken or base is empty.
absl::StatusOr<std::string> FreeId(Transaction& txn, Collection collection,
                                   const std::string& profile_id,
                                   const std::string& base) {
  if (base.empty()) return GenerateId();
  for (int n = 1; n < 10; ++n) {
    std::string id = n == 1 ? base : absl::StrCat(base, "-", n);
    VITA_ASSIGN_OR_RETURN(std::optional<ChildRow> taken,
                          txn.GetChild(collection, profile_id, id));
    if (!taken) return id;
  }
  return GenerateId();
}

absl::Status StaleEtag(absl::string_view noun, absl::string_view name,
                       absl::string_view sent, absl::string_view current) {
  return absl::AbortedError(absl::StrCat(
      noun, " \"", name, "\" was changed since it was read (etag \"",
      absl::CHexEscape(sent), "\", now \"", current,
      "\"); get it again and retry"));
}

// True if `a` and `b` differ in more than their update_time and etag.
template <typename Record>
bool ChangedContent(Record a, Record b) {
  a.clear_update_time();
  a.clear_etag();
  b.clear_update_time();
  b.clear_etag();
  return Serialize(a) != Serialize(b);
}

absl::Status Traits<v1::Publication>::CheckUnique(
    Transaction& txn, const std::string& profile_id, const std::string& id,
    const v1::Publication& publication) {
  if (publication.citation_key().empty()) return absl::OkStatus();
  VITA_ASSIGN_OR_RETURN(
      std::vector<ChildRow> rows,
      txn.ListChildren(kCollection, profile_id, std::nullopt, -1));
  for (const ChildRow& row : rows) {
    if (row.id == id) continue;
    VITA_ASSIGN_OR_RETURN(v1::Publication other,
                          Parse<v1::Publication>(row.body, kNoun));
    if (other.citation_key() == publication.citation_key()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "publication.citation_key: \"", publication.citation_key(),
          "\" is already used by ", other.name()));
    }
  }
  return absl::OkStatus();
}

// Sets the server-owned fields of a record about to be stored.
template <typename Record>
void Stamp(const std::string& name, const Timestamp& create_time,
           const Timestamp& update_time, Record* record) {
  record->set_name(name);
  *record->mutable_create_time() = create_time;
  *record->mutable_update_time() = update_time;
  record->clear_etag();
  record->set_etag(ComputeEtag(*record));
}

// Prepares a child for insertion: validated, stamped, keyed. `path` names
// the record in errors ("news_item", or "news[2]" in an imported page).
template <typename Record>
absl::StatusOr<ChildRow> NewChildRow(absl::string_view path,
                                     const std::string& profile_id,
                                     const std::string& id, Record* record,
                                     const Timestamp& now) {
  VITA_RETURN_IF_ERROR(Traits<Record>::Validate(path, *record));
  Timestamp create_time =
      record->has_create_time() ? record->create_time() : now;
  Timestamp update_time =
      record->has_update_time() ? record->update_time() : now;
  Stamp(ItemResourceName(Traits<Record>::kCollection, profile_id, id),
        create_time, update_time, record);
  return ChildRow{id, Traits<Record>::SortKey(*record), Serialize(*record)};
}

template <typename Record>
absl::Status InsertChild(Transaction& txn, const std::string& profile_id,
                         const ChildRow& row, const Record& record) {
  VITA_RETURN_IF_ERROR(
      Traits<Record>::CheckUnique(txn, profile_id, row.id, record));
  absl::Status status =
      txn.InsertChild(Traits<Record>::kCollection, profile_id, row);
  if (absl::IsFailedPrecondition(status)) return ProfileNotFound(profile_id);
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(absl::StrCat(
        Traits<Record>::kNoun, " \"",
        ItemResourceName(Traits<Record>::kCollection, profile_id, row.id),
        "\" already exists"));
  }
  return status;
}

// Times kept from an imported page must be ones the server could have made:
// not before 1970 (sort keys count from there), create before update.
template <typename Record>
absl::Status CheckImportedTimes(absl::string_view path, const Record& record) {
  for (const auto& [field, time] : {std::pair<const char*, const Timestamp*>{
                                        "create_time", &record.create_time()},
                                    {"update_time", &record.update_time()}}) {
    // TimeUtil::kTimestampMaxSeconds is the end of year 9999.
    if (time->seconds() < 0 ||
        time->seconds() > TimeUtil::kTimestampMaxSeconds || time->nanos() < 0 ||
        time->nanos() > 999999999) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".", field, ": must be a time after 1970-01-01T00:00:00Z"));
    }
  }
  if (record.has_create_time() && record.has_update_time() &&
      record.update_time() < record.create_time()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".update_time: must not be before create_time"));
  }
  return absl::OkStatus();
}

// Prepares the news items or publications of an imported page: each named
// under the profile, unique by id and key, valid, stamped.
template <typename Record>
absl::Status PrepareImportedChildren(
    absl::string_view list, const std::string& profile_id,
    const google::protobuf::RepeatedPtrField<Record>& records,
    const Timestamp& now, google::protobuf::RepeatedPtrField<Record>* prepared,
    std::vector<ChildRow>* rows) {
  absl::flat_hash_map<std::string, int> ids, keys;
  for (int i = 0; i < records.size(); ++i) {
    std::string path = absl::StrCat(list, "[", i, "]");
    VITA_ASSIGN_OR_RETURN(
        ItemName child,
        ParseItemName(Traits<Record>::kCollection, absl::StrCat(path, ".name"),
                      records[i].name()));
    if (child.profile_id != profile_id) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".name: must be under ", ProfileName(profile_id)));
    }
    if (auto [it, added] = ids.emplace(child.id, i); !added) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".name: the same as ", list, "[", it->second, "].name"));
    }
    std::string key = Traits<Record>::UniqueKey(records[i]);
    if (!key.empty()) {
      if (auto [it, added] = keys.emplace(key, i); !added) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".citation_key: the same as ", list, "[",
                         it->second, "].citation_key"));
      }
    }
    Record* record = prepared->Add();
    *record = records[i];
    record->DiscardUnknownFields();
    VITA_RETURN_IF_ERROR(CheckImportedTimes(path, *record));
    VITA_ASSIGN_OR_RETURN(ChildRow row,
                          NewChildRow(path, profile_id, child.id, record, now));
    rows->push_back(std::move(row));
  }
  return absl::OkStatus();
}

}  // namespace

Homepages::Homepages(store::Store* store, Clock clock)
    : store_(store), clock_(std::move(clock)) {}

absl::StatusOr<std::shared_ptr<const v1::Page>> Homepages::GetPage(
    const v1::GetPageRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  if (std::shared_ptr<const v1::Page> cached = page_cache_.Find(profile_id)) {
    return cached;
  }
  uint64_t generation = page_cache_.Generation();
  auto page_ptr = std::make_shared<v1::Page>();
  v1::Page& page = *page_ptr;
  // One read transaction, three queries: the profile, then each collection
  // in one ordered range scan. The cost does not grow with per-item queries.
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> profile,
                          txn.GetProfile(profile_id));
    if (!profile) return ProfileNotFound(profile_id);
    if (!page.mutable_profile()->ParseFromString(profile->body)) {
      return absl::DataLossError("stored profile is corrupt");
    }
    VITA_ASSIGN_OR_RETURN(
        std::vector<ChildRow> news,
        txn.ListChildren(Collection::kNews, profile_id, std::nullopt, -1));
    for (const ChildRow& row : news) {
      if (!page.add_news()->ParseFromString(row.body)) {
        return absl::DataLossError("stored news item is corrupt");
      }
    }
    VITA_ASSIGN_OR_RETURN(std::vector<ChildRow> publications,
                          txn.ListChildren(Collection::kPublications,
                                           profile_id, std::nullopt, -1));
    for (const ChildRow& row : publications) {
      if (!page.add_publications()->ParseFromString(row.body)) {
        return absl::DataLossError("stored publication is corrupt");
      }
    }
    return absl::OkStatus();
  }));
  page.set_etag(ComputePageEtag(page));
  page_cache_.Insert(profile_id, page_ptr, generation);
  return std::shared_ptr<const v1::Page>(std::move(page_ptr));
}

absl::Status Homepages::WriteProfile(
    const std::string& profile_id,
    absl::FunctionRef<absl::Status(store::Transaction&)> body) {
  absl::Status status = store_->Write(body);
  // After the commit, so that no reader can cache the old state again.
  page_cache_.Invalidate(profile_id);
  return status;
}

absl::StatusOr<v1::ListProfilesResponse> Homepages::ListProfiles(
    const v1::ListProfilesRequest& request) {
  VITA_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request.page_size()));
  VITA_ASSIGN_OR_RETURN(std::optional<ChildCursor> after,
                        DecodePageToken("profiles", request.page_token()));
  v1::ListProfilesResponse response;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    // One extra row tells whether another page follows.
    VITA_ASSIGN_OR_RETURN(
        std::vector<ProfileRow> rows,
        txn.ListProfiles(after ? after->id : "", page_size + 1));
    for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size; ++i) {
      VITA_ASSIGN_OR_RETURN(*response.add_profiles(),
                            Parse<v1::Profile>(rows[i].body, "profile"));
    }
    if (static_cast<int>(rows.size()) > page_size) {
      response.set_next_page_token(
          EncodePageToken("profiles", {"", rows[page_size - 1].id}));
    }
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<v1::Profile> Homepages::GetProfile(
    const v1::GetProfileRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  v1::Profile profile;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> row,
                          txn.GetProfile(profile_id));
    if (!row) return ProfileNotFound(profile_id);
    VITA_ASSIGN_OR_RETURN(profile, Parse<v1::Profile>(row->body, "profile"));
    return absl::OkStatus();
  }));
  return profile;
}

absl::StatusOr<v1::Profile> Homepages::CreateProfile(
    const v1::CreateProfileRequest& request) {
  VITA_RETURN_IF_ERROR(ValidateId("profile_id", request.profile_id()));
  v1::Profile profile = request.profile();
  // Fields this build does not know would be stored unchecked (and could
  // gain a meaning in a later version): they are dropped on the way in.
  profile.DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(ValidateProfile("profile", profile));
  Timestamp now = ToTimestamp(clock_());
  Stamp(ProfileName(request.profile_id()), now, now, &profile);
  absl::Status status =
      WriteProfile(request.profile_id(), [&](Transaction& txn) {
        return txn.InsertProfile({request.profile_id(), Serialize(profile)});
      });
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "profile \"", ProfileName(request.profile_id()), "\" already exists"));
  }
  VITA_RETURN_IF_ERROR(status);
  return profile;
}

absl::StatusOr<v1::Profile> Homepages::UpdateProfile(
    const v1::UpdateProfileRequest& request) {
  const v1::Profile& patch = request.profile();
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("profile.name", patch.name()));
  v1::Profile updated;
  VITA_RETURN_IF_ERROR(
      WriteProfile(profile_id, [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> row,
                              txn.GetProfile(profile_id));
        if (!row) return ProfileNotFound(profile_id);
        VITA_ASSIGN_OR_RETURN(v1::Profile stored,
                              Parse<v1::Profile>(row->body, "profile"));
        if (!patch.etag().empty() && patch.etag() != stored.etag()) {
          return StaleEtag("profile", stored.name(), patch.etag(),
                           stored.etag());
        }
        updated = stored;
        VITA_RETURN_IF_ERROR(
            ApplyUpdateMask(request.update_mask(), patch, &updated));
        VITA_RETURN_IF_ERROR(ValidateProfile("profile", updated));
        if (!ChangedContent(stored, updated)) {
          updated = stored;  // Nothing changed: keep the etag valid.
          return absl::OkStatus();
        }
        Stamp(stored.name(), stored.create_time(), ToTimestamp(clock_()),
              &updated);
        return txn.UpdateProfile({profile_id, Serialize(updated)});
      }));
  return updated;
}

absl::Status Homepages::DeleteProfile(const v1::DeleteProfileRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  return WriteProfile(profile_id, [&](Transaction& txn) -> absl::Status {
    VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
    if (!request.force()) {
      VITA_ASSIGN_OR_RETURN(int64_t news,
                            txn.CountChildren(Collection::kNews, profile_id));
      VITA_ASSIGN_OR_RETURN(
          int64_t publications,
          txn.CountChildren(Collection::kPublications, profile_id));
      if (news + publications > 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("profile \"", ProfileName(profile_id), "\" still has ",
                         news, " news item(s) and ", publications,
                         " publication(s); delete them first or set force"));
      }
    }
    return txn.DeleteProfile(profile_id);
  });
}

template <typename Record>
absl::StatusOr<Record> Homepages::GetChild(const std::string& name) {
  VITA_ASSIGN_OR_RETURN(
      ItemName child, ParseItemName(Traits<Record>::kCollection, "name", name));
  Record record;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(
        std::optional<ChildRow> row,
        txn.GetChild(Traits<Record>::kCollection, child.profile_id, child.id));
    if (!row) return ChildNotFound<Record>(child.profile_id, child.id);
    VITA_ASSIGN_OR_RETURN(record,
                          Parse<Record>(row->body, Traits<Record>::kNoun));
    return absl::OkStatus();
  }));
  return record;
}

template <typename Record, typename Response>
absl::StatusOr<Response> Homepages::ListChildren(
    const std::string& parent, int requested_page_size,
    const std::string& page_token) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("parent", parent));
  VITA_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(requested_page_size));
  // Tokens are bound to one collection of one profile.
  std::string list =
      absl::StrCat(parent, "/", CollectionSegment(Traits<Record>::kCollection));
  VITA_ASSIGN_OR_RETURN(std::optional<ChildCursor> after,
                        DecodePageToken(list, page_token));
  Response response;
  std::vector<Record> records;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
    VITA_ASSIGN_OR_RETURN(std::vector<ChildRow> rows,
                          txn.ListChildren(Traits<Record>::kCollection,
                                           profile_id, after, page_size + 1));
    for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size; ++i) {
      VITA_ASSIGN_OR_RETURN(Record record,
                            Parse<Record>(rows[i].body, Traits<Record>::kNoun));
      records.push_back(std::move(record));
    }
    if (static_cast<int>(rows.size()) > page_size) {
      const ChildRow& last = rows[page_size - 1];
      response.set_next_page_token(
          EncodePageToken(list, {last.sort_key, last.id}));
    }
    return absl::OkStatus();
  }));
  for (Record& record : records) {
    if constexpr (std::is_same_v<Record, v1::NewsItem>) {
      *response.add_news_items() = std::move(record);
    } else {
      *response.add_publications() = std::move(record);
    }
  }
  return response;
}

template <typename Record>
absl::StatusOr<Record> Homepages::CreateChild(const std::string& parent,
                                              const std::string& requested_id,
                                              const Record& request_record) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("parent", parent));
  if (!requested_id.empty()) {
    VITA_RETURN_IF_ERROR(ValidateId(Traits<Record>::kIdField, requested_id));
  }
  Record record = request_record;
  // Output-only fields of the request are ignored (AIP-133), and unknown
  // fields dropped (see CreateProfile).
  record.clear_create_time();
  record.clear_update_time();
  record.DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(
      Traits<Record>::Validate(Traits<Record>::kField, record));
  Timestamp now = ToTimestamp(clock_());
  VITA_RETURN_IF_ERROR(
      WriteProfile(profile_id, [&](Transaction& txn) -> absl::Status {
        std::string id = requested_id;
        if (id.empty()) {
          // A readable id from the record, made unique with a suffix; the
          // check and the insert share one transaction, so no other write
          // can take the id in between.
          VITA_ASSIGN_OR_RETURN(
              id, FreeId(txn, Traits<Record>::kCollection, profile_id,
                         Traits<Record>::SuggestedId(record)));
        }
        VITA_ASSIGN_OR_RETURN(
            ChildRow row,
            NewChildRow(Traits<Record>::kField, profile_id, id, &record, now));
        return InsertChild(txn, profile_id, row, record);
      }));
  return record;
}

template <typename Record>
absl::StatusOr<Record> Homepages::UpdateChild(
    const Record& patch, const google::protobuf::FieldMask& mask) {
  VITA_ASSIGN_OR_RETURN(
      ItemName child,
      ParseItemName(Traits<Record>::kCollection,
                    absl::StrCat(Traits<Record>::kField, ".name"),
                    patch.name()));
  Record updated;
  VITA_RETURN_IF_ERROR(
      WriteProfile(child.profile_id, [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(std::optional<ChildRow> row,
                              txn.GetChild(Traits<Record>::kCollection,
                                           child.profile_id, child.id));
        if (!row) return ChildNotFound<Record>(child.profile_id, child.id);
        VITA_ASSIGN_OR_RETURN(Record stored,
                              Parse<Record>(row->body, Traits<Record>::kNoun));
        if (!patch.etag().empty() && patch.etag() != stored.etag()) {
          return StaleEtag(Traits<Record>::kNoun, stored.name(), patch.etag(),
                           stored.etag());
        }
        updated = stored;
        VITA_RETURN_IF_ERROR(ApplyUpdateMask(mask, patch, &updated));
        VITA_RETURN_IF_ERROR(
            Traits<Record>::Validate(Traits<Record>::kField, updated));
        if (!ChangedContent(stored, updated)) {
          updated = stored;  // Nothing changed: keep the etag valid.
          return absl::OkStatus();
        }
        VITA_RETURN_IF_ERROR(Traits<Record>::CheckUnique(txn, child.profile_id,
                                                         child.id, updated));
        Stamp(stored.name(), stored.create_time(), ToTimestamp(clock_()),
              &updated);
        return txn.UpdateChild(
            Traits<Record>::kCollection, child.profile_id,
            {child.id, Traits<Record>::SortKey(updated), Serialize(updated)});
      }));
  return updated;
}

template <typename Record>
absl::Status Homepages::DeleteChild(const std::string& name) {
  VITA_ASSIGN_OR_RETURN(
      ItemName child, ParseItemName(Traits<Record>::kCollection, "name", name));
  absl::Status status = WriteProfile(child.profile_id, [&](Transaction& txn) {
    return txn.DeleteChild(Traits<Record>::kCollection, child.profile_id,
                           child.id);
  });
  if (absl::IsNotFound(status)) {
    return ChildNotFound<Record>(child.profile_id, child.id);
  }
  return status;
}

absl::StatusOr<v1::ListNewsItemsResponse> Homepages::ListNewsItems(
    const v1::ListNewsItemsRequest& request) {
  return ListChildren<v1::NewsItem, v1::ListNewsItemsResponse>(
      request.parent(), request.page_size(), request.page_token());
}

absl::StatusOr<v1::NewsItem> Homepages::GetNewsItem(
    const v1::GetNewsItemRequest& request) {
  return GetChild<v1::NewsItem>(request.name());
}

absl::StatusOr<v1::NewsItem> Homepages::CreateNewsItem(
    const v1::CreateNewsItemRequest& request) {
  return CreateChild(request.parent(), request.news_item_id(),
                     request.news_item());
}

absl::StatusOr<v1::NewsItem> Homepages::UpdateNewsItem(
    const v1::UpdateNewsItemRequest& request) {
  return UpdateChild(request.news_item(), request.update_mask());
}

absl::Status Homepages::DeleteNewsItem(
    const v1::DeleteNewsItemRequest& request) {
  return DeleteChild<v1::NewsItem>(request.name());
}

absl::StatusOr<v1::ListPublicationsResponse> Homepages::ListPublications(
    const v1::ListPublicationsRequest& request) {
  return ListChildren<v1::Publication, v1::ListPublicationsResponse>(
      request.parent(), request.page_size(), request.page_token());
}

absl::StatusOr<v1::Publication> Homepages::GetPublication(
    const v1::GetPublicationRequest& request) {
  return GetChild<v1::Publication>(request.name());
}

absl::StatusOr<v1::Publication> Homepages::CreatePublication(
    const v1::CreatePublicationRequest& request) {
  return CreateChild(request.parent(), request.publication_id(),
                     request.publication());
}

absl::StatusOr<v1::Publication> Homepages::UpdatePublication(
    const v1::UpdatePublicationRequest& request) {
  return UpdateChild(request.publication(), request.update_mask());
}

absl::Status Homepages::DeletePublication(
    const v1::DeletePublicationRequest& request) {
  return DeleteChild<v1::Publication>(request.name());
}

absl::StatusOr<v1::Page> Homepages::ImportPage(
    const v1::ImportPageRequest& request) {
  const v1::Page& page = request.page();
  VITA_ASSIGN_OR_RETURN(
      std::string profile_id,
      ParseProfileName("profile.name", page.profile().name()));
  Timestamp now = ToTimestamp(clock_());
  v1::Page imported;
  v1::Profile* profile = imported.mutable_profile();
  *profile = page.profile();
  profile->DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(ValidateProfile("profile", *profile));
  VITA_RETURN_IF_ERROR(CheckImportedTimes("profile", *profile));
  Stamp(ProfileName(profile_id),
        profile->has_create_time() ? profile->create_time() : now,
        profile->has_update_time() ? profile->update_time() : now, profile);

  // Everything is prepared (parsed, validated, stamped) before the
  // transaction starts; the transaction then only writes.
  std::vector<ChildRow> news_rows, publication_rows;
  VITA_RETURN_IF_ERROR(PrepareImportedChildren("news", profile_id, page.news(),
                                               now, imported.mutable_news(),
                                               &news_rows));
  VITA_RETURN_IF_ERROR(PrepareImportedChildren(
      "publications", profile_id, page.publications(), now,
      imported.mutable_publications(), &publication_rows));

  VITA_RETURN_IF_ERROR(
      WriteProfile(profile_id, [&](Transaction& txn) -> absl::Status {
        absl::Status inserted =
            txn.InsertProfile({profile_id, Serialize(imported.profile())});
        if (absl::IsAlreadyExists(inserted)) {
          return absl::AlreadyExistsError(absl::StrCat(
              "profile \"", ProfileName(profile_id), "\" already exists"));
        }
        VITA_RETURN_IF_ERROR(inserted);
        for (int i = 0; i < imported.news_size(); ++i) {
          VITA_RETURN_IF_ERROR(
              InsertChild(txn, profile_id, news_rows[i], imported.news(i)));
        }
        for (int i = 0; i < imported.publications_size(); ++i) {
          VITA_RETURN_IF_ERROR(InsertChild(txn, profile_id, publication_rows[i],
                                           imported.publications(i)));
        }
        return absl::OkStatus();
      }));
  // Re-read so that the lists come back in their documented order.
  v1::GetPageRequest get;
  get.set_name(ProfileName(profile_id));
  VITA_ASSIGN_OR_RETURN(std::shared_ptr<const v1::Page> page_read,
                        GetPage(get));
  return *page_read;
}

}  // namespace vita::domain
