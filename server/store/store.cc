#include "server/store/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "server/store/migrations.h"

namespace vita::store {
namespace {

// The SQL for one collection of items: table `news` for Collection::kNews,
// table `publications` for Collection::kPublications (the names of
// migrations.cc). Table names cannot be bound as
// parameters, so each collection has its own fixed statement texts.
struct ItemSql {
  const char* get;
  const char* list_all;
  const char* list_after;
  const char* count;
  const char* insert;
  const char* update;
  const char* remove;
};

#define VITA_ITEM_SQL(table)                                               \
  ItemSql {                                                                \
    "SELECT id, sort_key, body FROM " table                                \
    " WHERE profile_id = ?1 AND id = ?2",                                  \
        "SELECT id, sort_key, body FROM " table                            \
        " WHERE profile_id = ?1 ORDER BY sort_key, id LIMIT ?2",           \
        "SELECT id, sort_key, body FROM " table                            \
        " WHERE profile_id = ?1 AND (sort_key, id) > (?2, ?3)"             \
        " ORDER BY sort_key, id LIMIT ?4",                                 \
        "SELECT count(*) FROM " table " WHERE profile_id = ?1",            \
        "INSERT INTO " table                                               \
        " (profile_id, id, sort_key, body) VALUES (?1, ?2, ?3, ?4)",       \
        "UPDATE " table                                                    \
        " SET sort_key = ?3, body = ?4 WHERE profile_id = ?1 AND id = ?2", \
        "DELETE FROM " table " WHERE profile_id = ?1 AND id = ?2"          \
  }

const ItemSql& SqlFor(Collection collection) {
  static const ItemSql kNews = VITA_ITEM_SQL("news");
  static const ItemSql kPublications = VITA_ITEM_SQL("publications");
  return collection == Collection::kNews ? kNews : kPublications;
}

#undef VITA_ITEM_SQL

// `path` with symlinks and relative parts resolved; for a file that does
// not exist yet, its directory is resolved instead.
std::string RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) != nullptr) return resolved;
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (realpath(dir.empty() ? "/" : dir.c_str(), resolved) != nullptr) {
    return absl::StrCat(resolved, "/", base);
  }
  return path;
}

bool IsConstraint(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition;
}

// Binds the parameters of ItemSql's insert and update: ?1 profile_id,
// ?2 id, ?3 sort_key, ?4 body.
void BindItem(Statement& stmt, const std::string& profile_id,
              const ItemRow& row) {
  stmt.Bind(1, profile_id).Bind(2, row.id).Bind(3, row.sort_key);
  stmt.BindBlob(4, row.body);
}

// Runs an UPDATE or DELETE of one row; NOT_FOUND if it matched none.
absl::Status RunOnExistingRow(SqliteConnection& connection, Statement& stmt) {
  if (absl::Status s = stmt.Run(); !s.ok()) return s;
  if (connection.Changes() == 0) return absl::NotFoundError("not found");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ItemRow>> CollectItems(Statement& stmt) {
  std::vector<ItemRow> rows;
  for (;;) {
    absl::StatusOr<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    rows.push_back(
        {stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnBlob(2)});
  }
}

}  // namespace

absl::StatusOr<std::optional<ProfileRow>> Transaction::GetProfile(
    const std::string& id) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare("SELECT body FROM profiles WHERE id = ?1"));
  stmt.Bind(1, id);
  absl::StatusOr<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ProfileRow>();
  return ProfileRow{id, stmt.ColumnBlob(0)};
}

absl::StatusOr<std::vector<ProfileRow>> Transaction::ListProfiles(
    const std::string& after_id, int limit) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "SELECT id, body FROM profiles WHERE id > ?1 ORDER BY id LIMIT ?2"));
  stmt.Bind(1, after_id).Bind(2, int64_t{limit});
  std::vector<ProfileRow> rows;
  for (;;) {
    absl::StatusOr<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    rows.push_back({stmt.ColumnText(0), stmt.ColumnBlob(1)});
  }
}

