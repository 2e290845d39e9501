#include "server/publish/gateway_routes.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/publish/files.h"
#include "tests/support/server_process.h"

namespace vita::publish {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The file's bytes ("" if it cannot be read).
std::string Read(const fs::path& path) {
  return ReadFile(path.string()).value_or("");
}

TEST(UrlsOfTest,
     ServesADirectoryIndexAtTheDirectoryAndEveryOtherFileAtItsPath) {
  EXPECT_THAT(UrlsOf("p/ada/index.html"), ElementsAre("/p/ada", "/p/ada/"));
  EXPECT_THAT(UrlsOf("v1/profiles/ada/page"),
              ElementsAre("/v1/profiles/ada/page"));
  EXPECT_THAT(UrlsOf("p/ada/news.atom"), ElementsAre("/p/ada/news.atom"));
  EXPECT_THAT(UrlsOf("p/ada/pub/x/index.html"),
              ElementsAre("/p/ada/pub/x", "/p/ada/pub/x/"));
  EXPECT_THAT(UrlsOf("index.html"), ElementsAre("/"));
  EXPECT_THAT(UrlsOf("sitemap.xml"), ElementsAre("/sitemap.xml"));
}

TEST(ContentTypeOfTest, NamesTheTypeByTheFileName) {
  const std::pair<const char*, const char*> cases[] = {
      {"p/ada/index.html", "text/html; charset=utf-8"},
      {"v1/profiles/ada/page", "application/json"},
      {"p/ada/resume.json", "application/json"},
      {"p/ada/publications.csl.json", "application/json"},
      {"p/ada/news.atom", "application/atom+xml"},
      {"sitemap.xml", "application/xml"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"p/ada/publications.bib", "application/x-bibtex; charset=utf-8"},
      {"p/ada/photo.png", "application/octet-stream"},
  };
  for (const auto& [path, type] : cases) {
    EXPECT_EQ(ContentTypeOf(path), type) << path;
  }
  EXPECT_TRUE(Compressible("application/atom+xml"));
  EXPECT_TRUE(Compressible("text/html; charset=utf-8"));
  EXPECT_FALSE(Compressible("application/octet-stream"));
}

TEST(PublishedRoutesTest, AnswersEtagMatchesWith304ThenVariantsThenTheFile) {
  std::string routes = PublishedRoutes(
      "/srv/pub", {{"v1/profiles/ada/page", "\"e1\"", {Encoding::kBrotli}},
                   {"robots.txt", "\"e2\"", {}}});
  // Each distinct header is written once, anchored; later uses are aliases.
  auto header = [](const std::string& key, const std::string& value) {
    return absl::StrCat(R"({"header":{"key":")", key, R"(","value":)", value,
                        R"(},"append_action":"OVERWRITE_IF_EXISTS_OR_ADD"})");
  };
  EXPECT_EQ(
      routes,
      absl::StrCat(
          R"(    - {"match":{"path":"/v1/profiles/ada/page","headers":[{"name":"if-none-match","string_match":{"contains":"\"e1\""}}]},"direct_response":{"status":304},"response_headers_to_add":[)",
          "&vita_h0 ", header("etag", R"("\"e1\"")"), ",&vita_h1 ",
          header("cache-control", R"("no-cache")"), ",&vita_h2 ",
          header("vary", R"("accept-encoding")"),
          R"(],"typed_per_filter_config":*as_is})", "\n",
          R"(    - {"match":{"path":"/v1/profiles/ada/page","headers":[{"name":"accept-encoding","string_match":{"contains":"br"}}]},"direct_response":{"status":200,"body":{"filename":"/srv/pub/v1/profiles/ada/page.br"}},"response_headers_to_add":[)",
          "*vita_h0,*vita_h1,*vita_h2,&vita_h3 ",
          header("content-type", R"("application/json")"), ",&vita_h4 ",
          header("content-encoding", R"("br")"),
          R"(],"typed_per_filter_config":*as_is})", "\n",
          R"(    - {"match":{"path":"/v1/profiles/ada/page"},"direct_response":{"status":200,"body":{"filename":"/srv/pub/v1/profiles/ada/page"}},"response_headers_to_add":[)",
          "*vita_h0,*vita_h1,*vita_h2,*vita_h3",
          R"(],"typed_per_filter_config":*as_is})", "\n",
          R"(    - {"match":{"path":"/robots.txt","headers":[{"name":"if-none-match","string_match":{"contains":"\"e2\""}}]},"direct_response":{"status":304},"response_headers_to_add":[)",
          "&vita_h5 ", header("etag", R"("\"e2\"")"), ",*vita_h1",
          R"(],"typed_per_filter_config":*as_is})", "\n",
          R"(    - {"match":{"path":"/robots.txt"},"direct_response":{"status":200,"body":{"filename":"/srv/pub/robots.txt"}},"response_headers_to_add":[)",
          "*vita_h5,*vita_h1,&vita_h6 ",
          header("content-type", R"("text/plain; charset=utf-8")"),
          R"(],"typed_per_filter_config":*as_is})", "\n"));
}

