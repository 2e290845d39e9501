// ProfileService: the rules of Vita, what each API method does to records.
//
// domain::ProfileService is the domain half of vita.v1.ProfileService;
// api::ProfileService, its gRPC face, authorizes the caller and forwards
// each RPC to the method of the same name here (an item RPC to the template
// of its verb: CreateNewsItem to CreateItem<v1::NewsItem>). ProfileService
// validates every record before it is written, stamps times and etags, keeps
// lists in their documented order, and runs each method in one store
// transaction, so a failed call leaves the database unchanged. Every write
// method takes the `caller` that authorization decided on (caller.h), and every
// write that changes something is recorded in the change log with it
// (WriteProfile; history_service.h reads the log). Authorization is not its
// business. Every method returns absl::Status (or absl::StatusOr); the gRPC
// layer maps it to a grpc::Status once (api/grpc_status.cc).
//
// Example:
//
//   VITA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
//                         store::Store::Open("/var/lib/vita/vita.db"));
//   domain::ProfileService profiles(store.get());
//   v1::NewsItem news;
//   news.set_text("Our paper was accepted.");
//   absl::StatusOr<v1::NewsItem> item = profiles.CreateItem(
//       "profiles/ann", /*id=*/"", news, domain::Caller::Admin());
//
// Ownership: a ProfileService borrows its store::Store, which must outlive
// it, and owns the PageCache of the pages it served.
//
// Thread safety: all methods may be called concurrently from any thread.
// Reads run in parallel; writes are serialized by the store. A write
// becomes visible to every later call (GetPage included) once it returns.
//
// Errors common to all methods: INVALID_ARGUMENT for a malformed resource
// name, id, page size, page token or record (the message names the field,
// e.g. "news_item.text: must not be empty"); DATA_LOSS if a stored record
// no longer parses; INTERNAL (or another code the store returns) when
// SQLite fails.
#ifndef VITA_SERVER_DOMAIN_PROFILE_SERVICE_H_
#define VITA_SERVER_DOMAIN_PROFILE_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/caller.h"
#include "server/domain/page_cache.h"
#include "server/domain/page_hand_over.h"
#include "server/domain/page_observer.h"
#include "server/store/store.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

class ProfileService {
 public:
  using Clock = std::function<absl::Time()>;

  // REQUIRES: `store` is not null and outlives this object. `clock` stamps
  // create and update times; it is called from any thread that calls a
  // write method, so it must be thread-safe (absl::Now is).
  // Listens to `store`'s commits (store::Store::AddCommitListener) until
  // destroyed, to keep its cached pages current.
  explicit ProfileService(store::Store* store, Clock clock = absl::Now);
  ~ProfileService();
  ProfileService(const ProfileService&) = delete;
  ProfileService& operator=(const ProfileService&) = delete;

  // Publish on write: `observer` hears of every committed write, after the
  // commit and before the write method returns (page_observer.h), one page
  // for a group of concurrent writes (page_hand_over.h).
  // REQUIRES: called before the first call of any other method; `observer`
  // outlives this object.
  void SetPageObserver(PageObserver* observer);

  // Returns the profile named `request.name()` with all its news items and
  // publications, each list in its documented order, and the page's etag.
  // Costs three indexed queries in one read snapshot, or none when the page
  // is cached. The page is shared with the cache and must not be changed.
  // Errors: NOT_FOUND if there is no such profile.
  absl::StatusOr<std::shared_ptr<const v1::Page>> GetPage(
      const v1::GetPageRequest& request);
  // GetPage with the page's serialized bytes, made once per cached page:
  // what the gRPC layer sends. Same contract and errors as GetPage.
  absl::StatusOr<std::shared_ptr<const CachedPage>> GetCachedPage(
      const v1::GetPageRequest& request);
  // The page of `profile_id` read from the store now, past the cache: what
  // GetPage returns while nothing is cached (tests compare the two).
  // NOT_FOUND if there is no such profile.
  absl::StatusOr<v1::Page> ReadPage(const std::string& profile_id);

