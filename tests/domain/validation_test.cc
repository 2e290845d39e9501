// Tests of server/domain/validation.cc: one test per rule, each checking
// that the error names the field and the rule.
#include "server/domain/validation.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vita::domain {
namespace {

// Fails unless `status` is INVALID_ARGUMENT with the message "FIELD: RULE".
void ExpectViolation(const absl::Status& status, const std::string& field,
                     const std::string& rule) {
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_EQ(std::string(status.message()), field + ": " + rule);
}

v1::Profile ValidProfile() {
  v1::Profile p;
  p.set_display_name("Ann Example");
  p.mutable_photo()->set_url("/assets/ann.png");
  p.mutable_photo()->set_alt_text("Portrait of Ann");
  auto* link = p.add_links();
  link->set_kind(v1::ProfileLink::GITHUB);
  link->set_url("https://github.com/ann");
  auto* email = p.add_emails();
  email->set_address("ann@example.org");
  email->set_kind(v1::Email::WORK);
  auto* education = p.add_education();
  education->set_institution("Example University");
  education->set_degree("Ph.D.");
  education->mutable_start()->set_year(2020);
  education->mutable_start()->set_month(9);
  return p;
}

v1::NewsItem ValidNews() {
  v1::NewsItem n;
  n.mutable_date()->set_year(2024);
  n.mutable_date()->set_month(3);
  n.set_text("Joined a team.");
  return n;
}

v1::Publication ValidPublication() {
  v1::Publication p;
  p.set_title("A Paper");
  p.add_authors()->set_name("Ann Example");
  p.set_status(v1::Publication::PUBLISHED);
  p.set_year(2023);
  return p;
}

// Each kind's validator, called as the API calls it.
absl::Status Validate(const v1::Profile& p) {
  return ValidateProfile("profile", p);
}
absl::Status Validate(const v1::NewsItem& n) {
  return ValidateNewsItem("news_item", n);
}
absl::Status Validate(const v1::Publication& p) {
  return ValidatePublication("publication", p);
}

// A call that validates a `valid()` record after `spoil` broke one rule in
// it.
template <typename Record, typename Spoil>
std::function<absl::Status()> Spoiled(Record (*valid)(), Spoil spoil) {
  return [valid, spoil] {
    Record record = valid();
    spoil(record);
    return Validate(record);
  };
}

// A rule of one field: `validate` breaks it, and the error names `field` and
// `rule`. The test is named after `name`.
struct Violation {
  const char* name;
  std::function<absl::Status()> validate;
  const char* field;
  std::string rule;
};

class RuleTest : public ::testing::TestWithParam<Violation> {};

TEST_P(RuleTest, ABrokenRuleIsRefusedNamingFieldAndRule) {
  ExpectViolation(GetParam().validate(), GetParam().field, GetParam().rule);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, RuleTest,
    ::testing::ValuesIn(std::vector<Violation>{
        {"RequiredFieldIsMissing",
         Spoiled(ValidProfile, [](v1::Profile& p) { p.clear_display_name(); }),
         "profile.display_name", "is required"},
        {"TooManyEntries",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   for (int i = 0; i < 31; ++i) *p.add_links() = p.links(0);
                 }),
         "profile.links", "must have at most 30 entries (got 32)"},
        {"MarkdownNamesWhichLinkIsBad",
         Spoiled(
             ValidProfile,
             [](v1::Profile& p) {
               p.set_bio(
                   "[a](https://a.example) and [b](mailto:b@example.org) and "
                   "![c](vbscript:x)");
             }),
         "profile.bio",
         "image 3: scheme must be http or https, or a path starting "
         "with \"/\" (got \"vbscript\")"},
        {"ImageMustNotBeMailto",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   p.mutable_photo()->set_url("mailto:ann@example.org");
                 }),
         "profile.photo.url",
         "scheme must be http or https, or a path starting with \"/\" "
         "(got \"mailto\")"},
        {"ImageNeedsAltText",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) { p.mutable_photo()->clear_alt_text(); }),
         "profile.photo.alt_text", "is required"},
        {"EnumMustBeSet",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   p.mutable_links(0)->set_kind(
                       v1::ProfileLink::KIND_UNSPECIFIED);
                 }),
         "profile.links[0].kind", "is required"},
        {"PeriodEndNotBeforeStart",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   p.mutable_education(0)->mutable_end()->set_year(2019);
                 }),
         "profile.education[0].end", "must not be before start"},
        {"TextLongerThanLimit",
         Spoiled(ValidNews,
                 [](v1::NewsItem& n) { n.set_text(std::string(5001, 'x')); }),
         "news_item.text", "must be at most 5000 characters (got 5001)"},
        {"DateMonthInRange",
         Spoiled(ValidNews,
                 [](v1::NewsItem& n) { n.mutable_date()->set_month(13); }),
         "news_item.date.month",
         "must be from 1 to 12, or 0 for none (got 13)"},
        {"DateDayNeedsMonth",
         Spoiled(ValidNews,
                 [](v1::NewsItem& n) {
                   n.mutable_date()->set_month(0);
                   n.mutable_date()->set_day(5);
                 }),
         "news_item.date.day", "needs a month"},
        {"DateYearInRange",
         Spoiled(ValidNews,
                 [](v1::NewsItem& n) { n.mutable_date()->set_year(99); }),
         "news_item.date.year", "must be from 1000 to 9999 (got 99)"},
        {"NewsNeedsDate",
         Spoiled(ValidNews, [](v1::NewsItem& n) { n.clear_date(); }),
         "news_item.date", "is required"},
        {"WhiteSpaceDoesNotCountAsPresent",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_title("   "); }),
         "publication.title", "is required (got only white space)"},
        {"SingleLineFieldRefusesLineBreaks",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_title("two\nlines"); }),
         "publication.title",
         "must be a single line without control characters"},
        {"EnumMustBeKnown",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) {
                   p.set_status(static_cast<v1::Publication::Status>(42));
                 }),
         "publication.status",
         "must be one of PUBLISHED, ACCEPTED, UNDER_SUBMISSION, "
         "PREPRINT (got 42)"},
        {"PublicationNeedsAuthor",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.clear_authors(); }),
         "publication.authors", "needs at least one author"},
        {"PublicationDateMatchesYear",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.mutable_date()->set_year(2022); }),
         "publication.date.year", "must equal year (2023)"},
        {"PublicationYearIsFourDigitsOrZero",
         Spoiled(ValidPublication, [](v1::Publication& p) { p.set_year(99); }),
         "publication.year",
         "must be from 1000 to 9999, or 0 when not known (got 99)"},
        {"DoiNeedsTheTenPrefix",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) {
                   p.set_doi("https://doi.org/10.1145/1");
                 }),
         "publication.doi",
         "must be \"10.<registrant>/<suffix>\" without a resolver, e.g. "
         "\"10.1145/3620666.3651380\" (got \"https://doi.org/10.1145/1\")"},
        {"DoiNeedsASuffix",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_doi("10.1145/"); }),
         "publication.doi",
         "must be \"10.<registrant>/<suffix>\" without a resolver, e.g. "
         "\"10.1145/3620666.3651380\" (got \"10.1145/\")"},
        {"DoiRegistrantIsDigits",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_doi("10.acm/123"); }),
         "publication.doi",
         "must be \"10.<registrant>/<suffix>\" without a resolver, e.g. "
         "\"10.1145/3620666.3651380\" (got \"10.acm/123\")"},
        {"ArxivIdHasNoVersion",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_arxiv_id("2406.18533v2"); }),
         "publication.arxiv_id",
         "must be an arXiv identifier without version, \"2406.18533\" or "
         "\"hep-th/9901001\" (got \"2406.18533v2\")"},
        {"OldArxivIdHasSevenDigits",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_arxiv_id("hep-th/990100"); }),
         "publication.arxiv_id",
         "must be an arXiv identifier without version, \"2406.18533\" or "
         "\"hep-th/9901001\" (got \"hep-th/990100\")"},
        {"DisplayOrderIsNotNegative",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_display_order(-1); }),
         "publication.display_order",
         "must be 0 (ordered by date) or positive (pinned) (got -1)"},
        {"AwardIsNotEmpty",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) {
                   p.add_awards("Oral");
                   p.add_awards("");
                 }),
         "publication.awards[1]", "is required"},
        {"TypeIsKnown",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) {
                   p.set_type(static_cast<v1::Publication::Type>(99));
                 }),
         "publication.type",
         "must be one of CONFERENCE_PAPER, JOURNAL_ARTICLE, MANUSCRIPT, "
         "THESIS, TALK, BOOK, BOOK_CHAPTER, WORKSHOP_PAPER, "
         "TECHNICAL_REPORT, PATENT, OTHER (got 99)"},
        {"CoauthorNeedsName",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   p.add_coauthors()->set_url("https://example.org/");
                 }),
         "profile.coauthors[0].name", "is required"},
        {"CoauthorNeedsUrl",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) { p.add_coauthors()->set_name("Ann"); }),
         "profile.coauthors[0].url", "is required"},
        {"CoauthorUrlIsHttp",
         Spoiled(ValidProfile,
                 [](v1::Profile& p) {
                   v1::Coauthor* c = p.add_coauthors();
                   c->set_name("Ann");
                   c->set_url("/people/ann");
                 }),
         "profile.coauthors[0].url",
         "must be an http or https URL (got \"/people/ann\")"},
        {"CitationKeyHasNoBibtexSpecials",
         Spoiled(ValidPublication,
                 [](v1::Publication& p) { p.set_citation_key("zhao 2024"); }),
         "publication.citation_key",
         "must not contain spaces or any of , { } \" # % ' ( ) ="},
    }),
    [](const ::testing::TestParamInfo<Violation>& info) {
      return std::string(info.param.name);
    });

