// Unit tests of BibTeX import and export (cli/bibtex.h) on the realistic
// testdata/refs.bib and the broken testdata/broken.bib.
#include "cli/bibtex.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/exit_codes.h"
#include "google/protobuf/util/message_differencer.h"

namespace vita::cli {
namespace {

using vita::v1::Publication;
using vita::v1::PublicationLink;

std::string TestData(const std::string& name) {
  return std::string(VITA_CLI_TESTDATA) + "/" + name;
}

vita::v1::Profile Owner() {
  vita::v1::Profile p;
  p.set_display_name("Hexu Zhao");
  p.add_name_variants("H. Zhao");
  p.add_name_variants("Zhao, Hexu");
  return p;
}

// Writes a file in a directory of this process's own (tests of other
// builds may run at the same time) and returns its path.
std::string TempFile(const std::string& name, const std::string& contents) {
  static const std::string* dir = [] {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/bibtex_test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) pattern = "/nonexistent";
    return new std::string(pattern);
  }();
  std::string path = *dir + "/" + name;
  std::ofstream(path) << contents;
  return path;
}

// The entries of the BibTeX file at `path`; none (failing the test) if it
// does not parse.
std::vector<BibtexEntry> Entries(const std::string& path) {
  auto entries = ParseBibtexFile(path, Owner());
  EXPECT_TRUE(entries.ok()) << entries.status();
  return entries.ok() ? *std::move(entries) : std::vector<BibtexEntry>();
}

// The BibTeX export of `p`; fails the test unless it holds each of
// `present` and none of `absent`.
std::string ExportHolding(const Publication& p,
                          const std::vector<std::string>& present,
                          const std::vector<std::string>& absent = {}) {
  std::string bib = PublicationToBibtex(p);
  for (const std::string& s : present) {
    EXPECT_NE(bib.find(s), std::string::npos) << s << " in\n" << bib;
  }
  for (const std::string& s : absent) {
    EXPECT_EQ(bib.find(s), std::string::npos) << s << " in\n" << bib;
  }
  return bib;
}

std::map<std::string, Publication> ParseRefs() {
  std::map<std::string, Publication> by_key;
  for (const auto& e : Entries(TestData("refs.bib"))) {
    by_key[e.key] = e.publication;
  }
  return by_key;
}

std::vector<std::string> Names(const Publication& p) {
  std::vector<std::string> names;
  for (const auto& a : p.authors()) names.push_back(a.name());
  return names;
}

TEST(BibtexTest, ImportsEveryRegularEntryInOrder) {
  auto entries = ParseBibtexFile(TestData("refs.bib"), Owner());
  ASSERT_TRUE(entries.ok()) << entries.status();
  // Every "@type{key," line of the file that is not a macro definition.
  std::ifstream in(TestData("refs.bib"));
  std::regex entry_line(R"(^@(\w+)\{([^,]+),)");
  std::vector<std::string> keys;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, entry_line) && m[1] != "string") {
      keys.push_back(m[2]);
    }
  }
  ASSERT_EQ(keys.size(), 12u);
  ASSERT_EQ(entries->size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const Publication& p = (*entries)[i].publication;
    EXPECT_EQ((*entries)[i].key, keys[i]);
    EXPECT_EQ(p.citation_key(), keys[i]);
    EXPECT_FALSE(p.title().empty());
    EXPECT_GT(p.authors_size(), 0);
    EXPECT_GE(p.year(), 1000);
    EXPECT_NE(p.status(), Publication::STATUS_UNSPECIFIED);
    EXPECT_EQ(p.bibtex().rfind("@", 0), 0u);
    // No TeX left in plain-text fields.
    for (const std::string& text : {p.title(), p.venue()}) {
      EXPECT_EQ(text.find_first_of("{}\\"), std::string::npos) << text;
    }
    for (const auto& a : p.authors()) {
      EXPECT_EQ(a.name().find_first_of("{}\\~"), std::string::npos) << a.name();
    }
  }
}

