// The news feed, sitemaps and robots.txt (server/publish/feeds.h), written
// by libxml2's xmlwriter.
#include "server/publish/feeds.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/page_json.h"

namespace vita::publish {
namespace {

using testing::HasSubstr;
using testing::Not;

using vita::test_records::PageFromJson;

constexpr char kPage[] = R"json({"profile":{"name":"profiles/ada",
  "displayName":"Ada & <Co>","updateTime":"2024-01-01T00:00:00Z"},
  "news":[{"name":"profiles/ada/news/n1","text":"Joined *Analytical* <b>Co</b> & \"friends\"",
    "createTime":"2024-02-01T10:00:00Z","updateTime":"2024-03-01T10:00:00Z"}],
  "publications":[{"name":"profiles/ada/publications/p1","title":"T",
    "updateTime":"2024-04-01T00:00:00Z"}]})json";

TEST(NewsAtom, IsAnAtomFeedWithStableEntryIdsAndTheRecordTimes) {
  EXPECT_EQ(
      NewsAtom("ada", PageFromJson(kPage), {"https://ada.example.org"}),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "  <id>https://ada.example.org/p/ada</id>\n"
      "  <title>Ada &amp; &lt;Co&gt;: news</title>\n"
      "  <updated>2024-03-01T10:00:00Z</updated>\n"
      "  <author>\n"
      "    <name>Ada &amp; &lt;Co&gt;</name>\n"
      "    <uri>https://ada.example.org/p/ada</uri>\n"
      "  </author>\n"
      "  <link rel=\"alternate\" type=\"text/html\" "
      "href=\"https://ada.example.org/p/ada\"/>\n"
      "  <link rel=\"self\" type=\"application/atom+xml\" "
      "href=\"https://ada.example.org/p/ada/news.atom\"/>\n"
      "  <entry>\n"
      "    <id>https://ada.example.org/p/ada#news-n1</id>\n"
      "    <title>Joined Analytical &lt;b&gt;Co&lt;/b&gt; &amp; "
      "&quot;friends&quot;</title>\n"
      "    <updated>2024-03-01T10:00:00Z</updated>\n"
      "    <published>2024-02-01T10:00:00Z</published>\n"
      "    <link rel=\"alternate\" type=\"text/html\" "
      "href=\"https://ada.example.org/p/ada\"/>\n"
      "    <content type=\"html\">&lt;p&gt;Joined &lt;em&gt;Analytical&lt;/"
      "em&gt; &lt;!-- raw HTML omitted --&gt;Co&lt;!-- raw HTML omitted "
      "--&gt; &amp;amp; &amp;quot;friends&amp;quot;&lt;/p&gt;\n"
      "</content>\n"
      "  </entry>\n"
      "</feed>\n");
}

TEST(NewsAtom, WithoutAPublicUrlNamesFeedAndEntriesByUrn) {
  std::string feed = NewsAtom("ada", PageFromJson(kPage), {});
  EXPECT_THAT(feed, HasSubstr("<id>urn:vita:profiles/ada</id>"));
  EXPECT_THAT(feed, HasSubstr("<id>urn:vita:profiles/ada/news/n1</id>"));
  EXPECT_THAT(feed, HasSubstr("href=\"/p/ada/news.atom\""));
}

TEST(NewsAtom, HoldsOnlyThePagesFirstFiftyItemsAndTheirNewestUpdate) {
  v1::Page page = PageFromJson(kPage);
  page.mutable_profile()->clear_update_time();
  page.mutable_news()->Clear();
  for (int i = 0; i <= kFeedEntries; ++i) {  // one more than the feed holds
    v1::NewsItem* item = page.add_news();
    item->set_name(absl::StrCat("profiles/ada/news/n", i));
    item->set_text(absl::StrCat("Item ", i));
    // The item left out is the most recently updated one.
    item->mutable_update_time()->set_seconds(
        i == kFeedEntries ? 2000000000 : 1700000000 + i);
  }
  std::string feed = NewsAtom("ada", page, {});
  EXPECT_THAT(feed, HasSubstr("<id>urn:vita:profiles/ada/news/n0</id>"));
  EXPECT_THAT(feed, HasSubstr("<id>urn:vita:profiles/ada/news/n49</id>"));
  EXPECT_THAT(feed, Not(HasSubstr("<id>urn:vita:profiles/ada/news/n50</id>")));
  size_t entries = 0;
  for (size_t at = feed.find("<entry>"); at != std::string::npos;
       at = feed.find("<entry>", at + 1)) {
    ++entries;
  }
  EXPECT_EQ(entries, kFeedEntries);
  // 1700000049 s, the newest update among the entries.
  EXPECT_THAT(feed, HasSubstr("<updated>2023-11-14T22:14:09Z</updated>"));
}

TEST(ProfileSitemap, ListsTheProfilePageAndEachPaperPageWithLastmod) {
  EXPECT_EQ(
      ProfileSitemap("ada", PageFromJson(kPage), {"https://ada.example.org"}),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
      "  <url>\n"
      "    <loc>https://ada.example.org/p/ada</loc>\n"
      "    <lastmod>2024-04-01T00:00:00Z</lastmod>\n"
      "  </url>\n"
      "  <url>\n"
      "    <loc>https://ada.example.org/p/ada/pub/p1</loc>\n"
      "    <lastmod>2024-04-01T00:00:00Z</lastmod>\n"
      "  </url>\n"
      "</urlset>\n");
}

TEST(SitemapIndex, NamesEachProfilesSitemap) {
  EXPECT_EQ(SitemapIndex({"ada", "bob"}, {"https://x.org"}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sitemapindex "
            "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            "  <sitemap>\n"
            "    <loc>https://x.org/p/ada/sitemap.xml</loc>\n"
            "  </sitemap>\n"
            "  <sitemap>\n"
            "    <loc>https://x.org/p/bob/sitemap.xml</loc>\n"
            "  </sitemap>\n"
            "</sitemapindex>\n");
}

TEST(RobotsTxt, AllowsAllAndNamesTheSitemap) {
  EXPECT_EQ(RobotsTxt({"https://x.org"}),
            "User-agent: *\nAllow: /\nSitemap: https://x.org/sitemap.xml\n");
}

}  // namespace
}  // namespace vita::publish
