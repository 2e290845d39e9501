// CSL-JSON and JSON Resume (formats/csl_json.h, formats/json_resume.h):
// what reference managers and résumé tools read.
#include "formats/csl_json.h"

#include "formats/json_resume.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/page_json.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::formats {
namespace {

using vita::test_records::PageFromJson;

// `json` parsed and printed again compactly, so that key order and white
// space do not matter.
std::string Canonical(const std::string& json) {
  google::protobuf::Value value;
  auto status = google::protobuf::util::JsonStringToMessage(json, &value);
  EXPECT_TRUE(status.ok()) << status << json;
  return value.DebugString();
}

TEST(PublicationsToCslJson, MapsEveryFieldAndSplitsNames) {
  v1::Page page = PageFromJson(R"json({"publications":[
    {"name":"profiles/a/publications/p1","citationKey":"ada2024","title":"A <b> & \"C\"",
     "authors":[{"name":"Ada Lovelace"},{"name":"Babbage, Charles"},{"name":"Plato"}],
     "venue":"Journal of Engines","venueShort":"JoE","type":"JOURNAL_ARTICLE",
     "status":"PUBLISHED","year":2024,"date":{"year":2024,"month":3},
     "doi":"10.1/x","links":[{"kind":"PDF","url":"https://x.org/a.pdf"}],
     "abstract":"Abs.","tags":["systems","ml"]},
    {"name":"profiles/a/publications/p2","title":"Untyped",
     "authors":[{"name":"Ada Lovelace"}],"status":"PREPRINT"}]})json");
  EXPECT_EQ(Canonical(PublicationsToCslJson(page.publications())),
            Canonical(R"json([
    {"id":"ada2024","type":"article-journal","title":"A <b> & \"C\"",
     "author":[{"given":"Ada","family":"Lovelace"},
               {"family":"Babbage","given":"Charles"},{"literal":"Plato"}],
     "issued":{"date-parts":[[2024,3]]},"container-title":"Journal of Engines",
     "container-title-short":"JoE","DOI":"10.1/x","URL":"https://x.org/a.pdf",
     "abstract":"Abs.","keyword":"systems, ml"},
    {"id":"p2","type":"article","title":"Untyped",
     "author":[{"given":"Ada","family":"Lovelace"}]}])json"));
}

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
  EXPECT_EQ(Canonical(PageToJsonResume(page, "https://ada.org")),
            Canonical(R"json({
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
