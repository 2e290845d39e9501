// Tests of server/store/sqlite_connection.cc on real SQLite files: what a
// connection sets up when it opens, the statement cache, bindings, and how
// SQLite's errors become statuses (details for the log, not for clients).
#include "server/store/sqlite_connection.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

using ::testing::HasSubstr;
using Mode = SqliteConnection::Mode;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = vita::testing::MakeTempDir() + "/test.db";
    absl::StatusOr<std::unique_ptr<SqliteConnection>> db =
        SqliteConnection::Open(path_, Mode::kCreate);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  // The single value `sql` returns, as text.
  std::string Query(SqliteConnection& db, const std::string& sql) {
    absl::StatusOr<Statement> stmt = db.Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status();
    if (!stmt.ok()) return "<error>";
    absl::StatusOr<bool> row = stmt->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? stmt->ColumnText(0) : "<no row>";
  }

  // How many prepared statements the connection holds.
  static int PreparedStatements(SqliteConnection& db) {
    int count = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s;
         s = sqlite3_next_stmt(db.handle(), s)) {
      ++count;
    }
    return count;
  }

  std::string path_;
  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(SqliteConnectionTest,
       OpenSetsForeignKeysSynchronousFullNoTrustAndTempStoreInMemory) {
  EXPECT_EQ(Query(*db_, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(Query(*db_, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(Query(*db_, "PRAGMA trusted_schema"), "0");
  EXPECT_EQ(Query(*db_, "PRAGMA temp_store"), "2");  // MEMORY
}

TEST_F(SqliteConnectionTest,
       LastInsertRowidIsTheRowidOfTheLastRowInsertedAndAFailedInsertKeepsIt) {
  EXPECT_EQ(db_->LastInsertRowid(), 0);
  ASSERT_TRUE(db_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY "
                        "AUTOINCREMENT, v TEXT NOT NULL UNIQUE);"
                        "INSERT INTO t (v) VALUES ('a'), ('b');")
                  .ok());
  EXPECT_EQ(db_->LastInsertRowid(), 2);
  ::testing::internal::CaptureStderr();
  absl::Status refused = db_->Exec("INSERT INTO t (v) VALUES ('a')");
  ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(db_->LastInsertRowid(), 2);  // the caller reads it only after OK
  ASSERT_TRUE(db_->Exec("INSERT INTO t (v) VALUES ('c')").ok());
  EXPECT_EQ(db_->LastInsertRowid(), 3);
  EXPECT_EQ(Query(*db_, "SELECT v FROM t WHERE id = 3"), "c");
}

TEST_F(SqliteConnectionTest, ForeignKeysAreEnforced) {
  ASSERT_TRUE(db_->Exec("CREATE TABLE p (id TEXT PRIMARY KEY);"
                        "CREATE TABLE c (p TEXT REFERENCES p (id));")
                  .ok());
  ::testing::internal::CaptureStderr();
  absl::Status status = db_->Exec("INSERT INTO c VALUES ('nobody')");
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status,
            absl::FailedPreconditionError("a database constraint failed"));
}

TEST_F(SqliteConnectionTest, CreateModeMakesTheFileExistingModeNeverDoes) {
  std::string dir = vita::testing::MakeTempDir();
  std::string missing = dir + "/missing.db";
  ::testing::internal::CaptureStderr();
  absl::StatusOr<std::unique_ptr<SqliteConnection>> refused =
      SqliteConnection::Open(missing, Mode::kExisting);
  std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(log, HasSubstr("open " + missing));
  EXPECT_NE(access(missing.c_str(), F_OK), 0) << "kExisting created the file";

  ASSERT_TRUE(SqliteConnection::Open(missing, Mode::kCreate).ok());
  EXPECT_EQ(access(missing.c_str(), F_OK), 0);
  EXPECT_TRUE(SqliteConnection::Open(missing, Mode::kExisting).ok());
}

TEST_F(SqliteConnectionTest, WriterWaitsForAnotherWriterInsteadOfFailing) {
  absl::StatusOr<std::unique_ptr<SqliteConnection>> other =
      SqliteConnection::Open(path_, Mode::kExisting);
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(db_->Exec("BEGIN IMMEDIATE").ok());
  std::future<absl::Status> waiting = std::async(std::launch::async, [&] {
    absl::Status begin = (*other)->Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) return begin;
    return (*other)->Exec("COMMIT");
  });
  // The second writer is still waiting after 300 ms...
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(300)),
            std::future_status::timeout);
  ASSERT_TRUE(db_->Exec("COMMIT").ok());
  // ...and gets the lock once the first one commits.
  EXPECT_TRUE(waiting.get().ok());
}

TEST_F(SqliteConnectionTest, PrepareCachesEachStatementOnce) {
  EXPECT_EQ(PreparedStatements(*db_), 0);
  ASSERT_TRUE(db_->Prepare("SELECT 1").ok());
  ASSERT_TRUE(db_->Prepare("SELECT 1").ok());
  EXPECT_EQ(PreparedStatements(*db_), 1);
  ASSERT_TRUE(db_->Run("SELECT 2").ok());
  ASSERT_TRUE(db_->Run("SELECT 2").ok());
  EXPECT_EQ(PreparedStatements(*db_), 2);
}

