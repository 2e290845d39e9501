// End-to-end tests of `vita publication import` (cli/bibtex_import.cc) and
// the ImportPublications RPC behind it: the real vita against a real server,
// on BibTeX files written here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/cli/cli_test_base.h"
#include "tests/support/grpc_client.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

using vita::v1::Publication;

class BibtexImportCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao", {"H. Zhao"});
  }

  std::vector<Publication> List() {
    vita::v1::ListPublicationsResponse list;
    ReadJson({"pub", "list"}, &list);
    return {list.publications().begin(), list.publications().end()};
  }

  // "id" for each publication in list order.
  std::string Ids() {
    std::vector<std::string> ids;
    for (const Publication& p : List()) {
      ids.push_back(p.name().substr(p.name().rfind('/') + 1));
    }
    return absl::StrJoin(ids, " ");
  }

  Publication Get(const std::string& id) {
    Publication p;
    ReadJson({"pub", "get", id}, &p);
    return p;
  }

  std::string PageEtag() {
    absl::StatusOr<vita::v1::Page> page =
        GetPage(server_->address(), "profiles/hexu");
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->etag() : "";
  }

  // Three publications made by hand, each found again by another key.
  void AddHandMadePublications() {
    VitaOk({"pub", "add", "--id", "by-doi", "--title", "Found by Its DOI",
            "--authors", "*@Hexu Zhao, *Jane Doe^", "--year", "2023", "--venue",
            "SOSP 2023", "--link", "code=https://example.org/code",
            "--selected", "--order", "2"});
    VitaOk({"pub", "add", "--id", "by-arxiv", "--title", "Found by arXiv",
            "--authors", "@Hexu Zhao", "--year", "2024", "--link",
            "arxiv=https://arxiv.org/abs/2406.18533"});
    VitaOk({"pub", "add", "--id", "by-title", "--title", "Found: by Its Title!",
            "--authors", "Jane Doe <https://jane.example>, @Hexu Zhao",
            "--year", "2022"});
    // A hand-made DOI, as the typed field, set over the API.
    auto stub = NewStub(server_->address());
    grpc::ClientContext ctx;
    Authorize(ctx, kTestAdminToken);
    vita::v1::UpdatePublicationRequest update;
    update.mutable_publication()->set_name("profiles/hexu/publications/by-doi");
    update.mutable_publication()->set_doi("10.1000/ABC.1");
    update.mutable_publication()->add_awards("Best Paper Award");
    update.mutable_update_mask()->add_paths("doi");
    update.mutable_update_mask()->add_paths("awards");
    Publication updated;
    grpc::Status status = stub->UpdatePublication(&ctx, update, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The same three works under other citation keys, with what they lack.
  std::string SameWorksBib() {
    return WriteFile(
        "same.bib",
        "@inproceedings{doe2023doi,\n"
        "  title = {A Different Title in the Bib},\n"
        "  author = {Doe, Jane and Zhao, Hexu},\n"
        "  booktitle = {Symposium on Operating Systems Principles},\n"
        "  year = {2023},\n"
        "  doi = {10.1000/abc.1},\n"
        "  abstract = {The abstract.},\n"
        "}\n"
        "@misc{zhao2024arxiv,\n"
        "  title = {Found by arXiv},\n"
        "  author = {Zhao, Hexu},\n"
        "  year = {2024},\n"
        "  eprint = {2406.18533v3},\n"
        "  archivePrefix = {arXiv},\n"
        "}\n"
        "@article{doe2022title,\n"
        "  title = {{F}ound by its title},\n"
        "  author = {Jane Doe and Someone Else},\n"
        "  journal = {Journal of Titles},\n"
        "  year = {2022},\n"
        "  url = {https://example.org/paper.pdf},\n"
        "}\n");
  }
};

TEST_F(BibtexImportCliTest,
       SameWorkByDoiArxivIdOrTitleIsUpdatedNotDuplicatedAndKeepsHandMarks) {
  AddHandMadePublications();
  ASSERT_EQ(List().size(), 3u);
  std::string bib = SameWorksBib();
  RunResult r = ImportOk({"pub", "import", bib},
                         "imported 3 entries from " + bib +
                             ": 0 created, 3 updated, 0 unchanged, 0 skipped");
  EXPECT_EQ(r.out,
            "updated profiles/hexu/publications/by-doi  [doe2023doi] A "
            "Different Title in the Bib (2023): same doi; filled abstract, "
            "bibtex, citation_key, type\n"
            "updated profiles/hexu/publications/by-arxiv  [zhao2024arxiv] "
            "Found by arXiv (2024): same arxiv id; filled bibtex, "
            "citation_key, type\n"
            "updated profiles/hexu/publications/by-title  [doe2022title] "
            "Found by its title (2022): same title and author; filled venue, "
            "links, bibtex, citation_key, type\n")
      << r;
  EXPECT_EQ(Ids(), "by-doi by-arxiv by-title");

  Publication doi = Get("by-doi");
  EXPECT_EQ(doi.title(), "Found by Its DOI");  // never overwritten
  EXPECT_EQ(doi.venue(), "SOSP 2023");
  EXPECT_EQ(doi.abstract(), "The abstract.");  // filled
  EXPECT_EQ(doi.citation_key(), "doe2023doi");
  EXPECT_EQ(doi.doi(), "10.1000/ABC.1");
  EXPECT_EQ(doi.type(), Publication::CONFERENCE_PAPER);
  ASSERT_EQ(doi.authors_size(), 2);
  EXPECT_TRUE(doi.authors(0).is_owner());
  EXPECT_TRUE(doi.authors(0).equal_contribution());
  EXPECT_TRUE(doi.authors(1).equal_contribution());
  EXPECT_TRUE(doi.authors(1).corresponding());
  EXPECT_TRUE(doi.selected());
  EXPECT_EQ(doi.display_order(), 2);
  EXPECT_EQ(absl::StrJoin(doi.awards(), ","), "Best Paper Award");
  ASSERT_EQ(doi.links_size(), 1);
  EXPECT_EQ(doi.links(0).url(), "https://example.org/code");

  // The arXiv link made by hand stays the only one; no arxiv_id beside it.
  Publication arxiv = Get("by-arxiv");
  EXPECT_EQ(arxiv.arxiv_id(), "");
  ASSERT_EQ(arxiv.links_size(), 1);
  EXPECT_EQ(arxiv.links(0).url(), "https://arxiv.org/abs/2406.18533");

  Publication title = Get("by-title");
  EXPECT_EQ(title.title(), "Found: by Its Title!");
  EXPECT_EQ(title.venue(), "Journal of Titles");
  ASSERT_EQ(title.authors_size(), 2);
  EXPECT_EQ(title.authors(0).url(), "https://jane.example");
  EXPECT_TRUE(title.authors(1).is_owner());
  ASSERT_EQ(title.links_size(), 1);
  EXPECT_EQ(title.links(0).url(), "https://example.org/paper.pdf");

  // A second import finds nothing to fill and writes nothing.
  std::string etag = PageEtag();
  EXPECT_EQ(VitaOk({"pub", "import", bib}),
            "unchanged profiles/hexu/publications/by-doi  [doe2023doi] A "
            "Different Title in the Bib (2023): same doi\n"
            "unchanged profiles/hexu/publications/by-arxiv  [zhao2024arxiv] "
            "Found by arXiv (2024): same arxiv id\n"
            "unchanged profiles/hexu/publications/by-title  [doe2022title] "
            "Found by its title (2022): same citation key\n");
  EXPECT_EQ(PageEtag(), etag);
}

TEST_F(BibtexImportCliTest, DryRunPrintsThePlanAndChangesNothing) {
  AddHandMadePublications();
  std::string bib = WriteFile(
      "plan.bib",
      "@article{new2021, title = {A New One}, author = {Zhao, Hexu}, "
      "journal = {J}, year = 2021}\n"
      "@misc{zhao2024arxiv, title = {Found by arXiv}, author = {Zhao, Hexu}, "
      "year = 2024, eprint = {2406.18533}}\n");
  std::string etag = PageEtag();
  RunResult dry = Vita({"pub", "import", "--dry-run", bib});
  ASSERT_EQ(dry.exit_code, 0) << dry;
  EXPECT_EQ(dry.out,
            "create profiles/hexu/publications/new2021  A New One (2021)\n"
            "update profiles/hexu/publications/by-arxiv  [zhao2024arxiv] "
            "Found by arXiv (2024): same arxiv id; filled bibtex, "
            "citation_key, type\n")
      << dry;
  EXPECT_NE(dry.err.find("dry run: nothing was written (2 entries: 1 "
                         "created, 1 updated, 0 unchanged, 0 skipped)\n"),
            std::string::npos)
      << dry;
  EXPECT_EQ(PageEtag(), etag);
  EXPECT_EQ(Ids(), "by-doi by-arxiv by-title");
}

TEST_F(BibtexImportCliTest, EveryProblemIsNamedAndNothingIsWritten) {
  std::string bib = WriteFile(
      "bad.bib",
      "@article{good, title = {Good}, author = {Zhao, Hexu}, year = 2020}\n"
      "@article{badyear,\n"
      "  title = {Bad Year},\n"
      "  author = {Zhao, Hexu},\n"
      "  year = {20x4},\n"
      "}\n"
      "@article{baddoi, title = {Bad DOI}, author = {Zhao, Hexu},\n"
      "  doi = {doi-without-prefix}}\n"
      "@article{noauthor, title = {No Author}}\n"
      "@article{badlink, title = {Bad Link}, author = {Zhao, Hexu},\n"
      "  url = {ftp://example.org/x}}\n");
  std::string etag = PageEtag();
  RunResult r = Vita({"pub", "import", bib});
  EXPECT_EQ(r.exit_code, 4) << r;
  EXPECT_EQ(r.out, "") << r;
  EXPECT_EQ(
      r.err,
      bib + ":5: entry badyear: year \"20x4\" is not a four-digit year\n" +
          bib +
          ":7: entry baddoi: doi: must be \"10.<registrant>/<suffix>\" "
          "without a resolver, e.g. \"10.1145/3620666.3651380\" (got "
          "\"doi-without-prefix\")\n" +
          bib + ":9: entry noauthor: missing required field \"author\"\n" +
          bib +
          ":10: entry badlink: links[0].url: scheme must be http, https "
          "or mailto, or a path starting with \"/\" (got \"ftp\")\n"
          "error: " +
          bib +
          ": 4 entries have problems; nothing was imported "
          "(--skip-invalid imports the others)\n")
      << r;
  EXPECT_EQ(PageEtag(), etag);
  EXPECT_EQ(Ids(), "");

  RunResult skip =
      ImportOk({"pub", "import", "--skip-invalid", bib},
               "imported 5 entries from " + bib +
                   ": 1 created, 0 updated, 0 unchanged, 4 skipped");
  EXPECT_EQ(skip.out, "created profiles/hexu/publications/good  Good (2020)\n");
  for (const char* entry : {":5: entry badyear: ", ":7: entry baddoi: doi: ",
                            ":9: entry noauthor: ", ":10: entry badlink: "}) {
    EXPECT_NE(skip.err.find("skipped " + bib + entry), std::string::npos)
        << skip;
  }
  EXPECT_EQ(Ids(), "good");
}

TEST_F(BibtexImportCliTest, PinnedFirstThenYearlessThenNewestDateFirst) {
  VitaOk({"pub", "add", "--id", "pinned-old", "--title", "Pinned", "--authors",
          "@Hexu Zhao", "--year", "2019", "--order", "1"});
  VitaOk({"pub", "add", "--id", "pinned-second", "--title", "Pinned Too",
          "--authors", "@Hexu Zhao", "--year", "2018", "--order", "2"});
  std::string bib = WriteFile(
      "order.bib",
      "@article{y2023, title = {T2023}, author = {Zhao, Hexu}, year = 2023}\n"
      "@article{y2025mar, title = {T2025 March}, author = {Zhao, Hexu}, "
      "year = 2025, month = mar}\n"
      "@unpublished{noyear, title = {Under Submission}, author = {Zhao, "
      "Hexu}, note = {submitted}}\n"
      "@article{y2025, title = {T2025}, author = {Zhao, Hexu}, year = 2025}\n"
      "@article{y2025dec, title = {T2025 December}, author = {Zhao, Hexu}, "
      "year = 2025, month = dec}\n");
  RunResult r = Vita({"pub", "import", bib});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("created profiles/hexu/publications/noyear  Under "
                       "Submission (no year)\n"),
            std::string::npos)
      << r;
  EXPECT_EQ(Ids(),
            "pinned-old pinned-second noyear y2025dec y2025mar y2025 y2023");
  Publication noyear = Get("noyear");
  EXPECT_EQ(noyear.year(), 0);
  EXPECT_EQ(noyear.status(), Publication::UNDER_SUBMISSION);
  EXPECT_EQ(noyear.display_order(), 0);  // imports never pin
}

