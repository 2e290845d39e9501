// ProfileService: the item methods. Each is written once, as a template over
// the record type (v1::NewsItem or v1::Publication), and instantiated for
// both at the end; RecordTraits<Record> (record_traits.h) supplies what
// differs between the two collections.
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "server/domain/page_token.h"
#include "server/domain/profile_service.h"
#include "server/domain/record_steps.h"
#include "server/domain/record_traits.h"

namespace vita::domain {

using store::ItemCursor;
using store::ItemRow;
using store::Transaction;

namespace {

// The stored item `id` of the profile; NOT_FOUND if there is none.
template <typename Record>
absl::StatusOr<Record> ReadItem(Transaction& txn, const ItemName& item) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(
      std::optional<ItemRow> row,
      txn.GetItem(Traits::kCollection, item.profile_id, item.id));
  if (!row) return ItemNotFound<Record>(item.profile_id, item.id);
  return Parse<Record>(row->body, Traits::kNoun);
}

// Rewrites the sort keys of the profile's items that differ from the key
// the record now gets; returns how many.
template <typename Record>
absl::StatusOr<int> RecomputeItemKeys(Transaction& txn,
                                      const std::string& profile_id) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(
      std::vector<ItemRow> rows,
      txn.ListItems(Traits::kCollection, profile_id, std::nullopt, -1));
  int changed = 0;
  for (ItemRow& row : rows) {
    VITA_ASSIGN_OR_RETURN(Record record,
                          Parse<Record>(row.body, Traits::kNoun));
    std::string key = Traits::SortKey(record);
    if (key == row.sort_key) continue;
    row.sort_key = std::move(key);
    VITA_RETURN_IF_ERROR(txn.UpdateItem(Traits::kCollection, profile_id, row));
    ++changed;
  }
  return changed;
}

}  // namespace

template <typename Record>
absl::StatusOr<Record> ProfileService::GetItem(const std::string& name) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(ItemName item,
                        ParseItemName(Traits::kCollection, "name", name));
  return store_->ReadValue<Record>(
      [&](Transaction& txn) { return ReadItem<Record>(txn, item); });
}

template <typename Record, typename Response>
absl::StatusOr<Response> ProfileService::ListItems(
    const std::string& parent, int requested_page_size,
    const std::string& page_token) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("parent", parent));
  VITA_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(requested_page_size));
  // Tokens are bound to one collection of one profile.
  std::string list =
      absl::StrCat(parent, "/", CollectionSegment(Traits::kCollection));
  VITA_ASSIGN_OR_RETURN(std::optional<ItemCursor> after,
                        DecodePageToken(list, page_token));
  Response response;
  std::vector<Record> records;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
    VITA_ASSIGN_OR_RETURN(
        std::vector<ItemRow> rows,
        txn.ListItems(Traits::kCollection, profile_id, after, page_size + 1));
    for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size; ++i) {
      VITA_ASSIGN_OR_RETURN(Record record,
                            Parse<Record>(rows[i].body, Traits::kNoun));
      records.push_back(std::move(record));
    }
    if (static_cast<int>(rows.size()) > page_size) {
      const ItemRow& last = rows[page_size - 1];
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
absl::StatusOr<Record> ProfileService::CreateItem(
    const std::string& parent, const std::string& requested_id,
    const Record& request_record, const Caller& caller) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("parent", parent));
  if (!requested_id.empty()) {
    VITA_RETURN_IF_ERROR(ValidateId(IdField<Record>(), requested_id));
  }
  Record record = request_record;
  // Output-only fields of the request are ignored (AIP-133), and unknown
  // fields dropped (see CreateProfile).
  record.clear_create_time();
  record.clear_update_time();
  record.DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(Traits::Validate(Traits::kField, record));
  google::protobuf::Timestamp now = ToTimestamp(clock_());
  VITA_RETURN_IF_ERROR(WriteProfile(
      profile_id, caller, MethodName<Record>("Create"),
      requested_id.empty()
          ? parent
          : ItemResourceName(Traits::kCollection, profile_id, requested_id),
      [&](Transaction& txn) -> absl::Status {
        std::string id = requested_id;
        if (id.empty()) {
          // A readable id from the record, made unique with a suffix; the
          // check and the insert share one transaction, so no other write
          // can take the id in between.
          VITA_ASSIGN_OR_RETURN(id, FreeId(txn, Traits::kCollection, profile_id,
                                           Traits::SuggestedId(record)));
        }
        VITA_ASSIGN_OR_RETURN(
            ItemRow row,
            NewItemRow(Traits::kField, profile_id, id, &record, now));
        return InsertItem(txn, profile_id, row, record);
      }));
  return record;
}

