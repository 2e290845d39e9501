// Tests of server/domain/page_token.cc.
#include "server/domain/page_token.h"

#include "gtest/gtest.h"

namespace vita::domain {
namespace {

TEST(PageTokenTest, RoundTrips) {
  std::string token = EncodePageToken("profiles/ann", {"0-123", "p1"});
  auto cursor = DecodePageToken("profiles/ann", token);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  ASSERT_TRUE(cursor->has_value());
  EXPECT_EQ((*cursor)->sort_key, "0-123");
  EXPECT_EQ((*cursor)->id, "p1");
}

TEST(PageTokenTest, EmptyMeansFirstPage) {
  auto cursor = DecodePageToken("profiles/ann", "");
  ASSERT_TRUE(cursor.ok());
  EXPECT_FALSE(cursor->has_value());
}

TEST(PageTokenTest, TokenOfAnotherListIsRefused) {
  std::string token = EncodePageToken("profiles/ann", {"k", "p1"});
  auto cursor = DecodePageToken("profiles/bob", token);
  EXPECT_TRUE(absl::IsInvalidArgument(cursor.status()));
  EXPECT_EQ(std::string(cursor.status().message()),
            "page_token: is not a next_page_token of a previous list of "
            "profiles/bob");
}

TEST(PageTokenTest, GarbageIsRefused) {
  EXPECT_FALSE(DecodePageToken("profiles/ann", "not a token!").ok());
  EXPECT_FALSE(DecodePageToken("profiles/ann", "YWJj").ok());
}

TEST(PageTokenTest, PageSizeDefaultsAndLimits) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(kMaxPageSize + 1), kMaxPageSize);
  EXPECT_TRUE(absl::IsInvalidArgument(EffectivePageSize(-1).status()));
}

}  // namespace
}  // namespace vita::domain
