// Unit tests of the compact author syntax (cli/author_syntax.h).
#include "cli/author_syntax.h"

#include <gtest/gtest.h>

#include "google/protobuf/util/message_differencer.h"

namespace vita::cli {
namespace {

using google::protobuf::util::MessageDifferencer;

TEST(AuthorSyntaxTest, ParsesTheDocumentedExample) {
  auto authors =
      ParseAuthors("*Yonghao Zhuang, *@Hexu Zhao, Lianmin Zheng, Hao Zhang^");
  ASSERT_TRUE(authors.ok()) << authors.status();
  ASSERT_EQ(authors->size(), 4u);
  EXPECT_EQ((*authors)[0].name(), "Yonghao Zhuang");
  EXPECT_TRUE((*authors)[0].equal_contribution());
  EXPECT_FALSE((*authors)[0].is_owner());
  EXPECT_EQ((*authors)[1].name(), "Hexu Zhao");
  EXPECT_TRUE((*authors)[1].equal_contribution());
  EXPECT_TRUE((*authors)[1].is_owner());
  EXPECT_EQ((*authors)[2].name(), "Lianmin Zheng");
  EXPECT_FALSE((*authors)[2].equal_contribution());
  EXPECT_FALSE((*authors)[2].corresponding());
  EXPECT_EQ((*authors)[3].name(), "Hao Zhang");
  EXPECT_TRUE((*authors)[3].corresponding());
}

TEST(AuthorSyntaxTest, MarksInAnyOrderAndUrls) {
  auto authors = ParseAuthors("@*A B^ <https://a.example>, C D <mailto:c@d>");
  ASSERT_TRUE(authors.ok()) << authors.status();
  ASSERT_EQ(authors->size(), 2u);
  EXPECT_TRUE((*authors)[0].is_owner());
  EXPECT_TRUE((*authors)[0].equal_contribution());
  EXPECT_TRUE((*authors)[0].corresponding());
  EXPECT_EQ((*authors)[0].name(), "A B");
  EXPECT_EQ((*authors)[0].url(), "https://a.example");
  EXPECT_EQ((*authors)[1].url(), "mailto:c@d");
}

TEST(AuthorSyntaxTest, SemicolonsAllowLastCommaFirst) {
  auto authors = ParseAuthors("Zhao, Hexu; *Zheng, Lianmin^");
  ASSERT_TRUE(authors.ok()) << authors.status();
  ASSERT_EQ(authors->size(), 2u);
  EXPECT_EQ((*authors)[0].name(), "Zhao, Hexu");
  EXPECT_EQ((*authors)[1].name(), "Zheng, Lianmin");
  EXPECT_TRUE((*authors)[1].equal_contribution());
  EXPECT_TRUE((*authors)[1].corresponding());
}

TEST(AuthorSyntaxTest, FormatThenParseGivesTheSameAuthors) {
  google::protobuf::RepeatedPtrField<vita::v1::Author> authors;
  const char* names[] = {"Ana", "*NSYNC", "Up^", "Smith, J.", "A <b>", "Zoë"};
  int i = 0;
  for (const char* name : names) {
    vita::v1::Author* a = authors.Add();
    a->set_name(name);
    a->set_is_owner(i % 2 == 0);
    a->set_equal_contribution(i % 3 == 0);
    a->set_corresponding(i % 4 == 1);
    if (i == 2) a->set_url("https://x.example/~u");
    ++i;
  }
  std::string text = FormatAuthors(authors);
  auto parsed = ParseAuthors(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << " for " << text;
  ASSERT_EQ(parsed->size(), static_cast<size_t>(authors.size())) << text;
  for (int j = 0; j < authors.size(); ++j) {
    EXPECT_TRUE(MessageDifferencer::Equals((*parsed)[j], authors[j]))
        << text << "\n"
        << (*parsed)[j].DebugString() << " vs " << authors[j].DebugString();
  }
}

TEST(AuthorSyntaxTest, RejectsEmptyNamesAndOpenUrls) {
  EXPECT_FALSE(ParseAuthors("A, , B").ok());
  EXPECT_FALSE(ParseAuthors("*@^").ok());
  EXPECT_FALSE(ParseAuthors("A <https://x").ok());
}

TEST(AuthorSyntaxTest, OwnerIsFoundByDisplayNameOrVariant) {
  vita::v1::Profile profile;
  profile.set_display_name("Hexu Zhao");
  profile.add_name_variants("H. Zhao");
  profile.add_name_variants("Zhao, Hexu");
  EXPECT_TRUE(IsOwnerName("Hexu Zhao", profile));
  EXPECT_TRUE(IsOwnerName("Zhao, Hexu", profile));
  EXPECT_TRUE(IsOwnerName("Zhao, H.", profile));
  EXPECT_TRUE(IsOwnerName("H Zhao", profile));
  EXPECT_TRUE(IsOwnerName("hexu  zhao", profile));
  EXPECT_FALSE(IsOwnerName("Hexu Zhang", profile));
  EXPECT_FALSE(IsOwnerName("", profile));

  google::protobuf::RepeatedPtrField<vita::v1::Author> authors;
  authors.Add()->set_name("Someone Else");
  authors.Add()->set_name("H. Zhao");
  EXPECT_EQ(MarkOwner(profile, &authors), 1);
  EXPECT_FALSE(authors[0].is_owner());
  EXPECT_TRUE(authors[1].is_owner());
  // An explicit mark wins: nothing else is marked.
  authors[1].set_is_owner(false);
  authors[0].set_is_owner(true);
  EXPECT_EQ(MarkOwner(profile, &authors), 1);
  EXPECT_FALSE(authors[1].is_owner());
}

}  // namespace
}  // namespace vita::cli