TEST(PublishedRoutesTest, GivesDocumentsTheirPolicyOnEveryAnswerIncluding304) {
  std::string routes = PublishedRoutes(
      "/srv/pub", {{"p/ada/index.html", "\"e1\"", {Encoding::kBrotli}},
                   {"p/ada/news.atom", "\"e2\"", {}}});
  std::vector<std::string> lines =
      absl::StrSplit(routes, '\n', absl::SkipEmpty());
  // Two URLs ("/p/ada", "/p/ada/") x (304, br, plain), then the feed's two.
  ASSERT_EQ(lines.size(), 8u) << routes;
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_TRUE(
        absl::StrContains(lines[i], ",*document_csp,*document_referrer"))
        << lines[i];
  }
  for (size_t i = 6; i < 8; ++i) {
    EXPECT_FALSE(absl::StrContains(lines[i], "*document_")) << lines[i];
  }
}

class GatewayRoutesTest : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_ = vita::testing::MakeTempDir();
};

TEST_F(GatewayRoutesTest, WritesOnlyItsPartUntilTheGatewayHasWrittenItsOwn) {
  GatewayRoutes routes(dir_.string());
  absl::StatusOr<std::string> version = routes.Write("    - {}\n");
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, "");
  EXPECT_EQ(Read(dir_ / ".gateway/parts/published.yaml"), "    - {}\n");
  EXPECT_FALSE(fs::exists(dir_ / ".gateway/routes.yaml"));
}

TEST_F(GatewayRoutesTest, ComposesHeadPublishedAndBaseWithANewVersionEachTime) {
  fs::create_directories(dir_ / ".gateway/parts");
  std::ofstream(dir_ / ".gateway/parts/head.yaml")
      << "resources:\n    routes:\n";
  std::ofstream(dir_ / ".gateway/parts/base.yaml") << "    - {base}\n";
  GatewayRoutes routes(dir_.string());
  absl::StatusOr<std::string> first = routes.Write("    - {a}\n");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(*first, ::testing::StartsWith("vita-server-"));
  EXPECT_EQ(Read(dir_ / ".gateway/routes.yaml"),
            absl::StrCat("resources:\n    routes:\n    - {a}\n    - {base}\n"
                         "version_info: \"",
                         *first, "\"\n"));
  absl::StatusOr<std::string> second = routes.Write("");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*second, *first);
  EXPECT_THAT(Read(dir_ / ".gateway/routes.yaml"),
              HasSubstr("    routes:\n    - {base}\n"));
  // No temporary file is left.
  std::vector<std::string> names;
  for (const auto& entry :
       fs::recursive_directory_iterator(dir_ / ".gateway")) {
    names.push_back(fs::relative(entry.path(), dir_ / ".gateway").string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names,
              ElementsAre("parts", "parts/base.yaml", "parts/head.yaml",
                          "parts/lock", "parts/published.yaml", "routes.yaml"));
}

// A later table of the same process covers an earlier one (the gateway may
// load only the newest of tables written in quick succession); nothing
// else does.
TEST_F(GatewayRoutesTest, ALaterVersionOfTheSameProcessCoversAnEarlierOne) {
  fs::create_directories(dir_ / ".gateway/parts");
  std::ofstream(dir_ / ".gateway/parts/head.yaml") << "resources:\n";
  std::ofstream(dir_ / ".gateway/parts/base.yaml") << "";
  GatewayRoutes routes(dir_.string());
  std::vector<std::string> versions;
  for (int i = 0; i < 11; ++i) {  // 10 and 9: numbers, not strings, compare
    absl::StatusOr<std::string> version = routes.Write("");
    ASSERT_TRUE(version.ok()) << version.status();
    versions.push_back(*version);
  }
  for (size_t served = 0; served < versions.size(); ++served) {
    for (size_t wanted = 0; wanted < versions.size(); ++wanted) {
      EXPECT_EQ(RoutesVersionCovers(versions[served], versions[wanted]),
                served >= wanted)
          << versions[served] << " serves " << versions[wanted];
    }
  }
  // Another process's tables, the gateway's own, none: only the same one.
  std::string other = absl::StrCat(
      "vita-server-1", versions[0].substr(std::string("vita-server-").size()));
  EXPECT_FALSE(RoutesVersionCovers(other, versions[0]));
  // The same pid, started at another time (a restart in a container).
  std::string process = versions[0].substr(0, versions[0].find('-', 12));
  std::string restarted =
      absl::StrCat(process.substr(0, process.find('.') + 1), "1",
                   versions[10].substr(process.size()));
  EXPECT_FALSE(RoutesVersionCovers(restarted, versions[0]))
      << restarted << " serves " << versions[0];
  EXPECT_THAT(versions[0],
              ::testing::MatchesRegex("vita-server-[0-9]+\\.[0-9]+-0-[0-9]+"));
  EXPECT_FALSE(RoutesVersionCovers(versions[10], "gateway-1764-42"));
  EXPECT_TRUE(RoutesVersionCovers("gateway-1764-42", "gateway-1764-42"));
  EXPECT_FALSE(RoutesVersionCovers("", versions[0]));
  EXPECT_FALSE(RoutesVersionCovers("gateway-1764-42", versions[0]));
}

}  // namespace
}  // namespace vita::publish
