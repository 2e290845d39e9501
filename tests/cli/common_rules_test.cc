// `vita` follows the rules of common/resource_name.h, the server's own:
//  - the id of a new publication (PublicationIdFrom) is the same whether the
//    server makes it (`vita pub add` without --id) or `vita pub import` asks
//    for it from a BibTeX key;
//  - a resource name given on the command line is parsed by the server's
//    grammar before anything is sent, and refused in the server's words.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_test_base.h"

namespace vita::testing {
namespace {

class PublicationIdsTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao");
    CreateProfile("ann", "Ann Lee");
  }

  // The id the server gives a publication of `ann` added without an id.
  std::string ServerId(const std::string& key, const std::string& title) {
    return VitaOk({"--profile", "ann", "pub", "add", "--title", title,
                   "--authors", "Ann Lee", "--year", "2024", "--citation-key",
                   key});
  }

  // What `vita pub import` prints for a BibTeX entry of `hexu` with `key`
  // and `title`.
  std::string Import(const std::string& key, const std::string& title) {
    std::string bib =
        WriteFile("one.bib", "@article{" + key + ", title = {" + title +
                                 "}, author = {Zhao, Hexu}, year = 2024}\n");
    return VitaOk({"--profile", "hexu", "pub", "import", bib});
  }
};

TEST_F(PublicationIdsTest, ImportAndServerTakeTheFirstWordsOfTheKey) {
  const std::string kKey =
      "Zhao:2024_Scaling_Up_Gaussian_Splatting_Training_Quickly_Now";
  EXPECT_EQ(Import(kKey, "On Scaling"),
            "created profiles/hexu/publications/"
            "zhao-2024-scaling-up-gaussian-splatting  [" +
                kKey + "] On Scaling (2024)\n");
  EXPECT_EQ(ServerId(kKey, "On Scaling"),
            "zhao-2024-scaling-up-gaussian-splatting\n");
}

TEST_F(PublicationIdsTest, ImportAndServerFallBackToTheTitle) {
  EXPECT_EQ(Import("__", "On Scaling Up 3D Gaussian Splatting"),
            "created profiles/hexu/publications/on-scaling-up-3d-gaussian  "
            "[__] On Scaling Up 3D Gaussian Splatting (2024)\n");
  EXPECT_EQ(ServerId("__", "On Scaling Up 3D Gaussian Splatting"),
            "on-scaling-up-3d-gaussian\n");
}

TEST_F(PublicationIdsTest, WithoutWordsTheServerChoosesTheId) {
  std::string bib = WriteFile(
      "nowords.bib",
      "@article{__, title = {???}, author = {Zhao, Hexu}, year = 2024}\n");
  RunResult dry =
      Vita({"--profile", "hexu", "pub", "import", "--dry-run", bib});
  ASSERT_EQ(dry.exit_code, 0) << dry;
  EXPECT_EQ(dry.out,
            "create profiles/hexu/publications/{id chosen by the server}  "
            "[__] ??? (2024)\n");
  RunResult imported = Vita({"--profile", "hexu", "pub", "import", bib});
  ASSERT_EQ(imported.exit_code, 0) << imported;
  // The line names the id the server chose: a valid id, not the placeholder.
  EXPECT_THAT(imported.out,
              ::testing::MatchesRegex("created profiles/hexu/publications/"
                                      "[a-z0-9][a-z0-9-]*[a-z0-9]  \\[__\\] "
                                      "\\?\\?\\? \\(2024\\)\n"))
      << imported;
}

class ResourceNameArgsTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao");
  }
};

TEST_F(ResourceNameArgsTest, AnItemOfTheOtherCollectionIsRefusedBeforeSending) {
  // No server at this address: the name is refused by vita itself.
  for (const char* command : {"news", "pub"}) {
    std::string other = std::string(command) == "news"
                            ? "profiles/hexu/publications/p1"
                            : "profiles/hexu/news/n1";
    std::string pattern = std::string(command) == "news"
                              ? "profiles/{profile}/news/{id}"
                              : "profiles/{profile}/publications/{id}";
    RunResult r =
        RunVita({"--server", "127.0.0.1:1", command, "get", other}, {}, dir_);
    EXPECT_EQ(r.exit_code, 4) << r;
    EXPECT_EQ(r.err, "error: invalid argument: name: \"" + other +
                         "\" is not a " + pattern + " name\n")
        << r;
  }
}

TEST_F(ResourceNameArgsTest, EditRefusesWhatIsNoResourceName) {
  RunResult r = Vita({"edit", "profiles/hexu/talks/t1"});
  EXPECT_EQ(r.exit_code, 4) << r;
  EXPECT_EQ(r.err,
            "error: invalid argument: RESOURCE: \"profiles/hexu/talks/t1\" is "
            "not a resource name (profiles/{profile}, "
            "profiles/{profile}/news/{news} or "
            "profiles/{profile}/publications/{publication})\n")
      << r;
}

TEST_F(ResourceNameArgsTest, AProfileNameWithAnInvalidIdIsRefused) {
  RunResult r =
      RunVita({"--server", "127.0.0.1:1", "page", "profiles/Hexu"}, {}, dir_);
  EXPECT_EQ(r.exit_code, 4) << r;
  EXPECT_EQ(r.err,
            "error: invalid argument: profile: \"Hexu\" is not a valid id (1 "
            "to 63 characters of a-z, 0-9 and '-', starting and ending with a "
            "letter or digit)\n")
      << r;
}

TEST_F(ResourceNameArgsTest, AnItemsNameNamesItsProfile) {
  std::string page =
      VitaOk({"page", "profiles/hexu/news/anything", "-o", "json"});
  EXPECT_NE(page.find("\"name\": \"profiles/hexu\""), std::string::npos)
      << page;
}

}  // namespace
}  // namespace vita::testing
