// Tests of server/store/migrations.cc on real SQLite files.
#include "server/store/migrations.h"

#include <sqlite3.h>

#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

void SetUserVersion(const std::string& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql = "PRAGMA user_version = " + std::to_string(version);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST(MigrationsTest, ReopeningDoesNotMigrateAgain) {
  std::string path = vita::testing::MakeTempDir() + "/vita.db";
  {
    auto store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)
                    ->Write([](Transaction& txn) {
                      return txn.InsertProfile({"ann", "x"});
                    })
                    .ok());
  }
  auto store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
}

TEST(MigrationsTest, NewerDatabaseIsRefusedUntouched) {
  std::string path = vita::testing::MakeTempDir() + "/vita.db";
  { ASSERT_TRUE(Store::Open(path).ok()); }
  SetUserVersion(path, LatestSchemaVersion() + 1);
  auto store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(store.status())) << store.status();
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST(MigrationsTest, NegativeVersionIsRefused) {
  std::string path = vita::testing::MakeTempDir() + "/vita.db";
  { ASSERT_TRUE(Store::Open(path).ok()); }
  SetUserVersion(path, -3);
  auto store = Store::Open(path);
  EXPECT_TRUE(absl::IsFailedPrecondition(store.status())) << store.status();
}

TEST(MigrationsTest, UnreadableFileIsAnError) {
  std::string dir = vita::testing::MakeTempDir();
  // A directory where the database file should be.
  auto store = Store::Open(dir);
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace vita::store
