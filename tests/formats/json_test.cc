// JSON documents printed by protobuf's JSON printer (formats/json.h).
#include "formats/json.h"

#include "gtest/gtest.h"

namespace vita::formats {
namespace {

TEST(JsonText, PrintsKeysSortedAndEscapesStrings) {
  google::protobuf::Struct object;
  SetString(&object, "zeta", "</script> & \"q\"");
  SetNumber(&object, "alpha", 2024);
  AddString(SetList(&object, "mid"), "x");
  SetString(AddObject(SetList(&object, "beta")), "k", "v");
  EXPECT_EQ(JsonText(object), R"({"alpha":2024,"beta":[{"k":"v"}],"mid":["x"],)"
                              R"("zeta":"\u003c/script\u003e & \"q\""})");
}

}  // namespace
}  // namespace vita::formats
