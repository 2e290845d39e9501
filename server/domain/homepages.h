// The rules of Vita: what each API method does to the records.
//
// Homepages validates every record before it is written, stamps times and
// etags, keeps lists in their documented order, and runs each method in one
// store transaction, so a failed call leaves the database unchanged.
// Authorization is not its business: the gRPC layer decides who may call.
// Every method returns absl::Status; the gRPC layer maps it once.
#ifndef VITA_SERVER_DOMAIN_HOMEPAGES_H_
#define VITA_SERVER_DOMAIN_HOMEPAGES_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/page_cache.h"
#include "server/domain/page_observer.h"
#include "server/store/store.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

class Homepages {
 public:
  using Clock = std::function<absl::Time()>;

  // `store` must outlive this object. `clock` stamps create/update times.
  explicit Homepages(store::Store* store, Clock clock = absl::Now);

  // Publish on write: `observer` (may be null; must outlive this object)
  // hears of every committed write, see page_observer.h. Set before serving.
  void SetPageObserver(PageObserver* observer) { page_observer_ = observer; }

  // The page is shared with a cache (page_cache.h) and must not be changed.
  absl::StatusOr<std::shared_ptr<const v1::Page>> GetPage(
      const v1::GetPageRequest& request);

  absl::StatusOr<v1::ListProfilesResponse> ListProfiles(
      const v1::ListProfilesRequest& request);
  absl::StatusOr<v1::Profile> GetProfile(const v1::GetProfileRequest& request);
  absl::StatusOr<v1::Profile> CreateProfile(
      const v1::CreateProfileRequest& request);
  absl::StatusOr<v1::Profile> UpdateProfile(
      const v1::UpdateProfileRequest& request);
  absl::Status DeleteProfile(const v1::DeleteProfileRequest& request);

  absl::StatusOr<v1::ListNewsItemsResponse> ListNewsItems(
      const v1::ListNewsItemsRequest& request);
  absl::StatusOr<v1::NewsItem> GetNewsItem(
      const v1::GetNewsItemRequest& request);
  absl::StatusOr<v1::NewsItem> CreateNewsItem(
      const v1::CreateNewsItemRequest& request);
  absl::StatusOr<v1::NewsItem> UpdateNewsItem(
      const v1::UpdateNewsItemRequest& request);
  absl::Status DeleteNewsItem(const v1::DeleteNewsItemRequest& request);

  absl::StatusOr<v1::ListPublicationsResponse> ListPublications(
      const v1::ListPublicationsRequest& request);
  absl::StatusOr<v1::Publication> GetPublication(
      const v1::GetPublicationRequest& request);
  absl::StatusOr<v1::Publication> CreatePublication(
      const v1::CreatePublicationRequest& request);
  absl::StatusOr<v1::Publication> UpdatePublication(
      const v1::UpdatePublicationRequest& request);
  absl::Status DeletePublication(const v1::DeletePublicationRequest& request);

  // Creates a whole page (profile, news items, publications, with the ids
  // their names carry) in one transaction: all of it or nothing. Times in
  // the page are kept when set, so an exported page imports unchanged.
  // ALREADY_EXISTS if the profile exists.
  absl::StatusOr<v1::Page> ImportPage(const v1::ImportPageRequest& request);

 private:
  template <typename Record>
  absl::StatusOr<Record> GetChild(const std::string& name);
  template <typename Record, typename Response>
  absl::StatusOr<Response> ListChildren(const std::string& parent,
                                        int page_size,
                                        const std::string& page_token);
  template <typename Record>
  absl::StatusOr<Record> CreateChild(const std::string& parent,
                                     const std::string& id,
                                     const Record& record);
  template <typename Record>
  absl::StatusOr<Record> UpdateChild(const Record& patch,
                                     const google::protobuf::FieldMask& mask);
  template <typename Record>
  absl::Status DeleteChild(const std::string& name);

  // Runs a write of `profile_id`'s records and then drops its cached page.
  // Every write goes through here, which keeps the PageCache invariant.
  absl::Status WriteProfile(
      const std::string& profile_id,
      absl::FunctionRef<absl::Status(store::Transaction&)> body);

  store::Store* const store_;
  const Clock clock_;
  PageCache page_cache_;
  // Publish on write (page_observer.h).
  void NotifyPageObserver(const std::string& profile_id);
  PageObserver* page_observer_ = nullptr;
  absl::Mutex observer_mu_;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_HOMEPAGES_H_
