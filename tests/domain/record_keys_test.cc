// Tests of server/domain/record_keys.cc.
#include "server/domain/record_keys.h"

#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace vita::domain {
namespace {

v1::NewsItem News(int year, int month, bool pinned, int64_t created_seconds) {
  v1::NewsItem item;
  item.mutable_date()->set_year(year);
  item.mutable_date()->set_month(month);
  item.set_pinned(pinned);
  *item.mutable_create_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(created_seconds);
  return item;
}

v1::Publication Publication(int order, int year) {
  v1::Publication p;
  p.set_display_order(order);
  p.set_year(year);
  return p;
}

TEST(RecordKeysTest, EtagIgnoresItsOwnField) {
  v1::NewsItem item = News(2024, 3, false, 1);
  std::string etag = ComputeEtag(item);
  ASSERT_FALSE(etag.empty());
  item.set_etag("anything");
  EXPECT_EQ(ComputeEtag(item), etag);
}

TEST(RecordKeysTest, EtagChangesWithContent) {
  v1::NewsItem item = News(2024, 3, false, 1);
  std::string etag = ComputeEtag(item);
  item.set_text("changed");
  std::string changed = ComputeEtag(item);
  EXPECT_FALSE(etag.empty());
  EXPECT_FALSE(changed.empty());
  EXPECT_NE(changed, etag);
}

TEST(RecordKeysTest, NewerNewsSortsFirst) {
  EXPECT_LT(NewsSortKey(News(2024, 3, false, 1)),
            NewsSortKey(News(2023, 12, false, 1)));
  EXPECT_LT(NewsSortKey(News(2024, 3, false, 2)),
            NewsSortKey(News(2024, 3, false, 1)));
}

TEST(RecordKeysTest, PinnedNewsSortsBeforeNewer) {
  EXPECT_LT(NewsSortKey(News(2019, 1, true, 1)),
            NewsSortKey(News(2024, 3, false, 1)));
}

TEST(RecordKeysTest, PublicationsByDisplayOrderThenNewestYear) {
  EXPECT_LT(PublicationSortKey(Publication(-5, 2000)),
            PublicationSortKey(Publication(0, 2024)));
  EXPECT_LT(PublicationSortKey(Publication(1, 2024)),
            PublicationSortKey(Publication(2, 2025)));
  EXPECT_LT(PublicationSortKey(Publication(1, 2024)),
            PublicationSortKey(Publication(1, 2023)));
}

TEST(RecordKeysTest, PageEtagChangesWhenAnyPartChanges) {
  v1::Page page;
  page.mutable_profile()->set_etag("p");
  page.add_news()->set_etag("n");
  std::string etag = ComputePageEtag(page);
  page.mutable_news(0)->set_etag("n2");
  std::string changed = ComputePageEtag(page);
  EXPECT_FALSE(etag.empty());
  EXPECT_FALSE(changed.empty());
  EXPECT_NE(changed, etag);
}

}  // namespace
}  // namespace vita::domain
