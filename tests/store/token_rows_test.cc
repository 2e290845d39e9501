// Tests of server/store/token_rows.cc (the tokens table) on real SQLite
// files.
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

class TokenRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(vita::testing::MakeTempDir() + "/vita.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    for (const char* id : {"ann", "bob"}) {
      ASSERT_TRUE(store_
                      ->Write([&](Transaction& txn) {
                        return txn.InsertProfile({id, "x"});
                      })
                      .ok());
    }
  }

  absl::Status Insert(const TokenRow& row) {
    return store_->Write(
        [&](Transaction& txn) { return txn.InsertToken(row); });
  }
  std::optional<TokenRow> Get(const std::string& id) {
    std::optional<TokenRow> row;
    absl::Status status = store_->Read([&](Transaction& txn) -> absl::Status {
      absl::StatusOr<std::optional<TokenRow>> got = txn.GetToken(id);
      if (!got.ok()) return got.status();
      row = *got;
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return row;
  }
  std::vector<std::string> ListedIds() {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& txn) -> absl::Status {
                      absl::StatusOr<std::vector<TokenRow>> rows =
                          txn.ListTokens();
                      if (!rows.ok()) return rows.status();
                      for (const TokenRow& row : *rows) ids.push_back(row.id);
                      return absl::OkStatus();
                    })
                    .ok());
    return ids;
  }

  std::unique_ptr<Store> store_;
};

TokenRow Row(const std::string& id, const std::string& profile) {
  return {id,   profile,     std::string("\x01\x00\xff", 3), "laptop", 1000,
          2000, std::nullopt};
}

TEST_F(TokenRowsTest, InsertedTokenIsReadBackFieldByField) {
  ASSERT_TRUE(Insert(Row("aaaa00000001", "ann")).ok());
  std::optional<TokenRow> row = Get("aaaa00000001");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->profile_id, "ann");
  EXPECT_EQ(row->secret_digest, std::string("\x01\x00\xff", 3));
  EXPECT_EQ(row->label, "laptop");
  EXPECT_EQ(row->create_time, 1000);
  EXPECT_EQ(row->expire_time, 2000);
  EXPECT_FALSE(row->last_use_time.has_value());
  EXPECT_FALSE(Get("aaaa00000002").has_value());
}

TEST_F(TokenRowsTest, TokensAreListedById) {
  ASSERT_TRUE(Insert(Row("bbbb00000002", "bob")).ok());
  ASSERT_TRUE(Insert(Row("aaaa00000001", "ann")).ok());
  EXPECT_EQ(ListedIds(),
            (std::vector<std::string>{"aaaa00000001", "bbbb00000002"}));
}

TEST_F(TokenRowsTest, DuplicateIdIsAlreadyExistsAndMissingProfileIsRefused) {
  ASSERT_TRUE(Insert(Row("aaaa00000001", "ann")).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(Insert(Row("aaaa00000001", "bob"))));
  absl::Status missing = Insert(Row("cccc00000003", "nobody"));
  EXPECT_TRUE(absl::IsFailedPrecondition(missing)) << missing;
  EXPECT_EQ(ListedIds(), (std::vector<std::string>{"aaaa00000001"}));
}

TEST_F(TokenRowsTest, LastUseIsSetAndDeletedTokenIsGone) {
  ASSERT_TRUE(Insert(Row("aaaa00000001", "ann")).ok());
  ASSERT_TRUE(store_
                  ->Write([](Transaction& txn) {
                    return txn.SetTokenLastUse("aaaa00000001", 1500);
                  })
                  .ok());
  EXPECT_EQ(Get("aaaa00000001")->last_use_time, std::optional<int64_t>(1500));
  ASSERT_TRUE(store_
                  ->Write([](Transaction& txn) {
                    return txn.DeleteToken("aaaa00000001");
                  })
                  .ok());
  EXPECT_FALSE(Get("aaaa00000001").has_value());
  for (auto write :
       {+[](Transaction& txn) { return txn.DeleteToken("aaaa00000001"); },
        +[](Transaction& txn) {
          return txn.SetTokenLastUse("aaaa00000001", 1);
        }}) {
    absl::Status status = store_->Write(write);
    EXPECT_TRUE(absl::IsNotFound(status)) << status;
  }
}

// A profile made later under the same id must not inherit old tokens.
TEST_F(TokenRowsTest, DeletingAProfileDeletesItsTokens) {
  ASSERT_TRUE(Insert(Row("aaaa00000001", "ann")).ok());
  ASSERT_TRUE(Insert(Row("bbbb00000002", "bob")).ok());
  ASSERT_TRUE(
      store_->Write([](Transaction& txn) { return txn.DeleteProfile("ann"); })
          .ok());
  EXPECT_EQ(ListedIds(), (std::vector<std::string>{"bbbb00000002"}));
}

}  // namespace
}  // namespace vita::store
