// ProfileService::ImportPage: a whole page in one transaction.
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "server/domain/profile_service.h"
#include "server/domain/record_steps.h"
#include "server/domain/record_traits.h"
#include "server/domain/validation.h"

namespace vita::domain {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using store::ItemRow;

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
absl::Status PrepareImportedItems(
    absl::string_view list, const std::string& profile_id,
    const google::protobuf::RepeatedPtrField<Record>& records,
    const Timestamp& now, google::protobuf::RepeatedPtrField<Record>* prepared,
    std::vector<ItemRow>* rows) {
  absl::flat_hash_map<std::string, int> ids, keys;
  for (int i = 0; i < records.size(); ++i) {
    std::string path = absl::StrCat(list, "[", i, "]");
    VITA_ASSIGN_OR_RETURN(
        ItemName item,
        ParseItemName(RecordTraits<Record>::kCollection,
                      absl::StrCat(path, ".name"), records[i].name()));
    if (item.profile_id != profile_id) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".name: must be under ", ProfileName(profile_id)));
    }
    if (auto [it, added] = ids.emplace(item.id, i); !added) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".name: the same as ", list, "[", it->second, "].name"));
    }
    std::string key = RecordTraits<Record>::UniqueKey(records[i]);
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
    VITA_ASSIGN_OR_RETURN(ItemRow row,
                          NewItemRow(path, profile_id, item.id, record, now));
    rows->push_back(std::move(row));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Page> ProfileService::ImportPage(
    const v1::ImportPageRequest& request, const Caller& caller) {
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
  std::vector<ItemRow> news_rows, publication_rows;
  VITA_RETURN_IF_ERROR(PrepareImportedItems("news", profile_id, page.news(),
                                            now, imported.mutable_news(),
                                            &news_rows));
  VITA_RETURN_IF_ERROR(
      PrepareImportedItems("publications", profile_id, page.publications(), now,
                           imported.mutable_publications(), &publication_rows));

  VITA_RETURN_IF_ERROR(WriteProfile(
      profile_id, caller, "ImportPage", ProfileName(profile_id),
      [&](store::Transaction& txn) -> absl::Status {
        absl::Status inserted =
            txn.InsertProfile({profile_id, Serialize(imported.profile())});
        if (absl::IsAlreadyExists(inserted)) {
          return ProfileAlreadyExists(profile_id);
        }
        VITA_RETURN_IF_ERROR(inserted);
        for (int i = 0; i < imported.news_size(); ++i) {
          VITA_RETURN_IF_ERROR(
              InsertItem(txn, profile_id, news_rows[i], imported.news(i)));
        }
        for (int i = 0; i < imported.publications_size(); ++i) {
          VITA_RETURN_IF_ERROR(InsertItem(txn, profile_id, publication_rows[i],
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
