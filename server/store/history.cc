// The change log of store.h: recording changes and revisions inside a write,
// the queries of history, retention, and the online backup.
#include <sqlite3.h>
#include <sys/stat.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "server/store/store.h"

namespace vita::store {
namespace {

constexpr char kChangeColumns[] =
    "id, time_micros, token_id, token_label, method, resource, reverts";

ChangeRow ChangeAt(const Statement& stmt) {
  return ChangeRow{stmt.ColumnInt(0),  stmt.ColumnInt(1),  stmt.ColumnText(2),
                   stmt.ColumnText(3), stmt.ColumnText(4), stmt.ColumnText(5),
                   stmt.ColumnInt(6)};
}

absl::StatusOr<std::vector<ChangeRow>> CollectChanges(Statement& stmt) {
  std::vector<ChangeRow> rows;
  for (;;) {
    VITA_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return rows;
    rows.push_back(ChangeAt(stmt));
  }
}

// Columns: resource, version, change_id, before IS NOT NULL, before,
// after IS NOT NULL, after.
constexpr char kRevisionColumns[] =
    "resource, version, change_id, before IS NOT NULL, before, "
    "after IS NOT NULL, after";

absl::StatusOr<std::vector<RevisionRow>> CollectRevisions(Statement& stmt) {
  std::vector<RevisionRow> rows;
  for (;;) {
    VITA_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return rows;
    RevisionRow revision;
    revision.resource = stmt.ColumnText(0);
    revision.version = stmt.ColumnInt(1);
    revision.change_id = stmt.ColumnInt(2);
    if (stmt.ColumnInt(3) != 0) revision.before = stmt.ColumnBlob(4);
    if (stmt.ColumnInt(5) != 0) revision.after = stmt.ColumnBlob(6);
    rows.push_back(std::move(revision));
  }
}

void BindOptionalBlob(Statement& stmt, int index,
                      const std::optional<std::string>& blob) {
  // An unbound parameter is NULL (Statement resets its bindings).
  if (blob) stmt.BindBlob(index, *blob);
}

}  // namespace

absl::Status Transaction::RecordRevision(
    const std::string& resource, const std::optional<std::string>& before,
    const std::optional<std::string>& after) {
  if (!recording_) return absl::OkStatus();
  if (change_.id == 0) {
    VITA_ASSIGN_OR_RETURN(
        Statement insert,
        connection_.Prepare(
            "INSERT INTO changes (time_micros, token_id, token_label, method,"
            " resource, reverts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.Bind(1, change_.time_micros)
        .Bind(2, change_.token_id)
        .Bind(3, change_.token_label)
        .Bind(4, change_.method)
        .Bind(5, change_.resource)
        .Bind(6, change_.reverts);
    VITA_RETURN_IF_ERROR(insert.Run());
    // The new row's id, read from the connection rather than by RETURNING
    // (SQLite buffers RETURNING's rows in an ephemeral table, whose pager
    // it opened and closed on every write: docs/performance-log.md,
    // Writes by session, session 16). Right only because the INSERT above
    // succeeded, `changes.id` is the table's rowid (INTEGER PRIMARY KEY,
    // migrations.cc), and no other thread uses this connection meanwhile
    // (store.cc, I1).
    change_.id = connection_.LastInsertRowid();
  }
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "INSERT INTO revisions (resource, version, change_id, before, after)"
          " VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM revisions"
          " WHERE resource = ?1), ?2, ?3, ?4)"));
  stmt.Bind(1, resource).Bind(2, change_.id);
  BindOptionalBlob(stmt, 3, before);
  BindOptionalBlob(stmt, 4, after);
  return stmt.Run();
}

absl::Status Transaction::RecordItemsDeleted(const std::string& profile_id) {
  for (Collection collection : {Collection::kNews, Collection::kPublications}) {
    VITA_ASSIGN_OR_RETURN(std::vector<ItemRow> items,
                          ListItems(collection, profile_id, std::nullopt, -1));
    for (const ItemRow& item : items) {
      VITA_RETURN_IF_ERROR(
          RecordRevision(ItemResourceName(collection, profile_id, item.id),
                         item.body, std::nullopt));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<RevisionRow>> Transaction::GetRevision(
    const std::string& resource, int64_t version) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(absl::StrCat("SELECT ", kRevisionColumns,
                                       " FROM revisions WHERE resource = ?1"
                                       " AND version = ?2")));
  stmt.Bind(1, resource).Bind(2, version);
  VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows, CollectRevisions(stmt));
  if (rows.empty()) return std::optional<RevisionRow>();
  return std::move(rows.front());
}

absl::StatusOr<std::vector<RevisionRow>> Transaction::ListRevisions(
    const std::string& resource) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(absl::StrCat("SELECT ", kRevisionColumns,
                                       " FROM revisions WHERE resource = ?1"
                                       " ORDER BY version DESC")));
  stmt.Bind(1, resource);
  return CollectRevisions(stmt);
}

