// Unit tests of the parsers of what users type (cli/input.h): dates, enum
// short names, links, e-mail addresses and text files given as flags.
#include "cli/input.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "cli/render.h"

namespace vita::cli {
namespace {

std::string Error(const absl::Status& status) {
  return std::string(status.message());
}

// Expects `link` to have been parsed into `kind`, `label` and `url`.
template <typename Link>
void ExpectLink(const absl::StatusOr<Link>& link, typename Link::Kind kind,
                const std::string& label, const std::string& url) {
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->kind(), kind);
  EXPECT_EQ(link->label(), label);
  EXPECT_EQ(link->url(), url);
}

TEST(InputTest, DatesHaveAYearAndOptionallyAMonthAndADay) {
  auto year = ParseDate("2024");
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->year(), 2024);
  EXPECT_EQ(year->month(), 0);
  EXPECT_EQ(year->day(), 0);
  auto day = ParseDate(" 2024-03-05 ");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->year(), 2024);
  EXPECT_EQ(day->month(), 3);
  EXPECT_EQ(day->day(), 5);
  auto slash = ParseDate("03/2024");  // MM/YYYY
  ASSERT_TRUE(slash.ok());
  EXPECT_EQ(slash->year(), 2024);
  EXPECT_EQ(slash->month(), 3);
  EXPECT_EQ(slash->day(), 0);
}

TEST(InputTest, ADateOfAnotherShapeIsRefusedNamingTheShapes) {
  // "202/-03" (found by tests/fuzz/yaml_edit_fuzz_test) was year -3, month
  // 202, which `vita edit` then wrote as "-003-202".
  for (const char* text : {"March", "2024-", "2024-01-02-03", "", "202/-03",
                           "-2024", "+2024", "2024-+3", "2024- 3"}) {
    auto date = ParseDate(text);
    EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(Error(date.status()),
              std::string("\"") + text +
                  "\" is not a date like 2024, 2024-03, 2024-03-05 or 03/2024");
  }
  EXPECT_EQ(Error(ParseDateFlag("--date", "soon").status()),
            "--date: \"soon\" is not a date like 2024, 2024-03, 2024-03-05 or "
            "03/2024");
  EXPECT_EQ(ParseDateFlag("--date", "2023-11")->month(), 11);
}

TEST(InputTest, ProfileLinksAreKindLabelAndUrl) {
  ExpectLink(ParseProfileLink("scholar=https://scholar.google.com/x"),
             v1::ProfileLink::GOOGLE_SCHOLAR, "",
             "https://scholar.google.com/x");
  ExpectLink(ParseProfileLink("other:My Blog=https://blog.example/a=b"),
             v1::ProfileLink::OTHER, "My Blog", "https://blog.example/a=b");
  EXPECT_EQ(ParseProfileLink("GITHUB=https://github.com/x")->kind(),
            v1::ProfileLink::GITHUB);
  EXPECT_EQ(ParseProfileLink("twitter=https://x.com/h")->kind(),
            v1::ProfileLink::X);
  EXPECT_EQ(Error(ParseProfileLink("https://no-kind").status()),
            "link \"https://no-kind\" is not KIND=URL or KIND:LABEL=URL");
  EXPECT_EQ(Error(ParseProfileLink("github=").status()),
            "link \"github=\" is not KIND=URL or KIND:LABEL=URL");
  EXPECT_EQ(Error(ParseProfileLink("=https://x").status()),
            "link \"=https://x\" is not KIND=URL or KIND:LABEL=URL");
}

TEST(InputTest, PublicationLinksHaveTheirOwnKinds) {
  ExpectLink(ParsePublicationLink("project:Demo=https://p.example"),
             v1::PublicationLink::PROJECT_PAGE, "Demo", "https://p.example");
  EXPECT_EQ(ParsePublicationLink("project-page=https://p")->kind(),
            v1::PublicationLink::PROJECT_PAGE);
}

