#include "server/publish/page_document.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/page_json.h"

namespace vita::publish {
namespace {

using vita::test_records::PageFromJson;

TEST(EscapeHtml, WritesTheFiveSpecialCharactersAsReferences) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("caf\u00e9 \U0001F600"), "caf\u00e9 \U0001F600");
}

TEST(JsonString, EscapesAsJsonStringifyDoes) {
  EXPECT_EQ(JsonString("a\"b\\c\nd\te\x01 \u2028 \U0001D518"),
            "\"a\\\"b\\\\c\\nd\\te\\u0001 \u2028 \U0001D518\"");
}

TEST(EscapeJsonForScript, WritesEveryLessThanAsUnicodeEscape) {
  EXPECT_EQ(EscapeJsonForScript(R"({"a":"</script><!--"})"),
            R"({"a":"\u003c/script>\u003c!--"})");
}

TEST(MarkdownToHtml, OmitsRawHtmlAndEmptiesUnsafeLinks) {
  EXPECT_EQ(
      MarkdownToHtml("**b** <b onclick=x>raw</b> [j](javascript:alert(1))"),
      "<p><strong>b</strong> <!-- raw HTML omitted -->raw<!-- raw HTML "
      "omitted --> <a href=\"\" rel=\"noopener noreferrer\">j</a></p>\n");
}

TEST(MarkdownToHtml, MarksLinksOffThisOriginNoopener) {
  EXPECT_EQ(MarkdownToHtml("[a](https://x.org/) [b](/p/me) [c](mailto:a@b.c)"),
            "<p><a href=\"https://x.org/\" rel=\"noopener noreferrer\">a</a> "
            "<a href=\"/p/me\">b</a> <a href=\"mailto:a@b.c\">c</a></p>\n");
}

TEST(MarkdownToHtml, ShowsAPictureAsALinkWithoutLoadingIt) {
  EXPECT_EQ(MarkdownToHtml("![cat](https://x.org/c.png)"),
            "<p>!<a href=\"https://x.org/c.png\" rel=\"noopener "
            "noreferrer\">cat</a></p>\n");
}

TEST(MarkdownToText, IsThePlainTextWithWhiteSpaceCollapsed) {
  EXPECT_EQ(MarkdownToText("# Hi\n\nI *am* [here](https://x.org).\nNext  "
                           "line\u00a0<b>x</b>\n\n- one\n- two"),
            "Hi I am here. Next line <b>x</b> one two");
}

TEST(HeadTags, DescribesAProfileWithoutAPublicUrl) {
  v1::Page page = PageFromJson(R"json({"profile":{
    "name":"profiles/ada","displayName":"Ada <L>","nameVariants":["A. L.","Ada <L>"],
    "headline":"Countess","affiliation":"Analytical & Co",
    "photo":{"url":"/assets/ada.png"},"bio":"Wrote *the* first program.",
    "emails":[{"address":"ada@example.org","kind":"WORK"}],
    "links":[{"kind":"GITHUB","url":"HTTPS://GitHub.com"},
             {"kind":"CV","url":"https://example.org/cv.pdf"},
             {"kind":"OTHER","url":"javascript:alert(1)"}]}})json");
  EXPECT_EQ(
      HeadTags("ada", page, {}),
      "<title>Ada &lt;L&gt; \u2013 Countess, Analytical &amp; Co</title>\n"
      "<meta name=\"description\" content=\"Wrote the first program.\">\n"
      "<meta property=\"og:type\" content=\"profile\">\n"
      "<meta property=\"og:title\" content=\"Ada &lt;L&gt;\">\n"
      "<meta property=\"og:description\" content=\"Wrote the first "
      "program.\">\n"
      "<meta property=\"og:image\" content=\"/assets/ada.png\">\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ada "
      "&lt;L&gt;: news\" href=\"/p/ada/news.atom\">\n"
      "<script type=\"application/ld+json\" id=\"person-jsonld\">"
      "{\"@context\":\"https://schema.org\",\"@type\":\"ProfilePage\","
      "\"mainEntity\":{\"@type\":\"Person\","
      "\"name\":\"Ada \\u003cL>\",\"alternateName\":[\"A. L.\"],"
      "\"jobTitle\":\"Countess\",\"affiliation\":{\"@type\":\"Organization\","
      "\"name\":\"Analytical & Co\"},\"description\":\"Wrote the first "
      "program.\",\"image\":\"/assets/ada.png\",\"email\":\"ada@example.org\","
      "\"sameAs\":[\"https://github.com/\"]}}</script>\n");
}