TEST(BibtexTest, AccentsBracesAndMacros) {
  auto refs = ParseRefs();
  const Publication& s = refs["schrodinger1935"];
  EXPECT_EQ(Names(s), std::vector<std::string>{"Erwin Schrödinger"});
  EXPECT_EQ(s.title(), "Die gegenwärtige Situation in der Quantenmechanik");
  EXPECT_EQ(s.venue(), "Naturwissenschaften");
  EXPECT_EQ(s.date().month(), 11);  // month = nov

  const Publication& g = refs["zhao2025grendel"];
  EXPECT_EQ(g.title(), "On Scaling Up 3D Gaussian Splatting Training");
  EXPECT_EQ(g.venue(),
            "International Conference on Learning Representations (ICLR)");
  EXPECT_EQ(g.year(), 2025);
  EXPECT_EQ(g.date().year(), 2025);
  EXPECT_EQ(g.date().month(), 4);
  EXPECT_EQ(g.status(), Publication::PUBLISHED);
  EXPECT_EQ(g.authors_size(), 7);
  EXPECT_EQ(g.authors(0).name(), "Hexu Zhao");
  EXPECT_TRUE(g.authors(0).is_owner());
  for (int i = 1; i < g.authors_size(); ++i) {
    EXPECT_FALSE(g.authors(i).is_owner());
  }
  // Its url is the arXiv page: the arxiv_id, not a link of its own.
  EXPECT_EQ(g.arxiv_id(), "2406.18533");
  ASSERT_EQ(g.links_size(), 1);
  EXPECT_EQ(g.links(0).kind(), PublicationLink::CODE);

  const Publication& m = refs["mueller2023"];
  EXPECT_EQ(Names(m), (std::vector<std::string>{"Jörg Müller", "Renée François",
                                                "Hexu Zhao", "José García"}));
  EXPECT_TRUE(m.authors(2).is_owner());
  EXPECT_EQ(m.title(), "Café Scheduling for GPU Clusters — a Überblick");
  EXPECT_EQ(m.venue(),
            "USENIX Symposium on Operating Systems Design and Implementation "
            "2023");
  EXPECT_EQ(m.date().month(), 7);  // month = {July}
  EXPECT_EQ(std::vector<std::string>(m.tags().begin(), m.tags().end()),
            (std::vector<std::string>{"systems", "scheduling"}));

  const Publication& e = refs["erdos1959"];
  EXPECT_EQ(Names(e), (std::vector<std::string>{"P. Erdős", "A. Rényi"}));
  EXPECT_FALSE(e.has_date());  // no month

  const Publication& v = refs["vanbeethoven2020"];
  EXPECT_EQ(Names(v), (std::vector<std::string>{"Ludwig van Beethoven",
                                                "Juana Inés de la Cruz",
                                                "Martin Luther King Jr."}));
  EXPECT_EQ(v.title(), "Sonatas & Proofs: 50% of the Work");
  EXPECT_EQ(v.date().month(), 12);

  EXPECT_EQ(refs["lee2019"].title(), "Łódź and Øresund: a Tale of Two Cities");
  EXPECT_EQ(refs["lee2019"].venue(), "Seoul National University");
  EXPECT_EQ(Names(refs["zhao2026review"]),
            (std::vector<std::string>{"Hexu Zhao", "Anders Ångström",
                                      "Aleš Kerčmar"}));
  EXPECT_EQ(refs["knuth1984"].abstract().find('\n'), std::string::npos);
  EXPECT_NE(refs["knuth1984"].abstract().find("called WEB."),
            std::string::npos);
  EXPECT_EQ(refs["zhuang2024hexgen"].title().rfind("HexGen: ", 0), 0u);
  EXPECT_EQ(refs["zhuang2024hexgen"].doi(), "10.5555/3692070.3692960");
  EXPECT_EQ(refs["zhuang2024hexgen"].links_size(), 0);
  EXPECT_EQ(refs["dijkstra1968"].venue(), "Technische Hogeschool Eindhoven");
  EXPECT_EQ(refs["dijkstra1968"].links(0).kind(), PublicationLink::PDF);
}

TEST(BibtexTest, StatusAndOwnerFromNotesAndVariants) {
  auto refs = ParseRefs();
  EXPECT_EQ(refs["zhao2024preprint"].status(), Publication::PREPRINT);
  // "H. Zhao and others": the variant is the owner, "others" is no author
  // but says the list is cut short.
  EXPECT_EQ(Names(refs["zhao2024preprint"]),
            std::vector<std::string>{"H. Zhao"});
  EXPECT_TRUE(refs["zhao2024preprint"].more_authors());
  EXPECT_FALSE(refs["zhao2026review"].more_authors());
  EXPECT_TRUE(refs["zhao2024preprint"].authors(0).is_owner());
  EXPECT_EQ(refs["zhao2024preprint"].arxiv_id(), "2401.01234");
  EXPECT_EQ(refs["zhao2024preprint"].links_size(), 0);
  EXPECT_EQ(refs["zhao2022accepted"].status(), Publication::ACCEPTED);
  EXPECT_EQ(refs["zhao2022accepted"].authors(1).name(), "The Vita Team");
  EXPECT_EQ(refs["zhao2026review"].status(), Publication::UNDER_SUBMISSION);
  EXPECT_TRUE(refs["zhao2026review"].authors(0).is_owner());  // "Zhao, Hexu"
  EXPECT_EQ(refs["schrodinger1935"].status(), Publication::PUBLISHED);
}

