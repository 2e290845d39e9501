// ProfileService: construction, the page, and the profile methods. The item
// methods are in profile_service_items.cc, ImportPage in page_import.cc.
#include "server/domain/profile_service.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "server/domain/page_token.h"
#include "server/domain/record_keys.h"
#include "server/domain/record_steps.h"
#include "server/domain/validation.h"

namespace vita::domain {
namespace {

using store::Collection;
using store::ItemCursor;
using store::ItemRow;
using store::ProfileRow;
using store::Transaction;

// Appends the records stored in `rows` to `list`.
template <typename Record>
absl::Status AppendParsed(const std::vector<ItemRow>& rows,
                          google::protobuf::RepeatedPtrField<Record>* list) {
  for (const ItemRow& row : rows) {
    VITA_ASSIGN_OR_RETURN(*list->Add(),
                          Parse<Record>(row.body, RecordTraits<Record>::kNoun));
  }
  return absl::OkStatus();
}

// The stored profile `profile_id`; NOT_FOUND if there is none.
absl::StatusOr<v1::Profile> ReadProfile(Transaction& txn,
                                        const std::string& profile_id) {
  VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> row,
                        txn.GetProfile(profile_id));
  if (!row) return ProfileNotFound(profile_id);
  return Parse<v1::Profile>(row->body, "profile");
}

}  // namespace

ProfileService::ProfileService(store::Store* store, Clock clock)
    : store_(store), clock_(std::move(clock)) {
  commit_listener_ = store_->AddCommitListener(
      [this](const std::vector<store::RowChange>& changes) {
        page_cache_.Apply(changes);
      });
}

ProfileService::~ProfileService() {
  store_->RemoveCommitListener(commit_listener_);
}

absl::StatusOr<std::shared_ptr<const v1::Page>> ProfileService::GetPage(
    const v1::GetPageRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::shared_ptr<const CachedPage> cached,
                        GetCachedPage(request));
  // Shares ownership of the cached entry; points at its page.
  const v1::Page* page = &cached->page();
  return std::shared_ptr<const v1::Page>(std::move(cached), page);
}

absl::StatusOr<std::shared_ptr<const CachedPage>> ProfileService::GetCachedPage(
    const v1::GetPageRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  if (std::shared_ptr<const CachedPage> cached = page_cache_.Find(profile_id)) {
    return cached;
  }
  uint64_t generation = page_cache_.Generation();
  VITA_ASSIGN_OR_RETURN(v1::Page page, ReadPage(profile_id));
  std::shared_ptr<const CachedPage> built = CachedPage::Make(std::move(page));
  page_cache_.Insert(profile_id, built, generation);
  return built;
}

absl::StatusOr<v1::Page> ProfileService::ReadPage(
    const std::string& profile_id) {
  v1::Page page;
  // One read transaction, three queries: the profile, then each collection
  // in one ordered range scan. The cost does not grow with per-item queries.
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(*page.mutable_profile(),
                          ReadProfile(txn, profile_id));
    VITA_ASSIGN_OR_RETURN(
        std::vector<ItemRow> news,
        txn.ListItems(Collection::kNews, profile_id, std::nullopt, -1));
    VITA_RETURN_IF_ERROR(AppendParsed(news, page.mutable_news()));
    VITA_ASSIGN_OR_RETURN(
        std::vector<ItemRow> publications,
        txn.ListItems(Collection::kPublications, profile_id, std::nullopt, -1));
    return AppendParsed(publications, page.mutable_publications());
  }));
  page.set_etag(ComputePageEtag(page));
  return page;
}

absl::Status ProfileService::WriteProfile(
    const std::string& profile_id, const Caller& caller,
    absl::string_view method, const std::string& resource,
    absl::FunctionRef<absl::Status(store::Transaction&)> body,
    int64_t reverts) {
  store::ChangeRow change;
  change.time_micros = absl::ToUnixMicros(clock_());
  change.token_id = caller.token_id;
  change.token_label = caller.label;
  change.method = std::string(method);
  change.resource = resource;
  change.reverts = reverts;
  absl::Status status = store_->Write(change, body);
  // A committed write has reached the cache already (PageCache::Apply). A
  // failed one changed nothing; its profile's page is read afresh anyway.
  if (!status.ok()) page_cache_.Invalidate(profile_id);
  // Publish on write: the write returns only after a page that includes it
  // was handed over.
  if (status.ok() && hand_over_ != nullptr) hand_over_->Committed(profile_id);
  return status;
}