absl::Status Transaction::InsertProfile(const ProfileRow& row) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare("INSERT INTO profiles (id, body) VALUES (?1, ?2)"));
  stmt.Bind(1, row.id).BindBlob(2, row.body);
  absl::Status status = stmt.Run();
  if (IsConstraint(status)) {
    return absl::AlreadyExistsError("id already exists");
  }
  VITA_RETURN_IF_ERROR(status);
  Changed(std::nullopt, row.id, {row.id, "", row.body}, false);
  return RecordRevision(ProfileName(row.id), std::nullopt, row.body);
}

absl::Status Transaction::UpdateProfile(const ProfileRow& row) {
  std::optional<ProfileRow> before;
  if (recording_) {
    VITA_ASSIGN_OR_RETURN(before, GetProfile(row.id));
  }
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare("UPDATE profiles SET body = ?2 WHERE id = ?1"));
  stmt.Bind(1, row.id).BindBlob(2, row.body);
  VITA_RETURN_IF_ERROR(RunOnExistingRow(connection_, stmt));
  Changed(std::nullopt, row.id, {row.id, "", row.body}, false);
  if (!before) return absl::OkStatus();
  return RecordRevision(ProfileName(row.id), before->body, row.body);
}

absl::Status Transaction::DeleteProfile(const std::string& id) {
  std::optional<ProfileRow> before;
  if (recording_) {
    VITA_ASSIGN_OR_RETURN(before, GetProfile(id));
    // The cascade deletes the items: each is recorded first.
    if (before) VITA_RETURN_IF_ERROR(RecordItemsDeleted(id));
  }
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare("DELETE FROM profiles WHERE id = ?1"));
  stmt.Bind(1, id);
  VITA_RETURN_IF_ERROR(RunOnExistingRow(connection_, stmt));
  Changed(std::nullopt, id, {id, "", ""}, true);
  if (!before) return absl::OkStatus();
  return RecordRevision(ProfileName(id), before->body, std::nullopt);
}

absl::StatusOr<std::optional<ItemRow>> Transaction::GetItem(
    Collection collection, const std::string& profile_id,
    const std::string& id) {
  VITA_ASSIGN_OR_RETURN(Statement stmt,
                        connection_.Prepare(SqlFor(collection).get));
  stmt.Bind(1, profile_id).Bind(2, id);
  absl::StatusOr<std::vector<ItemRow>> rows = CollectItems(stmt);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ItemRow>();
  return std::move(rows->front());
}

absl::StatusOr<std::vector<ItemRow>> Transaction::ListItems(
    Collection collection, const std::string& profile_id,
    const std::optional<ItemCursor>& after, int limit) {
  const ItemSql& sql = SqlFor(collection);
  // SQLite treats a negative LIMIT as "no limit".
  int64_t sql_limit = limit < 0 ? -1 : limit;
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(after ? sql.list_after : sql.list_all));
  stmt.Bind(1, profile_id);
  if (after) {
    stmt.Bind(2, after->sort_key).Bind(3, after->id).Bind(4, sql_limit);
  } else {
    stmt.Bind(2, sql_limit);
  }
  return CollectItems(stmt);
}

absl::StatusOr<int64_t> Transaction::CountItems(Collection collection,
                                                const std::string& profile_id) {
  VITA_ASSIGN_OR_RETURN(Statement stmt,
                        connection_.Prepare(SqlFor(collection).count));
  stmt.Bind(1, profile_id);
  absl::StatusOr<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  return stmt.ColumnInt(0);
}

absl::Status Transaction::InsertItem(Collection collection,
                                     const std::string& profile_id,
                                     const ItemRow& row) {
  VITA_ASSIGN_OR_RETURN(Statement stmt,
                        connection_.Prepare(SqlFor(collection).insert));
  BindItem(stmt, profile_id, row);
  absl::Status status = stmt.Run();
  if (status.ok()) {
    Changed(collection, profile_id, row, /*deleted=*/false, /*inserted=*/true);
    return RecordRevision(ItemResourceName(collection, profile_id, row.id),
                          std::nullopt, row.body);
  }
  if (!IsConstraint(status)) return status;
  // Tell a taken id from a missing parent: only the latter breaks the
  // foreign key.
  absl::StatusOr<std::optional<ItemRow>> existing =
      GetItem(collection, profile_id, row.id);
  if (existing.ok() && existing->has_value()) {
    return absl::AlreadyExistsError("id already exists");
  }
  return absl::FailedPreconditionError("the profile does not exist");
}

