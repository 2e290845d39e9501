// A thin owner of one SQLite connection and its cached prepared statements.
// Every query Vita runs goes through Prepare(), so every query is a prepared
// statement with bound parameters; no value is ever spliced into SQL text.
#ifndef VITA_SERVER_STORE_SQLITE_CONNECTION_H_
#define VITA_SERVER_STORE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vita::store {

// A prepared statement checked out of a connection's cache. Resets itself
// (and clears its bindings) when destroyed, so the next user starts clean.
// Not thread-safe; lives no longer than its connection.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameters by 1-based index.
  Statement& Bind(int index, absl::string_view text);
  Statement& BindBlob(int index, absl::string_view bytes);
  Statement& Bind(int index, int64_t value);

  // Steps once. Returns true while a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, for statements that return no rows.
  absl::Status Run();

  // The value of column `index` (0-based) of the current row. Call them only
  // after Step() returned true, with 0 <= index < the number of result
  // columns; otherwise SQLite leaves the result undefined. A NULL column is
  // "" for ColumnText and ColumnBlob and 0 for ColumnInt; SQLite converts
  // other types (an integer read as text is its decimal digits).
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;
  int64_t ColumnInt(int index) const;

 private:
  sqlite3_stmt* stmt_;
};

// One open database connection. Not thread-safe: the Store hands each
// connection to one thread at a time.
class SqliteConnection {
 public:
  // Opens the database file at `path`, read-write, and applies the pragmas
  // every Vita connection needs: foreign keys on, a 5 s busy timeout,
  // synchronous=FULL so that a committed transaction survives power loss,
  // trusted_schema off, and temp_store=MEMORY (statement journals, sorters
  // and temporary tables in memory, never in temporary files). With kCreate a
  // missing file is created (empty); with kExisting a missing file is an error
  // (INTERNAL, naming the path, and no file is made), so that a connection
  // opened later never makes an empty database where the real one was moved
  // away. Any other failure to open or to apply a pragma is an error too (see
  // SqliteError).
  enum class Mode { kCreate, kExisting };
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path, Mode mode);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs SQL without parameters (pragmas, schema, BEGIN/COMMIT).
  absl::Status Exec(absl::string_view sql);
  // Runs one parameterless statement through the statement cache; for the
  // BEGIN/COMMIT of every transaction, which Exec() would parse each time.
  absl::Status Run(absl::string_view sql);
  // Returns the cached prepared statement for `sql`, preparing it once.
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // Number of rows the last INSERT/UPDATE/DELETE changed.
  int64_t Changes() const;
  // The rowid of the last row an INSERT on this connection added (its
  // INTEGER PRIMARY KEY, if it has one); 0 before any. A failed INSERT, a
  // rollback and an INSERT into a WITHOUT ROWID table leave it unchanged:
  // read it only after an INSERT that succeeded into a rowid table.
  int64_t LastInsertRowid() const;

  // The raw SQLite handle, for what this class does not wrap (tests list
  // its prepared statements with it). Owned by this connection: valid until
  // it is destroyed; do not close it.
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

// Maps an SQLite result code to a Status, and logs `context` (the SQL) with
// SQLite's message. Only INTERNAL statuses carry them (the API layer logs
// and hides those); others get a message fit for clients.
absl::Status SqliteError(sqlite3* db, int code, absl::string_view context);

}  // namespace vita::store

#endif  // VITA_SERVER_STORE_SQLITE_CONNECTION_H_
