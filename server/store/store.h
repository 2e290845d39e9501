// The persistent home of every Vita record: one SQLite file.
//
// The store knows records only as ids, sort keys and opaque serialized
// bodies; what a record means (validation, etags, times, order) is the
// domain's business. It guarantees:
//  - every Write() is atomic: it commits entirely or, if its callback fails,
//    leaves nothing behind;
//  - a Write() that returned OK is durable (WAL with synchronous=FULL);
//  - Write()s take effect one at a time, in the order they were called
//    (group commit, below, keeps this order);
//  - every Read() sees one consistent snapshot, even across several queries;
//  - a news item or publication always belongs to an existing profile
//    (foreign keys), and deleting a profile deletes its items;
//  - a Store owns its file: while it is open, a second Store on the same
//    file, in this process or another, is refused. So every change to the
//    data goes through this object, and callers may cache what they read.
//    (The lock is a flock() on "<real path>-lock", symlinks resolved; SQLite's
//    own locks are POSIX locks on the database file itself, which flock()
//    does not touch. Hard links and bind mounts are not detected.)
//
// Group commit. Concurrent Write() calls queue, first come first served.
// The call at the front of the queue (the leader) runs a group: up to
// Store::kMaxGroup queued writes, its own first, in queue order, in one
// IMMEDIATE transaction that ends with one COMMIT, so one fsync makes the
// whole group durable. Each write of the group runs in a savepoint of its
// own: a callback that fails rolls back its own savepoint only, and the
// other writes of the group go on and commit. Every other call waits until
// the leader has committed (or rolled back) the group it belongs to, and
// then returns its own status. A COMMIT that fails stores nothing of the
// group and fails each of its writes (with their own error those whose
// callback failed).
// If SQLite ends the transaction itself after a write's error (disk full,
// I/O error), that write fails with its error, the other writes already run
// in it fail UNAVAILABLE (naming the cause; nothing of them is stored), and
// the writes not yet run stay queued for the next group. If BEGIN fails,
// only the leader fails; the others stay queued.
#ifndef VITA_SERVER_STORE_STORE_H_
#define VITA_SERVER_STORE_STORE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/collection.h"
#include "server/store/sqlite_connection.h"

namespace vita::store {

// The kinds of records that belong to a profile (defined in common/).
using Collection = ::vita::Collection;

// A stored profile.
struct ProfileRow {
  std::string id;
  std::string body;
};

// A stored news item or publication. Lists are ordered by (sort_key, id).
struct ItemRow {
  std::string id;
  std::string sort_key;
  std::string body;
};

// A stored editor token (table `tokens`). The store keeps what it is given:
// `secret_digest` is a digest made by the domain, never the secret itself.
// Times are Unix seconds.
struct TokenRow {
  std::string id;
  std::string profile_id;
  std::string secret_digest;
  std::string label;
  int64_t create_time = 0;
  int64_t expire_time = 0;
  std::optional<int64_t> last_use_time;  // none until the first use
};

// Where a keyset-paginated list continues: strictly after this position.
struct ItemCursor {
  std::string sort_key;
  std::string id;
};

// One accepted write in the change log (table `changes`): when, who, what.
struct ChangeRow {
  int64_t id = 0;  // set by the store, increasing; 0 before it is recorded
  int64_t time_micros = 0;  // microseconds since the Unix epoch
  std::string token_id;     // domain::Caller::token_id
  std::string token_label;  // domain::Caller::label
  std::string method;       // the API method, e.g. "UpdateProfile"
  std::string resource;     // the resource the call named
  int64_t reverts = 0;      // for an Undo: the change it reverted; else 0
};

// One record's part in a change (table `revisions`): its body before and
// after the change, std::nullopt when the record did not exist. `version`
// counts the record's recorded changes: 1 for its first, then 2, ...
struct RevisionRow {
  std::string resource;  // the record's resource name
  int64_t version = 0;
  int64_t change_id = 0;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// A record as a committed write left it (Store::AddCommitListener): a row of
// `profiles` (`collection` std::nullopt; `row.id` is the profile's id) or of
// the profile's `collection`, with its sort key and body after the write, or
// `deleted`. Deleting a profile lists only the profile: its items go with it.
struct RowChange {
  std::optional<Collection> collection;
  std::string profile_id;
  ItemRow row;  // for a profile, sort_key is empty; if deleted, only the id
  bool deleted = false;
  // The row did not exist before this change (an item inserted): whoever
  // applies the changes in order need not look for an older version of it.
  bool inserted = false;
};

// The operations available inside one transaction. Only valid during the
// Read() or Write() callback that received it. Writes through a Transaction
// obtained from Read() fail (the connection is read-only).
class Transaction {
 public:
  explicit Transaction(SqliteConnection& connection)
      : connection_(connection) {}

