// Tests of server/publish/files.cc on real files in a temporary directory.
#include "server/publish/files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/server_process.h"

namespace vita::publish {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The file's bytes, through files.h's own reader.
std::string Read(const fs::path& path) {
  absl::StatusOr<std::string> content = ReadFile(path.string());
  return content.ok() ? *content : content.status().ToString();
}

// The names in `dir` that start with "." (temporary files).
std::vector<std::string> DotFiles(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name[0] == '.') names.push_back(name);
  }
  return names;
}

// The published tree keeps each version's bytes under a second name (its
// blob): replacing the file must leave that other name's bytes as they
// were, and no temporary name behind.
TEST(WriteFileAtomically,
     ReplacesTheFileAndLeavesAnotherNameOfTheOldOneAsItWas) {
  const fs::path dir = vita::testing::MakeTempDir();
  ASSERT_TRUE(WriteFileAtomically(dir.string(), "page", "one").ok());
  ASSERT_EQ(link((dir / "page").c_str(), (dir / "blob-one").c_str()), 0);
  ASSERT_TRUE(WriteFileAtomically(dir.string(), "page", "two, longer").ok());
  EXPECT_EQ(Read(dir / "page"), "two, longer");
  EXPECT_EQ(Read(dir / "blob-one"), "one");
  EXPECT_EQ(fs::hard_link_count(dir / "blob-one"), 1u);
  EXPECT_THAT(DotFiles(dir), IsEmpty());
}

// Linking a name to the file it names already leaves no temporary name
// (a rename between two links of one file does nothing).
TEST(LinkFileAtomically, LinkingTheSameFileAgainLeavesNoTemporaryName) {
  const fs::path dir = vita::testing::MakeTempDir();
  ASSERT_TRUE(WriteFileAtomically(dir.string(), "page", "one").ok());
  ASSERT_TRUE(
      LinkFileAtomically((dir / "page").string(), dir.string(), "blob").ok());
  ASSERT_TRUE(
      LinkFileAtomically((dir / "page").string(), dir.string(), "blob").ok());
  EXPECT_EQ(Read(dir / "blob"), "one");
  EXPECT_THAT(DotFiles(dir), IsEmpty());
}

TEST(WriteFileAtomically, RefusesToReplaceADirectoryAndLeavesIt) {
  const fs::path dir = vita::testing::MakeTempDir();
  fs::create_directory(dir / "page");
  std::ofstream(dir / "page" / "x") << "x";
  absl::Status status = WriteFileAtomically(dir.string(), "page", "one");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("page"));
  EXPECT_EQ(Read(dir / "page" / "x"), "x");
  EXPECT_THAT(DotFiles(dir), IsEmpty());
}

}  // namespace
}  // namespace vita::publish