// Found by tests/fuzz/bibtex_fuzz_test: after an empty file, or one the
// parser gave up on, libbtparse still held the closed file, and the
// next ParseBibtexFile in the same process made it exit ("you can't
// interleave calls across different files").
TEST(BibtexTest, AnyFileLeavesTheParserReadyForTheNextFile) {
  struct Case {
    const char* text;
    bool imports;
  };
  for (const Case& c : std::vector<Case>{
           {"", false},  // "syntax error: at end of input, expected "@""
           {"  \n", false},
           {"% a comment\n", false},
           {"@comment{x}\n", true},
           {"@article{a, title={T}, author={A B}, year={2020}}", true},
           {"@type{key,", false},
           {"^@(\\w+)\\{([^,]+),", false}}) {
    auto first = ParseBibtexFile(TempFile("first.bib", c.text), Owner());
    EXPECT_EQ(first.ok(), c.imports) << c.text << ": " << first.status();
    auto refs = ParseBibtexFile(TestData("refs.bib"), Owner());
    ASSERT_TRUE(refs.ok()) << "after \"" << c.text << "\": " << refs.status();
    EXPECT_EQ(refs->size(), 12u);
  }
}

// Found by tests/fuzz/bibtex_fuzz_test: a NUL byte inside a value made
// libbtparse abort the process (an assert in zzcr_attr), and one outside
// gave a message without the file.
TEST(BibtexTest, ANulByteIsRefusedNamingFileAndLine) {
  for (const std::string& text :
       {std::string("@article{a,\n title={T\0}, author={A B}, year={2020}}",
                    52),
        std::string("@typ\0e = y,\n", 12)}) {
    std::string path = TempFile("nul.bib", "\n" + text);
    auto entries = ParseBibtexFile(path, Owner());
    ASSERT_FALSE(entries.ok());
    EXPECT_TRUE(IsLocalInputError(entries.status()));
    EXPECT_EQ(entries.status().message(),
              path + ":" + (text[1] == 'a' ? "3" : "2") +
                  ": a NUL byte: not a text file (BibTeX is text)");
  }
}

// Found by tests/fuzz/bibtex_fuzz_test: libbtparse's message for a control
// character where an entry type belongs did not name the file.
// Found by tests/fuzz/bibtex_fuzz_test: libbtparse exited the process
// (usage_error in bt_postprocess_field) on a '"' in an entry type.
TEST(BibtexTest, AQuoteInAnEntryTypeIsRefusedNamingFileAndLine) {
  for (const char* text : {"\n@a\"\"\"\"rt{o, title = {T}}\n",
                           "\n@arti\"\"ale{o, title = vv}\n"}) {
    std::string path = TempFile("quote.bib", text);
    auto entries = ParseBibtexFile(path, Owner());
    ASSERT_FALSE(entries.ok()) << text;
    EXPECT_EQ(entries.status().message(),
              path + ":2: '\"' in an entry type (expected @type{key, ...})");
  }
  auto strings = ParseBibtexFile(
      TempFile("quoted.bib",
               "@string{x = \"X\"}\n@misc{a, title = \"T\" # x, author = "
               "\"A B\", year = 2020}\n"),
      Owner());
  ASSERT_TRUE(strings.ok()) << strings.status();
  EXPECT_EQ((*strings)[0].publication.title(), "TX");
}

TEST(BibtexTest, EveryErrorStartsWithTheFile) {
  std::string path = TempFile("control.bib", "@\x06");
  auto entries = ParseBibtexFile(path, Owner());
  ASSERT_FALSE(entries.ok());
  EXPECT_TRUE(IsLocalInputError(entries.status()));
  EXPECT_EQ(std::string(entries.status().message())
                .rfind(path + ": invalid token near line 1", 0),
            0u)
      << entries.status();
}

// Found by tests/fuzz/bibtex_fuzz_test (LeakSanitizer): the text of every
// field (bt_get_text's copy) was never freed.
TEST(BibtexTest, ImportingAgainAndAgainKeepsNoMemory) {
  ASSERT_TRUE(ParseBibtexFile(TestData("refs.bib"), Owner()).ok());
  size_t before = mallinfo2().uordblks;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(ParseBibtexFile(TestData("refs.bib"), Owner()).ok());
  }
  // 135 fields of refs.bib leaked 3.8 kB per import.
  EXPECT_LT(mallinfo2().uordblks, before + 16 * 1024);
}