TEST(ValidationTest, ValidRecordsPass) {
  EXPECT_TRUE(ValidateProfile("profile", ValidProfile()).ok());
  EXPECT_TRUE(ValidateNewsItem("news_item", ValidNews()).ok());
  EXPECT_TRUE(ValidatePublication("publication", ValidPublication()).ok());
}

TEST(ValidationTest, IdentifiersAndYearlessPublicationsPass) {
  v1::Publication p = ValidPublication();
  p.clear_year();  // not known yet: a preprint or a paper under submission
  for (const char* doi : {"10.1145/3620666.3651380", "10.1000.10/a(b)<c>"}) {
    p.set_doi(doi);
    EXPECT_TRUE(Validate(p).ok()) << doi << ": " << Validate(p);
  }
  for (const char* id :
       {"2406.18533", "0704.0001", "hep-th/9901001", "math.GT/0309136"}) {
    p.set_arxiv_id(id);
    EXPECT_TRUE(Validate(p).ok()) << id << ": " << Validate(p);
  }
  p.set_display_order(3);
  p.add_awards("Best Paper Award");
  p.set_type(v1::Publication::CONFERENCE_PAPER);
  EXPECT_TRUE(Validate(p).ok()) << Validate(p);
  v1::Profile profile = ValidProfile();
  v1::Coauthor* c = profile.add_coauthors();
  c->set_name("Jinyang Li");
  c->add_name_variants("J. Li");
  c->set_url("https://example.org/jinyang");
  EXPECT_TRUE(ValidateProfile("profile", profile).ok());
}