template <typename Record>
absl::StatusOr<Record> ProfileService::UpdateItem(
    const Record& patch, const google::protobuf::FieldMask& mask,
    const Caller& caller) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(
      ItemName item,
      ParseItemName(Traits::kCollection, absl::StrCat(Traits::kField, ".name"),
                    patch.name()));
  Record updated;
  VITA_RETURN_IF_ERROR(WriteProfile(
      item.profile_id, caller, MethodName<Record>("Update"), patch.name(),
      [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(Record stored, ReadItem<Record>(txn, item));
        VITA_ASSIGN_OR_RETURN(
            bool changed, ReviseRecord(stored, patch, mask, clock_, &updated));
        if (!changed) return absl::OkStatus();
        VITA_RETURN_IF_ERROR(
            Traits::CheckUnique(txn, item.profile_id, item.id, updated));
        return txn.UpdateItem(
            Traits::kCollection, item.profile_id,
            {item.id, Traits::SortKey(updated), Serialize(updated)});
      }));
  return updated;
}

template <typename Record>
absl::Status ProfileService::DeleteItem(const std::string& name,
                                        const Caller& caller) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(ItemName item,
                        ParseItemName(Traits::kCollection, "name", name));
  absl::Status status = WriteProfile(
      item.profile_id, caller, MethodName<Record>("Delete"), name,
      [&](Transaction& txn) {
        return txn.DeleteItem(Traits::kCollection, item.profile_id, item.id);
      });
  if (absl::IsNotFound(status)) {
    return ItemNotFound<Record>(item.profile_id, item.id);
  }
  return status;
}

absl::StatusOr<int> ProfileService::RecomputeSortKeys() {
  int changed = 0;
  VITA_RETURN_IF_ERROR(store_->Write([&](Transaction& txn) -> absl::Status {
    std::string after;
    for (;;) {
      VITA_ASSIGN_OR_RETURN(std::vector<store::ProfileRow> profiles,
                            txn.ListProfiles(after, 100));
      if (profiles.empty()) return absl::OkStatus();
      for (const store::ProfileRow& profile : profiles) {
        VITA_ASSIGN_OR_RETURN(int n,
                              RecomputeItemKeys<v1::NewsItem>(txn, profile.id));
        changed += n;
        VITA_ASSIGN_OR_RETURN(
            n, RecomputeItemKeys<v1::Publication>(txn, profile.id));
        changed += n;
      }
      after = profiles.back().id;
    }
  }));
  return changed;
}

// The item methods of both collections, which api::ProfileService calls.
#define VITA_ITEM_METHODS(Record, ListResponse)                                \
  template absl::StatusOr<ListResponse>                                        \
  ProfileService::ListItems<Record, ListResponse>(const std::string&, int,     \
                                                  const std::string&);         \
  template absl::StatusOr<Record> ProfileService::GetItem<Record>(             \
      const std::string&);                                                     \
  template absl::StatusOr<Record> ProfileService::CreateItem<Record>(          \
      const std::string&, const std::string&, const Record&, const Caller&);   \
  template absl::StatusOr<Record> ProfileService::UpdateItem<Record>(          \
      const Record&, const google::protobuf::FieldMask&, const Caller&);       \
  template absl::Status ProfileService::DeleteItem<Record>(const std::string&, \
                                                           const Caller&)
VITA_ITEM_METHODS(v1::NewsItem, v1::ListNewsItemsResponse);
VITA_ITEM_METHODS(v1::Publication, v1::ListPublicationsResponse);
#undef VITA_ITEM_METHODS

}  // namespace vita::domain
