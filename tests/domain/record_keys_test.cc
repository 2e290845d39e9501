// Tests of server/domain/record_keys.cc.
#include "server/domain/record_keys.h"

#include <string>
#include <vector>

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

TEST(RecordKeysTest, PublicationKeysArePinnedByOrderThenNewestDateFirst) {
  struct Case {
    int order, year, month, day;
    const char* key;
  } cases[] = {
      {1, 2020, 0, 0, "0-0000000001"}, {2, 2025, 0, 0, "0-0000000002"},
      {0, 0, 0, 0, "1-00000000"},     // year unknown: newer than any
      {0, 2025, 3, 9, "1-79749690"},  // 99999999 - 20250309
      {0, 2025, 3, 0, "1-79749698"},  // no day: the first
      {0, 2025, 0, 0, "1-79749898"},  // no month: January 1
      {0, 2025, 1, 1, "1-79749898"},  // the same as no month
      {0, 2024, 12, 31, "1-79758768"},
  };
  for (const Case& c : cases) {
    v1::Publication p = Publication(c.order, c.year);
    if (c.month != 0) {
      p.mutable_date()->set_year(c.year);
      p.mutable_date()->set_month(c.month);
      p.mutable_date()->set_day(c.day);
    }
    EXPECT_EQ(PublicationSortKey(p), c.key)
        << c.order << " " << c.year << "-" << c.month << "-" << c.day;
  }
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