TEST(ValidationTest, LengthCountsCharactersNotBytes) {
  v1::Profile p = ValidProfile();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xC3\xB6";  // 200 x "ö"
  p.set_display_name(name);
  EXPECT_TRUE(ValidateProfile("profile", p).ok());
}

TEST(ValidationTest, LinkSchemeMustBeHttpHttpsOrMailto) {
  struct Case {
    const char* url;
    const char* scheme;
  };
  for (const Case& c : std::vector<Case>{{"javascript:alert(1)", "javascript"},
                                         {"JaVaScRiPt:alert(1)", "JaVaScRiPt"},
                                         {"data:text/html,<b>x</b>", "data"},
                                         {"vbscript:x", "vbscript"},
                                         {"ftp://x", "ftp"},
                                         {"file:///etc/passwd", "file"}}) {
    v1::Profile p = ValidProfile();
    p.mutable_links(0)->set_url(c.url);
    ExpectViolation(ValidateProfile("profile", p), "profile.links[0].url",
                    std::string("scheme must be http, https or mailto, or a "
                                "path starting with \"/\" (got \"") +
                        c.scheme + "\")");
  }
}

TEST(ValidationTest, LinkAcceptsSafeForms) {
  for (const char* url : {"https://example.org/a?b=c", "HTTP://EXAMPLE.ORG",
                          "mailto:ann@example.org", "/assets/cv.pdf"}) {
    EXPECT_TRUE(ValidateUrl("u", url, UrlUse::kLink, true).ok()) << url;
  }
}

