// End-to-end tests of `vita page`, `vita export` and `vita import`: a whole
// profile round-trips into a fresh server field by field.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/yaml_proto.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

class PageCliTest : public CliTest {
 protected:
  void Populate() {
    CreateProfile("hexu", "Hexu Zhao", {"H. Zhao", "Zhao, Hexu"});
    VitaOk({"profile",
            "set",
            "--headline",
            "Ph.D. student",
            "--affiliation",
            "New York University",
            "--bio",
            "I work on *ML systems*.",
            "--add-link",
            "github=https://github.com/hexu",
            "--add-email",
            "hz3496@nyu.edu",
            "--add-interest",
            "ML systems",
            "--office-address",
            "60 5th Ave",
            "--photo-url",
            "/me.jpg",
            "--photo-alt",
            "Hexu"});
    VitaOk({"news", "add", "--id", "join", "--date", "2024-03",
            "I will join NYU."});
    VitaOk({"news", "add", "--id", "pinned", "--date", "2023-01-05", "--pin",
            "Pinned."});
    VitaOk({"news", "add", "--id", "same-date", "--date", "2024-03",
            "Same month."});
    VitaOk({"pub", "import", TestData("refs.bib")});
    VitaOk({"pub", "edit", "lee2019", "--order", "1", "--selected"});
  }

  // Compares pages ignoring what the server sets (times, etags).
  static bool SamePage(const vita::v1::Page& a, const vita::v1::Page& b,
                       std::string* report) {
    MessageDifferencer differ;
    differ.ReportDifferencesToString(report);
    differ.IgnoreField(vita::v1::Page::descriptor()->FindFieldByName("etag"));
    for (const auto* d :
         {vita::v1::Profile::descriptor(), vita::v1::NewsItem::descriptor(),
          vita::v1::Publication::descriptor()}) {
      for (const char* f : {"create_time", "update_time", "etag"}) {
        differ.IgnoreField(d->FindFieldByName(f));
      }
    }
    return differ.Compare(a, b);
  }
};

TEST_F(PageCliTest, PageIsReadableAndStructured) {
  Populate();
  std::string text = VitaOk({"page"});
  for (const char* expected :
       {"Hexu Zhao", "Ph.D. student", "I will join NYU.", "Pinned.",
        "Die gegenwärtige Situation in der Quantenmechanik",
        "https://github.com/hexu", "_Hexu Zhao_"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n"
                                                      << text;
  }
  vita::v1::Page page;
  ReadJson({"page", "hexu"}, &page);
  EXPECT_EQ(page.profile().name(), "profiles/hexu");
  EXPECT_EQ(page.news_size(), 3);
  EXPECT_EQ(page.publications_size(), 12);
  EXPECT_EQ(page.publications(0).name(), "profiles/hexu/publications/lee2019");
  EXPECT_FALSE(page.etag().empty());

  // -o yaml is the same page.
  std::string yaml = VitaOk({"-o", "yaml", "page", "hexu"});
  vita::v1::Page from_yaml;
  ASSERT_TRUE(vita::cli::YamlToMessage(yaml, "page.yaml", &from_yaml).ok())
      << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(page, from_yaml)) << yaml;
}

