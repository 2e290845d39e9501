// The paper page of /p/{profile}/pub/{publication}: Google Scholar's
// Highwire tags, the ScholarlyArticle JSON-LD and the shown BibTeX.
#include "server/publish/paper_page.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/page_json.h"

namespace vita::publish {
namespace {

using testing::HasSubstr;
using testing::Not;

using vita::test_records::CanonicalJson;
using vita::test_records::PageFromJson;
using vita::test_records::PublicationFromJson;

// A conference paper with every field Google Scholar reads.
constexpr char kFullPage[] = R"json({"profile":{"name":"profiles/ada",
  "displayName":"Ada Lovelace"},
  "publications":[{"name":"profiles/ada/publications/ada-2024-engines",
    "title":"Analytical Engines at Scale","citationKey":"ada2024engines",
    "authors":[{"name":"Ada Lovelace","isOwner":true},
               {"name":"Charles Babbage","url":"https://cb.example.org/"},
               {"name":"Mary Somerville","equalContribution":true}],
    "venue":"Conference on Engines (CoE 2024)","type":"CONFERENCE_PAPER",
    "status":"PUBLISHED","year":2024,"date":{"year":2024,"month":3,"day":5},
    "doi":"10.1145/3620666.3651380","arxivId":"2406.18533",
    "abstract":"We scale engines.",
    "links":[{"kind":"CODE","url":"https://github.com/ada/engines"},
             {"kind":"PDF","url":"/assets/papers/engines.pdf"},
             {"kind":"PDF","url":"https://other.example.org/second.pdf"}]}]})json";

DocumentOptions Public() { return {"https://ada.example.org"}; }

TEST(CitationTags, NameEveryGoogleScholarFieldOfAFullConferencePaper) {
  v1::Page page = PageFromJson(kFullPage);
  EXPECT_EQ(
      CitationTags("ada", page.publications(0), Public()),
      "<meta name=\"citation_title\" content=\"Analytical Engines at "
      "Scale\">\n"
      "<meta name=\"citation_author\" content=\"Ada Lovelace\">\n"
      "<meta name=\"citation_author\" content=\"Charles Babbage\">\n"
      "<meta name=\"citation_author\" content=\"Mary Somerville\">\n"
      "<meta name=\"citation_publication_date\" content=\"2024/03/05\">\n"
      "<meta name=\"citation_conference_title\" content=\"Conference on "
      "Engines (CoE 2024)\">\n"
      "<meta name=\"citation_pdf_url\" "
      "content=\"https://ada.example.org/assets/papers/engines.pdf\">\n"
      "<meta name=\"citation_doi\" content=\"10.1145/3620666.3651380\">\n"
      "<meta name=\"citation_arxiv_id\" content=\"2406.18533\">\n"
      "<meta name=\"citation_abstract_html_url\" "
      "content=\"https://ada.example.org/p/ada/pub/ada-2024-engines\">\n");
}

TEST(CitationTags, OfAFewFieldsPaperAreTitleAndAuthorsOnly) {
  v1::Publication notes = PublicationFromJson(R"json({
    "name":"profiles/ada/publications/notes","title":"Notes",
    "authors":[{"name":"Ada Lovelace"}],"status":"PREPRINT"})json");
  EXPECT_EQ(CitationTags("ada", notes, {}),
            "<meta name=\"citation_title\" content=\"Notes\">\n"
            "<meta name=\"citation_author\" content=\"Ada Lovelace\">\n");
}

struct ContainerCase {
  std::string name;
  std::string publication_json;
  std::string expected_tag;
};

class CitationContainer : public testing::TestWithParam<ContainerCase> {};

TEST_P(CitationContainer, NamesTheVenueByThePublicationType) {
  v1::Publication paper = PublicationFromJson(absl::StrCat(
      R"json({"name":"profiles/ada/publications/x",
      "title":"T","authors":[{"name":"A"}],"status":"PUBLISHED","year":2020,
      "venue":"V",)json",
      GetParam().publication_json, "}"));
  EXPECT_THAT(CitationTags("ada", paper, {}),
              HasSubstr(absl::StrCat("<meta name=\"", GetParam().expected_tag,
                                     "\" content=\"V\">\n")));
}

INSTANTIATE_TEST_SUITE_P(
    Types, CitationContainer,
    testing::Values(
        ContainerCase{"Journal", R"("type":"JOURNAL_ARTICLE")",
                      "citation_journal_title"},
        ContainerCase{"Workshop", R"("type":"WORKSHOP_PAPER")",
                      "citation_conference_title"},
        ContainerCase{"Thesis", R"("type":"THESIS")",
                      "citation_dissertation_institution"},
        ContainerCase{"Report", R"("type":"TECHNICAL_REPORT")",
                      "citation_technical_report_institution"},
        ContainerCase{"UntypedArticleEntry",
                      R"("bibtex":"@article{x,\n  journal = {V},\n}\n")",
                      "citation_journal_title"},
        ContainerCase{"UntypedThesisEntry",
                      R"("bibtex":"@phdthesis{x,\n  school = {V},\n}\n")",
                      "citation_dissertation_institution"}),
    [](const testing::TestParamInfo<ContainerCase>& info) {
      return info.param.name;
    });

TEST(CitationTags, LeaveOutTheVenueOfATalk) {
  v1::Publication talk = PublicationFromJson(R"json({
    "name":"profiles/ada/publications/x","title":"T","authors":[{"name":"A"}],
    "status":"PUBLISHED","year":2020,"venue":"V","type":"TALK"})json");
  EXPECT_THAT(CitationTags("ada", talk, {}), Not(HasSubstr("V\"")));
}

