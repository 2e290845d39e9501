// Unit tests of ChangedFields (cli/field_mask.h).
#include "cli/field_mask.h"

#include <gtest/gtest.h>

#include "vita/v1/profile.pb.h"

namespace vita::cli {
namespace {

TEST(FieldMaskTest, NamesExactlyTheChangedTopLevelFields) {
  vita::v1::Profile before;
  before.set_name("profiles/a");
  before.set_display_name("A");
  before.set_bio("old");
  before.add_research_interests("x");
  before.mutable_office()->set_address("here");
  before.set_etag("1");
  vita::v1::Profile after = before;
  EXPECT_TRUE(ChangedFields(before, after, OutputOnlyFields()).empty());
  after.set_bio("new");
  after.add_research_interests("y");
  after.mutable_office()->set_map_url("https://map.example");
  after.set_etag("2");  // output-only: ignored
  EXPECT_EQ(ChangedFields(before, after, OutputOnlyFields()),
            (std::vector<std::string>{"office", "bio", "research_interests"}));
  after.clear_office();
  EXPECT_EQ(MaskOf(ChangedFields(before, after, OutputOnlyFields())).paths(0),
            "office");
}

}  // namespace
}  // namespace vita::cli