TEST_F(SqliteConnectionTest, BindingsKeepTypeAndEveryByte) {
  absl::StatusOr<Statement> stmt =
      db_->Prepare("SELECT typeof(?1), ?1, typeof(?2), ?2, typeof(?3), ?3");
  ASSERT_TRUE(stmt.ok()) << stmt.status();
  stmt->Bind(1, absl::string_view("caf\xc3\xa9"))
      .BindBlob(2, absl::string_view("a\0b\xff", 4))
      .Bind(3, int64_t{-9007199254740993});
  ASSERT_EQ(stmt->Step().value_or(false), true);
  EXPECT_EQ(stmt->ColumnText(0), "text");
  EXPECT_EQ(stmt->ColumnText(1), "caf\xc3\xa9");
  EXPECT_EQ(stmt->ColumnText(2), "blob");
  EXPECT_EQ(stmt->ColumnBlob(3), std::string("a\0b\xff", 4));
  EXPECT_EQ(stmt->ColumnText(4), "integer");
  EXPECT_EQ(stmt->ColumnInt(5), -9007199254740993);
  EXPECT_EQ(stmt->Step().value_or(true), false);
}

TEST_F(SqliteConnectionTest, ReturnedStatementStartsOverWithoutBindings) {
  ASSERT_TRUE(
      db_->Exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2);")
          .ok());
  {
    absl::StatusOr<Statement> stmt =
        db_->Prepare("SELECT n, ?1 IS NULL FROM t ORDER BY n");
    ASSERT_TRUE(stmt.ok());
    stmt->Bind(1, int64_t{7});
    ASSERT_EQ(stmt->Step().value_or(false), true);  // Left after the first row.
    EXPECT_EQ(stmt->ColumnInt(1), 0);
  }
  absl::StatusOr<Statement> again =
      db_->Prepare("SELECT n, ?1 IS NULL FROM t ORDER BY n");
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->Step().value_or(false), true);
  EXPECT_EQ(again->ColumnInt(0), 1);  // The first row again.
  EXPECT_EQ(again->ColumnInt(1), 1);  // ?1 is unbound.
}

TEST_F(SqliteConnectionTest, ChangesCountsRowsOfTheLastWrite) {
  ASSERT_TRUE(
      db_->Exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), "
                "(3);")
          .ok());
  ASSERT_TRUE(db_->Run("UPDATE t SET n = n + 10 WHERE n >= 2").ok());
  EXPECT_EQ(db_->Changes(), 2);
  ASSERT_TRUE(db_->Run("DELETE FROM t").ok());
  EXPECT_EQ(db_->Changes(), 3);
}

TEST_F(SqliteConnectionTest, ConstraintFailureTellsClientsNothingInternal) {
  ASSERT_TRUE(db_->Exec("CREATE TABLE t (id TEXT PRIMARY KEY)").ok());
  ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES ('a')").ok());
  ::testing::internal::CaptureStderr();
  absl::Status status = db_->Run("INSERT INTO t VALUES ('a')");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status,
            absl::FailedPreconditionError("a database constraint failed"));
  EXPECT_EQ(log,
            "vita-server: sqlite: INSERT INTO t VALUES ('a'): UNIQUE "
            "constraint failed: t.id\n");
}

TEST_F(SqliteConnectionTest, BrokenSqlIsInternalAndCarriesTheSql) {
  ::testing::internal::CaptureStderr();
  absl::StatusOr<Statement> stmt = db_->Prepare("SELEC 1");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(stmt.status(),
            absl::InternalError("SELEC 1: near \"SELEC\": syntax error"));
  EXPECT_EQ(log,
            "vita-server: sqlite: SELEC 1: near \"SELEC\": syntax error\n");
}

TEST(SqliteErrorTest, BusyLockedAndFullGetMessagesForClients) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY, "BEGIN IMMEDIATE"),
            absl::UnavailableError("the database is busy; retry"));
  // Extended codes count by their primary code.
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY_SNAPSHOT, "BEGIN"),
            absl::UnavailableError("the database is busy; retry"));
  EXPECT_EQ(SqliteError(nullptr, SQLITE_LOCKED, "COMMIT"),
            absl::UnavailableError("the database is busy; retry"));
  EXPECT_EQ(SqliteError(nullptr, SQLITE_FULL, "COMMIT"),
            absl::ResourceExhaustedError("the database's disk is full"));
  EXPECT_EQ(SqliteError(nullptr, SQLITE_IOERR_FSYNC, "COMMIT"),
            absl::InternalError("COMMIT: disk I/O error"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "vita-server: sqlite: BEGIN IMMEDIATE: database is locked\n"
            "vita-server: sqlite: BEGIN: database is locked\n"
            "vita-server: sqlite: COMMIT: database table is locked\n"
            "vita-server: sqlite: COMMIT: database or disk is full\n"
            "vita-server: sqlite: COMMIT: disk I/O error\n");
}

}  // namespace
}  // namespace vita::store