TEST_F(BibtexImportCliTest, DblpExportImportsWithTypesAndIdentifiers) {
  // The format of https://dblp.org/pid/.../.bib (DBLP's per-person export).
  std::string bib = WriteFile(
      "dblp.bib",
      "@inproceedings{DBLP:conf/iclr/ZhaoWLLLPX25,\n"
      "  author       = {Hexu Zhao and\n"
      "                  Haoyang Weng and\n"
      "                  Daohan Lu and\n"
      "                  Ang Li and\n"
      "                  Jinyang Li and\n"
      "                  Aurojit Panda and\n"
      "                  Saining Xie},\n"
      "  title        = {On Scaling Up 3D Gaussian Splatting Training},\n"
      "  booktitle    = {The Thirteenth International Conference on Learning\n"
      "                  Representations, {ICLR} 2025, Singapore, April 24-28, "
      "2025},\n"
      "  publisher    = {OpenReview.net},\n"
      "  year         = {2025},\n"
      "  url          = {https://openreview.net/forum?id=pQqeQpMkE7},\n"
      "  timestamp    = {Thu, 15 May 2025 17:19:05 +0200},\n"
      "  biburl       = {https://dblp.org/rec/conf/iclr/ZhaoWLLLPX25.bib},\n"
      "  bibsource    = {dblp computer science bibliography, "
      "https://dblp.org}\n"
      "}\n"
      "\n"
      "@article{DBLP:journals/corr/abs-2406-18533,\n"
      "  author       = {Hexu Zhao and\n"
      "                  Haoyang Weng},\n"
      "  title        = {On Scaling Up 3D Gaussian Splatting Training},\n"
      "  journal      = {CoRR},\n"
      "  volume       = {abs/2406.18533},\n"
      "  year         = {2024},\n"
      "  url          = {https://doi.org/10.48550/arXiv.2406.18533},\n"
      "  doi          = {10.48550/ARXIV.2406.18533},\n"
      "  eprinttype    = {arXiv},\n"
      "  eprint       = {2406.18533},\n"
      "  timestamp    = {Mon, 01 Jul 2024 10:03:31 +0200},\n"
      "  biburl       = {https://dblp.org/rec/journals/corr/"
      "abs-2406-18533.bib},\n"
      "  bibsource    = {dblp computer science bibliography, "
      "https://dblp.org}\n"
      "}\n"
      "\n"
      "@inproceedings{DBLP:conf/mlsys/ZhuangZZLXHGSZ23,\n"
      "  author       = {Yonghao Zhuang and\n"
      "                  Hexu Zhao and\n"
      "                  Lianmin Zheng},\n"
      "  title        = {On Optimizing the Communication of Model "
      "Parallelism},\n"
      "  booktitle    = {Proceedings of the Sixth Conference on Machine "
      "Learning and Systems, MLSys 2023},\n"
      "  publisher    = {mlsys.org},\n"
      "  year         = {2023},\n"
      "}\n");
  // The CoRR version is the same work as the ICLR paper: same title, a
  // shared author; it fills in the identifiers the ICLR record lacks.
  EXPECT_EQ(VitaOk({"pub", "import", bib}),
            "created profiles/hexu/publications/dblp-conf-iclr-zhaowlllpx25  "
            "[DBLP:conf/iclr/ZhaoWLLLPX25] On Scaling Up 3D Gaussian "
            "Splatting Training (2025)\n"
            "updated profiles/hexu/publications/dblp-conf-iclr-zhaowlllpx25  "
            "[DBLP:journals/corr/abs-2406-18533] On Scaling Up 3D Gaussian "
            "Splatting Training (2024): same title and author; filled doi, "
            "arxiv_id\n"
            "created profiles/hexu/publications/"
            "dblp-conf-mlsys-zhuangzzlxhgsz23  "
            "[DBLP:conf/mlsys/ZhuangZZLXHGSZ23] On Optimizing the "
            "Communication of Model Parallelism (2023)\n");
  std::vector<Publication> all = List();
  ASSERT_EQ(all.size(), 2u);
  const Publication& iclr = all[0];
  EXPECT_EQ(iclr.type(), Publication::CONFERENCE_PAPER);
  EXPECT_EQ(iclr.year(), 2025);
  EXPECT_EQ(iclr.doi(), "10.48550/ARXIV.2406.18533");
  EXPECT_EQ(iclr.arxiv_id(), "2406.18533");
  EXPECT_EQ(iclr.venue(),
            "The Thirteenth International Conference on Learning "
            "Representations, ICLR 2025, Singapore, April 24-28, 2025");
  ASSERT_EQ(iclr.links_size(), 1);  // the DOI URL is not a link of its own
  EXPECT_EQ(iclr.links(0).url(), "https://openreview.net/forum?id=pQqeQpMkE7");
  EXPECT_TRUE(iclr.authors(0).is_owner());
  EXPECT_EQ(all[1].authors(1).name(), "Hexu Zhao");
  EXPECT_TRUE(all[1].authors(1).is_owner());
}

