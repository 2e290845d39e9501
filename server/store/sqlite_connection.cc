#include "server/store/sqlite_connection.h"

#include "absl/strings/str_cat.h"
#include "common/log_line.h"

namespace vita::store {

absl::Status SqliteError(sqlite3* db, int code, absl::string_view context) {
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  // The SQL and SQLite's words are for the operator's log; a client gets a
  // message that says what to do, without the database's internals.
  LogLine("vita-server", absl::StrCat("sqlite: ", context, ": ", detail));
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError("a database constraint failed");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError("the database is busy; retry");
    case SQLITE_FULL:
      return absl::ResourceExhaustedError("the database's disk is full");
    default:
      return absl::InternalError(absl::StrCat(context, ": ", detail));
  }
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, absl::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, absl::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_));
}

absl::Status Statement::Run() {
  absl::StatusOr<bool> row;
  do {
    row = Step();
  } while (row.ok() && *row);
  return row.status();
}

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), size)
              : std::string();
}

std::string Statement::ColumnBlob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  return blob ? std::string(static_cast<const char*>(blob), size)
              : std::string();
}

int64_t Statement::ColumnInt(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, Mode mode) {
  // Before SQLite's first use in the process (else SQLITE_MISUSE, ignored):
  // no memory statistics, which SQLite keeps under a global mutex on every
  // allocation, and Vita never reads.
  static const int kMemstatusOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kMemstatusOff;
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kCreate) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db, rc, absl::StrCat("open ", path));
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  // Writers wait for each other instead of failing at once.
  sqlite3_busy_timeout(db, 5000);
  // temp_store = MEMORY: a savepoint's statement journal (each write of a
  // group runs in one, store.h), sorters, temporary indexes and tables stay
  // in memory. Otherwise SQLite creates a temporary file for a statement
  // journal past 64 KiB, and unlinks it after, on the write path.
  // Durability is the WAL's, unchanged: a statement journal only undoes a
  // savepoint inside the transaction, and is emptied when it is released.
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
        "PRAGMA trusted_schema = OFF", "PRAGMA temp_store = MEMORY"}) {
    if (absl::Status s = connection->Exec(pragma); !s.ok()) return s;
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

absl::Status SqliteConnection::Exec(absl::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  absl::Status status = SqliteError(db_, rc, text);
  sqlite3_free(error);
  return status;
}

absl::StatusOr<Statement> SqliteConnection::Prepare(absl::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return Statement(it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  statements_.emplace(std::string(sql), stmt);
  return Statement(stmt);
}

absl::Status SqliteConnection::Run(absl::string_view sql) {
  absl::StatusOr<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  return stmt->Run();
}

int64_t SqliteConnection::Changes() const { return sqlite3_changes64(db_); }

int64_t SqliteConnection::LastInsertRowid() const {
  return sqlite3_last_insert_rowid(db_);
}

}  // namespace vita::store
