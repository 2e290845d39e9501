// The steps the methods of ProfileService share on stored records: parsing
// and serializing bodies, stamping the server-owned fields, the one update
// sequence, the not-found and already-exists errors, and keying new items.
// For profile_service*.cc and page_import.cc only; not an API of its own.
//
// Example (the core of UpdateNewsItem):
//
//   VITA_ASSIGN_OR_RETURN(v1::NewsItem stored,
//                         Parse<v1::NewsItem>(row->body, "news item"));
//   v1::NewsItem updated;
//   VITA_ASSIGN_OR_RETURN(bool changed,
//                         ReviseRecord(stored, patch, mask, clock, &updated));
//   if (changed) { /* write `updated` */ }
//
// Every function here is stateless and safe to call from any thread; those
// taking a store::Transaction run inside the caller's transaction.
#ifndef VITA_SERVER_DOMAIN_RECORD_STEPS_H_
#define VITA_SERVER_DOMAIN_RECORD_STEPS_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/domain/record_keys.h"
#include "server/domain/record_traits.h"
#include "server/domain/update_mask.h"
#include "server/store/store.h"

namespace vita::domain {

google::protobuf::Timestamp ToTimestamp(absl::Time time);

// The record stored in `body`; DATA_LOSS "stored <what> is corrupt" if it
// does not parse.
template <typename Record>
absl::StatusOr<Record> Parse(absl::string_view body, absl::string_view what) {
  Record record;
  if (!record.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " is corrupt"));
  }
  return record;
}

std::string Serialize(const google::protobuf::Message& record);

// NOT_FOUND: profile "profiles/<profile_id>" not found.
absl::Status ProfileNotFound(absl::string_view profile_id);
// ALREADY_EXISTS: profile "profiles/<profile_id>" already exists.
absl::Status ProfileAlreadyExists(absl::string_view profile_id);
// NOT_FOUND unless the profile exists.
absl::Status CheckProfileExists(store::Transaction& txn,
                                const std::string& profile_id);

// NOT_FOUND: <noun> "<item name>" not found.
template <typename Record>
absl::Status ItemNotFound(const std::string& profile_id,
                          const std::string& id) {
  using Traits = RecordTraits<Record>;
  return absl::NotFoundError(absl::StrCat(
      Traits::kNoun, " \"",
      ItemResourceName(Traits::kCollection, profile_id, id), "\" not found"));
}

// The first of base, base-2, ..., base-9 that no item of the profile's
// `collection` has; a random id if all are taken or base is empty.
absl::StatusOr<std::string> FreeId(store::Transaction& txn,
                                   store::Collection collection,
                                   const std::string& profile_id,
                                   const std::string& base);

// Sets the server-owned fields of a record about to be stored.
template <typename Record>
void Stamp(const std::string& name, const google::protobuf::Timestamp& create,
           const google::protobuf::Timestamp& update, Record* record) {
  record->set_name(name);
  *record->mutable_create_time() = create;
  *record->mutable_update_time() = update;
  record->clear_etag();
  record->set_etag(ComputeEtag(*record));
}

// ABORTED: the client's etag is not the stored one.
absl::Status StaleEtag(absl::string_view noun, absl::string_view name,
                       absl::string_view sent, absl::string_view current);

// True if `a` and `b` differ in more than their update_time and etag.
template <typename Record>
bool ChangedContent(Record a, Record b) {
  a.clear_update_time();
  a.clear_etag();
  b.clear_update_time();
  b.clear_etag();
  return Serialize(a) != Serialize(b);
}

// The one update sequence of UpdateProfile, UpdateNewsItem and
// UpdatePublication: checks `patch`'s etag (when sent) against `stored`'s,
// applies `mask`, validates the result, and stamps it with a new
// update_time from `clock`. Returns true when `*updated` must be written;
// false when the update changes nothing, and then `*updated` is `stored`,
// etag and all, so that the client's etag stays valid.
template <typename Record>
absl::StatusOr<bool> ReviseRecord(const Record& stored, const Record& patch,
                                  const google::protobuf::FieldMask& mask,
                                  absl::FunctionRef<absl::Time()> clock,
                                  Record* updated) {
  using Traits = RecordTraits<Record>;
  if (!patch.etag().empty() && patch.etag() != stored.etag()) {
    return StaleEtag(Traits::kNoun, stored.name(), patch.etag(), stored.etag());
  }
  *updated = stored;
  VITA_RETURN_IF_ERROR(ApplyUpdateMask(mask, patch, updated));
  VITA_RETURN_IF_ERROR(Traits::Validate(Traits::kField, *updated));
  if (!ChangedContent(stored, *updated)) {
    *updated = stored;
    return false;
  }
  Stamp(stored.name(), stored.create_time(), ToTimestamp(clock()), updated);
  return true;
}

// Prepares an item for insertion: validated, stamped, keyed. `path` names
// the record in errors ("news_item", or "news[2]" in an imported page).
// Times already in `record` are kept; missing ones become `now`.
template <typename Record>
absl::StatusOr<store::ItemRow> NewItemRow(
    absl::string_view path, const std::string& profile_id,
    const std::string& id, Record* record,
    const google::protobuf::Timestamp& now) {
  using Traits = RecordTraits<Record>;
  VITA_RETURN_IF_ERROR(Traits::Validate(path, *record));
  Stamp(ItemResourceName(Traits::kCollection, profile_id, id),
        record->has_create_time() ? record->create_time() : now,
        record->has_update_time() ? record->update_time() : now, record);
  return store::ItemRow{id, Traits::SortKey(*record), Serialize(*record)};
}

// Inserts an item prepared by NewItemRow. NOT_FOUND if the profile does not
// exist; ALREADY_EXISTS if the id, or the item's unique key, is taken.
template <typename Record>
absl::Status InsertItem(store::Transaction& txn, const std::string& profile_id,
                        const store::ItemRow& row, const Record& record) {
  using Traits = RecordTraits<Record>;
  VITA_RETURN_IF_ERROR(Traits::CheckUnique(txn, profile_id, row.id, record));
  absl::Status status = txn.InsertItem(Traits::kCollection, profile_id, row);
  if (absl::IsFailedPrecondition(status)) return ProfileNotFound(profile_id);
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(
        absl::StrCat(Traits::kNoun, " \"",
                     ItemResourceName(Traits::kCollection, profile_id, row.id),
                     "\" already exists"));
  }
  return status;
}

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_RECORD_STEPS_H_
