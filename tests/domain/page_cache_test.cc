// Tests of server/domain/page_cache.cc.
#include "server/domain/page_cache.h"

#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace vita::domain
