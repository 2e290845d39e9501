// CSL-JSON (formats/csl_json.h): what reference managers and citeproc read.
#include "formats/csl_json.h"

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/page_json.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::formats {
namespace {

using vita::test_records::PageFromJson;

using vita::test_records::CanonicalJson;

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
  EXPECT_EQ(CanonicalJson(PublicationsToCslJson(page.publications())),
            CanonicalJson(R"json([
    {"id":"ada2024","type":"article-journal","title":"A <b> & \"C\"",
     "author":[{"given":"Ada","family":"Lovelace"},
               {"family":"Babbage","given":"Charles"},{"literal":"Plato"}],
     "issued":{"date-parts":[[2024,3]]},"container-title":"Journal of Engines",
     "container-title-short":"JoE","DOI":"10.1/x","URL":"https://x.org/a.pdf",
     "abstract":"Abs.","keyword":"systems, ml"},
    {"id":"p2","type":"article","title":"Untyped",
     "author":[{"given":"Ada","family":"Lovelace"}]}])json"));
}

}  // namespace
}  // namespace vita::formats
