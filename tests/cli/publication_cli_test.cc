// End-to-end tests of `vita publication ...` (mostly spelled `vita pub`, its
// alias) against a real server, including BibTeX import (testdata/refs.bib)
// and export.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/bibtex.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/cli/cli_test_base.h"
#include "tests/support/grpc_client.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using vita::v1::Publication;

class PublicationCliTest : public CliTest {
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

TEST_F(PublicationCliTest, AddWithAuthorSyntaxEditRemove) {
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
  EXPECT_EQ(gone.err, "error: not found: profiles/hexu/publications/grendel\n")
      << gone;
}

TEST_F(PublicationCliTest, BadAuthorsAndStatusAreUsageErrors) {
  RunResult authors = Vita(
      {"pub", "add", "--title", "T", "--authors", "A, , B", "--year", "2020"});
  EXPECT_EQ(authors.exit_code, 4) << authors;
  EXPECT_EQ(authors.err,
            "error: authors: author 2 has an empty name in \"A, , B\"\n")
      << authors;
  RunResult status = Vita({"pub", "add", "--title", "T", "--authors", "A",
                           "--year", "2020", "--status", "famous"});
  EXPECT_EQ(status.exit_code, 4) << status;
  EXPECT_EQ(status.err,
            "error: status: unknown value \"famous\" (use one of published, "
            "accepted, under-submission, submitted, preprint)\n")
      << status;
  EXPECT_EQ(List().publications_size(), 0);
}

// What importing testdata/refs.bib must give, written down by hand from the
// file: TeX decoded, names in "First Last" order, "@" after the owner.
struct ExpectedPub {
  std::string id, title;
  int year;
  std::string status, venue, authors, links;
};
const std::vector<ExpectedPub>& RefsBib() {
  static const auto* kRefs = new std::vector<ExpectedPub>{
      {"zhao2025grendel", "On Scaling Up 3D Gaussian Splatting Training", 2025,
       "PUBLISHED",
       "International Conference on Learning Representations (ICLR)",
       "Hexu Zhao@, Haoyang Weng, Daohan Lu, Ang Li, Jinyang Li, Aurojit "
       "Panda, "
       "Saining Xie",
       "CODE=https://github.com/nyu-systems/Grendel-GS"},
      {"zhuang2024hexgen",
       "HexGen: Generative Inference of Large Language Model over "
       "Heterogeneous Environment",
       2024, "PUBLISHED",
       "Proceedings of the 41st International Conference on Machine Learning",
       "Youhe Jiang, Ran Yan, Xiaozhe Yao, Yang Zhou, Beidi Chen, Binhang Yuan",
       ""},
      {"schrodinger1935", "Die gegenwärtige Situation in der Quantenmechanik",
       1935, "PUBLISHED", "Naturwissenschaften", "Erwin Schrödinger", ""},
      {"erdos1959", "On Random Graphs I", 1959, "PUBLISHED",
       "Publicationes Mathematicae Debrecen", "P. Erdős, A. Rényi", ""},
      {"mueller2023", "Café Scheduling for GPU Clusters — a Überblick", 2023,
       "PUBLISHED",
       "USENIX Symposium on Operating Systems Design and Implementation 2023",
       "Jörg Müller, Renée François, Hexu Zhao@, José García", ""},
      {"zhao2024preprint", "A Preprint with an arXiv Identifier", 2024,
       "PREPRINT", "", "H. Zhao@, et al.", ""},
      {"knuth1984", "Literate Programming", 1984, "PUBLISHED",
       "The Computer Journal", "Donald E. Knuth", ""},
      {"vanbeethoven2020", "Sonatas & Proofs: 50% of the Work", 2020,
       "PUBLISHED", "Journal of Improbable Results",
       "Ludwig van Beethoven, Juana Inés de la Cruz, Martin Luther King Jr.",
       ""},
      {"zhao2022accepted", "Accepted but not yet Published", 2022, "ACCEPTED",
       "NeurIPS 2022", "Hexu Zhao@, The Vita Team", ""},
      {"zhao2026review", "Something Under Review", 2026, "UNDER_SUBMISSION", "",
       "Hexu Zhao@, Anders Ångström, Aleš Kerčmar", ""},
      {"dijkstra1968", "Go To Statement Considered Harmful", 1968, "PUBLISHED",
       "Technische Hogeschool Eindhoven", "Edsger W. Dijkstra",
       "PDF=https://example.org/ewd215.pdf"},
      {"lee2019", "Łódź and Øresund: a Tale of Two Cities", 2019, "PUBLISHED",
       "Seoul National University", "Ji-woo Lee", ""},
  };
  return *kRefs;
}

std::string AuthorsOf(const Publication& p) {
  std::vector<std::string> names;
  for (const auto& a : p.authors()) {
    names.push_back(a.name() + (a.is_owner() ? "@" : ""));
  }
  if (p.more_authors()) names.push_back("et al.");
  return absl::StrJoin(names, ", ");
}

std::string LinksOf(const Publication& p) {
  std::vector<std::string> links;
  for (const auto& l : p.links()) {
    links.push_back(vita::v1::PublicationLink::Kind_Name(l.kind()) + "=" +
                    l.url());
  }
  return absl::StrJoin(links, " ");
}

TEST_F(PublicationCliTest,
       DryRunOnAnEmptyProfileListsWhatItWouldCreateAndWritesNothing) {
  vita::v1::Page before;
  ReadJson({"page", "hexu"}, &before);
  RunResult dry = Vita({"pub", "import", "--dry-run", TestData("refs.bib")});
  ASSERT_EQ(dry.exit_code, 0) << dry;
  std::string expected;
  for (const ExpectedPub& e : RefsBib()) {
    expected += absl::StrCat("create profiles/hexu/publications/", e.id, "  ",
                             e.title, " (", e.year, ")\n");
  }
  EXPECT_EQ(dry.out, expected);
  EXPECT_NE(dry.err.find("dry run: nothing was written (12 entries: 12 "
                         "created, 0 updated, 0 unchanged, 0 skipped)\n"),
            std::string::npos)
      << dry;
  EXPECT_EQ(List().publications_size(), 0);
  vita::v1::Page after;
  ReadJson({"page", "hexu"}, &after);
  EXPECT_EQ(after.etag(), before.etag());
}

TEST_F(PublicationCliTest, ImportCreatesThenUpdatesByCitationKey) {
  std::string refs = TestData("refs.bib");
  ImportOk({"pub", "import", refs},
           "imported 12 entries from " + refs +
               ": 12 created, 0 updated, 0 unchanged, 0 skipped");
  auto by_key = ByKey(List());
  ASSERT_EQ(by_key.size(), RefsBib().size());
  for (const ExpectedPub& e : RefsBib()) {
    ASSERT_EQ(by_key.count(e.id), 1u) << e.id;
    const Publication& stored = by_key[e.id];
    EXPECT_EQ(stored.name(), "profiles/hexu/publications/" + e.id);
    EXPECT_EQ(stored.citation_key(), e.id);
    EXPECT_EQ(stored.title(), e.title) << e.id;
    EXPECT_EQ(stored.year(), e.year) << e.id;
    EXPECT_EQ(Publication::Status_Name(stored.status()), e.status) << e.id;
    EXPECT_EQ(stored.venue(), e.venue) << e.id;
    EXPECT_EQ(AuthorsOf(stored), e.authors) << e.id;
    EXPECT_EQ(LinksOf(stored), e.links) << e.id;
  }
  EXPECT_EQ(by_key["mueller2023"].tags_size(), 2);
  EXPECT_EQ(absl::StrJoin(by_key["mueller2023"].tags(), ","),
            "systems,scheduling");
  EXPECT_EQ(by_key["zhao2025grendel"].date().month(), 4);
  // DOI and arXiv id are typed fields, not links.
  EXPECT_EQ(by_key["zhao2025grendel"].arxiv_id(), "2406.18533");
  EXPECT_EQ(by_key["zhao2024preprint"].arxiv_id(), "2401.01234");
  EXPECT_EQ(by_key["zhuang2024hexgen"].doi(), "10.5555/3692070.3692960");
  EXPECT_EQ(by_key["zhuang2024hexgen"].type(), Publication::CONFERENCE_PAPER);
  EXPECT_EQ(by_key["zhao2024preprint"].type(), Publication::MANUSCRIPT);

  // Change two locally, re-import: nothing is duplicated and nothing
  // overwritten; author marks (which BibTeX cannot hold) survive.
  VitaOk({"pub", "edit", "schrodinger1935", "--title", "Changed"});
  VitaOk({"pub", "edit", "erdos1959", "--authors",
          "*P. Erdős <https://erdos.example>, *A. Rényi^"});
  auto edited = ByKey(List());

  RunResult dry = Vita({"pub", "import", "--dry-run", refs});
  EXPECT_EQ(dry.exit_code, 0) << dry;
  EXPECT_NE(dry.out.find("unchanged profiles/hexu/publications/"
                         "schrodinger1935  Die gegenwärtige Situation in der "
                         "Quantenmechanik (1935): same citation key\n"),
            std::string::npos)
      << dry;

  ImportOk({"pub", "import", refs},
           "imported 12 entries from " + refs +
               ": 0 created, 0 updated, 12 unchanged, 0 skipped");
  auto again = ByKey(List());
  EXPECT_EQ(again.size(), 12u);
  for (const auto& [key, pub] : edited) {
    EXPECT_EQ(again[key].etag(), pub.etag()) << key;
  }
  EXPECT_EQ(again["schrodinger1935"].title(), "Changed");
  const Publication& erdos = again["erdos1959"];
  ASSERT_EQ(erdos.authors_size(), 2);
  EXPECT_EQ(erdos.authors(0).name(), "P. Erdős");
  EXPECT_TRUE(erdos.authors(0).equal_contribution());
  EXPECT_EQ(erdos.authors(0).url(), "https://erdos.example");
  EXPECT_TRUE(erdos.authors(1).equal_contribution());
  EXPECT_TRUE(erdos.authors(1).corresponding());
}

TEST_F(PublicationCliTest, ImportSaysWhichEntriesHaveNoOwner) {
  std::string bib = WriteFile("others.bib",
                              "@article{mine, title = {A}, author = {Zhao, "
                              "Hexu and Doe, Jane}, year = 2020}\n"
                              "@article{theirs, title = {B}, author = {Zhao, "
                              "X. and Doe, Jane}, year = 2021}\n");
  RunResult dry = Vita({"pub", "import", "--dry-run", bib});
  ASSERT_EQ(dry.exit_code, 0) << dry;
  EXPECT_NE(dry.err.find("note: no author of theirs is named like the owner "
                         "(Hexu Zhao; H. Zhao; Zhao, Hexu); add the spelling "
                         "with `vita profile edit --add-name-variant NAME` "
                         "and import again, or mark the owner with @ in "
                         "`vita publication edit`\n"),
            std::string::npos)
      << dry;
  EXPECT_NE(dry.err.find("dry run: nothing was written (2 entries: 2 created"),
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

TEST_F(PublicationCliTest, BrokenBibtexChangesNothingAndNamesFileAndLine) {
  RunResult broken = Vita({"pub", "import", TestData("broken.bib")});
  EXPECT_EQ(broken.exit_code, 3) << broken;
  EXPECT_EQ(broken.err,
            TestData("broken.bib") +
                ":11: warning: possible runaway string started at line 10\n" +
                TestData("broken.bib") +
                ":15: syntax error: found \"@misc\", expected end of entry "
                "(\"}\" or \")\") (skipping to next \"@\")\n"
                "error: " +
                TestData("broken.bib") + ": 2 problems; nothing was imported\n")
      << broken;
  EXPECT_EQ(List().publications_size(), 0);
}

TEST_F(PublicationCliTest, ExportIsBibtexThatImportsToEqualPublications) {
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
  ASSERT_EQ(original.size(), 12u);
  ASSERT_EQ(copy.size(), original.size());
  MessageDifferencer differ;
  for (const char* f :
       {"name", "create_time", "update_time", "etag", "bibtex", "links"}) {
    differ.IgnoreField(Publication::descriptor()->FindFieldByName(f));
  }
  for (const auto& [key, pub] : original) {
    ASSERT_EQ(copy.count(key), 1u) << key;
    std::string report;
    differ.ReportDifferencesToString(&report);
    EXPECT_TRUE(differ.Compare(pub, copy[key])) << key << ": " << report;
    std::set<std::string> a, b;
    for (const auto& l : pub.links()) a.insert(l.url());
    for (const auto& l : copy[key].links()) b.insert(l.url());
    EXPECT_EQ(a, b) << key;
  }
}

TEST_F(PublicationCliTest, BibtexItselfAcceptsTheExport) {
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

TEST_F(PublicationCliTest,
       ImportsOrcidWorksWithIdentifiersAndReimportsWithoutDuplicates) {
  std::string works = TestData("orcid-works.json");
  ImportOk({"pub", "import", "--orcid", works},
           "imported 3 entries from " + works +
               ": 3 created, 0 updated, 0 unchanged, 0 skipped");
  auto by_key = ByKey(List());
  ASSERT_EQ(by_key.size(), 3u);
  EXPECT_EQ(by_key["orcid-158000001"].doi(), "10.1145/3620666.3651380");
  EXPECT_EQ(by_key["orcid-158000001"].type(), Publication::CONFERENCE_PAPER);
  EXPECT_EQ(by_key["orcid-158000002"].arxiv_id(), "2406.18533");
  EXPECT_EQ(by_key["orcid-158000002"].status(), Publication::PREPRINT);
  EXPECT_EQ(by_key["orcid-158000003"].year(), 2026);
  EXPECT_TRUE(by_key["orcid-158000003"].authors(0).is_owner());
  ImportOk({"pub", "import", "--orcid", works},
           ": 0 created, 0 updated, 3 unchanged, 0 skipped");
  EXPECT_EQ(List().publications_size(), 3);
}

TEST_F(PublicationCliTest, BrokenOrcidFileChangesNothingAndNamesTheFile) {
  std::string path = ::testing::TempDir() + "/broken-orcid.json";
  std::ofstream(path) << R"({"group":[{"work-summary":[{"title":null}]}]})";
  RunResult r = Vita({"pub", "import", "--orcid", path});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_EQ(r.err,
            "error: " + path + ": group[0]: work-summary[0].title: required\n")
      << r;
  EXPECT_EQ(List().publications_size(), 0);
}

TEST_F(PublicationCliTest, ImportsADblpStyleBibFile) {
  RunResult r = Vita({"pub", "import", TestData("dblp.bib")});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto by_key = ByKey(List());
  ASSERT_EQ(by_key.size(), 2u);
  const Publication& icml = by_key["DBLP:conf/asplos/JiangYLZWZH24"];
  EXPECT_EQ(icml.title(),
            "HexGen: Generative Inference of Large Language Model over "
            "Heterogeneous Environment");
  EXPECT_EQ(icml.venue(),
            "Forty-first International Conference on Machine Learning, ICML "
            "2024, Vienna, Austria, July 21-27, 2024");
  EXPECT_EQ(icml.authors_size(), 6);
  EXPECT_EQ(icml.year(), 2024);
  const Publication& corr = by_key["DBLP:journals/corr/abs-2406-18533"];
  EXPECT_EQ(corr.venue(), "CoRR");
  EXPECT_TRUE(corr.authors(0).is_owner());
  EXPECT_EQ(corr.authors(6).name(), "Saining Xie");
  // DBLP's doi, its url (a doi.org address) and eprint become the typed
  // identifiers, not links (the page derives the links from them).
  EXPECT_EQ(corr.doi(), "10.48550/ARXIV.2406.18533");  // its doi field
  EXPECT_EQ(corr.arxiv_id(), "2406.18533");
  EXPECT_EQ(LinksOf(corr), "");
}

}  // namespace
}  // namespace vita::testing