TEST_F(BibtexImportCliTest, ImportTwiceOntoTheDemoProfileMakesNoDuplicates) {
  VitaOk({"import", std::string(VITA_CLI_TESTDATA) +
                        "/../../../deploy/demo/hexu-zhao.json"});
  auto ids = [&] {
    vita::v1::ListPublicationsResponse list;
    ReadJson({"--profile", "hexu-zhao", "pub", "list"}, &list);
    std::vector<std::string> out;
    for (const Publication& p : list.publications()) {
      out.push_back(p.name().substr(p.name().rfind('/') + 1));
    }
    return absl::StrJoin(out, " ");
  };
  const std::string demo =
      "scaling-up-3dgs model-parallelism-communication fully-hyperbolic-nn "
      "doctor-in-the-loop-insulin";
  ASSERT_EQ(ids(), demo);
  // A reference manager's export of the same papers under its own keys,
  // one new paper and one without a year.
  std::string bib = WriteFile(
      "mine.bib",
      "@misc{zhao2024scaling,\n"
      "  title = {On Scaling Up {3D} {G}aussian Splatting Training},\n"
      "  author = {Zhao, Hexu and Weng, Haoyang},\n"
      "  year = {2024},\n"
      "  eprint = {2406.18533},\n"
      "  archivePrefix = {arXiv},\n"
      "}\n"
      "@inproceedings{zhuang2023optimizing,\n"
      "  title = {On Optimizing the Communication of Model Parallelism},\n"
      "  author = {Zhuang, Yonghao and Zhao, Hexu},\n"
      "  booktitle = {MLSys},\n"
      "  year = {2023},\n"
      "  url = {https://arxiv.org/abs/2211.05322},\n"
      "}\n"
      "@inproceedings{chen2022fully,\n"
      "  title = {Fully Hyperbolic Neural Networks},\n"
      "  author = {Chen, Weize and Han, Xu and Zhao, Hexu},\n"
      "  booktitle = {ACL},\n"
      "  year = {2022},\n"
      "}\n"
      "@article{zhao2026new, title = {A New Paper}, author = {Zhao, Hexu}, "
      "journal = {J}, year = 2026}\n"
      "@unpublished{zhao2027draft, title = {A Draft}, author = {Zhao, "
      "Hexu}}\n");
  // A hand mark the import must keep (the demo selects nothing).
  RunResult select = Vita({"--profile", "hexu-zhao", "pub", "edit",
                           "scaling-up-3dgs", "--selected"});
  ASSERT_EQ(select.exit_code, 0) << select;
  ImportOk({"--profile", "hexu-zhao", "pub", "import", bib},
           ": 2 created, 3 updated, 0 unchanged, 0 skipped");
  ImportOk({"--profile", "hexu-zhao", "pub", "import", bib},
           ": 0 created, 0 updated, 5 unchanged, 0 skipped");
  // The demo's pinned order first, then the year-less draft, then by date.
  EXPECT_EQ(ids(), demo + " zhao2027draft zhao2026new");
  Publication grendel;
  ReadJson({"--profile", "hexu-zhao", "pub", "get", "scaling-up-3dgs"},
           &grendel);
  EXPECT_EQ(grendel.title(), "On Scaling Up 3D Gaussian Splatting Training");
  EXPECT_EQ(grendel.display_order(), 1);
  EXPECT_TRUE(grendel.selected());
  EXPECT_EQ(grendel.arxiv_id(), "");  // its arXiv link already says it
  EXPECT_EQ(grendel.links_size(), 3);
  EXPECT_TRUE(grendel.authors(0).is_owner());
  EXPECT_TRUE(grendel.authors(1).equal_contribution());
}

}  // namespace
}  // namespace vita::testing
