// Tests of server/domain/page_cache.cc.
#include "server/domain/page_cache.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/domain/record_keys.h"
#include "server/store/store.h"

namespace vita::domain {
namespace {

std::shared_ptr<const CachedPage> PageWithEtag(const std::string& etag) {
  v1::Page page;
  page.set_etag(etag);
  return CachedPage::Make(std::move(page));
}

TEST(CachedPageTest, KeepsThePageAndItsWireBytes) {
  v1::Page page;
  page.mutable_profile()->set_name("profiles/ann");
  page.set_etag("a");
  std::shared_ptr<const CachedPage> cached = CachedPage::Make(page);
  EXPECT_EQ(cached->page().profile().name(), "profiles/ann");
  EXPECT_EQ(cached->page().etag(), "a");
  // Field 1 (profile, 14 bytes: its field 1, name, 12 bytes), then field 4
  // (etag, 1 byte), as protobuf's wire format lays them out.
  EXPECT_EQ(cached->serialized(),
            std::string("\x0a\x0e\x0a\x0cprofiles/ann\x22\x01"
                        "a"));
}

TEST(PageCacheTest, KeepsInsertedPage) {
  PageCache cache;
  cache.Insert("ann", PageWithEtag("a"), cache.Generation());
  ASSERT_NE(cache.Find("ann"), nullptr);
  EXPECT_EQ(cache.Find("ann")->page().etag(), "a");
  EXPECT_EQ(cache.Find("bob"), nullptr);
}

TEST(PageCacheTest, InvalidateForgetsPage) {
  PageCache cache;
  cache.Insert("ann", PageWithEtag("a"), cache.Generation());
  cache.Invalidate("ann");
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheTest, PageReadBeforeAWriteIsNotKept) {
  PageCache cache;
  uint64_t generation = cache.Generation();  // a read begins
  cache.Invalidate("ann");                   // a write commits meanwhile
  cache.Insert("ann", PageWithEtag("stale"), generation);
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheTest, StaysBounded) {
  PageCache cache;
  for (size_t i = 0; i <= PageCache::kMaxPages; ++i) {
    cache.Insert("p" + std::to_string(i), PageWithEtag("x"),
                 cache.Generation());
  }
  size_t kept = 0;
  for (size_t i = 0; i <= PageCache::kMaxPages; ++i) {
    kept += cache.Find("p" + std::to_string(i)) != nullptr;
  }
  EXPECT_LE(kept, PageCache::kMaxPages);
  EXPECT_NE(cache.Find("p" + std::to_string(PageCache::kMaxPages)), nullptr);
}

TEST(PageCacheTest, KeepsAtMostItsByteBudgetOfSerializedPages) {
  PageCache cache;
  const std::string big(PageCache::kMaxBytes / 4, 'x');
  for (int i = 0; i < 5; ++i) {
    cache.Insert("p" + std::to_string(i), PageWithEtag(big),
                 cache.Generation());
  }
  size_t bytes = 0;
  for (int i = 0; i < 5; ++i) {
    if (auto page = cache.Find("p" + std::to_string(i))) {
      bytes += page->serialized().size();
    }
  }
  EXPECT_LE(bytes, PageCache::kMaxBytes);
  EXPECT_NE(cache.Find("p4"), nullptr);  // the latest is kept
}

TEST(PageCacheTest, ReplacingAPageDoesNotCountItTwice) {
  PageCache cache;
  const std::string big(PageCache::kMaxBytes / 3, 'x');
  cache.Insert("ann", PageWithEtag(big), cache.Generation());
  cache.Insert("bob", PageWithEtag(big), cache.Generation());
  // Ann's page, stored again, replaces her old one: 2/3 of the budget.
  cache.Insert("ann", PageWithEtag(big), cache.Generation());
  cache.Insert("ann", PageWithEtag(big), cache.Generation());
  EXPECT_NE(cache.Find("bob"), nullptr);
  EXPECT_NE(cache.Find("ann"), nullptr);
}

// Ann's news item `id`, its text its id, dated 2025-01-(28 - rank): the
// lower its rank, the newer it is and the earlier it comes in the list
// (record_keys.h), items of one rank by id.
v1::NewsItem News(const std::string& id, int rank,
                  const std::string& etag = "e") {
  v1::NewsItem item;
  item.set_name("profiles/ann/news/" + id);
  item.set_text(id);
  item.mutable_date()->set_year(2025);
  item.mutable_date()->set_month(1);
  item.mutable_date()->set_day(28 - rank);
  item.set_etag(etag);
  return item;
}

// A page of these news items (rank, id), in list order, kept for "ann".
void KeepNews(PageCache& cache,
              const std::vector<std::pair<int, std::string>>& items) {
  v1::Page page;
  page.mutable_profile()->set_display_name("Ann");
  for (const auto& [rank, id] : items) *page.add_news() = News(id, rank);
  page.set_etag(ComputePageEtag(page));
  cache.Insert("ann", CachedPage::Make(std::move(page)), cache.Generation());
}

// A committed row of Ann's news: News(id, rank, etag), with its sort key as
// every write stores it.
store::RowChange NewsRow(const std::string& id, int rank,
                         const std::string& etag = "e") {
  v1::NewsItem item = News(id, rank, etag);
  return {Collection::kNews,
          "ann",
          {id, NewsSortKey(item), item.SerializeAsString()},
          false};
}

store::RowChange Deleted(std::optional<Collection> collection,
                         const std::string& id) {
  return {collection, "ann", {id, "", ""}, true};
}

std::vector<std::string> NewsTexts(const CachedPage& page) {
  std::vector<std::string> texts;
  for (const v1::NewsItem& item : page.page().news()) {
    texts.push_back(item.text());
  }
  return texts;
}

TEST(PageCacheApplyTest, PutsANewItemInItsPlaceByItsSortKeyThenId) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}, {2, "c"}, {3, "e"}});
  cache.Apply({NewsRow("d", 2), NewsRow("b", 1)});
  std::shared_ptr<const CachedPage> page = cache.Find("ann");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(NewsTexts(*page),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(page->page().profile().display_name(), "Ann");
  // The etag and the bytes are the new page's.
  EXPECT_EQ(page->page().etag(), ComputePageEtag(page->page()));
  EXPECT_EQ(page->serialized(), page->page().SerializeAsString());
}