  absl::StatusOr<std::optional<ProfileRow>> GetProfile(const std::string& id);
  // Profiles with id > `after_id`, by id, at most `limit`.
  absl::StatusOr<std::vector<ProfileRow>> ListProfiles(
      const std::string& after_id, int limit);
  // Fails with ALREADY_EXISTS if the id is taken.
  absl::Status InsertProfile(const ProfileRow& row);
  // Fails with NOT_FOUND if there is no such profile.
  absl::Status UpdateProfile(const ProfileRow& row);
  // Deletes the profile and all its items. NOT_FOUND if absent.
  absl::Status DeleteProfile(const std::string& id);

  absl::StatusOr<std::optional<ItemRow>> GetItem(Collection collection,
                                                 const std::string& profile_id,
                                                 const std::string& id);
  // The items of the profile's `collection` in (sort_key, id) order, strictly
  // after `after` when given, at most `limit` (all when limit < 0).
  absl::StatusOr<std::vector<ItemRow>> ListItems(
      Collection collection, const std::string& profile_id,
      const std::optional<ItemCursor>& after, int limit);
  absl::StatusOr<int64_t> CountItems(Collection collection,
                                     const std::string& profile_id);
  // ALREADY_EXISTS if the id is taken; FAILED_PRECONDITION if the profile
  // does not exist.
  absl::Status InsertItem(Collection collection, const std::string& profile_id,
                          const ItemRow& row);
  // NOT_FOUND if there is no such item.
  absl::Status UpdateItem(Collection collection, const std::string& profile_id,
                          const ItemRow& row);
  // NOT_FOUND if there is no such item.
  absl::Status DeleteItem(Collection collection, const std::string& profile_id,
                          const std::string& id);

  // Editor tokens (token_rows.cc).
  absl::StatusOr<std::optional<TokenRow>> GetToken(const std::string& id);
  // Every token, by id.
  absl::StatusOr<std::vector<TokenRow>> ListTokens();
  // ALREADY_EXISTS if the id is taken; FAILED_PRECONDITION if the profile
  // does not exist.
  absl::Status InsertToken(const TokenRow& row);
  // Sets last_use_time. NOT_FOUND if there is no such token.
  absl::Status SetTokenLastUse(const std::string& id, int64_t last_use_time);
  // NOT_FOUND if there is no such token.
  absl::Status DeleteToken(const std::string& id);
  // The change log (history.cc). Inside Store::Write(change, body), every
  // Insert*, Update* and Delete* above records a RevisionRow of the record
  // it changes (DeleteProfile: of the profile and of each of its items)
  // under one ChangeRow, written with the first revision; a write that
  // changes nothing records nothing.