TEST(ValidationTest, ProtocolRelativeUrlIsRefused) {
  ExpectViolation(ValidateUrl("u", "//evil.example/x", UrlUse::kLink, true),
                  "u",
                  "must be a path starting with a single \"/\" or a URL with "
                  "scheme http, https or mailto (got \"//evil.example/x\")");
}

TEST(ValidationTest, HttpUrlNeedsHost) {
  ExpectViolation(ValidateUrl("u", "https:///path", UrlUse::kLink, true), "u",
                  "https URL needs a host (got \"https:///path\")");
  ExpectViolation(ValidateUrl("u", "https:example.org", UrlUse::kLink, true),
                  "u", "https URL needs a host (got \"https:example.org\")");
}

TEST(ValidationTest, UrlMustNotContainSpacesOrControls) {
  ExpectViolation(ValidateUrl("u", "https://x.org/a b", UrlUse::kLink, true),
                  "u",
                  "must not contain spaces, backslashes or control characters "
                  "(percent-encode them)");
  ExpectViolation(
      ValidateUrl("u", "java\tscript:alert(1)", UrlUse::kLink, true), "u",
      "must not contain spaces, backslashes or control characters "
      "(percent-encode them)");
}

TEST(ValidationTest, MarkdownLinksObeyUrlRules) {
  const std::string kScheme =
      "link 1: scheme must be http, https or mailto, or a path starting with "
      "\"/\" (got ";
  struct Case {
    const char* text;
    std::string rule;
  };
  for (const Case& c : std::vector<Case>{
           {"See [this](javascript:alert(1)).", kScheme + "\"javascript\")"},
           {"See [this](JaVaScRiPt:alert(1)).", kScheme + "\"JaVaScRiPt\")"},
           {"<javascript:alert(1)>", kScheme + "\"javascript\")"},
           {"[x][ref]\n\n[ref]: data:text/html,hi", kScheme + "\"data\")"},
           {"[x](//evil.example/)",
            "link 1: must be a path starting with a single \"/\" or a URL "
            "with scheme http, https or mailto (got \"//evil.example/\")"}}) {
    v1::NewsItem n = ValidNews();
    n.set_text(c.text);
    ExpectViolation(ValidateNewsItem("news_item", n), "news_item.text", c.rule);
  }
}

TEST(ValidationTest, MarkdownWithSafeLinksPasses) {
  v1::Profile p = ValidProfile();
  p.set_bio(
      "At [NYU](https://cs.nyu.edu/), <https://example.org>, "
      "[CV](/assets/cv.pdf), `javascript:` in code is only text.");
  EXPECT_TRUE(ValidateProfile("profile", p).ok());
}

TEST(ValidationTest, EmailNeedsOneAtSign) {
  for (const char* address : {"ann", "@example.org", "ann@", "a@b@c"}) {
    v1::Profile p = ValidProfile();
    p.mutable_emails(0)->set_address(address);
    ExpectViolation(ValidateProfile("profile", p), "profile.emails[0].address",
                    std::string("must be an address like name@example.org (got "
                                "\"") +
                        address + "\")");
  }
}

TEST(ValidationTest, DateMustExist) {
  v1::NewsItem n = ValidNews();
  n.mutable_date()->set_year(2023);
  n.mutable_date()->set_month(2);
  n.mutable_date()->set_day(29);
  ExpectViolation(ValidateNewsItem("news_item", n), "news_item.date",
                  "the date 2023-02-29 does not exist");
  n.mutable_date()->set_year(2024);  // a leap year
  EXPECT_TRUE(ValidateNewsItem("news_item", n).ok());
}

TEST(ValidationTest, AdvisorHonorificIsShort) {
  v1::Profile p = ValidProfile();
  auto* advisor = p.mutable_education(0)->add_advisors();
  advisor->set_name("Jinyang Li");
  advisor->set_honorific("Prof.");
  EXPECT_TRUE(ValidateProfile("profile", p).ok());
  advisor->set_honorific(std::string(31, 'P'));
  ExpectViolation(ValidateProfile("profile", p),
                  "profile.education[0].advisors[0].honorific",
                  "must be at most 30 characters (got 31)");
}

}  // namespace
}  // namespace vita::domain