TEST(PageCacheApplyTest, MovesAnItemWhoseSortKeyChangedAndDropsADeletedOne) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}, {2, "b"}, {3, "c"}});
  const std::string before = cache.Find("ann")->page().etag();
  cache.Apply({NewsRow("a", 4, "e2"), Deleted(Collection::kNews, "b")});
  std::shared_ptr<const CachedPage> page = cache.Find("ann");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(NewsTexts(*page), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(page->page().news(1).etag(), "e2");
  EXPECT_NE(page->page().etag(), before);
}

TEST(PageCacheApplyTest, APageSomeoneHoldsStaysAsItWas) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  std::shared_ptr<const CachedPage> held = cache.Find("ann");
  const std::string bytes = held->serialized();
  cache.Apply({NewsRow("b", 2)});
  std::shared_ptr<const CachedPage> newer = cache.Find("ann");
  ASSERT_NE(newer, nullptr);
  EXPECT_EQ(NewsTexts(*newer), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(NewsTexts(*held), (std::vector<std::string>{"a"}));
  EXPECT_EQ(held->serialized(), bytes);
}

TEST(PageCacheApplyTest, AppliesEveryGroupSinceTheLastFindInCommitOrder) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  cache.Apply({NewsRow("b", 2)});
  cache.Apply({NewsRow("b", 0, "e2"), NewsRow("c", 3)});
  cache.Apply({Deleted(Collection::kNews, "a")});
  std::shared_ptr<const CachedPage> page = cache.Find("ann");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(NewsTexts(*page), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(page->page().news(0).etag(), "e2");
  EXPECT_EQ(page->page().etag(), ComputePageEtag(page->page()));
}

