// Tests of common/publication_ids.cc.
#include "common/publication_ids.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vita {
namespace {

TEST(PublicationIdsTest, DoiFromTakesAwayResolversAndRefusesOtherHosts) {
  struct Case {
    const char* text;
    const char* doi;
  };
  for (const Case& c :
       std::vector<Case>{{"10.1145/3620666.3651380", "10.1145/3620666.3651380"},
                         {" https://doi.org/10.1145/1 ", "10.1145/1"},
                         {"http://dx.doi.org/10.1145/1", "10.1145/1"},
                         {"DOI:10.1145/1", "10.1145/1"},
                         {"https://example.org/10.1145/1", ""}}) {
    EXPECT_EQ(DoiFrom(c.text), c.doi) << c.text;
  }
}

TEST(PublicationIdsTest, ArxivIdFromTakesAwayPrefixPdfAndVersion) {
  struct Case {
    const char* text;
    const char* id;
  };
  for (const Case& c : std::vector<Case>{
           {"2406.18533", "2406.18533"},
           {"arXiv:2406.18533v2", "2406.18533"},
           {"https://arxiv.org/abs/2406.18533v12", "2406.18533"},
           {"https://arxiv.org/pdf/2211.05322.pdf", "2211.05322"},
           {"http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"},
           {"https://github.com/x/2406.18533", ""}}) {
    EXPECT_EQ(ArxivIdFrom(c.text), c.id) << c.text;
  }
}

}  // namespace
}  // namespace vita