TEST(PaperPath, IsTheUrlPathOfAPublicationName) {
  EXPECT_EQ(PaperPath("profiles/ada/publications/x-1"), "/p/ada/pub/x-1");
  EXPECT_EQ(PaperPath("profiles/ada/news/x"), "");
  EXPECT_EQ(PaperPath(""), "");
  EXPECT_EQ(CitePath("profiles/ada/publications/x-1"),
            "/p/ada/pub/x-1/cite.bib");
  EXPECT_EQ(CitePath("profiles/ada/news/x"), "");
}

TEST(ScholarlyArticleJson, IsTheArticleWithAuthorsDateVenueAndIdentifiers) {
  v1::Page page = PageFromJson(kFullPage);
  EXPECT_EQ(CanonicalJson(ScholarlyArticleJson("ada", page,
                                               page.publications(0), Public())),
            CanonicalJson(R"json({
    "@context":"https://schema.org","@type":"ScholarlyArticle",
    "headline":"Analytical Engines at Scale",
    "name":"Analytical Engines at Scale",
    "author":[{"@type":"Person","name":"Ada Lovelace"},
      {"@type":"Person","name":"Charles Babbage","url":"https://cb.example.org/"},
      {"@type":"Person","name":"Mary Somerville"}],
    "datePublished":"2024-03-05",
    "isPartOf":{"@type":"CreativeWork","name":"Conference on Engines (CoE 2024)"},
    "abstract":"We scale engines.",
    "url":"https://ada.example.org/p/ada/pub/ada-2024-engines",
    "sameAs":["https://doi.org/10.1145/3620666.3651380",
              "https://arxiv.org/abs/2406.18533"]})json"));
}

TEST(RenderPaperPage, ShowsThePaperAndItsBibtexAsVitaPubExportWritesIt) {
  v1::Page page = PageFromJson(kFullPage);
  std::string html = RenderPaperPage(
      "<head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"/i.svg\">"
      "<style>p{color:red}</style><script>x()</script></head>",
      "ada", page, page.publications(0), Public());
  EXPECT_THAT(html, HasSubstr("<title>Analytical Engines at Scale \u2013 Ada "
                              "Lovelace</title>"));
  EXPECT_THAT(html, HasSubstr("<link rel=\"icon\" href=\"/i.svg\">\n"
                              "<style>p{color:red}</style>\n</head>"));
  EXPECT_THAT(html, Not(HasSubstr("x()")));
  EXPECT_THAT(html, HasSubstr("<p class=\"publication-authors\"><u "
                              "class=\"author owner\">Ada Lovelace</u>, <a "
                              "class=\"author\" href=\"https://"
                              "cb.example.org/\" rel=\"noopener "
                              "noreferrer\">Charles Babbage</a>, <span "
                              "class=\"author\">Mary Somerville*</span></p>"));
  EXPECT_THAT(html, HasSubstr("<pre class=\"bibtex\"><code>"
                              "@inproceedings{ada2024engines,\n"
                              "  title = {{Analytical Engines at Scale}},\n"
                              "  author = {Ada Lovelace and Charles Babbage "
                              "and Mary Somerville},\n"
                              "  booktitle = {Conference on Engines (CoE "
                              "2024)},\n"
                              "  year = {2024},\n"
                              "  month = mar,\n"
                              "  date = {2024-03-05},\n"
                              "  doi = {10.1145/3620666.3651380},\n"
                              "  eprint = {2406.18533},\n"
                              "  archiveprefix = {arXiv},\n"
                              "  url = {https://github.com/ada/engines},\n"
                              "  pdf = {/assets/papers/engines.pdf},\n"
                              "  pdf = {https://other.example.org/"
                              "second.pdf},\n"
                              "  abstract = {We scale engines.},\n"
                              "}\n</code></pre>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/p/ada\">All publications of Ada "
                              "Lovelace</a>"));
}

TEST(RenderPaperPage, EscapesMarkupInEveryRecordText) {
  v1::Page page = PageFromJson(R"json({"profile":{"displayName":"A</title>"},
    "publications":[{"name":"profiles/ada/publications/x",
    "title":"<script>alert(1)</script> & \"q\" 'a'",
    "authors":[{"name":"<b>A</b>","url":"javascript:alert(1)"}],
    "venue":"V<i>","status":"PUBLISHED","year":2020,"type":"JOURNAL_ARTICLE",
    "abstract":"</script><script>alert(2)</script>"}]})json");
  std::string html =
      RenderPaperPage("", "ada", page, page.publications(0), Public());
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("<b>A")));
  EXPECT_THAT(html, Not(HasSubstr("V<i>")));
  EXPECT_THAT(html, Not(HasSubstr("javascript:")));
  EXPECT_THAT(html, HasSubstr("<meta name=\"citation_title\" "
                              "content=\"&lt;script&gt;alert(1)&lt;/"
                              "script&gt; &amp; &quot;q&quot; &#39;a&#39;\">"));
  EXPECT_THAT(html, HasSubstr("<h1 class=\"paper-title\">&lt;script&gt;"));
  EXPECT_THAT(html, HasSubstr("<span class=\"author\">&lt;b&gt;A&lt;/"
                              "b&gt;</span>"));
  // The JSON-LD holds the title as it is, with "<" escaped for <script>.
  size_t start = html.find("<script type=\"application/ld+json\"");
  ASSERT_NE(start, std::string::npos);
  start = html.find('>', start) + 1;
  std::string json = html.substr(start, html.find("</script>", start) - start);
  EXPECT_THAT(json, Not(HasSubstr("<")));
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.fields().at("name").string_value(),
            "<script>alert(1)</script> & \"q\" 'a'");
}

}  // namespace
}  // namespace vita::publish
