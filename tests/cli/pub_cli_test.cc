// End-to-end tests of `vita pub ...` against a real server, including BibTeX
// import (testdata/refs.bib) and export.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "client/bibtex.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using vita::v1::Publication;

class PubCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao", {"H. Zhao", "Zhao, Hexu"});
  }

  vita::v1::ListPublicationsResponse List(const std::string& profile = "") {
    vita::v1::ListPublicationsResponse list;
    std::vector<std::string> args = {"pub", "list"};
    if (!profile.empty()) args.insert(args.begin(), {"--profile", profile});
    ReadJson(args, &list);
    return list;
  }

  std::map<std::string, Publication> ByKey(
      const vita::v1::ListPublicationsResponse& list) {
    std::map<std::string, Publication> by_key;
    for (const auto& p : list.publications()) by_key[p.citation_key()] = p;
    return by_key;
  }
};

TEST_F(PubCliTest, AddWithAuthorSyntaxEditRemove) {
  std::string id = VitaOk(
      {"pub",       "add",
       "--id",      "grendel",
       "--title",   "On Scaling Up 3D Gaussian Splatting Training",
       "--authors", "*Yonghao Zhuang, *Hexu Zhao, Lianmin Zheng, Hao Zhang^",
       "--venue",   "ICLR 2025",
       "--status",  "accepted",
       "--year",    "2025",
       "--link",    "arxiv=https://arxiv.org/abs/2406.18533",
       "--link",    "code=https://github.com/nyu-systems/Grendel-GS",
       "--tag",     "systems"});
  EXPECT_EQ(id, "grendel\n");
  Publication p;
  ReadJson({"pub", "get", "grendel"}, &p);
  EXPECT_EQ(p.title(), "On Scaling Up 3D Gaussian Splatting Training");
  ASSERT_EQ(p.authors_size(), 4);
  EXPECT_TRUE(p.authors(0).equal_contribution());
  EXPECT_FALSE(p.authors(0).is_owner());
  EXPECT_TRUE(p.authors(1).equal_contribution());
  EXPECT_TRUE(p.authors(1).is_owner());  // found by display_name
  EXPECT_TRUE(p.authors(3).corresponding());
  EXPECT_EQ(p.status(), Publication::ACCEPTED);
  ASSERT_EQ(p.links_size(), 2);
  EXPECT_EQ(p.links(1).kind(), vita::v1::PublicationLink::CODE);

  // An explicit @ wins over the name match.
  VitaOk({"pub", "add", "--id", "other", "--title", "Other", "--authors",
          "Hexu Zhao, @Someone Else", "--year", "2020"});
  Publication other;
  ReadJson({"pub", "get", "other"}, &other);
  EXPECT_FALSE(other.authors(0).is_owner());
  EXPECT_TRUE(other.authors(1).is_owner());
  EXPECT_EQ(other.status(), Publication::PUBLISHED);  // the default

  VitaOk({"pub", "edit", "grendel", "--status", "published", "--venue",
          "ICLR 2025 (oral)", "--selected"});
  Publication edited;
  ReadJson({"pub", "get", "grendel"}, &edited);
  EXPECT_EQ(edited.status(), Publication::PUBLISHED);
  EXPECT_EQ(edited.venue(), "ICLR 2025 (oral)");
  EXPECT_TRUE(edited.selected());
  EXPECT_EQ(edited.authors_size(), 4);  // untouched

  std::string table = VitaOk({"pub", "list"});
  EXPECT_NE(table.find("grendel"), std::string::npos) << table;
  EXPECT_NE(table.find("published"), std::string::npos) << table;

  VitaOk({"pub", "rm", "grendel", "other"});
  EXPECT_EQ(List().publications_size(), 0);
  RunResult gone = Vita({"pub", "rm", "grendel"});
  EXPECT_EQ(gone.exit_code, 5) << gone;
  EXPECT_NE(gone.err.find("profiles/hexu/publications/grendel"),
            std::string::npos)
      << gone;
}

TEST_F(PubCliTest, BadAuthorsAndStatusAreUsageErrors) {
  RunResult authors = Vita(
      {"pub", "add", "--title", "T", "--authors", "A, , B", "--year", "2020"});
  EXPECT_EQ(authors.exit_code, 4) << authors;
  EXPECT_NE(authors.err.find("authors"), std::string::npos) << authors;
  RunResult status = Vita({"pub", "add", "--title", "T", "--authors", "A",
                           "--year", "2020", "--status", "famous"});
  EXPECT_EQ(status.exit_code, 4) << status;
  EXPECT_NE(status.err.find("status"), std::string::npos) << status;
  EXPECT_EQ(List().publications_size(), 0);
}