TEST(BibtexTest, BrokenEntryFailsTheWholeFileWithFileAndLine) {
  auto entries = ParseBibtexFile(TestData("broken.bib"), Owner());
  ASSERT_FALSE(entries.ok());
  EXPECT_TRUE(IsLocalInputError(entries.status()));
  // The title opened on line 10 never closes; btparse notices on line 11.
  EXPECT_EQ(std::string(entries.status().message()),
            TestData("broken.bib") +
                ":11: warning: possible runaway string started at line 10\n" +
                TestData("broken.bib") +
                ":15: syntax error: found \"@misc\", expected end of entry "
                "(\"}\" or \")\") (skipping to next \"@\")");
}

TEST(BibtexTest, MissingRequiredFieldsAndBadMonthsAreNamed) {
  struct Case {
    const char* file;
    std::string bib;
    std::string error;  // after "FILE:"
  };
  for (const Case& c : std::vector<Case>{
           {"no_author.bib",
            "@article{a, title={T}, author={A B}}\n\n"
            "@article{b,\n title={T},\n year={2020}}\n",
            "3: entry b: missing required field \"author\""},
           {"bad_year.bib",
            "@article{a,\n title={T},\n author={A B},\n year={2020s}}\n",
            "4: entry a: year \"2020s\" is not a four-digit year"},
           {"bad_month.bib",
            "@article{a,\n title={T},\n author={A B},\n year={2020},\n"
            " month={Smarch}}\n",
            "5: entry a: month \"Smarch\" is not a month"},
           {"undefined_macro.bib",
            "@article{a,\n title={T},\n author={A B},\n "
            "journal=nosuchjournal,\n year={2020}}\n",
            "4: warning: undefined macro \"nosuchjournal\""},
           {"duplicate.bib",
            "@article{a, title={T}, author={A B}, year={2020}}\n"
            "@article{a, title={U}, author={A B}, year={2021}}\n",
            "2: duplicate key \"a\" (first at line 1)"}}) {
    std::string path = TempFile(c.file, c.bib);
    auto entries = ParseBibtexFile(path, Owner());
    ASSERT_FALSE(entries.ok()) << c.file;
    EXPECT_EQ(std::string(entries.status().message()), path + ":" + c.error);
  }
}

TEST(BibtexTest, EveryBadEntryIsAProblemAndAYearlessEntryHasYearZero) {
  std::string path = TempFile(
      "mixed.bib",
      "@unpublished{draft, title={A Draft}, author={Zhao, Hexu}}\n"
      "@article{a, title={T}}\n"
      "@article{b, title={T}, author={A B}, year={2020}, month={Smarch}}\n");
  auto file = ReadBibtexFile(path, Owner());
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->entries.size(), 1u);
  EXPECT_EQ(file->entries[0].key, "draft");
  EXPECT_EQ(file->entries[0].publication.year(), 0);
  EXPECT_FALSE(file->entries[0].publication.has_date());
  EXPECT_EQ(file->entries[0].publication.type(), Publication::MANUSCRIPT);
  ASSERT_EQ(file->problems.size(), 2u);
  EXPECT_EQ(file->problems[0].key, "a");
  EXPECT_EQ(file->problems[0].message,
            path + ":2: entry a: missing required field \"author\"");
  EXPECT_EQ(file->problems[1].line, 3);
  EXPECT_EQ(file->problems[1].message,
            path + ":3: entry b: month \"Smarch\" is not a month");
  // The export of a year-less publication has no year field.
  EXPECT_EQ(PublicationToBibtex(file->entries[0].publication).find("year"),
            std::string::npos);
}

TEST(BibtexTest, ExportParsesAgainToTheSamePublications) {
  auto entries = ParseBibtexFile(TestData("refs.bib"), Owner());
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::string bib;
  for (const auto& e : *entries)
    bib += PublicationToBibtex(e.publication) + "\n";
  std::string path = TempFile("exported.bib", bib);
  auto again = ParseBibtexFile(path, Owner());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << bib;
  ASSERT_EQ(entries->size(), 12u);
  ASSERT_EQ(again->size(), entries->size());
  google::protobuf::util::MessageDifferencer differ;
  const auto* d = Publication::descriptor();
  differ.IgnoreField(d->FindFieldByName("bibtex"));
  differ.IgnoreField(d->FindFieldByName("links"));
  for (size_t i = 0; i < entries->size(); ++i) {
    const Publication& a = (*entries)[i].publication;
    const Publication& b = (*again)[i].publication;
    std::string report;
    differ.ReportDifferencesToString(&report);
    EXPECT_TRUE(differ.Compare(a, b)) << report << "\n" << bib;
    // Links come back as the same set of URLs.
    std::set<std::string> urls_a, urls_b;
    for (const auto& l : a.links()) urls_a.insert(l.url());
    for (const auto& l : b.links()) urls_b.insert(l.url());
    EXPECT_EQ(urls_a, urls_b) << (*entries)[i].key;
  }
}