  // Returns at most `page_size` profiles (a default when 0) ordered by id,
  // after the position `page_token` encodes, and a token for the next page
  // when more follow. Errors: INVALID_ARGUMENT for a negative page size or a
  // token not made by this method.
  absl::StatusOr<v1::ListProfilesResponse> ListProfiles(
      const v1::ListProfilesRequest& request);
  // Returns the profile named `request.name()`.
  // Errors: NOT_FOUND if there is no such profile.
  absl::StatusOr<v1::Profile> GetProfile(const v1::GetProfileRequest& request);
  // Stores `request.profile()` as "profiles/{request.profile_id()}", with
  // its name, create and update times and etag set by the server, and
  // returns it as stored. Fields unknown to this build are dropped.
  // Errors: ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::Profile> CreateProfile(
      const v1::CreateProfileRequest& request, const Caller& caller);
  // Changes the fields of the profile named `request.profile().name()` that
  // `request.update_mask()` lists (all populated fields when the mask is
  // empty) and returns the profile as stored. An update that changes
  // nothing writes nothing and keeps the etag.
  // Errors: NOT_FOUND if there is no such profile; ABORTED if the request
  // carries an etag that is not the stored one.
  absl::StatusOr<v1::Profile> UpdateProfile(
      const v1::UpdateProfileRequest& request, const Caller& caller);
  // Deletes the profile named `request.name()`, and with `force` its items.
  // Errors: NOT_FOUND if there is no such profile; FAILED_PRECONDITION if
  // it still has items and `force` is not set.
  absl::Status DeleteProfile(const v1::DeleteProfileRequest& request,
                             const Caller& caller);

  // The item methods: one template each for both collections, `Record`
  // being v1::NewsItem or v1::Publication (RecordTraits<Record>,
  // record_traits.h, says what differs). Each serves the RPC of its verb for
  // either collection (CreateItem<v1::NewsItem> is CreateNewsItem) from the
  // request's fields, and errors name those fields ("news_item_id",
  // "news_item.text"); they are instantiated for both in
  // profile_service_items.cc.
  //
  // Returns at most `page_size` items (a default when 0) of the profile
  // `parent` in list order, after the position `page_token` encodes, and a
  // next-page token bound to that profile's collection; `Response` is the
  // List RPC's response (v1::ListNewsItemsResponse, ...).
  // Errors: NOT_FOUND if there is no such profile; INVALID_ARGUMENT for a
  // token of another list.
  template <typename Record, typename Response>
  absl::StatusOr<Response> ListItems(const std::string& parent, int page_size,
                                     const std::string& page_token);
  // Returns the item named `name`. Errors: NOT_FOUND.
  template <typename Record>
  absl::StatusOr<Record> GetItem(const std::string& name);
  // Stores `record` under the profile `parent` with the id `id`, or, when
  // `id` is empty, with one made from its content (made unique by a
  // "-2".."-9" suffix, or random when those are taken or the content gives
  // none); output-only fields of `record` are ignored.
  // Errors: NOT_FOUND if there is no such profile; ALREADY_EXISTS if the id
  // is taken, or (publications) the citation key is used by another one.
  template <typename Record>
  absl::StatusOr<Record> CreateItem(const std::string& parent,
                                    const std::string& id, const Record& record,
                                    const Caller& caller);
  // As UpdateProfile, for the item `patch.name()` names, with `mask`.
  // Errors: NOT_FOUND; ABORTED for a stale etag; ALREADY_EXISTS
  // (publications) for a citation key used by another one.
  template <typename Record>
  absl::StatusOr<Record> UpdateItem(const Record& patch,
                                    const google::protobuf::FieldMask& mask,
                                    const Caller& caller);
  // Deletes the item named `name`. Errors: NOT_FOUND.
  template <typename Record>
  absl::Status DeleteItem(const std::string& name, const Caller& caller);

  // Creates a whole page (profile, news items, publications, with the ids
  // their names carry) in one transaction: all of it or nothing, and
  // returns it as GetPage would. Times in the page are kept when set, so an
  // exported page imports unchanged.
  // Errors: ALREADY_EXISTS if the profile exists; INVALID_ARGUMENT naming
  // the record ("news[2].name: ...") for an item of another profile, a
  // repeated id or citation key, or a time before 1970 or an update before
  // the creation.
  absl::StatusOr<v1::Page> ImportPage(const v1::ImportPageRequest& request,
                                      const Caller& caller);

  // Imports publications into the profile `request.parent()` in one
  // transaction (publication_import.h says how one is matched to a stored
  // publication and what an update may change) and returns one result per
  // requested publication. With `dry_run` it writes nothing and returns
  // what it would do.
  // Errors: NOT_FOUND if there is no such profile; INVALID_ARGUMENT, with
  // one line per invalid publication ("publications[3].doi: ..."), if any
  // is invalid and `skip_invalid` is not set; then nothing is written.
  absl::StatusOr<v1::ImportPublicationsResponse> ImportPublications(
      const v1::ImportPublicationsRequest& request, const Caller& caller);

  // Recomputes the stored sort keys of every item of every profile by the
  // current list order (record_keys.h), so that records written under an
  // older order rule list in the documented order. Returns how many keys
  // changed. Bodies, etags and times stay as they are.
  // REQUIRES: called at start, before any other method and before a page
  // observer is set.
  absl::StatusOr<int> RecomputeSortKeys();

 private:
  // HistoryService (history_service.h) writes through WriteProfile too.
  friend class HistoryService;

  // Runs a write of `profile_id`'s records as one transaction that the
  // change log records (store::Transaction): a change made by `caller`
  // with `method` (the API method's name) on `resource`, with the previous
  // version of every record it changes. If it committed, tells the page
  // observer (the cached page has the write by then: PageCache::Apply). Every
  // write goes through here, which records every write, keeps the PageCache
  // invariant and publishes every write. `reverts`: the change an Undo reverts.
  absl::Status WriteProfile(
      const std::string& profile_id, const Caller& caller,
      absl::string_view method, const std::string& resource,
      absl::FunctionRef<absl::Status(store::Transaction&)> body,
      int64_t reverts = 0);

  store::Store* const store_;
  const Clock clock_;
  PageCache page_cache_;
  int commit_listener_ = 0;  // its id in store_ (AddCommitListener)
  // Hands the page to the observer after each committed write, one page
  // for a group of concurrent writes (page_hand_over.h); null until
  // SetPageObserver.
  std::unique_ptr<PageHandOver> hand_over_;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PROFILE_SERVICE_H_
