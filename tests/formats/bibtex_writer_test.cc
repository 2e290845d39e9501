// The BibTeX writer shared by `vita pub export` and the published .bib
// (formats/bibtex_writer.h). Round trips through the parser are in
// tests/cli/bibtex_test.cc.
#include "formats/bibtex_writer.h"

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::formats {
namespace {

TEST(PublicationsToBibtex, WritesEachEntryInOrderSeparatedByAnEmptyLine) {
  v1::Page page;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"json({"publications":[
    {"name":"profiles/a/publications/one","title":"One",
     "authors":[{"name":"Ada"}],"status":"PUBLISHED","year":2021},
    {"name":"profiles/a/publications/two","citationKey":"k2","title":"Two",
     "authors":[{"name":"Bob"}],"venue":"J","status":"PREPRINT","year":2022}]})json",
                  &page)
                  .ok());
  EXPECT_EQ(PublicationsToBibtex(page.publications()),
            "@inproceedings{one,\n"
            "  title = {{One}},\n"
            "  author = {Ada},\n"
            "  year = {2021},\n"
            "}\n"
            "\n"
            "@misc{k2,\n"
            "  title = {{Two}},\n"
            "  author = {Bob},\n"
            "  howpublished = {J},\n"
            "  year = {2022},\n"
            "  pubstate = {prepublished},\n"
            "}\n");
  EXPECT_EQ(PublicationsToBibtex({}), "");
}

}  // namespace
}  // namespace vita::formats