TEST_F(PageCliTest, ExportImportRoundTripIntoAFreshServer) {
  Populate();
  std::string json = VitaOk({"export"});
  vita::v1::Page exported;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json, &exported).ok());
  // The output is canonical proto3 JSON (lowerCamelCase names).
  EXPECT_NE(json.find("\"displayName\""), std::string::npos);
  std::string path = WriteFile("site.json", json);
  std::string via_file = dir_ + "/site2.json";
  VitaOk({"export", "hexu", "-f", via_file});

  auto fresh = ServerProcess::Start({});
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  std::vector<std::string> to_fresh = {"--server", (*fresh)->address(),
                                       "--token-file", (*fresh)->token_file()};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), to_fresh.begin(), to_fresh.end());
    return RunVita(args, {}, dir_);
  };
  RunResult imported = run({"import", path});
  ASSERT_EQ(imported.exit_code, 0) << imported;
  RunResult again = run({"-o", "json", "export", "hexu"});
  ASSERT_EQ(again.exit_code, 0) << again;
  vita::v1::Page reimported;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(again.out, &reimported).ok());
  // The import keeps the records' times and etags: the copy is exact.
  MessageDifferencer exact;
  std::string exact_report;
  exact.ReportDifferencesToString(&exact_report);
  EXPECT_TRUE(exact.Compare(exported, reimported)) << exact_report;
  ASSERT_EQ(reimported.news_size(), 3);
  ASSERT_EQ(reimported.publications_size(), 12);
  // (Not vacuous: every record has its times and etag.)
  EXPECT_GT(reimported.profile().create_time().seconds(), 0);
  EXPECT_GT(reimported.profile().update_time().seconds(), 0);
  EXPECT_FALSE(reimported.profile().etag().empty());
  for (const auto& n : reimported.news()) {
    EXPECT_GT(n.create_time().seconds(), 0) << n.name();
    EXPECT_GT(n.update_time().seconds(), 0) << n.name();
    EXPECT_FALSE(n.etag().empty()) << n.name();
  }
  for (const auto& p : reimported.publications()) {
    EXPECT_GT(p.create_time().seconds(), 0) << p.name();
    EXPECT_GT(p.update_time().seconds(), 0) << p.name();
    EXPECT_FALSE(p.etag().empty()) << p.name();
  }
  // lee2019 was edited after it was imported: its times differ, and both
  // came across.
  const auto& lee = reimported.publications(0);
  ASSERT_EQ(lee.name(), "profiles/hexu/publications/lee2019");
  EXPECT_TRUE(lee.update_time().seconds() > lee.create_time().seconds() ||
              (lee.update_time().seconds() == lee.create_time().seconds() &&
               lee.update_time().nanos() > lee.create_time().nanos()))
      << lee.DebugString();

  // Importing the same page again is refused and changes nothing.
  RunResult twice = run({"import", path});
  EXPECT_EQ(twice.exit_code, 7) << twice;
  EXPECT_EQ(twice.err, "error: " + path +
                           ": already exists: profiles/hexu; nothing was "
                           "imported\n")
      << twice;
  RunResult after = run({"-o", "json", "export", "hexu"});
  ASSERT_EQ(after.exit_code, 0) << after;
  EXPECT_EQ(after.out, again.out);
}

TEST_F(PageCliTest, ImportOfABrokenFileWritesNothing) {
  std::string bad = WriteFile("bad.json", "{\"profile\": {\"name\": 5");
  RunResult r = Vita({"import", bad});
  EXPECT_EQ(r.exit_code, 3) << r;
  // (The rest of the line is protobuf's JSON parser's own message.)
  EXPECT_EQ(
      r.err.rfind(
          "error: " + bad + ": not a valid vita.v1.Page in proto3 JSON: ", 0),
      0u)
      << r;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r;

  // A page whose second news item the server refuses: the profile goes too.
  std::string refused =
      WriteFile("refused.json",
                R"({"profile": {"name": "profiles/ana", "displayName": "Ana"},
          "news": [{"name": "profiles/ana/news/a", "date": {"year": 2024,
                    "month": 1}, "text": "ok"},
                   {"name": "profiles/ana/news/b", "date": {"year": 2024,
                    "month": 13}, "text": "bad month"}]})");
  RunResult partial = Vita({"import", refused});
  EXPECT_EQ(partial.exit_code, 4) << partial;
  EXPECT_NE(partial.err.find("nothing was imported"), std::string::npos)
      << partial;
  EXPECT_EQ(Vita({"profile", "get", "ana"}).exit_code, 5);
}

TEST_F(PageCliTest, DemoPageImportsAndExportsUnchanged) {
  std::string demo = SourceDir() + "/deploy/demo/hexu-zhao.json";
  if (!std::filesystem::exists(demo)) GTEST_SKIP() << demo << " not there yet";
  vita::v1::Page original;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadWholeFile(demo),
                                                          &original)
                  .ok());
  RunResult imported = Vita({"import", demo});
  ASSERT_EQ(imported.exit_code, 0) << imported;
  vita::v1::Page exported;
  ReadJson({"export", original.profile().name().substr(9)}, &exported);
  std::string report;
  EXPECT_TRUE(SamePage(original, exported, &report)) << report;
}

}  // namespace
}  // namespace vita::testing