TEST(InputTest, AnUnknownKindIsRefusedNamingTheKnownOnes) {
  struct Case {
    absl::Status status;
    std::string message;
  };
  for (const Case& c : {
           Case{ParseProfileLink("myspace=https://x").status(),
                "link kind: unknown value \"myspace\" (use one of cv, email, "
                "scholar, dblp, github, linkedin, orcid, zhihu, x, twitter, "
                "homepage, other)"},
           Case{ParsePublicationLink("github=https://g").status(),
                "link kind: unknown value \"github\" (use one of arxiv, pdf, "
                "code, project, project-page, doi, scholar, video, slides, "
                "poster, other)"},
           Case{ParseEmail("me@x.org:home").status(),
                "email kind: unknown value \"home\" (use one of work, "
                "personal, other)"},
       }) {
    EXPECT_EQ(Error(c.status), c.message);
  }
}

TEST(InputTest, EmailsAreWorkAddressesUnlessAKindFollows) {
  auto work = ParseEmail("hz@nyu.edu");
  ASSERT_TRUE(work.ok());
  EXPECT_EQ(work->address(), "hz@nyu.edu");
  EXPECT_EQ(work->kind(), v1::Email::WORK);
  auto personal = ParseEmail("me@x.org:personal");
  ASSERT_TRUE(personal.ok());
  EXPECT_EQ(personal->address(), "me@x.org");
  EXPECT_EQ(personal->kind(), v1::Email::PERSONAL);
}

TEST(InputTest, StatusesByShortNameOrProtoNameButNeverUnspecified) {
  const std::pair<const char*, v1::Publication::Status> kNames[] = {
      {"under-submission", v1::Publication::UNDER_SUBMISSION},
      {"submitted", v1::Publication::UNDER_SUBMISSION},
      {"PREPRINT", v1::Publication::PREPRINT},
      {"Under_Submission", v1::Publication::UNDER_SUBMISSION}};
  for (const auto& [text, status] : kNames) {
    EXPECT_EQ(ParsePublicationStatus(text).value_or(
                  v1::Publication::STATUS_UNSPECIFIED),
              status)
        << text;
  }
  EXPECT_EQ(Error(ParsePublicationStatus("STATUS_UNSPECIFIED").status()),
            "status: unknown value \"STATUS_UNSPECIFIED\" (use one of "
            "published, accepted, under-submission, submitted, preprint)");
}

// Expects `parse` to read back the short name (cli/render.h) of every value
// of Enum from 1 to `max`.
template <typename Enum, typename Parse>
void ExpectShortNamesParseBack(int max, Parse parse) {
  for (int v = 1; v <= max; ++v) {
    auto value = static_cast<Enum>(v);
    EXPECT_EQ(parse(ShortName(value)).value_or(static_cast<Enum>(0)), value);
  }
}

TEST(InputTest, EveryShortNameTheTablesShowParsesBack) {
  ExpectShortNamesParseBack<v1::PublicationLink::Kind>(
      v1::PublicationLink::Kind_MAX, ParsePublicationLinkKind);
  ExpectShortNamesParseBack<v1::ProfileLink::Kind>(v1::ProfileLink::Kind_MAX,
                                                   ParseProfileLinkKind);
  ExpectShortNamesParseBack<v1::Publication::Status>(
      v1::Publication::Status_MAX, ParsePublicationStatus);
}

TEST(InputTest, TextFilesLoseTheirTrailingNewlinesAndSpaces) {
  std::string path = ::testing::TempDir() + "input_test_text.md";
  std::ofstream(path) << "  First line\n\nsecond line \n\n \n";
  auto text = ReadTextFlag(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "  First line\n\nsecond line");
  std::remove(path.c_str());
  EXPECT_EQ(Error(ReadTextFlag(path).status()),
            "cannot read " + path + ": No such file or directory");
}

TEST(InputTest, Utf8IsWellFormedUtf8Only) {
  for (const char* text : {"", "plain", "Schrödinger", "日本語",
                           "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(IsUtf8(text)) << text;
  }
  for (const char* text :
       {"\xFD",              // not a lead byte
        "\x01\xFD",          // found by tests/fuzz/yaml_edit_fuzz_test
        "\xC3",              // cut short
        "\xC3x",             // not a continuation byte
        "\xC0\x80",          // overlong NUL
        "\xE0\x80\xAF",      // overlong "/"
        "\xED\xA0\x80",      // a surrogate
        "\xF4\x90\x80\x80",  // above U+10FFFF
        "\xFF\xFE"}) {
    EXPECT_FALSE(IsUtf8(text)) << absl::CHexEscape(text);
  }
}

}  // namespace
}  // namespace vita::cli
