// JSON Resume (formats/json_resume.h): what résumé tools read.
#include "formats/json_resume.h"

#include "gtest/gtest.h"
#include "tests/support/page_json.h"

namespace vita::formats {
namespace {

using vita::test_records::CanonicalJson;
using vita::test_records::PageFromJson;

TEST(PageToJsonResume, MapsBasicsProfilesEducationWorkAndPublications) {
  v1::Page page = PageFromJson(R"json({"profile":{"name":"profiles/ada",
    "displayName":"Ada","headline":"Countess","bio":"Wrote *programs*.",
    "photo":{"url":"/assets/ada.png","altText":"Ada"},
    "emails":[{"address":"ada@x.org","kind":"WORK"}],
    "links":[{"kind":"GITHUB","url":"https://github.com/ada"},
             {"kind":"CV","url":"https://x.org/cv.pdf"},
             {"kind":"EMAIL","url":"mailto:ada@x.org"}],
    "education":[{"institution":"U","degree":"PhD","start":{"year":2020,"month":9},
      "url":"https://u.edu"}],
    "experience":[{"organization":"O","role":"Intern","start":{"year":2023,"month":6},
      "end":{"year":2023,"month":8,"day":31},"notes":"n"}]},
    "publications":[{"name":"profiles/ada/publications/p","title":"T",
      "authors":[{"name":"Ada"}],"venue":"V","status":"PUBLISHED","year":2022,
      "links":[{"kind":"CODE","url":"https://github.com/ada/t"}]}]})json");
  EXPECT_EQ(CanonicalJson(PageToJsonResume(page, "https://ada.org")),
            CanonicalJson(R"json({
    "basics":{"name":"Ada","label":"Countess","email":"ada@x.org",
      "summary":"Wrote *programs*.","image":"https://ada.org/assets/ada.png",
      "url":"https://ada.org/p/ada",
      "profiles":[{"network":"GitHub","url":"https://github.com/ada"}]},
    "education":[{"institution":"U","url":"https://u.edu","studyType":"PhD",
      "startDate":"2020-09"}],
    "work":[{"name":"O","position":"Intern","startDate":"2023-06",
      "endDate":"2023-08-31","summary":"n"}],
    "publications":[{"name":"T","publisher":"V","releaseDate":"2022",
      "url":"https://github.com/ada/t"}]})json"));
  // Without a public URL, paths cannot become the absolute URLs it needs.
  EXPECT_EQ(PageToJsonResume(page, "").find("/assets/ada.png"),
            std::string::npos);
}

}  // namespace
}  // namespace vita::formats
