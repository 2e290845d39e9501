// Tests of server/domain/resource_name.cc.
#include "server/domain/resource_name.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vita::domain {
namespace {

TEST(ResourceNameTest, ParsesProfileName) {
  auto id = ParseProfileName("name", "profiles/hexu-zhao");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "hexu-zhao");
}

TEST(ResourceNameTest, RefusesMalformedProfileNames) {
  const std::string kNotAName = " is not a profile name (profiles/{profile})";
  const std::string kNotAnId =
      " is not a valid id (1 to 63 characters of a-z, 0-9 and '-', starting "
      "and ending with a letter or digit)";
  struct Case {
    std::string name, message;
  };
  for (const Case& c :
       std::vector<Case>{{"", "name: is required (profiles/{profile})"},
                         {"hexu", "name: \"hexu\"" + kNotAName},
                         {"profiles/", "name: is required"},
                         {"profiles/Hexu", "name: \"Hexu\"" + kNotAnId},
                         {"profiles/a/b", "name: \"profiles/a/b\"" + kNotAName},
                         {"profile/x", "name: \"profile/x\"" + kNotAName},
                         {"profiles/-x", "name: \"-x\"" + kNotAnId},
                         {"profiles/x-", "name: \"x-\"" + kNotAnId},
                         {"profiles/a_b", "name: \"a_b\"" + kNotAnId}}) {
    auto id = ParseProfileName("name", c.name);
    EXPECT_TRUE(absl::IsInvalidArgument(id.status())) << c.name;
    EXPECT_EQ(std::string(id.status().message()), c.message) << c.name;
  }
}

TEST(ResourceNameTest, IdAtMost63Characters) {
  EXPECT_TRUE(ValidateId("id", std::string(63, 'a')).ok());
  auto too_long = ValidateId("id", std::string(64, 'a'));
  EXPECT_TRUE(absl::IsInvalidArgument(too_long));
  EXPECT_EQ(std::string(too_long.message()),
            "id: \"" + std::string(64, 'a') +
                "\" is not a valid id (1 to 63 characters of a-z, 0-9 and "
                "'-', starting and ending with a letter or digit)");
}

TEST(ResourceNameTest, ParsesChildNames) {
  auto news =
      ParseChildName(store::Collection::kNews, "name", "profiles/ann/news/n-1");
  ASSERT_TRUE(news.ok());
  EXPECT_EQ(news->profile_id, "ann");
  EXPECT_EQ(news->id, "n-1");
  EXPECT_FALSE(ParseChildName(store::Collection::kPublications, "name",
                              "profiles/ann/news/n-1")
                   .ok());
}

TEST(ResourceNameTest, FormatsRoundTrip) {
  std::string name =
      ChildResourceName(store::Collection::kPublications, "ann", "p1");
  EXPECT_EQ(name, "profiles/ann/publications/p1");
  auto parsed = ParseChildName(store::Collection::kPublications, "n", name);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(ProfileName(parsed->profile_id), "profiles/ann");
}

TEST(ResourceNameTest, IdFromWordsIsReadableAndValid) {
  EXPECT_EQ(IdFromWords("2024-03",
                        "I will join Microsoft DeepSpeed Team as an intern", 4),
            "2024-03-i-will-join-microsoft");
  EXPECT_EQ(IdFromWords("", "On Scaling Up 3D Gaussian Splatting Training", 5),
            "on-scaling-up-3d-gaussian");
  // Link targets and punctuation are skipped; non-ASCII letters are dropped.
  EXPECT_EQ(IdFromWords("", "[Grendel-GS](https://github.com/x) is out!", 4),
            "grendel-gs-is-out");
  EXPECT_EQ(IdFromWords("2024-03", "开始", 4), "2024-03");
  EXPECT_EQ(IdFromWords("", "", 4), "");
  std::string longest = IdFromWords(
      "2024-03", "Supercalifragilisticexpialidocious and more words", 4);
  EXPECT_LE(longest.size(), 40u);
  for (const char* text : {"A -- b", "x!!! y", "Ünïcödé wörds", "9 lives"}) {
    std::string id = IdFromWords("", text, 4);
    if (!id.empty()) EXPECT_TRUE(ValidateId("id", id).ok()) << id;
  }
}

}  // namespace
}  // namespace vita::domain
