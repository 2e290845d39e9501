// End-to-end tests of the shape the record families share: `vita profile`,
// `vita news` and `vita publication` have the same verbs (list, get, add,
// edit, rm) in the same order, and the old spellings (ls, create, set,
// delete, pub) still work as aliases.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

class FamiliesCliTest : public CliTest {};

// The first column of the "Subcommands:" block of `vita ARGS --help`.
std::vector<std::string> SubcommandsInHelp(const std::vector<std::string>& args,
                                           const std::string& home) {
  std::vector<std::string> with_help = args;
  with_help.push_back("--help");
  RunResult r = RunVita(with_help, {}, home);
  EXPECT_EQ(r.exit_code, 0) << r;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line) && line != "Subcommands:") {
  }
  std::vector<std::string> names;
  while (std::getline(in, line) && !line.empty()) {
    std::string name = line.substr(2, line.find("  ", 2) - 2);
    names.push_back(name);
  }
  return names;
}

TEST_F(FamiliesCliTest, EveryFamilyListsTheSameVerbsWithTheOldSpellings) {
  std::vector<std::string> verbs = {"list, ls", "get", "add, create",
                                    "edit, set", "rm, delete"};
  EXPECT_EQ(SubcommandsInHelp({"profile"}, dir_), verbs);
  EXPECT_EQ(SubcommandsInHelp({"news"}, dir_), verbs);
  std::vector<std::string> publication = verbs;
  publication.push_back("import");
  publication.push_back("export");
  EXPECT_EQ(SubcommandsInHelp({"publication"}, dir_), publication);
  EXPECT_EQ(SubcommandsInHelp({"pub"}, dir_), publication);
  std::vector<std::string> top = SubcommandsInHelp({}, dir_);
  ASSERT_EQ(top.size(), 13u);
  EXPECT_EQ(top[4], "profile");
  EXPECT_EQ(top[5], "news");
  EXPECT_EQ(top[6], "publication, pub");
  EXPECT_EQ(top[7], "token");
  EXPECT_EQ(SubcommandsInHelp({"token"}, dir_),
            (std::vector<std::string>{"create", "list, ls", "revoke"}));
  // The change log's commands (history_cli_test.cc) follow the families.
  EXPECT_EQ(std::vector<std::string>(top.begin() + 8, top.end()),
            (std::vector<std::string>{"history", "restore", "undo", "audit",
                                      "backup"}));
}

TEST_F(FamiliesCliTest, ProfilesAreAddedEditedWithFlagsAndRemoved) {
  VitaOk({"profile", "add", "ana", "--display-name", "Ana Lee"});
  RunResult edit = Vita({"profile", "edit", "ana", "--headline", "Professor"});
  EXPECT_EQ(edit.exit_code, 0) << edit;
  EXPECT_EQ(edit.err, "updated profiles/ana (headline)\n") << edit;
  RunResult again = Vita({"profile", "edit", "ana", "--headline", "Professor"});
  EXPECT_EQ(again.exit_code, 0) << again;
  EXPECT_EQ(again.err, "no changes: profiles/ana already has these values\n")
      << again;
  vita::v1::Profile ana;
  ReadJson({"profile", "get", "ana"}, &ana);
  EXPECT_EQ(ana.display_name(), "Ana Lee");
  EXPECT_EQ(ana.headline(), "Professor");
  RunResult rm = Vita({"profile", "rm", "ana"});
  EXPECT_EQ(rm.exit_code, 0) << rm;
  EXPECT_EQ(rm.err, "deleted profiles/ana\n") << rm;
  EXPECT_EQ(VitaOk({"profile", "list"}), "no profiles\n");
}

TEST_F(FamiliesCliTest, TheOldSpellingsDoWhatTheyDidBefore) {
  VitaOk({"profile", "create", "hexu", "--display-name", "Hexu Zhao"});
  VitaOk({"profile", "set", "hexu", "--headline", "Ph.D. student"});
  vita::v1::ListProfilesResponse profiles;
  ReadJson({"profile", "ls"}, &profiles);
  ASSERT_EQ(profiles.profiles_size(), 1);
  EXPECT_EQ(profiles.profiles(0).headline(), "Ph.D. student");

  EXPECT_EQ(VitaOk({"news", "create", "--id", "n1", "--date", "2024-03",
                    "Joined NYU."}),
            "n1\n");
  VitaOk({"news", "set", "n1", "--pin"});
  vita::v1::ListNewsItemsResponse news;
  ReadJson({"news", "ls"}, &news);
  ASSERT_EQ(news.news_items_size(), 1);
  EXPECT_TRUE(news.news_items(0).pinned());
  VitaOk({"news", "delete", "n1"});
  ReadJson({"news", "list"}, &news);
  EXPECT_EQ(news.news_items_size(), 0);

  EXPECT_EQ(VitaOk({"pub", "create", "--id", "p1", "--title", "A Paper",
                    "--authors", "Hexu Zhao", "--year", "2025"}),
            "p1\n");
  VitaOk({"pub", "set", "p1", "--venue", "SOSP 2025"});
  vita::v1::Publication p;
  ReadJson({"publication", "get", "p1"}, &p);
  EXPECT_EQ(p.venue(), "SOSP 2025");
  ASSERT_EQ(p.authors_size(), 1);
  EXPECT_TRUE(p.authors(0).is_owner());  // named like the profile
  VitaOk({"pub", "delete", "p1"});
  vita::v1::ListPublicationsResponse pubs;
  ReadJson({"pub", "ls"}, &pubs);
  EXPECT_EQ(pubs.publications_size(), 0);

  RunResult deleted = Vita({"profile", "delete", "hexu"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted;
  EXPECT_EQ(deleted.err, "deleted profiles/hexu\n") << deleted;
}

}  // namespace
}  // namespace vita::testing
