// Tests of server/store/store.cc on real SQLite files.
#include "server/store/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/migrations.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = vita::testing::MakeTempDir() + "/vita.db";
    Reopen();
  }
  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  absl::Status AddProfile(const std::string& id) {
    return store_->Write([&](Transaction& txn) {
      return txn.InsertProfile({id, "body-" + id});
    });
  }
  absl::Status AddNews(const std::string& profile, const std::string& id,
                       const std::string& sort_key) {
    return store_->Write([&](Transaction& txn) {
      return txn.InsertItem(Collection::kNews, profile,
                            {id, sort_key, "news-" + id});
    });
  }
  std::vector<ItemRow> ListNews(const std::string& profile,
                                std::optional<ItemCursor> after = {},
                                int limit = -1) {
    std::vector<ItemRow> rows;
    absl::Status status = store_->Read([&](Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<ItemRow>> listed =
          txn.ListItems(Collection::kNews, profile, after, limit);
      if (!listed.ok()) return listed.status();
      rows = *listed;
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return rows;
  }

  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, NewDatabaseHasLatestSchema) {
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
}

TEST_F(StoreTest, InsertedProfileIsReadBack) {
  ASSERT_TRUE(AddProfile("ann").ok());
  std::optional<ProfileRow> row;
  ASSERT_TRUE(store_
                  ->Read([&](Transaction& txn) -> absl::Status {
                    auto got = txn.GetProfile("ann");
                    if (got.ok()) row = *got;
                    return got.status();
                  })
                  .ok());
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->body, "body-ann");
}

TEST_F(StoreTest, DuplicateProfileIsAlreadyExists) {
  ASSERT_TRUE(AddProfile("ann").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(AddProfile("ann")));
}

TEST_F(StoreTest, ItemOfMissingProfileIsRefused) {
  absl::Status status = AddNews("nobody", "n1", "a");
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(ListNews("nobody"), ::testing::IsEmpty());
}

TEST_F(StoreTest, DuplicateItemIsAlreadyExists) {
  ASSERT_TRUE(AddProfile("ann").ok());
  ASSERT_TRUE(AddNews("ann", "n1", "a").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(AddNews("ann", "n1", "b")));
}

TEST_F(StoreTest, ItemsAreListedBySortKeyThenId) {
  ASSERT_TRUE(AddProfile("ann").ok());
  ASSERT_TRUE(AddNews("ann", "c", "2").ok());
  ASSERT_TRUE(AddNews("ann", "b", "1").ok());
  ASSERT_TRUE(AddNews("ann", "a", "2").ok());
  EXPECT_THAT(ListNews("ann"),
              ElementsAre(Field(&ItemRow::id, "b"), Field(&ItemRow::id, "a"),
                          Field(&ItemRow::id, "c")));
}

TEST_F(StoreTest, ListContinuesStrictlyAfterCursor) {
  ASSERT_TRUE(AddProfile("ann").ok());
  for (const char* id : {"a", "b", "c", "d"}) {
    ASSERT_TRUE(AddNews("ann", id, "k").ok());
  }
  EXPECT_THAT(ListNews("ann", ItemCursor{"k", "b"}, 1),
              ElementsAre(Field(&ItemRow::id, "c")));
}

TEST_F(StoreTest, ItemsOfOtherProfilesAreNotListed) {
  ASSERT_TRUE(AddProfile("ann").ok());
  ASSERT_TRUE(AddProfile("bob").ok());
  ASSERT_TRUE(AddNews("bob", "n1", "a").ok());
  EXPECT_THAT(ListNews("ann"), ::testing::IsEmpty());
  EXPECT_EQ(ListNews("bob").size(), 1u);
}

TEST_F(StoreTest, DeletingProfileDeletesItsItems) {
  ASSERT_TRUE(AddProfile("ann").ok());
  ASSERT_TRUE(AddNews("ann", "n1", "a").ok());
  ASSERT_TRUE(
      store_->Write([](Transaction& txn) { return txn.DeleteProfile("ann"); })
          .ok());
  ASSERT_TRUE(AddProfile("ann").ok());
  EXPECT_THAT(ListNews("ann"), ::testing::IsEmpty());
}