TEST_F(PubCliTest, ImportCreatesThenUpdatesByCitationKey) {
  std::string refs = TestData("refs.bib");
  auto expected = vita::cli::ParseBibtexFile(refs, [] {
    vita::v1::Profile p;
    p.set_display_name("Hexu Zhao");
    p.add_name_variants("H. Zhao");
    p.add_name_variants("Zhao, Hexu");
    return p;
  }());
  ASSERT_TRUE(expected.ok()) << expected.status();

  RunResult first = Vita({"pub", "import", refs});
  ASSERT_EQ(first.exit_code, 0) << first;
  auto by_key = ByKey(List());
  ASSERT_EQ(by_key.size(), expected->size());
  MessageDifferencer differ;
  for (const char* f : {"name", "create_time", "update_time", "etag"}) {
    differ.IgnoreField(Publication::descriptor()->FindFieldByName(f));
  }
  for (const auto& entry : *expected) {
    ASSERT_TRUE(by_key.count(entry.key)) << entry.key;
    const Publication& stored = by_key[entry.key];
    std::string report;
    differ.ReportDifferencesToString(&report);
    EXPECT_TRUE(differ.Compare(entry.publication, stored))
        << entry.key << ": " << report;
    EXPECT_EQ(stored.name(), "profiles/hexu/publications/" +
                                 vita::cli::IdFromCitationKey(entry.key));
  }
  EXPECT_EQ(by_key["schrodinger1935"].authors(0).name(), "Erwin Schrödinger");
  EXPECT_TRUE(by_key["zhao2025grendel"].authors(0).is_owner());

  // Change one locally, re-import: updated, not duplicated; author marks
  // (which BibTeX cannot hold) survive.
  VitaOk({"pub", "edit", "schrodinger1935", "--title", "Changed"});
  VitaOk({"pub", "edit", "erdos1959", "--authors",
          "*P. Erdős <https://erdos.example>, *A. Rényi^"});
  RunResult second = Vita({"pub", "import", refs});
  ASSERT_EQ(second.exit_code, 0) << second;
  // Only the changed one is written; the others are left alone.
  EXPECT_NE(second.err.find(absl::StrCat("0 created, 1 updated, ",
                                         expected->size() - 1, " unchanged")),
            std::string::npos)
      << second;
  EXPECT_NE(
      second.out.find("updated profiles/hexu/publications/schrodinger1935  " +
                      by_key["schrodinger1935"].title() + " (1935): title\n"),
      std::string::npos)
      << second;
  auto again = ByKey(List());
  EXPECT_EQ(again["knuth1984"].etag(), by_key["knuth1984"].etag());
  EXPECT_EQ(again.size(), expected->size());
  EXPECT_EQ(again["schrodinger1935"].title(),
            by_key["schrodinger1935"].title());
  EXPECT_EQ(again["schrodinger1935"].name(), by_key["schrodinger1935"].name());
  const Publication& erdos = again["erdos1959"];
  ASSERT_EQ(erdos.authors_size(), 2);
  EXPECT_TRUE(erdos.authors(0).equal_contribution());
  EXPECT_EQ(erdos.authors(0).url(), "https://erdos.example");
  EXPECT_TRUE(erdos.authors(1).equal_contribution());
  EXPECT_TRUE(erdos.authors(1).corresponding());

  // --dry-run writes nothing.
  RunResult dry = Vita({"pub", "import", "--dry-run", refs});
  EXPECT_EQ(dry.exit_code, 0) << dry;
  EXPECT_NE(dry.out.find("unchanged profiles/hexu/publications/lee2019"),
            std::string::npos)
      << dry;
}

TEST_F(PubCliTest, ImportSaysWhichEntriesHaveNoOwner) {
  std::string bib = WriteFile("others.bib",
                              "@article{mine, title = {A}, author = {Zhao, "
                              "Hexu and Doe, Jane}, year = 2020}\n"
                              "@article{theirs, title = {B}, author = {Zhao, "
                              "X. and Doe, Jane}, year = 2021}\n");
  RunResult dry = Vita({"pub", "import", "--dry-run", bib});
  ASSERT_EQ(dry.exit_code, 0) << dry;
  EXPECT_NE(dry.err.find("note: no author of theirs is named like the owner "
                         "(Hexu Zhao; H. Zhao; Zhao, Hexu)"),
            std::string::npos)
      << dry;
  EXPECT_NE(dry.err.find("dry run: nothing was written (2 entries)"),
            std::string::npos)
      << dry;
  EXPECT_EQ(dry.out,
            "create profiles/hexu/publications/mine  A (2020)\n"
            "create profiles/hexu/publications/theirs  B (2021)\n");

  std::string one =
      WriteFile("one.bib",
                "@article{mine, title = {A}, author = {Zhao, Hexu}, year = "
                "2020}\n");
  RunResult r = Vita({"pub", "import", one});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err.find("note:"), std::string::npos) << r;
  EXPECT_NE(r.err.find("imported 1 entry from"), std::string::npos) << r;
}

