// Unit tests of the output of reads (cli/output.h): the -o formats, JSON in
// and out, widths and truncation of table cells, and the table itself.
#include "cli/output.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "cli/exit_codes.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::cli {
namespace {

vita::v1::NewsItem Item() {
  vita::v1::NewsItem item;
  item.set_name("profiles/hexu/news/join");
  item.mutable_date()->set_year(2024);
  item.mutable_date()->set_month(3);
  item.set_text("I will join NYU.");
  item.set_pinned(true);
  return item;
}

// The format `name` names; a test failure (not a crash) when it names none.
int Parsed(absl::string_view name) {
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(name);
  EXPECT_TRUE(format.ok()) << name << ": " << format.status();
  return format.ok() ? static_cast<int>(*format) : -1;
}

TEST(OutputTest, FormatsAreTableJsonAndYamlAndTableIsTheDefault) {
  EXPECT_EQ(Parsed("table"), static_cast<int>(OutputFormat::kTable));
  EXPECT_EQ(Parsed(""), static_cast<int>(OutputFormat::kTable));
  EXPECT_EQ(Parsed("json"), static_cast<int>(OutputFormat::kJson));
  EXPECT_EQ(Parsed("yaml"), static_cast<int>(OutputFormat::kYaml));
  absl::Status xml = ParseOutputFormat("xml").status();
  EXPECT_EQ(xml.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(xml.message(),
            "-o: unknown output format \"xml\" (use table, json or yaml)");
}

TEST(OutputTest, JsonIsCanonicalIndentedAndEndsWithANewline) {
  EXPECT_EQ(ToJson(Item()),
            "{\n"
            " \"name\": \"profiles/hexu/news/join\",\n"
            " \"date\": {\n"
            "  \"year\": 2024,\n"
            "  \"month\": 3\n"
            " },\n"
            " \"text\": \"I will join NYU.\",\n"
            " \"pinned\": true\n"
            "}\n");
  EXPECT_EQ(ToJson(vita::v1::NewsItem()), "{}\n");
}

TEST(OutputTest, JsonIsReadInEitherNameStyle) {
  vita::v1::Publication p;
  ASSERT_TRUE(
      FromJson(R"({"display_order": 3, "citationKey": "k"})", "p.json", &p)
          .ok());
  EXPECT_EQ(p.display_order(), 3);
  EXPECT_EQ(p.citation_key(), "k");
}

TEST(OutputTest, BadJsonIsALocalInputErrorNamingTheFileAndTheType) {
  vita::v1::NewsItem item;
  absl::Status s = FromJson(R"({"pinned": "often"})", "site.json", &item);
  EXPECT_TRUE(IsLocalInputError(s)) << s;
  EXPECT_TRUE(absl::StartsWith(
      s.message(), "site.json: not a valid vita.v1.NewsItem in proto3 JSON: "))
      << s;
}

TEST(OutputTest, StructuredFormatsPrintAndTableLeavesItToTheCaller) {
  std::ostringstream json, yaml, table;
  EXPECT_TRUE(PrintStructured(Item(), OutputFormat::kJson, json));
  EXPECT_EQ(json.str(), ToJson(Item()));
  EXPECT_TRUE(PrintStructured(Item(), OutputFormat::kYaml, yaml));
  EXPECT_EQ(yaml.str(),
            "name: profiles/hexu/news/join\n"
            "date: \"2024-03\"\n"
            "text: I will join NYU.\n"
            "pinned: true\n");
  EXPECT_FALSE(PrintStructured(Item(), OutputFormat::kTable, table));
  EXPECT_EQ(table.str(), "");
}

TEST(OutputTest, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("Hexu"), 4u);
  EXPECT_EQ(DisplayWidth("Zhào"), 4u);
  EXPECT_EQ(DisplayWidth("赵和旭"), 3u);
}

TEST(OutputTest, TruncateKeepsOneLineAndMarksWhatItCut) {
  EXPECT_EQ(Truncate("short", 10), "short");
  EXPECT_EQ(Truncate("exactly10!", 10), "exactly10!");
  EXPECT_EQ(Truncate("one\ntwo\tthree", 20), "one two three");
  EXPECT_EQ(Truncate("abcdefghijk", 5), "abcd…");
  EXPECT_EQ(Truncate("ÀÉÎÕÜÀÉÎÕÜ", 4), "ÀÉÎ…");
}

TEST(OutputTest, TableColumnsArePaddedToTheirWidestCell) {
  Table table({"ID", "NAME", "NOTE"});
  table.AddRow({"hexu", "Hexu Zhào", ""});
  table.AddRow({"a", "B", "last"});
  std::ostringstream out;
  table.Print(out, "nothing");
  EXPECT_EQ(out.str(),
            "ID    NAME       NOTE\n"
            "hexu  Hexu Zhào\n"
            "a     B          last\n");
}

TEST(OutputTest, AnEmptyTablePrintsItsMessageInstead) {
  Table table({"ID", "NAME"});
  std::ostringstream out;
  table.Print(out, "no profiles");
  EXPECT_EQ(out.str(), "no profiles\n");
}

}  // namespace
}  // namespace vita::cli
