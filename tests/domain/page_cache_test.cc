// Tests of server/domain/page_cache.cc.
#include "server/domain/page_cache.h"

#include "gtest/gtest.h"

namespace vita::domain {
namespace {

std::shared_ptr<const v1::Page> PageWithEtag(const std::string& etag) {
  auto page = std::make_shared<v1::Page>();
  page->set_etag(etag);
  return page;
}

TEST(PageCacheTest, KeepsInsertedPage) {
  PageCache cache;
  cache.Insert("ann", PageWithEtag("a"), cache.Generation());
  ASSERT_NE(cache.Find("ann"), nullptr);
  EXPECT_EQ(cache.Find("ann")->etag(), "a");
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

}  // namespace
}  // namespace vita::domain
