// Tests of common/resource_name.cc: the one grammar of resource names and
// the one id rule, shared by the server and the CLI.
#include "common/resource_name.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace vita {
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

TEST(ResourceNameTest, ParsesItemNames) {
  auto news = ParseItemName(Collection::kNews, "name", "profiles/ann/news/n-1");
  ASSERT_TRUE(news.ok());
  EXPECT_EQ(news->profile_id, "ann");
  EXPECT_EQ(news->id, "n-1");
  EXPECT_FALSE(
      ParseItemName(Collection::kPublications, "name", "profiles/ann/news/n-1")
          .ok());
}

TEST(ResourceNameTest, ItemIdIsTheLastSegmentOfTheName) {
  EXPECT_EQ(ItemIdOf(ItemResourceName(Collection::kNews, "ann", "join-nyu")),
            "join-nyu");
  EXPECT_EQ(ItemIdOf("profiles/ann/publications/p1"), "p1");
  EXPECT_EQ(ItemIdOf("no-slash"), "no-slash");
}

TEST(ResourceNameTest, FormatsRoundTrip) {
  std::string name = ItemResourceName(Collection::kPublications, "ann", "p1");
  EXPECT_EQ(name, "profiles/ann/publications/p1");
  auto parsed = ParseItemName(Collection::kPublications, "n", name);
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
    if (!id.empty()) {
      EXPECT_TRUE(ValidateId("id", id).ok()) << id;
    }
  }
}

TEST(ResourceNameTest, ParsesAnyOfTheThreeForms) {
  auto profile = ParseResourceName("RESOURCE", "profiles/ann");
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(profile->profile_id, "ann");
  EXPECT_FALSE(profile->collection.has_value());
  EXPECT_EQ(profile->id, "");

  auto news = ParseResourceName("RESOURCE", "profiles/ann/news/n-1");
  ASSERT_TRUE(news.ok()) << news.status();
  EXPECT_EQ(news->profile_id, "ann");
  EXPECT_EQ(news->collection, Collection::kNews);
  EXPECT_EQ(news->id, "n-1");

  auto publication =
      ParseResourceName("RESOURCE", "profiles/ann/publications/p1");
  ASSERT_TRUE(publication.ok()) << publication.status();
  EXPECT_EQ(publication->profile_id, "ann");
  EXPECT_EQ(publication->collection, Collection::kPublications);
  EXPECT_EQ(publication->id, "p1");
}

TEST(ResourceNameTest, RefusesWhatIsNoResourceName) {
  const std::string kForms =
      "(profiles/{profile}, profiles/{profile}/news/{news} or "
      "profiles/{profile}/publications/{publication})";
  struct Case {
    std::string name, message;
  };
  for (const Case& c : std::vector<Case>{
           {"", "RESOURCE: is required " + kForms},
           {"profiles/ann/talks/t1",
            "RESOURCE: \"profiles/ann/talks/t1\" is not a resource name " +
                kForms},
           {"profiles/ann/news",
            "RESOURCE: \"profiles/ann/news\" is not a "
            "resource name " +
                kForms},
           {"profiles/Ann/news/n1",
            "RESOURCE: \"Ann\" is not a valid id (1 to 63 characters of a-z, "
            "0-9 and '-', starting and ending with a letter or digit)"},
           {"profiles/ann/publications/", "RESOURCE: is required"}}) {
    auto parsed = ParseResourceName("RESOURCE", c.name);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << c.name;
    EXPECT_EQ(std::string(parsed.status().message()), c.message) << c.name;
  }
}

TEST(ResourceNameTest, SegmentsOfTheCollections) {
  EXPECT_EQ(CollectionSegment(Collection::kNews), "news");
  EXPECT_EQ(CollectionSegment(Collection::kPublications), "publications");
  EXPECT_EQ(ItemResourceName(Collection::kNews, "ann", "n1"),
            "profiles/ann/news/n1");
}

// The one id rule for publications, used by the server for a publication
// created without an id and by `vita import-bibtex` for the ids it asks for.
TEST(ResourceNameTest, PublicationIdIsTheCitationKeysWords) {
  EXPECT_EQ(PublicationIdFrom("zhao2024scaling", "Ignored"), "zhao2024scaling");
  EXPECT_EQ(PublicationIdFrom("Zhao:2024_Scaling", ""), "zhao-2024-scaling");
  EXPECT_EQ(PublicationIdFrom("  Zhao:: 2024--Scaling!  ", ""),
            "zhao-2024-scaling");
  // At most 8 words of the key.
  EXPECT_EQ(PublicationIdFrom("a:b:c:d:e:f:g:h:i:j", ""), "a-b-c-d-e-f-g-h");
  // At most 40 characters, ending before the word that would not fit.
  EXPECT_EQ(PublicationIdFrom("averyveryverylongname:2024:more", ""),
            "averyveryverylongname-2024-more");
  EXPECT_EQ(
      PublicationIdFrom("averyveryverylongname:2024:moremoremoremore", ""),
      "averyveryverylongname-2024");
}

TEST(ResourceNameTest, PublicationIdFallsBackToTheTitlesWords) {
  EXPECT_EQ(PublicationIdFrom("", "On Scaling Up 3D Gaussian Splatting"),
            "on-scaling-up-3d-gaussian");
  EXPECT_EQ(PublicationIdFrom("__", "On Scaling Up 3D Gaussian Splatting"),
            "on-scaling-up-3d-gaussian");
  // A first word longer than 40 characters gives nothing.
  EXPECT_EQ(PublicationIdFrom(std::string(41, 'a'), "Grendel"), "grendel");
  EXPECT_EQ(PublicationIdFrom("__", "???"), "");
}

}  // namespace
}  // namespace vita