// Found by tests/fuzz/bibtex_fuzz_test: a lone brace in a title was
// exported as "\}", which BibTeX counts as a brace, so the title ended there
// and the entry lost its authors.
TEST(BibtexTest, ExportKeepsLoneBracesOfTheText) {
  Publication p;
  p.set_citation_key("braces");
  p.set_title("A U}\"berblick {of {x");
  p.add_authors()->set_name("Ann Lee");
  p.set_year(2023);
  std::string bib = PublicationToBibtex(p);
  auto again = ParseBibtexFile(TempFile("braces.bib", bib), Owner());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << bib;
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].publication.title(), "A U}\"berblick {of {x") << bib;
  EXPECT_EQ(Names((*again)[0].publication),
            std::vector<std::string>{"Ann Lee"});
}

TEST(BibtexTest, ExportKeepsThesisAndReportTypes) {
  std::vector<BibtexEntry> imported =
      Entries(TempFile("types.bib",
                       "@phdthesis{thesis,\n"
                       "  title = {Scalable Systems},\n"
                       "  author = {Zhao, Hexu},\n"
                       "  school = {New York University},\n"
                       "  year = {2028},\n"
                       "}\n"
                       "@techreport{report,\n"
                       "  title = {A Report},\n"
                       "  author = {Zhao, Hexu},\n"
                       "  institution = {NYU},\n"
                       "  year = {2024},\n"
                       "}\n"));
  ASSERT_EQ(imported.size(), 2u);
  std::string thesis =
      ExportHolding(imported[0].publication,
                    {"@phdthesis{thesis,", "  school = {New York University},"},
                    {"booktitle"});
  std::string report =
      ExportHolding(imported[1].publication,
                    {"@techreport{report,", "  institution = {NYU},"});
  std::vector<BibtexEntry> again =
      Entries(TempFile("types-again.bib", thesis + report));
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].publication.venue(), "New York University");
  EXPECT_EQ(again[1].publication.venue(), "NYU");
}

TEST(BibtexTest, ExportKeepsPagesVolumeAndPublisherOfTheImport) {
  std::vector<BibtexEntry> imported = Entries(
      TempFile("dblp.bib",
               "@string{acm = {{ACM}}}\n"
               "@inproceedings{DBLP:conf/sosp/Zhao23,\n"
               "  author    = {Hexu Zhao and\n"
               "               Hao Zhang},\n"
               "  title     = {Zero Bubbles},\n"
               "  booktitle = {Proceedings of {SOSP} 2023},\n"
               "  pages     = {1--15},\n"
               "  volume    = 7,\n"
               "  publisher = acm,\n"
               "  year      = {2023},\n"
               "  timestamp = {Mon, 23 Oct 2023 12:00:00 +0200},\n"
               "  biburl    = {https://dblp.org/rec/conf/sosp/Zhao23.bib},\n"
               "}\n"));
  ASSERT_EQ(imported.size(), 1u);
  ExportHolding(
      imported[0].publication,
      {"  volume = {7},\n  pages = {1--15},\n  publisher = {{ACM}},\n"},
      {"timestamp", "biburl"});

  // "and others" becomes more_authors on import and comes back on export,
  // also for a publication that has no stored entry.
  std::vector<BibtexEntry> with_others = Entries(TempFile(
      "others.bib",
      "@article{o, title = {T}, author = {Zhao, Hexu and Doe, Jane and "
      "others}, journal = {J}, year = 2020}\n"));
  ASSERT_EQ(with_others.size(), 1u);
  EXPECT_EQ(Names(with_others[0].publication),
            (std::vector<std::string>{"Hexu Zhao", "Jane Doe"}));
  EXPECT_TRUE(with_others[0].publication.more_authors());
  const std::string and_others =
      "  author = {Hexu Zhao and Jane Doe and others},\n";
  ExportHolding(with_others[0].publication, {and_others});
  Publication without_entry = with_others[0].publication;
  without_entry.clear_bibtex();
  ExportHolding(without_entry, {and_others});

  // A publication without an imported entry has none of them.
  Publication bare = imported[0].publication;
  bare.clear_bibtex();
  ExportHolding(bare, {}, {"pages"});
}

}  // namespace
}  // namespace vita::cli
