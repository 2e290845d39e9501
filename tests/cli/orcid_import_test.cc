// ORCID works JSON -> publications (cli/orcid_import.h), on a file shaped
// as ORCID's public API v3.0 answers /v3.0/{orcid}/works.
#include "cli/orcid_import.h"

#include "cli/context.h"
#include "cli/exit_codes.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace vita::cli {
namespace {

std::string Json(const google::protobuf::Message& m) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(m, &json).ok());
  return json;
}

v1::Profile Owner() {
  v1::Profile owner;
  owner.set_display_name("Hexu Zhao");
  return owner;
}

TEST(PublicationsFromOrcidWorks, MapsEachWorkGroupWithItsIdentifiers) {
  auto entries = PublicationsFromOrcidWorks(
      ReadFile(VITA_CLI_TESTDATA "/orcid-works.json").value(), "works.json",
      Owner());
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].key, "orcid-158000001");
  EXPECT_EQ(
      Json((*entries)[0].publication),
      R"({"title":"HexGen: Generative Inference of Large Language Model )"
      R"(over Heterogeneous Environment","authors":[{"name":"Hexu Zhao",)"
      R"("isOwner":true}],"venue":"Proceedings of ASPLOS 2024",)"
      R"("status":"PUBLISHED","year":2024,"date":{"year":2024,"month":4,)"
      R"("day":27},"links":[{"kind":"DOI","url":"https://doi.org/10.1145/)"
      R"(3620666.3651380"}],"citationKey":"orcid-158000001",)"
      R"("moreAuthors":true,"doi":"10.1145/3620666.3651380",)"
      R"("type":"CONFERENCE_PAPER"})");
  EXPECT_EQ(Json((*entries)[1].publication),
            R"({"title":"On Scaling Up 3D Gaussian Splatting Training: )"
            R"(Grendel & \u003cfriends\u003e","authors":[{"name":"Hexu Zhao",)"
            R"("isOwner":true}],"status":"PREPRINT","year":2024,)"
            R"("citationKey":"orcid-158000002","moreAuthors":true,)"
            R"("arxivId":"2406.18533","type":"MANUSCRIPT"})");
  EXPECT_EQ(
      Json((*entries)[2].publication),
      R"({"title":"Distributed Training Systems","authors":[{"name":)"
      R"("Hexu Zhao","isOwner":true}],"venue":"New York University",)"
      R"("status":"PUBLISHED","year":2026,"citationKey":"orcid-158000003",)"
      R"("moreAuthors":true,"type":"THESIS"})");
}

TEST(PublicationsFromOrcidWorks, RefusesWhatIsNotOrcidWorksNamingTheFile) {
  struct Case {
    std::string json, message;
  };
  for (const Case& c : std::vector<Case>{
           {"not json", "works.json: not ORCID works JSON: "},
           {R"({"work":[]})",
            "works.json: not ORCID works JSON: no \"group\" list"},
           {R"({"group":[{"work-summary":[{"put-code":1,"title":null}]}]})",
            "works.json: group[0]: work-summary[0].title: required"}}) {
    auto entries = PublicationsFromOrcidWorks(c.json, "works.json", Owner());
    ASSERT_FALSE(entries.ok()) << c.json;
    EXPECT_TRUE(IsLocalInputError(entries.status())) << entries.status();
    EXPECT_EQ(std::string(entries.status().message()).rfind(c.message, 0), 0u)
        << entries.status();
  }
}

}  // namespace
}  // namespace vita::cli
