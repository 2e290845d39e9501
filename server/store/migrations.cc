#include "server/store/migrations.h"

#include <iterator>

#include "absl/strings/str_cat.h"

namespace vita::store {
namespace {

// migrations[i] takes the schema from version i to version i + 1.
//
// Records are stored as serialized protobuf bodies; the columns beside them
// exist only for keys, order and integrity. New proto fields therefore need
// no migration, only new keys or indexes do.
//
// Table `profiles` holds the profiles (store::ProfileRow); tables `news` and
// `publications` hold the items of the two collections (store::ItemRow,
// Collection::kNews and Collection::kPublications). Their names are part of
// the file format and stay as they are.
constexpr const char* kMigrations[] = {
    // 1: profiles, news and publications.
    R"sql(
CREATE TABLE profiles (
  id   TEXT NOT NULL PRIMARY KEY,
  body BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE news (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  sort_key   TEXT NOT NULL,
  body       BLOB NOT NULL,
  PRIMARY KEY (profile_id, id)
) WITHOUT ROWID;
CREATE INDEX news_in_order ON news (profile_id, sort_key, id);

CREATE TABLE publications (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  sort_key   TEXT NOT NULL,
  body       BLOB NOT NULL,
  PRIMARY KEY (profile_id, id)
) WITHOUT ROWID;
CREATE INDEX publications_in_order ON publications (profile_id, sort_key, id);
)sql",
    // 2: tokens, the editor tokens (store::TokenRow). Only a digest of each
    // secret is kept. Deleting a profile deletes its tokens, so a profile
    // made later under the same id does not inherit them. Times are Unix
    // seconds; last_use_time is NULL until the first use.
    R"sql(
CREATE TABLE tokens (
  id            TEXT NOT NULL PRIMARY KEY,
  profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  secret_digest BLOB NOT NULL,
  label         TEXT NOT NULL,
  create_time   INTEGER NOT NULL,
  expire_time   INTEGER NOT NULL,
  last_use_time INTEGER
) WITHOUT ROWID;
CREATE INDEX tokens_of_profile ON tokens (profile_id);
)sql",
    // 3 ("revisions"): the change log. Every accepted write is a row of
    // `changes` (when, which token, which method and resource; `reverts` is
    // the change an Undo reverted), and every record it changed a row of
    // `revisions`: the record's body before and after the change (NULL when
    // it did not exist), numbered per record by `version`. `changes.id`
    // must stay the table's rowid: history.cc reads a new change's id with
    // sqlite3_last_insert_rowid.
    R"sql(
CREATE TABLE changes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time_micros INTEGER NOT NULL,
  token_id    TEXT NOT NULL,
  token_label TEXT NOT NULL,
  method      TEXT NOT NULL,
  resource    TEXT NOT NULL,
  reverts     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_by_token ON changes (token_id, id);
CREATE INDEX changes_by_time ON changes (time_micros);
CREATE INDEX changes_by_reverts ON changes (reverts) WHERE reverts != 0;

CREATE TABLE revisions (
  resource  TEXT NOT NULL,
  version   INTEGER NOT NULL,
  change_id INTEGER NOT NULL REFERENCES changes (id) ON DELETE CASCADE,
  before    BLOB,
  after     BLOB,
  PRIMARY KEY (resource, version)
) WITHOUT ROWID;
CREATE INDEX revisions_by_change ON revisions (change_id);
)sql",
};

absl::StatusOr<int> UserVersion(SqliteConnection& connection) {
  absl::StatusOr<Statement> stmt = connection.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(stmt->ColumnInt(0));
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

absl::StatusOr<int> Migrate(SqliteConnection& connection) {
  // WAL lets readers work beside the single writer; it is a property of the
  // file, so setting it once here is enough.
  {
    absl::StatusOr<Statement> wal =
        connection.Prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.status();
    absl::StatusOr<bool> row = wal->Step();
    if (!row.ok()) return row.status();
    // SQLite answers with the mode it is in: a file system without shared
    // memory support, for one, cannot do WAL.
    if (!*row || wal->ColumnText(0) != "wal") {
      return absl::FailedPreconditionError(
          "the database cannot use write-ahead logging (WAL)");
    }
  }
  for (;;) {
    // The version is read inside the write transaction so that two servers
    // starting on one file cannot both apply the same migration.
    if (absl::Status s = connection.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    absl::StatusOr<int> version = UserVersion(connection);
    absl::Status status = version.status();
    if (status.ok() && *version < 0) {
      status = absl::FailedPreconditionError(absl::StrCat(
          "database schema version ", *version, " is not a Vita schema"));
    }
    if (status.ok() && *version > LatestSchemaVersion()) {
      status = absl::FailedPreconditionError(
          absl::StrCat("database schema version ", *version,
                       " is newer than this vita-server understands (",
                       LatestSchemaVersion(), "); use a newer vita-server"));
    }
    if (status.ok() && *version == LatestSchemaVersion()) {
      connection.Exec("ROLLBACK").IgnoreError();
      return *version;
    }
    if (status.ok()) status = connection.Exec(kMigrations[*version]);
    if (status.ok()) {
      status =
          connection.Exec(absl::StrCat("PRAGMA user_version = ", *version + 1));
    }
    if (status.ok()) status = connection.Exec("COMMIT");
    if (!status.ok()) {
      connection.Exec("ROLLBACK").IgnoreError();
      return status;
    }
  }
}

}  // namespace vita::store