  // The change recorded so far by this transaction: id 0 when none yet.
  const ChangeRow& recorded_change() const { return change_; }
  // The revision `version` of `resource`, if retained.
  absl::StatusOr<std::optional<RevisionRow>> GetRevision(
      const std::string& resource, int64_t version);
  // The retained revisions of `resource`, newest first.
  absl::StatusOr<std::vector<RevisionRow>> ListRevisions(
      const std::string& resource);
  // The revisions a change recorded, by resource name (a profile before its
  // items).
  absl::StatusOr<std::vector<RevisionRow>> RevisionsOfChange(int64_t change_id);
  absl::StatusOr<std::optional<ChangeRow>> GetChange(int64_t id);
  // Changes with id < `before_id` (all when 0), newest first, at most
  // `limit`.
  absl::StatusOr<std::vector<ChangeRow>> ListChanges(int64_t before_id,
                                                     int limit);
  // The newest change made with `token_id` that is not an Undo and that no
  // Undo reverted; std::nullopt if there is none.
  absl::StatusOr<std::optional<ChangeRow>> LastUndoableChange(
      const std::string& token_id);
  // Retention: deletes at most `limit` revisions that have `keep` newer
  // revisions of the same record; returns how many it deleted.
  absl::StatusOr<int64_t> PruneRevisionsBeyond(int64_t keep, int limit);
  // Retention: deletes at most `limit` changes older than `time_micros`,
  // with their revisions; returns how many changes it deleted.
  absl::StatusOr<int64_t> PruneChangesBefore(int64_t time_micros, int limit);

  // The connection this transaction runs on, only so that tests can check
  // its settings (PRAGMA synchronous); records go through the methods above.
  SqliteConnection& connection() { return connection_; }

 private:
  friend class Store;
  // Records `resource`'s change from `before` to `after` under the current
  // change, if this transaction records one.
  absl::Status RecordRevision(const std::string& resource,
                              const std::optional<std::string>& before,
                              const std::optional<std::string>& after);
  // RecordRevision for each item of the profile, about to be deleted.
  absl::Status RecordItemsDeleted(const std::string& profile_id);

  // Notes that the write changed the row `id` of the profile's `collection`
  // (std::nullopt: the profile itself); RowChange says what `deleted` and
  // `inserted` mean.
  void Changed(std::optional<Collection> collection,
               const std::string& profile_id, ItemRow row, bool deleted,
               bool inserted = false);

  SqliteConnection& connection_;
  bool recording_ = false;
  ChangeRow change_;
  // The rows this write changed, in the order it changed them.
  std::vector<RowChange> row_changes_;
};

class Store {
 public:
  // Opens the database at `path`, creating it if needed, and migrates its
  // schema to the newest version. A database written by a newer Vita (a
  // schema version this build does not know) is refused, never altered.
  // FAILED_PRECONDITION if another Store has the file open.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `body` in a read transaction on a snapshot of the database. Any
  // number of reads run in parallel with each other and with a write.
  absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> body);

  // Read(body) for a body that reads one value: returns what `body`
  // returns, or the error of the transaction itself.
  //
  //   absl::StatusOr<std::optional<TokenRow>> row =
  //       store.ReadValue<std::optional<TokenRow>>(
  //           [&](Transaction& txn) { return txn.GetToken(id); });
  template <typename T>
  absl::StatusOr<T> ReadValue(
      absl::FunctionRef<absl::StatusOr<T>(Transaction&)> body) {
    absl::StatusOr<T> value;
    absl::Status status = Read([&](Transaction& txn) {
      value = body(txn);
      return value.status();
    });
    if (!status.ok()) return status;
    return value;
  }

  // Runs `body` in a write transaction (one savepoint of a group's
  // transaction: see the file comment). Writes are serialized: `body` sees
  // every write called before it, whether committed or earlier in its
  // group, and no write called after it. Its changes are kept if it returns
  // OK, and undone otherwise. Returns the status of `body` or, if it
  // succeeded, of its group's commit (UNAVAILABLE if the transaction was
  // rolled back under it: see the file comment); OK means committed and
  // durable.
  //
  // Thread-safe. `body` may run on another caller's thread (the leader's)
  // while this one waits: it must not depend on which thread runs it, nor
  // take a lock that a caller of Write() may hold, nor call Write() (a
  // Read() inside it sees neither its own writes nor its group's). It must
  // not end the transaction itself (COMMIT, ROLLBACK, RELEASE).
  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> body);

  // Write(body) recorded in the change log as `change` (its id is set by
  // the store; see Transaction::recorded_change()).
  absl::Status Write(const ChangeRow& change,
                     absl::FunctionRef<absl::Status(Transaction&)> body);

