// The render cache (server/publish/render_cache.h): what it composes from
// memoized records is what the uncached functions print, byte for byte.
#include "server/publish/render_cache.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/record_keys.h"
#include "server/publish/feeds.h"
#include "server/publish/page_document.h"
#include "tests/support/page_json.h"
#include "tests/support/server_process.h"

namespace vita::publish {
namespace {

using vita::test_records::PageFromJson;

v1::Page DemoPage() {
  std::ifstream in(vita::testing::SourceDir() + "/deploy/demo/hexu-zhao.json");
  std::stringstream text;
  text << in.rdbuf();
  return PageFromJson(text.str());
}

// Escapes that the printer and a hand-made one could disagree on.
constexpr char kTrickyPage[] = R"json({"profile":{"name":"profiles/ada",
  "displayName":"Ada \"<Lovelace>\" & Co \u00e9\u2028\ud83d\ude00",
  "bio":"Line\nbreak\ttab \\ back"},
  "news":[{"name":"profiles/ada/news/n1","text":"</script><!-- x",
    "date":{"year":2024,"month":3},"pinned":true},
    {"name":"profiles/ada/news/n2","text":""}],
  "etag":"e\"<1>"})json";

void ExpectSameJson(RenderCache& cache, const v1::Page& page) {
  absl::StatusOr<std::string> cached = cache.PageJson(page);
  absl::StatusOr<std::string> printed = PageJson(page);
  ASSERT_TRUE(cached.ok()) << cached.status();
  ASSERT_TRUE(printed.ok()) << printed.status();
  EXPECT_EQ(*cached, *printed);
}

TEST(RenderCache, PageJsonIsThePrintersOutputForTheDemoAndTrickyPages) {
  RenderCache cache;
  ExpectSameJson(cache, DemoPage());
  ExpectSameJson(cache, PageFromJson(kTrickyPage));
}

TEST(RenderCache, PageJsonLeavesOutEmptyPartsAsThePrinterDoes) {
  RenderCache cache;
  v1::Page demo = DemoPage();
  ExpectSameJson(cache, v1::Page());
  v1::Page no_profile = demo;
  no_profile.clear_profile();
  ExpectSameJson(cache, no_profile);
  v1::Page no_news = demo;
  no_news.clear_news();
  ExpectSameJson(cache, no_news);
  v1::Page no_publications = demo;
  no_publications.clear_publications();
  ExpectSameJson(cache, no_publications);
  v1::Page with_and_without_etag = demo;
  with_and_without_etag.set_etag("etag");
  ExpectSameJson(cache, with_and_without_etag);
  with_and_without_etag.clear_etag();
  ExpectSameJson(cache, with_and_without_etag);
  v1::Page etag_only;
  etag_only.set_etag("only");
  ExpectSameJson(cache, etag_only);
}

TEST(RenderCache, RecordsOfTwoTypesWithTheSameBytesKeepTheirOwnJson) {
  // Profile.name_variants and NewsItem.text are both field 3, a string.
  v1::Page page = PageFromJson(
      R"json({"profile":{"nameVariants":["hi"]},"news":[{"text":"hi"}]})json");
  ASSERT_EQ(page.profile().SerializeAsString(),
            page.news(0).SerializeAsString());
  RenderCache cache;
  ExpectSameJson(cache, page);
}

TEST(RenderCache, ARecordThatChangedIsPrintedAfreshInLaterRounds) {
  RenderCache cache;
  v1::Page page = DemoPage();
  ASSERT_GT(page.news_size(), 0);
  ExpectSameJson(cache, page);
  cache.EndRound();
  page.mutable_news(0)->set_text("Changed *text*");
  page.mutable_profile()->set_headline("Changed headline");
  ExpectSameJson(cache, page);
  cache.EndRound();
  cache.EndRound();  // a round that used nothing: the entries are gone
  page.mutable_news(0)->set_text("Changed again");
  ExpectSameJson(cache, page);
}