TEST(HeadTags, AddsOgUrlOnlyWithAPublicUrlAndCutsALongDescription) {
  std::string bio(310, 'x');
  v1::Page page = PageFromJson(absl::StrCat(
      R"({"profile":{"name":"profiles/b","bio":")", bio, R"("}})"));
  std::string head = HeadTags("b", page, {"https://b.example"});
  EXPECT_THAT(head, testing::HasSubstr("<title>b</title>\n"));
  EXPECT_THAT(head, testing::HasSubstr("<meta property=\"og:url\" "
                                       "content=\"https://b.example/p/b\">\n"));
  EXPECT_THAT(head, testing::HasSubstr(
                        absl::StrCat("<meta name=\"description\" content=\"",
                                     std::string(297, 'x'), "\u2026\">")));
  EXPECT_THAT(head, testing::HasSubstr("\"url\":\"https://b.example/p/b\""));
  EXPECT_THAT(head, testing::HasSubstr(
                        "<link rel=\"alternate\" type=\"application/atom+xml\" "
                        "title=\"b: news\" "
                        "href=\"https://b.example/p/b/news.atom\">\n"));
  EXPECT_THAT(HeadTags("b", page, {}),
              testing::Not(testing::HasSubstr("og:url")));
}

TEST(RenderDocument, ReplacesTheTemplatesHeadTagsAtTheMarkers) {
  v1::Page page = PageFromJson(
      R"({"profile":{"name":"profiles/c","displayName":"C","bio":"<i>"}})");
  std::string html = RenderDocument(
      "<head>\n  <title>Vita</title>\n  <meta name=\"description\" "
      "content=\"x\">\n  <meta property=\"og:title\" content=\"Vita\">\n"
      "  <!-- vita:head -->\n  <!-- vita:data -->\n  <script "
      "src=\"/app.js\"></script>\n</head>",
      "c", page, R"({"profile":{"bio":"<i>"}})", {});
  EXPECT_EQ(html,
            "<head>\n  <title>C</title>\n"
            "<meta name=\"description\" content=\"&lt;i&gt;\">\n"
            "<meta property=\"og:type\" content=\"profile\">\n"
            "<meta property=\"og:title\" content=\"C\">\n"
            "<meta property=\"og:description\" content=\"&lt;i&gt;\">\n"
            "<link rel=\"alternate\" type=\"application/atom+xml\" "
            "title=\"C: news\" href=\"/p/c/news.atom\">\n"
            "<script type=\"application/ld+json\" id=\"person-jsonld\">"
            "{\"@context\":\"https://schema.org\",\"@type\":\"ProfilePage\","
            "\"mainEntity\":{\"@type\":\"Person\","
            "\"name\":\"C\",\"description\":\"\\u003ci>\"}}</script>\n\n"
            "  <script type=\"application/json\" id=\"vita-page\">"
            "{\"page\":{\"profile\":{\"bio\":\"\\u003ci>\"}},\"html\":"
            "{\"profiles/c#bio\":\"\\u003c!-- raw HTML omitted -->\\n\"}}"
            "</script>\n\n  <script src=\"/app.js\"></script>\n</head>");
}

TEST(RenderDocument, WithoutMarkersInsertsBeforeHeadEndAndFirstScript) {
  v1::Page page = PageFromJson(R"({"profile":{"name":"profiles/d"}})");
  std::string html = RenderDocument(
      "<head><script src=\"/a.js\"></script></head>", "d", page, "{}", {});
  EXPECT_EQ(html,
            "<head><script type=\"application/json\" id=\"vita-page\">"
            "{\"page\":{},\"html\":{}}</script>\n"
            "<script src=\"/a.js\"></script><title>d</title>\n"
            "<meta name=\"description\" content=\"d\">\n"
            "<meta property=\"og:type\" content=\"profile\">\n"
            "<meta property=\"og:title\" content=\"d\">\n"
            "<meta property=\"og:description\" content=\"d\">\n"
            "<link rel=\"alternate\" type=\"application/atom+xml\" "
            "title=\"d: news\" href=\"/p/d/news.atom\">\n"
            "<script type=\"application/ld+json\" id=\"person-jsonld\">"
            "{\"@context\":\"https://schema.org\",\"@type\":\"ProfilePage\","
            "\"mainEntity\":{\"@type\":\"Person\",\"name\":\"d\"}}</script>\n"
            "</head>");
}

TEST(DataScript, CarriesThePageAndItsRenderedMarkdownButNoBibtex) {
  v1::Page page = PageFromJson(R"json({"publications":[{
    "name":"profiles/e/publications/x","title":"A <b> & C",
    "authors":[{"name":"Ada"}],"venue":"V","status":"PUBLISHED","year":2020}]})json");
  EXPECT_EQ(DataScript(page, "{\"t\":\"<b>\"}"),
            "<script type=\"application/json\" id=\"vita-page\">"
            "{\"page\":{\"t\":\"\\u003cb>\"},\"html\":{}}</script>\n");
}

}  // namespace
}  // namespace vita::publish
