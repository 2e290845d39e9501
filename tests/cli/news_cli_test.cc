// End-to-end tests of `vita news ...` against a real server.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

class NewsCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao");
  }
};

TEST_F(NewsCliTest, AddListEditRemove) {
  std::string text = "I will join **NYU** as a Ph.D. student.";
  std::string id = VitaOk({"news", "add", "--date", "2024-03", text});
  while (!id.empty() && id.back() == '\n') id.pop_back();
  ASSERT_FALSE(id.empty());
  VitaOk({"news", "add", "--date", "2023-06-01", "--id", "older", "--pin",
          "Pinned", "news"});

  vita::v1::ListNewsItemsResponse list;
  ReadJson({"news", "list"}, &list);
  ASSERT_EQ(list.news_items_size(), 2);
  EXPECT_EQ(list.news_items(0).name(), "profiles/hexu/news/older");  // pinned
  EXPECT_EQ(list.news_items(0).text(), "Pinned news");
  EXPECT_EQ(list.news_items(1).name(), "profiles/hexu/news/" + id);
  EXPECT_EQ(list.news_items(1).text(), text);
  EXPECT_EQ(list.news_items(1).date().year(), 2024);
  EXPECT_EQ(list.news_items(1).date().month(), 3);
  EXPECT_EQ(list.news_items(1).date().day(), 0);

  std::string table = VitaOk({"news", "list"});
  EXPECT_NE(table.find("2024-03"), std::string::npos) << table;
  EXPECT_NE(table.find(id), std::string::npos) << table;

  VitaOk({"news", "edit", id, "--date", "2024-04-02", "--pin"});
  vita::v1::NewsItem item;
  ReadJson({"news", "get", id}, &item);
  EXPECT_EQ(item.date().month(), 4);
  EXPECT_EQ(item.date().day(), 2);
  EXPECT_TRUE(item.pinned());
  EXPECT_EQ(item.text(), text);  // untouched

  std::string file = WriteFile("news.md", "From a *file*.\n");
  VitaOk({"news", "edit", "profiles/hexu/news/" + id, "--text-file", file,
          "--unpin"});
  ReadJson({"news", "get", id}, &item);
  EXPECT_EQ(item.text(), "From a *file*.");
  EXPECT_FALSE(item.pinned());

  VitaOk({"news", "rm", id, "older"});
  ReadJson({"news", "list"}, &list);
  EXPECT_EQ(list.news_items_size(), 0);
  EXPECT_NE(VitaOk({"news", "list"}).find("no news items"), std::string::npos);
}

TEST_F(NewsCliTest, BadDateIsRefusedWithTheField) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  for (const Case& c : std::vector<Case>{
           // Refused by vita itself.
           {{"news", "add", "--date", "March", "x"},
            "error: --date: \"March\" is not a date like 2024, 2024-03, "
            "2024-03-05 or 03/2024\n"},
           // Refused by the server.
           {{"news", "add", "--date", "2023-02-29", "x"},
            "error: invalid argument: news_item.date: the date 2023-02-29 "
            "does not exist\n"},
           {{"news", "add", "--date", "2024-01"},
            "error: invalid argument: news_item.text: is required\n"}}) {
    RunResult r = Vita(c.args);
    EXPECT_EQ(r.exit_code, 4) << r;
    EXPECT_EQ(r.err, c.err) << r;
  }
  // None of them wrote anything.
  vita::v1::ListNewsItemsResponse list;
  ReadJson({"news", "list"}, &list);
  EXPECT_EQ(list.news_items_size(), 0);
}

}  // namespace
}  // namespace vita::testing