TEST_F(StoreTest, UpdateAndDeleteOfMissingRowsAreNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store_->Write([](Transaction& txn) {
    return txn.UpdateProfile({"ghost", "x"});
  })));
  EXPECT_TRUE(absl::IsNotFound(store_->Write(
      [](Transaction& txn) { return txn.DeleteProfile("ghost"); })));
  ASSERT_TRUE(AddProfile("ann").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->Write([](Transaction& txn) {
    return txn.DeleteItem(Collection::kPublications, "ann", "ghost");
  })));
  EXPECT_TRUE(absl::IsNotFound(store_->Write([](Transaction& txn) {
    return txn.UpdateItem(Collection::kNews, "ann", {"ghost", "k", "x"});
  })));
}

TEST_F(StoreTest, FailedWriteLeavesNothingBehind) {
  ASSERT_TRUE(AddProfile("ann").ok());
  absl::Status status = store_->Write([](Transaction& txn) -> absl::Status {
    absl::Status s = txn.InsertItem(Collection::kNews, "ann", {"n1", "a", "x"});
    if (!s.ok()) return s;
    return absl::InvalidArgumentError("the second half of the write fails");
  });
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(ListNews("ann"), ::testing::IsEmpty());
}

TEST_F(StoreTest, CommittedWritesSurviveReopening) {
  ASSERT_TRUE(AddProfile("ann").ok());
  ASSERT_TRUE(AddNews("ann", "n1", "a").ok());
  Reopen();
  EXPECT_THAT(ListNews("ann"), ElementsAre(Field(&ItemRow::body, "news-n1")));
}

TEST_F(StoreTest, ReadSeesOneSnapshotWhileAWriteCommits) {
  ASSERT_TRUE(AddProfile("ann").ok());
  int64_t before = -1, after = -1;
  absl::Status status = store_->Read([&](Transaction& txn) -> absl::Status {
    before = *txn.CountItems(Collection::kNews, "ann");
    // Another writer commits while this read transaction is open.
    EXPECT_TRUE(AddNews("ann", "n1", "a").ok());
    after = *txn.CountItems(Collection::kNews, "ann");
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(ListNews("ann").size(), 1u);
}

TEST_F(StoreTest, ReadTransactionCannotWrite) {
  absl::Status status = store_->Read([](Transaction& txn) {
    return txn.InsertProfile({"ann", "x"});
  });
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(AddProfile("ann").ok());
}

TEST_F(StoreTest, SecondStoreOnSameFileIsRefused) {
  auto second = Store::Open(path_);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(second.status())) << second.status();
  EXPECT_NE(second.status().message().find("in use"), std::string::npos);
  store_.reset();
  EXPECT_TRUE(Store::Open(path_).ok());
}

TEST_F(StoreTest, SecondStoreThroughSymlinkIsRefused) {
  std::string alias = path_ + "-alias";
  ASSERT_EQ(symlink(path_.c_str(), alias.c_str()), 0);
  auto second = Store::Open(alias);
  EXPECT_TRUE(absl::IsFailedPrecondition(second.status())) << second.status();
}

TEST_F(StoreTest, DatabaseFileIsInWalMode) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
               "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// PRAGMA synchronous on the connection `txn` runs on.
absl::StatusOr<int64_t> Synchronous(Transaction& txn) {
  absl::StatusOr<Statement> stmt =
      txn.connection().Prepare("PRAGMA synchronous");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError("PRAGMA synchronous returned no row");
  return stmt->ColumnInt(0);
}

// synchronous=FULL is 2 (OFF 0, NORMAL 1, EXTRA 3). In WAL mode only FULL
// syncs the WAL at every commit, so only FULL keeps a committed write
// through power loss (tests/store/power_loss_test.cc).
TEST_F(StoreTest, WriteAndReadConnectionsAreSynchronousFull) {
  for (bool write : {true, false}) {
    absl::StatusOr<int64_t> level = absl::InternalError("not run");
    auto read_level = [&](Transaction& txn) {
      level = Synchronous(txn);
      return absl::OkStatus();
    };
    ASSERT_TRUE(
        (write ? store_->Write(read_level) : store_->Read(read_level)).ok());
    ASSERT_TRUE(level.ok()) << level.status();
    EXPECT_EQ(*level, 2) << (write ? "the writer" : "the reader");
  }
}

}  // namespace
}  // namespace vita::store
