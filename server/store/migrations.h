// The schema of a Vita database and how it moves forward.
//
// Invariant: PRAGMA user_version is the number of migrations applied. Each
// migration runs in its own transaction together with the bump of
// user_version, so a crash leaves the database at one version or the next,
// never in between. Migrations are append-only: a released one never
// changes.
#ifndef VITA_SERVER_STORE_MIGRATIONS_H_
#define VITA_SERVER_STORE_MIGRATIONS_H_

#include "absl/status/statusor.h"
#include "server/store/sqlite_connection.h"

namespace vita::store {

// The schema version this build writes.
int LatestSchemaVersion();

// Brings the database to LatestSchemaVersion() and returns that version.
// FAILED_PRECONDITION if the database is newer than this build.
absl::StatusOr<int> Migrate(SqliteConnection& connection);

}  // namespace vita::store

#endif  // VITA_SERVER_STORE_MIGRATIONS_H_
