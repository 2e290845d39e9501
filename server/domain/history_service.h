// HistoryService: the rules of vita.v1.HistoryService, over the change log
// that every write of ProfileService records (store.h, Transaction's change
// log): list and show the versions of a record, restore one, undo a token's
// last write, read the audit trail, take an online backup.
//
// A change is one accepted write (who, when, which method and resource); a
// revision is one record's part in it, with the record's body before and
// after (history_service.proto explains versions).
//
// Example:
//
//   domain::ProfileService profiles(store.get());
//   domain::HistoryService history(store.get(), &profiles);
//   v1::RestoreRevisionRequest restore;
//   restore.set_name("profiles/ann");
//   restore.set_version(3);
//   restore.set_force(true);
//   absl::StatusOr<v1::Change> change =
//       history.RestoreRevision(restore, domain::Caller::Admin());
//
// Ownership: borrows the store and the ProfileService (whose WriteProfile
// it writes through, so restores and undos are recorded, drop the cached
// page and are published like any write); both must outlive it.
//
// Thread safety: all methods may be called concurrently from any thread.
//
// Errors common to all methods: INVALID_ARGUMENT for a malformed resource
// name, version or page token (naming the field); DATA_LOSS if a stored body
// no longer parses; INTERNAL when SQLite fails.
#ifndef VITA_SERVER_DOMAIN_HISTORY_SERVICE_H_
#define VITA_SERVER_DOMAIN_HISTORY_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/caller.h"
#include "server/domain/profile_service.h"
#include "server/store/store.h"
#include "vita/v1/history_service.pb.h"

namespace vita::domain {

class HistoryService {
 public:
  // REQUIRES: `store` and `profiles` are not null and outlive this object;
  // `profiles` writes to `store`.
  HistoryService(store::Store* store, ProfileService* profiles);
  HistoryService(const HistoryService&) = delete;
  HistoryService& operator=(const HistoryService&) = delete;

  // The retained revisions of the record `request.name()`, newest first,
  // and the etag RestoreRevision wants. Errors: NOT_FOUND if the record
  // has no recorded history and does not exist.
  absl::StatusOr<v1::ListRevisionsResponse> ListRevisions(
      const v1::ListRevisionsRequest& request);
  // Revision `request.version()` with the record as it was then.
  // Errors: NOT_FOUND if that version is not retained.
  absl::StatusOr<v1::Revision> GetRevision(
      const v1::GetRevisionRequest& request);
  // Writes the record as it was at `request.version()` as a new change by
  // `caller` and returns that change (id 0 and no records when the record
  // is already so). Restoring a deleted profile brings back the items its
  // deletion removed. Errors: INVALID_ARGUMENT "etag: required unless force
  // is set"; ABORTED when the etag is not the current one; NOT_FOUND for a
  // version not retained; FAILED_PRECONDITION for a deletion version or an
  // item whose profile does not exist; ALREADY_EXISTS for a publication
  // whose citation key another one has now; INVALID_ARGUMENT if the old
  // version breaks today's field rules.
  absl::StatusOr<v1::Change> RestoreRevision(
      const v1::RestoreRevisionRequest& request, const Caller& caller);
  // Reverts `caller`'s newest change not undone yet (see the proto).
  // Errors: NOT_FOUND if there is none; ABORTED if a record it changed was
  // changed since (unless force), or another Undo ran meanwhile;
  // FAILED_PRECONDITION if its revisions were pruned.
  absl::StatusOr<v1::UndoResponse> Undo(const v1::UndoRequest& request,
                                        const Caller& caller);
  // The audit trail, newest first, each change with the records it changed.
  absl::StatusOr<v1::ListChangesResponse> ListChanges(
      const v1::ListChangesRequest& request);
  // Writes a consistent, integrity-checked snapshot of the database to a
  // new file in `dir` and returns its path; the caller removes it.
  absl::StatusOr<std::string> Backup(const std::string& dir);

 private:
  store::Store* const store_;
  ProfileService* const profiles_;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_HISTORY_SERVICE_H_