TEST_F(PubCliTest, BrokenBibtexChangesNothingAndNamesFileAndLine) {
  RunResult broken = Vita({"pub", "import", TestData("broken.bib")});
  EXPECT_EQ(broken.exit_code, 3) << broken;
  EXPECT_NE(broken.err.find("broken.bib:"), std::string::npos) << broken;
  EXPECT_EQ(std::count(broken.err.begin(), broken.err.end(), '\n'), 1)
      << broken;
  EXPECT_EQ(List().publications_size(), 0);
}

TEST_F(PubCliTest, ServerRefusalRollsBackTheWholeImport) {
  ASSERT_EQ(Vita({"pub", "import", TestData("refs.bib")}).exit_code, 0);
  auto before = ByKey(List());
  RunResult refused = Vita({"pub", "import", TestData("server_refuses.bib")});
  EXPECT_EQ(refused.exit_code, 4) << refused;
  EXPECT_NE(refused.err.find("server_refuses.bib:17: entry refused2020"),
            std::string::npos)
      << refused;
  EXPECT_NE(refused.err.find("nothing was imported"), std::string::npos)
      << refused;
  auto after = ByKey(List());
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.count("fine2021"), 0u);
  MessageDifferencer differ;
  for (const char* f : {"update_time", "etag"}) {
    differ.IgnoreField(Publication::descriptor()->FindFieldByName(f));
  }
  EXPECT_TRUE(
      differ.Compare(before["zhao2025grendel"], after["zhao2025grendel"]));
}

TEST_F(PubCliTest, ExportIsBibtexThatImportsToEqualPublications) {
  ASSERT_EQ(Vita({"pub", "import", TestData("refs.bib")}).exit_code, 0);
  std::string bib = VitaOk({"pub", "export"});
  std::string path = WriteFile("exported.bib", bib);
  std::string via_file = dir_ + "/exported2.bib";
  VitaOk({"pub", "export", "-f", via_file});
  EXPECT_EQ(ReadWholeFile(via_file), bib);

  // libbtparse reads it back with every entry.
  vita::v1::Profile owner;
  owner.set_display_name("Hexu Zhao");
  auto parsed = vita::cli::ParseBibtexFile(path, owner);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << bib;
  EXPECT_EQ(parsed->size(), 12u);

  // Import into a second profile: the same publications.
  CreateProfile("copy", "Hexu Zhao", {"H. Zhao", "Zhao, Hexu"});
  RunResult imported = Vita({"--profile", "copy", "pub", "import", path});
  ASSERT_EQ(imported.exit_code, 0) << imported;
  auto original = ByKey(List("hexu"));
  auto copy = ByKey(List("copy"));
  ASSERT_EQ(copy.size(), original.size());
  MessageDifferencer differ;
  for (const char* f :
       {"name", "create_time", "update_time", "etag", "bibtex", "links"}) {
    differ.IgnoreField(Publication::descriptor()->FindFieldByName(f));
  }
  for (const auto& [key, pub] : original) {
    std::string report;
    differ.ReportDifferencesToString(&report);
    EXPECT_TRUE(differ.Compare(pub, copy[key])) << key << ": " << report;
    std::set<std::string> a, b;
    for (const auto& l : pub.links()) a.insert(l.url());
    for (const auto& l : copy[key].links()) b.insert(l.url());
    EXPECT_EQ(a, b) << key;
  }
}

TEST_F(PubCliTest, BibtexItselfAcceptsTheExport) {
  if (std::system("command -v bibtex >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "bibtex is not installed (Debian: texlive-binaries and "
                    "texlive-base)";
  }
  ASSERT_EQ(Vita({"pub", "import", TestData("refs.bib")}).exit_code, 0);
  VitaOk({"pub", "add", "--id", "plain", "--title",
          "R&D at 100% — ünïcödé_title #1", "--authors",
          "Zoë Ørsted, Hexu Zhao", "--year", "2021", "--venue", "Venue & Co"});
  std::string bibdir = dir_ + "/bibtex";
  std::filesystem::create_directories(bibdir);
  VitaOk({"pub", "export", "-f", bibdir + "/exported.bib"});
  std::ofstream(bibdir + "/exported.aux")
      << "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{exported}\n";
  int rc = std::system(
      ("cd " + bibdir + " && bibtex exported >bibtex.out 2>&1").c_str());
  std::string log = ReadWholeFile(bibdir + "/exported.blg");
  // 0: fine, 1: warnings only (e.g. a missing optional field), 2+: errors.
  EXPECT_LE(WEXITSTATUS(rc), 1) << log;
  EXPECT_EQ(log.find("error message"), std::string::npos) << log;
  std::string bbl = ReadWholeFile(bibdir + "/exported.bbl");
  size_t items = 0;
  for (size_t at = bbl.find("\\bibitem"); at != std::string::npos;
       at = bbl.find("\\bibitem", at + 1)) {
    ++items;
  }
  EXPECT_EQ(items, 13u) << bbl;
}

}  // namespace
}  // namespace vita::testing