absl::StatusOr<std::vector<RevisionRow>> Transaction::RevisionsOfChange(
    int64_t change_id) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(absl::StrCat(
          "SELECT ", kRevisionColumns,
          " FROM revisions WHERE change_id = ?1 ORDER BY resource")));
  stmt.Bind(1, change_id);
  return CollectRevisions(stmt);
}

absl::StatusOr<std::optional<ChangeRow>> Transaction::GetChange(int64_t id) {
  VITA_ASSIGN_OR_RETURN(Statement stmt, connection_.Prepare(absl::StrCat(
                                            "SELECT ", kChangeColumns,
                                            " FROM changes WHERE id = ?1")));
  stmt.Bind(1, id);
  VITA_ASSIGN_OR_RETURN(std::vector<ChangeRow> rows, CollectChanges(stmt));
  if (rows.empty()) return std::optional<ChangeRow>();
  return std::move(rows.front());
}

absl::StatusOr<std::vector<ChangeRow>> Transaction::ListChanges(
    int64_t before_id, int limit) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(absl::StrCat(
          "SELECT ", kChangeColumns,
          " FROM changes WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2")));
  stmt.Bind(1, before_id).Bind(2, int64_t{limit});
  return CollectChanges(stmt);
}

absl::StatusOr<std::optional<ChangeRow>> Transaction::LastUndoableChange(
    const std::string& token_id) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(absl::StrCat(
          "SELECT ", kChangeColumns,
          " FROM changes c WHERE token_id = ?1 AND reverts = 0"
          " AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.reverts = c.id)"
          " ORDER BY id DESC LIMIT 1")));
  stmt.Bind(1, token_id);
  VITA_ASSIGN_OR_RETURN(std::vector<ChangeRow> rows, CollectChanges(stmt));
  if (rows.empty()) return std::optional<ChangeRow>();
  return std::move(rows.front());
}

absl::StatusOr<int64_t> Transaction::PruneRevisionsBeyond(int64_t keep,
                                                          int limit) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "DELETE FROM revisions WHERE (resource, version) IN ("
          " SELECT r.resource, r.version FROM revisions r"
          " WHERE r.version <= (SELECT max(version) FROM revisions"
          "  WHERE resource = r.resource) - ?1 LIMIT ?2)"));
  stmt.Bind(1, keep).Bind(2, int64_t{limit});
  VITA_RETURN_IF_ERROR(stmt.Run());
  return connection_.Changes();
}

absl::StatusOr<int64_t> Transaction::PruneChangesBefore(int64_t time_micros,
                                                        int limit) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "DELETE FROM changes WHERE id IN (SELECT id FROM changes"
          " WHERE time_micros < ?1 ORDER BY id LIMIT ?2)"));
  stmt.Bind(1, time_micros).Bind(2, int64_t{limit});
  VITA_RETURN_IF_ERROR(stmt.Run());
  return connection_.Changes();
}

absl::Status Store::Backup(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("backup file ", path, " exists already"));
  }
  VITA_ASSIGN_OR_RETURN(
      std::unique_ptr<SqliteConnection> copy,
      SqliteConnection::Open(path, SqliteConnection::Mode::kCreate));
  VITA_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> reader, TakeReader());
  // One step copies every page from one read snapshot; in WAL mode it
  // blocks no writer, and a write meanwhile does not restart it (the
  // source connection is not the one that writes).
  sqlite3_backup* backup =
      sqlite3_backup_init(copy->handle(), "main", reader->handle(), "main");
  if (backup == nullptr) {
    return SqliteError(copy->handle(), sqlite3_errcode(copy->handle()),
                       "sqlite3_backup_init");
  }
  int step = sqlite3_backup_step(backup, -1);
  int finish = sqlite3_backup_finish(backup);
  ReturnReader(std::move(reader));
  if (step != SQLITE_DONE) {
    return SqliteError(copy->handle(), step, "sqlite3_backup_step");
  }
  if (finish != SQLITE_OK) {
    return SqliteError(copy->handle(), finish, "sqlite3_backup_finish");
  }
  VITA_ASSIGN_OR_RETURN(Statement check,
                        copy->Prepare("PRAGMA integrity_check"));
  VITA_ASSIGN_OR_RETURN(bool row, check.Step());
  if (!row || check.ColumnText(0) != "ok") {
    return absl::DataLossError(
        absl::StrCat("backup ", path, " fails PRAGMA integrity_check: ",
                     row ? check.ColumnText(0) : "no answer"));
  }
  return absl::OkStatus();
}

}  // namespace vita::store