// As the store returns them: each record with the etag ComputeEtag gives it.
void SetEtags(v1::Page* page) {
  page->mutable_profile()->clear_etag();
  page->mutable_profile()->set_etag(domain::ComputeEtag(page->profile()));
  for (v1::NewsItem& item : *page->mutable_news()) {
    item.clear_etag();
    item.set_etag(domain::ComputeEtag(item));
  }
  for (v1::Publication& publication : *page->mutable_publications()) {
    publication.clear_etag();
    publication.set_etag(domain::ComputeEtag(publication));
  }
}

TEST(RenderCache, RecordsWithEtagsArePrintedAfreshWhenTheStoreGivesANewOne) {
  RenderCache cache;
  v1::Page page = DemoPage();
  SetEtags(&page);
  ExpectSameJson(cache, page);
  cache.EndRound();
  ExpectSameJson(cache, page);  // every record from the cache
  cache.EndRound();
  page.mutable_news(0)->set_text("Changed *text*");
  page.mutable_publications(0)->set_title("Changed title");
  page.mutable_profile()->set_headline("Changed headline");
  SetEtags(&page);
  ExpectSameJson(cache, page);
  cache.EndRound();
  // Two items with one etag (equal but for their names) keep their names.
  v1::NewsItem twin = page.news(0);
  twin.set_name(page.news(0).name() + "-twin");
  *page.add_news() = twin;
  ExpectSameJson(cache, page);
}

TEST(RenderCache, MarkdownToHtmlIsTheUncachedRenderingAcrossRounds) {
  RenderCache cache;
  for (const char* markdown :
       {"*a* [b](https://x.org)", "<b>raw</b>", "*a* [b](https://x.org)", ""}) {
    EXPECT_EQ(cache.MarkdownToHtml(markdown), MarkdownToHtml(markdown))
        << markdown;
    cache.EndRound();
  }
}

TEST(RenderCache, MarkdownAsJsonAndAsTextAreTheUncachedRenderings) {
  RenderCache cache;
  for (const char* markdown : {"*a* [b](https://x.org) \"q\" </script>",
                               "<b>raw</b>\n\nline \u2028", ""}) {
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(cache.MarkdownToHtmlJson(markdown),
                JsonString(MarkdownToHtml(markdown)))
          << markdown;
      EXPECT_EQ(cache.MarkdownToText(markdown), MarkdownToText(markdown))
          << markdown;
      cache.EndRound();
    }
  }
}

// The pages the feed and document tests render through one cache, in this
// order: the demo and the tricky page without etags, then with the store's
// etags, then with a news item changed (a new etag), and a twin item.
std::vector<v1::Page> PagesInTurn() {
  std::vector<v1::Page> pages = {DemoPage(), PageFromJson(kTrickyPage)};
  for (int i = 0; i < 2; ++i) {
    v1::Page page = pages[i];
    SetEtags(&page);
    pages.push_back(page);
    page.mutable_news(0)->set_text("Changed *text* </script>");
    SetEtags(&page);
    pages.push_back(page);
    v1::NewsItem twin = page.news(0);
    twin.set_name(page.news(0).name() + "-twin");
    *page.add_news() = twin;
    pages.push_back(page);
  }
  return pages;
}

TEST(RenderCache, NewsFeedRenderedThroughTheCacheIsTheUncachedFeed) {
  RenderCache cache;
  for (const v1::Page& page : PagesInTurn()) {
    for (int round = 0; round < 2; ++round) {
      // Two sites: each entry's URLs are the site's.
      for (const char* site : {"https://ada.example.org", ""}) {
        EXPECT_EQ(NewsAtom("ada", page, {site}, &cache),
                  NewsAtom("ada", page, {site}));
      }
      cache.EndRound();
    }
  }
}

TEST(RenderCache, DocumentRenderedThroughTheCacheIsTheUncachedDocument) {
  RenderCache cache;
  for (const v1::Page& page : PagesInTurn()) {
    std::string json = *PageJson(page);
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(RenderDocument("<html><head></head><body><script></script>",
                               "hexu-zhao", page, json, {}, &cache),
                RenderDocument("<html><head></head><body><script></script>",
                               "hexu-zhao", page, json, {}));
      cache.EndRound();
    }
  }
}

}  // namespace
}  // namespace vita::publish
