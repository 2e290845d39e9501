// Tests of server/store/migrations.cc on real SQLite files.
#include "server/store/migrations.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

void SetUserVersion(const std::string& path, int version) {
  Exec(path, "PRAGMA user_version = " + std::to_string(version));
}

// The first column of each row of `sql`, joined with "\n" (read with a
// connection of its own, not the store's).
std::string Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sql;
  std::string out;
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out += std::string(text ? reinterpret_cast<const char*>(text) : "") + "\n";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// What a database holds on disk: the main file's bytes and modification
// time, and the bytes of its write-ahead log (absent counts as empty; a log
// is data not yet copied into the main file). The -shm index and the store's
// -lock file hold no data and are left out.
struct DiskState {
  std::string bytes, wal;
  int64_t mtime_ns = 0;
  bool operator==(const DiskState& o) const {
    return bytes == o.bytes && wal == o.wal && mtime_ns == o.mtime_ns;
  }
};
std::ostream& operator<<(std::ostream& os, const DiskState& s) {
  return os << s.bytes.size() << " bytes, mtime " << s.mtime_ns << ", "
            << s.wal.size() << " bytes of log";
}
std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
DiskState Snapshot(const std::string& path) {
  DiskState state;
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    state.mtime_ns =
        int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
  }
  state.bytes = ReadAll(path);
  state.wal = ReadAll(path + "-wal");
  return state;
}

// A database at the latest version with one profile, closed again.
std::string MakeDatabase(const std::string& dir) {
  std::string path = dir + "/vita.db";
  auto store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return path;
  EXPECT_TRUE((*store)
                  ->Write([](Transaction& txn) {
                    return txn.InsertProfile({"ann", "x"});
                  })
                  .ok());
  return path;
}

TEST(MigrationsTest, LatestSchemaVersionIsThree) {
  // Bump this, with a migration appended, when the schema changes.
  EXPECT_EQ(LatestSchemaVersion(), 3);
}

// A database of the first schema (before editor tokens): migrations 2 and 3
// add the tokens table and the change log and keep every profile.
TEST(MigrationsTest, VersionOneGainsTheTokensTableAndKeepsItsProfiles) {
  std::string path = vita::testing::MakeTempDir() + "/vita.db";
  Exec(path, R"sql(
CREATE TABLE profiles (id TEXT NOT NULL PRIMARY KEY, body BLOB NOT NULL)
  WITHOUT ROWID;
INSERT INTO profiles VALUES ('ann', 'x');
PRAGMA user_version = 1;
)sql");
  {
    auto store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->schema_version(), 3);
  }
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "3\n");
  EXPECT_EQ(Query(path, "SELECT id FROM profiles"), "ann\n");
  EXPECT_EQ(Query(path, "SELECT name FROM pragma_table_info('tokens')"),
            "id\nprofile_id\nsecret_digest\nlabel\ncreate_time\n"
            "expire_time\nlast_use_time\n");
  EXPECT_EQ(Query(path, "SELECT count(*) FROM tokens"), "0\n");
}

TEST(MigrationsTest, ReopeningDoesNotMigrateAgain) {
  std::string dir = vita::testing::MakeTempDir();
  std::string path = MakeDatabase(dir);
  std::string schema =
      Query(path, "SELECT sql FROM sqlite_master ORDER BY name");
  ASSERT_NE(schema.find("CREATE TABLE profiles"), std::string::npos) << schema;
  auto before = Snapshot(path);
  ASSERT_GT(before.bytes.size(), 0u);
  {
    auto store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->schema_version(), 3);
    std::optional<ProfileRow> ann;
    ASSERT_TRUE((*store)
                    ->Read([&](Transaction& txn) -> absl::Status {
                      auto row = txn.GetProfile("ann");
                      if (!row.ok()) return row.status();
                      ann = *row;
                      return absl::OkStatus();
                    })
                    .ok());
    ASSERT_TRUE(ann.has_value());
    EXPECT_EQ(ann->body, "x");
  }
  // No migration ran: no write reached the file (a migration and its
  // user_version bump would change its bytes and its mtime).
  auto after = Snapshot(path);
  EXPECT_EQ(after, before);
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "3\n");
  EXPECT_EQ(Query(path, "SELECT count(*) FROM profiles"), "1\n");
  EXPECT_EQ(Query(path, "SELECT sql FROM sqlite_master ORDER BY name"), schema);
}

TEST(MigrationsTest, NewerDatabaseIsRefusedUntouched) {
  std::string dir = vita::testing::MakeTempDir();
  std::string path = MakeDatabase(dir);
  SetUserVersion(path, 4);
  auto before = Snapshot(path);
  auto store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(store.status())) << store.status();
  EXPECT_EQ(store.status().message(),
            "database schema version 4 is newer than this vita-server "
            "understands (3); use a newer vita-server");
  auto after = Snapshot(path);
  EXPECT_EQ(after, before);
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "4\n");
  EXPECT_EQ(Query(path, "SELECT id FROM profiles"), "ann\n");
}

TEST(MigrationsTest, NegativeVersionIsRefusedUntouched) {
  std::string dir = vita::testing::MakeTempDir();
  std::string path = MakeDatabase(dir);
  SetUserVersion(path, -3);
  auto before = Snapshot(path);
  auto store = Store::Open(path);
  EXPECT_TRUE(absl::IsFailedPrecondition(store.status())) << store.status();
  EXPECT_EQ(store.status().message(),
            "database schema version -3 is not a Vita schema");
  auto after = Snapshot(path);
  EXPECT_EQ(after, before);
}

TEST(MigrationsTest, UnreadableFileIsAnError) {
  std::string dir = vita::testing::MakeTempDir();
  // A directory where the database file should be.
  auto store = Store::Open(dir);
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace vita::store