absl::Status Transaction::UpdateItem(Collection collection,
                                     const std::string& profile_id,
                                     const ItemRow& row) {
  std::optional<ItemRow> before;
  if (recording_) {
    VITA_ASSIGN_OR_RETURN(before, GetItem(collection, profile_id, row.id));
  }
  VITA_ASSIGN_OR_RETURN(Statement stmt,
                        connection_.Prepare(SqlFor(collection).update));
  BindItem(stmt, profile_id, row);
  VITA_RETURN_IF_ERROR(RunOnExistingRow(connection_, stmt));
  Changed(collection, profile_id, row, false);
  if (!before) return absl::OkStatus();
  return RecordRevision(ItemResourceName(collection, profile_id, row.id),
                        before->body, row.body);
}

absl::Status Transaction::DeleteItem(Collection collection,
                                     const std::string& profile_id,
                                     const std::string& id) {
  std::optional<ItemRow> before;
  if (recording_) {
    VITA_ASSIGN_OR_RETURN(before, GetItem(collection, profile_id, id));
  }
  VITA_ASSIGN_OR_RETURN(Statement stmt,
                        connection_.Prepare(SqlFor(collection).remove));
  stmt.Bind(1, profile_id).Bind(2, id);
  VITA_RETURN_IF_ERROR(RunOnExistingRow(connection_, stmt));
  Changed(collection, profile_id, {id, "", ""}, true);
  if (!before) return absl::OkStatus();
  return RecordRevision(ItemResourceName(collection, profile_id, id),
                        before->body, std::nullopt);
}

void Transaction::Changed(std::optional<Collection> collection,
                          const std::string& profile_id, ItemRow row,
                          bool deleted, bool inserted) {
  row_changes_.push_back(
      {collection, profile_id, std::move(row), deleted, inserted});
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  // The lock is named after the file's real path, so that two spellings of
  // one database (a symlink, "./x" and "x") take the same lock.
  std::string lock_path = RealPath(path) + "-lock";
  int lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", lock_path, ": ", strerror(errno)));
  }
  if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    close(lock_fd);
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is in use by another vita-server (", lock_path, " is locked)"));
  }
  absl::StatusOr<std::unique_ptr<SqliteConnection>> writer =
      SqliteConnection::Open(path, SqliteConnection::Mode::kCreate);
  absl::StatusOr<int> version =
      writer.ok() ? Migrate(**writer) : absl::StatusOr<int>(writer.status());
  if (!version.ok()) {
    writer = absl::StatusOr<std::unique_ptr<SqliteConnection>>();
    close(lock_fd);
    return version.status();
  }
  return std::unique_ptr<Store>(
      new Store(path, lock_fd, *std::move(writer), *version));
}

Store::Store(std::string path, int lock_fd,
             std::unique_ptr<SqliteConnection> writer, int schema_version)
    : path_(std::move(path)),
      lock_fd_(lock_fd),
      schema_version_(schema_version),
      writer_(std::move(writer)) {}

Store::~Store() {
  {
    absl::MutexLock lock(&write_mu_);
    writer_.reset();
  }
  {
    absl::MutexLock lock(&readers_mu_);
    idle_readers_.clear();
  }
  // Last: the file is free only once no connection uses it.
  close(lock_fd_);
}

