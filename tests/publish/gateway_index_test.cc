#include "server/publish/gateway_index.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/publish/files.h"
#include "tests/support/server_process.h"

namespace vita::publish {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The file's inode (0 if it does not exist).
ino_t InodeOf(const fs::path& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

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

TEST(IndexSourceTest, NamesEachUrlsFileEtagTypeAndVariants) {
  EXPECT_EQ(
      IndexSource(
          {{"p/ada/index.html", "\"e1\"", {Encoding::kBrotli, Encoding::kGzip}},
           {"robots.txt", "\"e2\"", {}}}),
      "return {\n"
      R"(["/p/ada"] = {f = ".gateway/blobs/e1", e = "\034e1\034", )"
      R"(t = "text/html; charset=utf-8", document = true, br = ".br", )"
      R"(gzip = ".gz"},)"
      "\n"
      R"(["/p/ada/"] = {f = ".gateway/blobs/e1", e = "\034e1\034", )"
      R"(t = "text/html; charset=utf-8", document = true, br = ".br", )"
      R"(gzip = ".gz"},)"
      "\n"
      R"(["/robots.txt"] = {f = ".gateway/blobs/e2", e = "\034e2\034", )"
      R"(t = "text/plain; charset=utf-8"},)"
      "\n}\n");
}

TEST(IndexSourceTest, IsTheHeadThenEachFilesEntriesInOrderThenTheTail) {
  PublishedFile page{"p/ada/index.html", "\"e1\"", {Encoding::kBrotli}};
  PublishedFile robots{"robots.txt", "\"e2\"", {}};
  EXPECT_EQ(IndexSource({page, robots}),
            absl::StrCat(kIndexSourceHead, IndexEntries(page),
                         IndexEntries(robots), kIndexSourceTail));
  // A line per URL, each ending the table's field.
  EXPECT_EQ(IndexEntries(page),
            R"(["/p/ada"] = {f = ".gateway/blobs/e1", e = "\034e1\034", )"
            R"(t = "text/html; charset=utf-8", document = true, br = ".br"},)"
            "\n"
            R"(["/p/ada/"] = {f = ".gateway/blobs/e1", e = "\034e1\034", )"
            R"(t = "text/html; charset=utf-8", document = true, br = ".br"},)"
            "\n");
  EXPECT_EQ(IndexSource({}), "return {\n}\n");
}

TEST(IndexSourceTest, EscapesEveryByteThatCouldEndOrBreakALuaString) {
  // Paths are the Publisher's own, but the index must stay a table whatever
  // a name holds: a quote, a backslash, a newline, a byte above ASCII.
  std::string source = IndexSource({{"p/a\"b\\c\nd\xC3\xA9.txt", "\"e\"", {}}});
  EXPECT_THAT(source, HasSubstr(R"(["/p/a\034b\092c\010d\195\169.txt"] = )"));
  EXPECT_EQ(source.find('\n'), std::string("return {").size());
}

class GatewayIndexTest : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(dir_); }
  // The counter, as the gateway reads it (8 bytes, host order).
  uint64_t Counter() {
    std::string bytes = Read(dir_ / ".gateway/generation");
    EXPECT_EQ(bytes.size(), sizeof(uint64_t));
    uint64_t value = 0;
    std::memcpy(&value, bytes.data(), std::min(bytes.size(), sizeof value));
    return value;
  }
  fs::path dir_ = vita::testing::MakeTempDir();
};

TEST(BlobPathTest, NamesABlobByItsEtagAndAVariantBySuffix) {
  EXPECT_EQ(BlobPath("\"3f2a\""), ".gateway/blobs/3f2a");
  EXPECT_EQ(BlobPath("\"3f2a\"", ".br"), ".gateway/blobs/3f2a.br");
}

TEST_F(GatewayIndexTest, WritesTheIndexThenAddsOneToTheCounter) {
  GatewayIndex index(dir_.string());
  absl::StatusOr<uint64_t> first = index.Write("return {}\n");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Read(dir_ / ".gateway/index.lua"), "return {}\n");
  EXPECT_EQ(Counter(), *first);
  absl::StatusOr<uint64_t> second = index.Write("return {a = 1}\n");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, *first + 1);
  EXPECT_EQ(Counter(), *second);
  EXPECT_EQ(Read(dir_ / ".gateway/index.lua"), "return {a = 1}\n");
  // No temporary file is left.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_ / ".gateway")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names, ElementsAre("generation", "index.lua"));
}

// A new counter starts from the time, so it differs from one a gateway saw
// before (a publish dir made anew while the gateway runs); an existing one
// goes on counting in another process (a restart), in the same file.
TEST_F(GatewayIndexTest, StartsANewCounterFromTheTimeAndContinuesAnOldOne) {
  uint64_t before = absl::ToUnixMicros(absl::Now());
  ino_t inode;
  {
    GatewayIndex index(dir_.string());
    absl::StatusOr<uint64_t> first = index.Write("return {}\n");
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_GT(*first, before);
    inode = InodeOf(dir_ / ".gateway/generation");
  }
  uint64_t last = Counter();
  GatewayIndex restarted(dir_.string());
  absl::StatusOr<uint64_t> next = restarted.Write("return {}\n");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(*next, last + 1);
  EXPECT_EQ(InodeOf(dir_ / ".gateway/generation"), inode)
      << "the gateway's mapping must stay valid";
}

// Nothing else in the tree is synced: a power loss can leave a counter file
// without its 8 bytes. The next process's first index puts a whole one,
// counting from the time, in its place (invariant 1).
TEST_F(GatewayIndexTest, ReplacesACounterFileThatAPowerLossCut) {
  uint64_t before = absl::ToUnixMicros(absl::Now());
  {
    GatewayIndex index(dir_.string());
    ASSERT_TRUE(index.Write("return {}\n").ok());
  }
  fs::resize_file(dir_ / ".gateway/generation", 0);
  GatewayIndex restarted(dir_.string());
  absl::StatusOr<uint64_t> next = restarted.Write("return {d = 4}\n");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_GT(*next, before);
  EXPECT_EQ(Counter(), *next);
  absl::StatusOr<uint64_t> after = restarted.Write("return {}\n");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, *next + 1);
}

// The publish dir's .gateway/ removed by hand while vita-server runs: the
// next index gets a new counter, which the gateway finds (a count on the
// removed file would never be seen).
TEST_F(GatewayIndexTest, MakesANewCounterWhenItsFileWasRemoved) {
  GatewayIndex index(dir_.string());
  ASSERT_TRUE(index.Write("return {}\n").ok());
  fs::remove_all(dir_ / ".gateway");
  absl::StatusOr<uint64_t> next = index.Write("return {c = 3}\n");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(Counter(), *next);
  EXPECT_EQ(Read(dir_ / ".gateway/index.lua"), "return {c = 3}\n");
}

TEST_F(GatewayIndexTest, LeavesTheCounterAloneWhenTheIndexCannotBeWritten) {
  GatewayIndex index(dir_.string());
  ASSERT_TRUE(index.Write("return {}\n").ok());
  uint64_t before = Counter();
  // A directory where the index goes cannot be renamed over.
  fs::remove(dir_ / ".gateway/index.lua");
  fs::create_directory(dir_ / ".gateway/index.lua");
  std::ofstream(dir_ / ".gateway/index.lua/x") << "x";
  absl::StatusOr<uint64_t> failed = index.Write("return {b = 2}\n");
  EXPECT_FALSE(failed.ok());
  EXPECT_THAT(std::string(failed.status().message()), HasSubstr("index.lua"));
  EXPECT_EQ(Counter(), before);
}

}  // namespace
}  // namespace vita::publish