void ProfileService::SetPageObserver(PageObserver* observer) {
  hand_over_ = std::make_unique<PageHandOver>(
      observer,
      [this](const std::string& profile_id)
          -> absl::StatusOr<std::shared_ptr<const v1::Page>> {
        v1::GetPageRequest get;
        get.set_name(ProfileName(profile_id));
        absl::StatusOr<std::shared_ptr<const v1::Page>> page = GetPage(get);
        if (absl::IsNotFound(page.status())) {
          return std::shared_ptr<const v1::Page>();  // deleted
        }
        return page;
      });
}

absl::StatusOr<v1::ListProfilesResponse> ProfileService::ListProfiles(
    const v1::ListProfilesRequest& request) {
  VITA_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request.page_size()));
  VITA_ASSIGN_OR_RETURN(std::optional<ItemCursor> after,
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

absl::StatusOr<v1::Profile> ProfileService::GetProfile(
    const v1::GetProfileRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  return store_->ReadValue<v1::Profile>(
      [&](Transaction& txn) { return ReadProfile(txn, profile_id); });
}

absl::StatusOr<v1::Profile> ProfileService::CreateProfile(
    const v1::CreateProfileRequest& request, const Caller& caller) {
  VITA_RETURN_IF_ERROR(
      ValidateId(IdField<v1::Profile>(), request.profile_id()));
  v1::Profile profile = request.profile();
  // Fields this build does not know would be stored unchecked (and could
  // gain a meaning in a later version): they are dropped on the way in.
  profile.DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(ValidateProfile("profile", profile));
  google::protobuf::Timestamp now = ToTimestamp(clock_());
  Stamp(ProfileName(request.profile_id()), now, now, &profile);
  absl::Status status = WriteProfile(
      request.profile_id(), caller, MethodName<v1::Profile>("Create"),
      ProfileName(request.profile_id()), [&](Transaction& txn) {
        return txn.InsertProfile({request.profile_id(), Serialize(profile)});
      });
  if (absl::IsAlreadyExists(status)) {
    return ProfileAlreadyExists(request.profile_id());
  }
  VITA_RETURN_IF_ERROR(status);
  return profile;
}

absl::StatusOr<v1::Profile> ProfileService::UpdateProfile(
    const v1::UpdateProfileRequest& request, const Caller& caller) {
  const v1::Profile& patch = request.profile();
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("profile.name", patch.name()));
  v1::Profile updated;
  VITA_RETURN_IF_ERROR(WriteProfile(
      profile_id, caller, MethodName<v1::Profile>("Update"),
      ProfileName(profile_id), [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(v1::Profile stored, ReadProfile(txn, profile_id));
        VITA_ASSIGN_OR_RETURN(bool changed,
                              ReviseRecord(stored, patch, request.update_mask(),
                                           clock_, &updated));
        if (!changed) return absl::OkStatus();
        return txn.UpdateProfile({profile_id, Serialize(updated)});
      }));
  return updated;
}

absl::Status ProfileService::DeleteProfile(
    const v1::DeleteProfileRequest& request, const Caller& caller) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("name", request.name()));
  return WriteProfile(
      profile_id, caller, MethodName<v1::Profile>("Delete"),
      ProfileName(profile_id), [&](Transaction& txn) -> absl::Status {
        VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
        if (!request.force()) {
          VITA_ASSIGN_OR_RETURN(int64_t news,
                                txn.CountItems(Collection::kNews, profile_id));
          VITA_ASSIGN_OR_RETURN(
              int64_t publications,
              txn.CountItems(Collection::kPublications, profile_id));
          if (news + publications > 0) {
            return absl::FailedPreconditionError(absl::StrCat(
                "profile \"", ProfileName(profile_id), "\" still has ", news,
                " news item(s) and ", publications,
                " publication(s); delete them first or set force"));
          }
        }
        return txn.DeleteProfile(profile_id);
      });
}

}  // namespace vita::domain