absl::StatusOr<std::unique_ptr<SqliteConnection>> Store::TakeReader() {
  {
    absl::MutexLock lock(&readers_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<SqliteConnection> reader =
          std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  absl::StatusOr<std::unique_ptr<SqliteConnection>> reader =
      SqliteConnection::Open(path_, SqliteConnection::Mode::kExisting);
  if (!reader.ok()) return reader.status();
  // A read connection must never write, whatever a caller attempts.
  if (absl::Status s = (*reader)->Exec("PRAGMA query_only = ON"); !s.ok()) {
    return s;
  }
  return reader;
}

void Store::ReturnReader(std::unique_ptr<SqliteConnection> reader) {
  absl::MutexLock lock(&readers_mu_);
  idle_readers_.push_back(std::move(reader));
}

absl::Status Store::Read(absl::FunctionRef<absl::Status(Transaction&)> body) {
  absl::StatusOr<std::unique_ptr<SqliteConnection>> reader = TakeReader();
  if (!reader.ok()) return reader.status();
  // A deferred transaction pins one WAL snapshot from its first read until
  // COMMIT, so several queries see the same state.
  absl::Status status = (*reader)->Run("BEGIN");
  if (status.ok()) {
    Transaction transaction(**reader);
    status = body(transaction);
    absl::Status end = (*reader)->Run("COMMIT");
    if (!end.ok()) {
      // A connection stuck in a transaction would fail every later read:
      // it is closed rather than put back.
      return status.ok() ? end : status;
    }
  }
  ReturnReader(*std::move(reader));
  return status;
}

absl::Status Store::Write(absl::FunctionRef<absl::Status(Transaction&)> body) {
  return WriteMaybeRecorded(std::nullopt, body);
}

absl::Status Store::Write(const ChangeRow& change,
                          absl::FunctionRef<absl::Status(Transaction&)> body) {
  return WriteMaybeRecorded(change, body);
}

// Group commit (store.h), after leveldb's DBImpl::Write. The invariants,
// numbered where the code below keeps them:
//  I1. One leader at a time: only the write at the front of write_queue_
//      leads, and it removes its group from the queue only after the
//      group's transaction has ended. So only one thread uses the write
//      connection (write_mu_ makes it checkable, and guards the destructor).
//  I2. FIFO: a group is the front of the queue, run in queue order; writes
//      are only appended at the back and only the leader removes them, from
//      the front. So bodies run in call order, each seeing the writes before
//      it, as if they ran one at a time.
//  I3. A body runs only inside the group's transaction, in a savepoint of
//      its own; no body runs twice.
//  I4. A body that fails leaves nothing: its savepoint is rolled back and
//      released, and the transaction goes on. If its savepoint cannot be
//      undone, the whole transaction is rolled back (I6).
//  I5. A write is done (status set, removed from the queue, caller woken)
//      only after its group's transaction has ended; an OK status means the
//      group's COMMIT returned OK, so the write is durable.
//  I6. If the transaction ends before COMMIT (SQLite rolled it back after
//      an error), every write run in it fails and the writes not yet run
//      stay at the front of the queue for the next leader. If COMMIT fails,
//      the group is rolled back and every write of it fails.
//  I7. A group holds at most kMaxGroup writes, and at least its leader.
//  I8. The commit listeners hear the rows of a group's successful writes
//      only after its COMMIT returned OK, under write_mu_ (so one group at
//      a time, in commit order); never for a group that did not commit.
struct Store::QueuedWrite {
  QueuedWrite(const std::optional<ChangeRow>& change,
              absl::FunctionRef<absl::Status(Transaction&)> body)
      : change(change), body(body) {}

  const std::optional<ChangeRow>& change;
  absl::FunctionRef<absl::Status(Transaction&)> body;
  // Set by the leader before it marks the write done.
  absl::Status status;
  bool done = false;  // guarded by queue_mu_
  // Signalled when the write is done or has become the leader.
  absl::CondVar cv;
};

absl::Status Store::WriteMaybeRecorded(
    const std::optional<ChangeRow>& change,
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  QueuedWrite write(change, body);
  {
    absl::MutexLock lock(&queue_mu_);
    write_queue_.push_back(&write);  // I2: only ever at the back
    while (!write.done && write_queue_.front() != &write) {
      write.cv.Wait(&queue_mu_);
    }
    if (write.done) return write.status;  // a leader ran it (I5)
  }
  // This write leads (I1). Writes queue behind it while its group runs, and
  // join the group if they come in time.
  int ran = RunGroup();
  absl::MutexLock lock(&queue_mu_);
  // I5: the group's transaction has ended; its writes are done.
  for (int i = 0; i < ran; ++i) {
    QueuedWrite* done = write_queue_.front();
    write_queue_.pop_front();
    if (done == &write) continue;
    done->done = true;
    done->cv.Signal();
  }
  // I1: the next leader, if any, takes over.
  if (!write_queue_.empty()) write_queue_.front()->cv.Signal();
  return write.status;
}

int Store::AddCommitListener(CommitListener listener) {
  absl::MutexLock lock(&write_mu_);
  const int id = ++next_listener_id_;
  commit_listeners_.emplace(id, std::move(listener));
  return id;
}

void Store::RemoveCommitListener(int id) {
  absl::MutexLock lock(&write_mu_);
  commit_listeners_.erase(id);
}

int Store::PendingWrites() {
  absl::MutexLock lock(&queue_mu_);
  return static_cast<int>(write_queue_.size());
}

Store::QueuedWrite* Store::GroupMember(int index) {
  if (index >= kMaxGroup) return nullptr;  // I7
  absl::MutexLock lock(&queue_mu_);
  // Entries before the back are stable: only this leader removes any (I2).
  if (index >= static_cast<int>(write_queue_.size())) return nullptr;
  return write_queue_[index];
}

bool Store::InTransaction() {
  return sqlite3_get_autocommit(writer_->handle()) == 0;
}

int Store::RunGroup() {
  absl::MutexLock lock(&write_mu_);
  QueuedWrite* leader = GroupMember(0);
  // IMMEDIATE takes the write lock up front, so a transaction that read
  // something (an etag, say) cannot be overtaken by another process's write
  // before it writes. If it fails, no body runs (I3): the leader fails,
  // and the writes behind it stay queued.
  if (absl::Status s = writer_->Run("BEGIN IMMEDIATE"); !s.ok()) {
    leader->status = s;
    return 1;
  }
  int ran = 0;
  std::vector<RowChange> changes;  // of the writes that succeeded, in order
  absl::Status group_failure;      // why the group as a whole failed, if it did
  bool ended_early = false;        // by SQLite, before COMMIT (I6)
  while (QueuedWrite* write = GroupMember(ran)) {
    ++ran;
    write->status = RunInSavepoint(*write, &changes);
    if (!InTransaction()) {
      // I6: the transaction ended under the group; the writes behind stay.
      if (write->status.ok()) {
        write->status = absl::InternalError("the write's transaction ended");
      }
      group_failure = write->status;
      ended_early = true;
      break;
    }
  }
  if (group_failure.ok()) {
    group_failure = writer_->Run("COMMIT");  // one fsync for the group
    // I6 (a failed COMMIT may have rolled back already).
    if (!group_failure.ok() && InTransaction()) {
      writer_->Run("ROLLBACK").IgnoreError();
    }
  }
  // I8: the listeners hear each committed group, in commit order.
  if (group_failure.ok() && !changes.empty()) {
    for (const auto& [id, listener] : commit_listeners_) listener(changes);
  }
  if (!group_failure.ok()) {
    // A failed COMMIT is every write's failure. A transaction that ended
    // after one write's error is that write's: the others that ran in it
    // are UNAVAILABLE (nothing of them is stored; trying again may
    // succeed; not ABORTED, which the API keeps for a stale etag),
    // naming the cause without taking its code.
    absl::Status lost =
        ended_early ? absl::UnavailableError(absl::StrCat(
                          "not stored: the transaction of its group was "
                          "rolled back after another write failed (",
                          group_failure.ToString(), ")"))
                    : group_failure;
    for (int i = 0; i < ran; ++i) {
      QueuedWrite* write = GroupMember(i);
      if (write->status.ok()) write->status = lost;
    }
  }
  return ran;
}

absl::Status Store::RunInSavepoint(QueuedWrite& write,
                                   std::vector<RowChange>* changes) {
  // I3: only inside the group's transaction, in a savepoint of its own.
  if (absl::Status s = writer_->Run("SAVEPOINT write"); !s.ok()) return s;
  Transaction transaction(*writer_);
  if (write.change) {
    transaction.recording_ = true;
    transaction.change_ = *write.change;
    transaction.change_.id = 0;
  }
  absl::Status status = write.body(transaction);
  if (!InTransaction()) return status;  // I6, handled by RunGroup
  if (status.ok()) status = writer_->Run("RELEASE write");
  if (status.ok()) {
    std::move(transaction.row_changes_.begin(), transaction.row_changes_.end(),
              std::back_inserter(*changes));
  } else {
    // I4: nothing of this write stays.
    absl::Status undone = writer_->Run("ROLLBACK TO write");
    if (undone.ok()) undone = writer_->Run("RELEASE write");
    if (!undone.ok()) writer_->Run("ROLLBACK").IgnoreError();
  }
  return status;
}

}  // namespace vita::store
