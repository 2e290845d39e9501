// Unit tests of the YAML rendering of records (cli/yaml_proto.h).
#include "cli/yaml_proto.h"

#include <gtest/gtest.h>

#include "cli/exit_codes.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/wrappers.pb.h"
#include "tests/support/page_json.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::cli {
namespace {

using google::protobuf::util::MessageDifferencer;

// A profile with every kind of field, and strings a YAML reader would take
// for something else: a headline that looks like a bool, an affiliation that
// looks like a number.
vita::v1::Profile FullProfile() {
  return test_records::MessageFromJson<vita::v1::Profile>(R"json({
    "name": "profiles/hexu", "displayName": "Hexu Zhao",
    "nameVariants": ["H. Zhao", "Zhao, Hexu"],
    "headline": "true", "affiliation": "2024",
    "photo": {"url": "/photo.jpg", "altText": "A photo: of me # not a comment"},
    "office": {"address": "60 5th Ave"},
    "emails": [{"address": "hz@nyu.edu", "kind": "WORK"}],
    "links": [{"kind": "GOOGLE_SCHOLAR",
               "url": "https://scholar.google.com/citations?user=x&hl=en"}],
    "bio": "First line.\n\n  Indented *Markdown* line.\nLast: line\n",
    "researchInterests": ["ML systems", "multi\nline",
                          "  leading space\nand two final newlines\n\n"],
    "education": [{"institution": "NYU", "degree": "Ph.D.",
                   "start": {"year": 2023, "month": 9},
                   "advisors": [{"name": "Jinyang Li"}],
                   "notes": "Two lines\nwithout a final newline"}],
    "createTime": "2023-11-14T22:13:20Z",
    "etag": "\"abc\""})json");
}

TEST(YamlProtoTest, RoundTripsAFullProfile) {
  vita::v1::Profile p = FullProfile();
  std::string yaml = MessageToYaml(p);
  vita::v1::Profile back;
  ASSERT_TRUE(YamlToMessage(yaml, "p.yaml", &back).ok()) << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(p, back)) << yaml << "\n"
                                                   << back.DebugString();
}

TEST(YamlProtoTest, RoundTripsWithEmptyFieldsShown) {
  vita::v1::Publication pub;
  pub.set_title("T");
  pub.add_authors()->set_name("A");
  pub.set_status(vita::v1::Publication::PREPRINT);
  pub.set_year(2024);
  pub.mutable_date()->set_year(2024);
  pub.mutable_date()->set_month(3);
  pub.mutable_date()->set_day(5);
  YamlOptions options;
  options.include_empty = true;
  options.skip_fields = {"etag"};
  std::string yaml = MessageToYaml(pub, options);
  EXPECT_NE(yaml.find("venue: \"\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("date: \"2024-03-05\""), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("etag"), std::string::npos) << yaml;
  vita::v1::Publication back;
  ASSERT_TRUE(YamlToMessage(yaml, "p.yaml", &back).ok()) << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(pub, back)) << back.DebugString();
}

TEST(YamlProtoTest, ErrorsNameFileLineAndField) {
  vita::v1::Profile p;
  absl::Status s =
      YamlToMessage("display_name: A\nheadline: [unclosed\n", "e.yaml", &p);
  EXPECT_TRUE(IsLocalInputError(s));
  // The flow sequence is still open at the end of the input (line 3).
  EXPECT_EQ(std::string(s.message()),
            "e.yaml:3:1: end of sequence flow not found");

  s = YamlToMessage("display_name: A\n\nnot_a_field: 1\n", "e.yaml", &p);
  EXPECT_TRUE(IsLocalInputError(s));
  EXPECT_EQ(std::string(s.message()),
            "e.yaml:3:1: unknown field \"not_a_field\"");

  s = YamlToMessage("emails:\n  - address: a@b\n    kind: BOSS\n", "e.yaml",
                    &p);
  EXPECT_TRUE(IsLocalInputError(s));
  // Column 11: where BOSS starts on "    kind: BOSS".
  EXPECT_EQ(std::string(s.message()),
            "e.yaml:3:11: emails[0].kind: \"BOSS\" is not one of WORK, "
            "PERSONAL, OTHER");

  vita::v1::Publication pub;
  s = YamlToMessage("year: soon\n", "e.yaml", &pub);
  EXPECT_TRUE(IsLocalInputError(s));
  EXPECT_EQ(std::string(s.message()),
            "e.yaml:1:7: year: \"soon\" is not a whole number");
}

// Found by tests/fuzz/yaml_edit_fuzz_test: bytes that are not UTF-8 were
// taken into a string field (which the server cannot accept) and written
// back as U+FFFD.
TEST(YamlProtoTest, TextThatIsNotUtf8IsRefusedNamingTheField) {
  vita::v1::Profile p;
  absl::Status s = YamlToMessage(
      "display_name: A\nname_variants:\n  - \x01\xFD\n", "e.yaml", &p);
  EXPECT_TRUE(IsLocalInputError(s));
  EXPECT_EQ(std::string(s.message()),
            "e.yaml:3:5: name_variants[0]: is not UTF-8 text (save the file "
            "as UTF-8)");
  EXPECT_TRUE(YamlToMessage("display_name: Schrödinger\n", "e.yaml", &p).ok());
}

// Found by tests/fuzz/yaml_edit_fuzz_test: a multi-line string with a
// control character went into a literal block, which cannot hold it, and
// the YAML written did not parse.
TEST(YamlProtoTest, MultiLineTextWithControlCharactersRoundTrips) {
  vita::v1::Profile p;
  p.set_bio(std::string("IN\0ternummer\n   cro\x01\x04 \t\x7F", 24));
  std::string yaml = MessageToYaml(p);
  vita::v1::Profile back;
  ASSERT_TRUE(YamlToMessage(yaml, "p.yaml", &back).ok()) << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(p, back)) << yaml;
}

TEST(YamlProtoTest, DatesAreWrittenWithAsManyPartsAsTheyHave) {
  vita::v1::Date date;
  date.set_year(2024);
  EXPECT_EQ(FormatDate(date), "2024");
  date.set_month(3);
  EXPECT_EQ(FormatDate(date), "2024-03");
  date.set_day(5);
  EXPECT_EQ(FormatDate(date), "2024-03-05");
  date.set_year(987);
  EXPECT_EQ(FormatDate(date), "0987-03-05");
}

TEST(YamlProtoTest, NumbersAreWrittenPlainInTheirShortestForm) {
  vita::v1::Publication pub;
  pub.set_year(2024);
  EXPECT_EQ(MessageToYaml(pub), "year: 2024\n");
  google::protobuf::Duration duration;  // int64 and int32
  duration.set_seconds(-5000000000);
  duration.set_nanos(-3);
  EXPECT_EQ(MessageToYaml(duration), "seconds: -5000000000\nnanos: -3\n");
  google::protobuf::DoubleValue fraction;
  fraction.set_value(0.1);
  EXPECT_EQ(MessageToYaml(fraction), "value: 0.1\n");
  google::protobuf::FloatValue single;
  single.set_value(2.5f);
  EXPECT_EQ(MessageToYaml(single), "value: 2.5\n");
}

}  // namespace
}  // namespace vita::cli