TEST(PageCacheApplyTest, ForgetsAPageNoOneReadsPastItsBoundOfChanges) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  for (size_t i = 0; i < PageCache::kMaxPending; ++i) {
    cache.Apply({NewsRow("b", 2, absl::StrCat("e", i))});
  }
  ASSERT_NE(cache.Find("ann"), nullptr);  // applies them all
  for (size_t i = 0; i <= PageCache::kMaxPending; ++i) {
    cache.Apply({NewsRow("b", 2, absl::StrCat("f", i))});
  }
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheApplyTest, APageInsertedAfterTheChangesDropsThemUnapplied) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  cache.Apply({NewsRow("b", 2)});
  // A read after the commit: it has "b" already, and must not get it twice.
  v1::Page page;
  *page.add_news() = News("a", 1);
  *page.add_news() = News("b", 2);
  cache.Insert("ann", CachedPage::Make(std::move(page)), cache.Generation());
  ASSERT_NE(cache.Find("ann"), nullptr);
  EXPECT_EQ(NewsTexts(*cache.Find("ann")),
            (std::vector<std::string>{"a", "b"}));
}

TEST(PageCacheApplyTest, CountsTheRowsWaitingInItsByteBudget) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  store::RowChange big = NewsRow("b", 2);
  big.row.body.append(PageCache::kMaxBytes, 'x');
  cache.Apply({big});
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheApplyTest, ReplacesTheProfile) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  v1::Profile profile;
  profile.set_display_name("Ann B.");
  cache.Apply(
      {{std::nullopt, "ann", {"ann", "", profile.SerializeAsString()}, false}});
  ASSERT_NE(cache.Find("ann"), nullptr);
  EXPECT_EQ(cache.Find("ann")->page().profile().display_name(), "Ann B.");
  EXPECT_EQ(NewsTexts(*cache.Find("ann")), (std::vector<std::string>{"a"}));
}

TEST(PageCacheApplyTest, PutsAnInsertedItemInItsPlace) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}, {3, "c"}});
  store::RowChange inserted = NewsRow("b", 2);
  inserted.inserted = true;
  cache.Apply({inserted});
  std::shared_ptr<const CachedPage> page = cache.Find("ann");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(NewsTexts(*page), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PageCacheApplyTest, KnowsThePagesSerializedSizeAfterEveryKindOfChange) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}, {2, "b"}, {3, "c"}});
  v1::Profile profile;
  profile.set_display_name(std::string(300, 'n'));  // a two-byte length
  store::RowChange inserted = NewsRow("d", 4, std::string(200, 'e'));
  inserted.inserted = true;
  v1::Publication publication;
  publication.set_name("profiles/ann/publications/p");
  publication.set_title("T");
  std::vector<std::vector<store::RowChange>> groups = {
      {inserted},
      {NewsRow("a", 5, "e2"), Deleted(Collection::kNews, "b")},
      {{std::nullopt, "ann", {"ann", "", profile.SerializeAsString()}, false}},
      {{Collection::kPublications,
        "ann",
        {"p", "", publication.SerializeAsString()},
        false,
        true}},
      {Deleted(Collection::kPublications, "p"),
       Deleted(Collection::kNews, "d")},
  };
  for (const std::vector<store::RowChange>& group : groups) {
    cache.Apply(group);
    std::shared_ptr<const CachedPage> page = cache.Find("ann");
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->byte_size(), page->page().ByteSizeLong());
    EXPECT_EQ(page->byte_size(), page->serialized().size());
  }
}

TEST(PageCacheApplyTest, ForgetsTheProfileDeleted) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  cache.Apply({Deleted(std::nullopt, "ann")});
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheApplyTest, ForgetsAPageARowCannotBeParsedInto) {
  PageCache cache;
  KeepNews(cache, {{1, "a"}});
  cache.Apply({{Collection::kNews, "ann", {"b", "2", "\xff"}, false}});
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheApplyTest, LeavesAPageThatIsNotKeptUnkept) {
  PageCache cache;
  cache.Apply({NewsRow("a", 1)});
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

TEST(PageCacheApplyTest, APageReadBeforeTheCommitIsNotKept) {
  PageCache cache;
  uint64_t generation = cache.Generation();  // a read begins
  cache.Apply({NewsRow("a", 1)});            // a write commits meanwhile
  cache.Insert("ann", PageWithEtag("stale"), generation);
  EXPECT_EQ(cache.Find("ann"), nullptr);
}

}  // namespace
}  // namespace vita::domain