  // `listener` is called after each group of writes committed (see the
  // file comment), with the rows its writes changed (RowChange), write
  // after write in commit order: a write that failed lists nothing, and a
  // group that did not commit calls nothing. Calls are serialized and in
  // commit order, before any write of the group returns: the leader makes
  // them while it holds the write connection, so a listener that applies
  // them to a copy of what it read sees each change exactly once, after
  // everything committed before it. A group that changed no row is not
  // listed (token and change-log writes are not rows here). Returns the
  // listener's id, for RemoveCommitListener.
  //
  // REQUIRES: `listener` is quick and does not call Write() (the leader
  // holds the writer meanwhile) nor wait for a caller of Write().
  using CommitListener = std::function<void(const std::vector<RowChange>&)>;
  int AddCommitListener(CommitListener listener);
  // Stops calling the listener `id`; when it returns, no call of it runs.
  void RemoveCommitListener(int id);

  // Writes a consistent snapshot of the database to a new file `path`
  // (SQLite's online backup API, on a read snapshot: writes go on
  // meanwhile) and checks it with PRAGMA integrity_check. The snapshot has
  // the same schema version. Errors: FAILED_PRECONDITION if `path` exists;
  // DATA_LOSS if the copy fails its check; INTERNAL for SQLite failures.
  absl::Status Backup(const std::string& path);

  // The schema version the database has after Open().
  int schema_version() const { return schema_version_; }

  // The Write() calls under way: the group running and the calls queued
  // behind it. For tests and monitoring; it may change as soon as read.
  int PendingWrites();

  // The most writes one group holds, so that one leader's turn, and the
  // wait of the writes in it, stays bounded.
  static constexpr int kMaxGroup = 32;

 private:
  // One Write() call in write_queue_ (store.cc).
  struct QueuedWrite;

  absl::Status WriteMaybeRecorded(
      const std::optional<ChangeRow>& change,
      absl::FunctionRef<absl::Status(Transaction&)> body);
  // Called by the leader: runs writes from the front of write_queue_ as one
  // group and sets their status; returns how many of them are done (at
  // least the leader), which the caller removes from the queue.
  int RunGroup() ABSL_LOCKS_EXCLUDED(queue_mu_);
  // The write at `index` in write_queue_, if the group may take it.
  QueuedWrite* GroupMember(int index) ABSL_LOCKS_EXCLUDED(queue_mu_);
  // Runs one write's body in a savepoint of the open transaction; if it
  // succeeded, appends the rows it changed to `changes`.
  absl::Status RunInSavepoint(QueuedWrite& write,
                              std::vector<RowChange>* changes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Whether the write connection is inside a transaction.
  bool InTransaction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  Store(std::string path, int lock_fd, std::unique_ptr<SqliteConnection> writer,
        int schema_version);
  absl::StatusOr<std::unique_ptr<SqliteConnection>> TakeReader();
  void ReturnReader(std::unique_ptr<SqliteConnection> reader);

  const std::string path_;
  // Held (flock) for the Store's lifetime; see the file comment.
  const int lock_fd_;
  const int schema_version_;
  absl::Mutex queue_mu_;
  // The Write() calls under way, in call order; the front one leads.
  std::deque<QueuedWrite*> write_queue_ ABSL_GUARDED_BY(queue_mu_);
  // Held by the leader while it runs a group (and by the destructor).
  absl::Mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_ ABSL_GUARDED_BY(write_mu_);
  // By id (AddCommitListener).
  std::map<int, CommitListener> commit_listeners_ ABSL_GUARDED_BY(write_mu_);
  int next_listener_id_ ABSL_GUARDED_BY(write_mu_) = 0;
  absl::Mutex readers_mu_;
  // Idle read connections; a Read() takes one or opens a new one.
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_
      ABSL_GUARDED_BY(readers_mu_);
};

}  // namespace vita::store

#endif  // VITA_SERVER_STORE_STORE_H_
