// End-to-end tests of `vita edit` with a scripted $EDITOR (bash scripts),
// including the conflict case where the record changes while it is edited.
#include <gtest/gtest.h>

#include <regex>

#include "google/protobuf/util/message_differencer.h"
#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

class EditCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    CreateProfile("hexu", "Hexu Zhao", {"H. Zhao"});
    VitaOk({"profile", "set", "--headline", "Old headline", "--affiliation",
            "NYU", "--bio", "Line one\nline two"});
  }

  // An $EDITOR that runs `body` with the file as $1.
  std::map<std::string, std::string> Editor(const std::string& name,
                                            const std::string& body) {
    std::string path = WriteFile(name, "#!/bin/bash\nset -e\n" + body + "\n");
    return {{"EDITOR", "bash " + path}};
  }

  // The path named in "your edit is kept in PATH".
  static std::string KeptFile(const std::string& err) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex("kept in (\\S+\\.yaml)"))) {
      return "";
    }
    return m[1];
  }
};

TEST_F(EditCliTest, ChangesOnlyTheEditedFields) {
  vita::v1::Profile before;
  ReadJson({"profile", "get"}, &before);
  RunResult r = Vita(
      {"edit", "profile"},
      Editor("ed.sh",
             "grep -q '^display_name: Hexu Zhao$' \"$1\"\n"
             "sed -i 's/^headline: .*/headline: New headline/' \"$1\"\n"
             "printf 'research_interests:\\n  - ML systems\\n' > /tmp/x.$$\n"
             "sed -i '/^research_interests:/d' \"$1\"\n"
             "cat /tmp/x.$$ >> \"$1\"; rm /tmp/x.$$"));
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("updated profiles/hexu (headline, research_interests)"),
            std::string::npos)
      << r;
  vita::v1::Profile after;
  ReadJson({"profile", "get"}, &after);
  EXPECT_EQ(after.headline(), "New headline");
  ASSERT_EQ(after.research_interests_size(), 1);
  EXPECT_EQ(after.research_interests(0), "ML systems");
  // Everything else as before.
  google::protobuf::util::MessageDifferencer differ;
  for (const char* f :
       {"headline", "research_interests", "update_time", "etag"}) {
    differ.IgnoreField(vita::v1::Profile::descriptor()->FindFieldByName(f));
  }
  EXPECT_TRUE(differ.Compare(before, after));
  EXPECT_EQ(after.bio(), "Line one\nline two");
}

TEST_F(EditCliTest, UnchangedFileCancels) {
  vita::v1::Profile before;
  ReadJson({"profile", "get"}, &before);
  RunResult r = Vita({"edit", "profile", "hexu"}, Editor("noop.sh", "true"));
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r;
  vita::v1::Profile after;
  ReadJson({"profile", "get"}, &after);
  EXPECT_EQ(after.etag(), before.etag());
}

TEST_F(EditCliTest, ConflictKeepsTheEditAndWritesNothing) {
  // The editor script itself changes the profile through another vita call
  // before it saves its own edit.
  std::string other_vita =
      std::string(VITA_CLI_BINARY) + " --server " + server_->address() +
      " --token-file " + server_->token_file() +
      " profile set hexu --affiliation 'Changed meanwhile' 2>/dev/null";
  RunResult r = Vita(
      {"edit", "profile"},
      Editor("conflict.sh",
             other_vita + "\nsed -i 's/^headline: .*/headline: Mine/' \"$1\""));
  EXPECT_EQ(r.exit_code, 7) << r;
  EXPECT_NE(r.err.find("changed by someone else"), std::string::npos) << r;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r;
  std::string kept = KeptFile(r.err);
  ASSERT_FALSE(kept.empty()) << r;
  std::string kept_text = ReadWholeFile(kept);
  EXPECT_NE(kept_text.find("headline: Mine"), std::string::npos);
  // The kept file is the current version with the edit on top.
  EXPECT_NE(kept_text.find("affiliation: Changed meanwhile"), std::string::npos)
      << kept_text;
  EXPECT_NE(kept_text.find("# Meanwhile someone else changed: affiliation.\n"
                           "# This is the current version with your changes "
                           "(headline) on top."),
            std::string::npos)
      << kept_text;

  vita::v1::Profile now;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.affiliation(), "Changed meanwhile");
  EXPECT_EQ(now.headline(), "Old headline");  // nothing of the edit written

  // The kept edit can be applied afterwards.
  // The kept edit can be applied afterwards; it does not undo the other
  // writer's change.
  RunResult retry = Vita({"edit", "profile", "--file", kept});
  ASSERT_EQ(retry.exit_code, 0) << retry;
  EXPECT_NE(retry.out.find("updated profiles/hexu (headline)"),
            std::string::npos)
      << retry;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "Mine");
  EXPECT_EQ(now.affiliation(), "Changed meanwhile");
}

TEST_F(EditCliTest, FailingEditorIsAnErrorNotAConflict) {
  vita::v1::Profile before;
  ReadJson({"profile", "get"}, &before);
  RunResult failed = Vita({"edit", "profile"}, {{"EDITOR", "false"}});
  EXPECT_EQ(failed.exit_code, 1) << failed;
  EXPECT_NE(failed.err.find("error: the editor (false) failed with status 1; "
                            "profiles/hexu was not changed"),
            std::string::npos)
      << failed;
  EXPECT_TRUE(KeptFile(failed.err).empty()) << failed;

  RunResult missing =
      Vita({"edit", "profile"}, {{"EDITOR", dir_ + "/no-such-editor"}});
  EXPECT_EQ(missing.exit_code, 1) << missing;
  EXPECT_NE(missing.err.find("could not be run; set VISUAL or EDITOR"),
            std::string::npos)
      << missing;

  // An editor that fails after the file was changed keeps the edit.
  RunResult changed =
      Vita({"edit", "profile"},
           Editor("fail.sh",
                  "sed -i 's/^headline: .*/headline: Mine/' \"$1\"\n"
                  "exit 3"));
  EXPECT_EQ(changed.exit_code, 1) << changed;
  std::string kept = KeptFile(changed.err);
  ASSERT_FALSE(kept.empty()) << changed;
  EXPECT_NE(ReadWholeFile(kept).find("headline: Mine"), std::string::npos);

  vita::v1::Profile after;
  ReadJson({"profile", "get"}, &after);
  EXPECT_EQ(after.etag(), before.etag());
}

TEST_F(EditCliTest, EmptyFileCancelsAlsoWithFile) {
  vita::v1::Profile before;
  ReadJson({"profile", "get"}, &before);
  std::string empty = WriteFile("empty.yaml", "# nothing here\n\n");
  RunResult r = Vita({"edit", "profile", "--file", empty});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("edit cancelled: " + empty + " is empty"),
            std::string::npos)
      << r;
  vita::v1::Profile after;
  ReadJson({"profile", "get"}, &after);
  EXPECT_EQ(after.etag(), before.etag());
}

TEST_F(EditCliTest, UnparsableEditIsReportedWithFileAndLine) {
  RunResult r = Vita(
      {"edit", "profile"},
      Editor("bad.sh", "sed -i 's/^headline: .*/headline: [unclosed/' \"$1\""));
  EXPECT_EQ(r.exit_code, 3) << r;
  std::string kept = KeptFile(r.err);
  ASSERT_FALSE(kept.empty()) << r;
  EXPECT_NE(r.err.find(kept + ":"), std::string::npos) << r;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("\\.yaml:[0-9]+:"))) << r;
  EXPECT_NE(ReadWholeFile(kept).find("[unclosed"), std::string::npos);

  RunResult unknown =
      Vita({"edit", "profile"},
           Editor("unknown.sh", "echo 'no_such_field: 1' >> \"$1\""));
  EXPECT_EQ(unknown.exit_code, 3) << unknown;
  EXPECT_NE(unknown.err.find("no_such_field"), std::string::npos) << unknown;
}

TEST_F(EditCliTest, ServerRefusalKeepsTheEdit) {
  RunResult r =
      Vita({"edit", "profile"},
           Editor("empty_name.sh",
                  "sed -i 's/^display_name: .*/display_name: \"\"/' \"$1\""));
  EXPECT_EQ(r.exit_code, 4) << r;
  EXPECT_NE(r.err.find("display_name"), std::string::npos) << r;
  EXPECT_FALSE(KeptFile(r.err).empty()) << r;
}

TEST_F(EditCliTest, EditsNewsAndPublications) {
  VitaOk({"news", "add", "--id", "join", "--date", "2024-03", "I join NYU."});
  RunResult news = Vita(
      {"edit", "news", "join"},
      Editor("news.sh",
             "sed -i 's/^date: .*/date: \"2024-04-01\"/; s/^pinned: .*/pinned: "
             "true/' \"$1\""));
  ASSERT_EQ(news.exit_code, 0) << news;
  EXPECT_NE(news.out.find("(date, pinned)"), std::string::npos) << news;
  vita::v1::NewsItem item;
  ReadJson({"news", "get", "join"}, &item);
  EXPECT_EQ(item.date().month(), 4);
  EXPECT_EQ(item.date().day(), 1);
  EXPECT_TRUE(item.pinned());

  VitaOk({"pub", "add", "--id", "p1", "--title", "Draft", "--authors",
          "Hexu Zhao", "--year", "2024", "--status", "preprint"});
  RunResult pub = Vita(
      {"pub", "edit", "p1"},
      Editor("pub.sh",
             "sed -i 's/^title: .*/title: Final title/; s/^status: "
             ".*/status: ACCEPTED/; s/^venue: .*/venue: OSDI 2025/' \"$1\""));
  ASSERT_EQ(pub.exit_code, 0) << pub;
  EXPECT_NE(pub.out.find("(title, venue, status)"), std::string::npos) << pub;
  vita::v1::Publication p;
  ReadJson({"pub", "get", "p1"}, &p);
  EXPECT_EQ(p.title(), "Final title");
  EXPECT_EQ(p.status(), vita::v1::Publication::ACCEPTED);
  EXPECT_EQ(p.venue(), "OSDI 2025");
  EXPECT_TRUE(p.authors(0).is_owner());

  RunResult missing = Vita({"edit", "pub", "nope"}, Editor("n.sh", "true"));
  EXPECT_EQ(missing.exit_code, 5) << missing;
  EXPECT_NE(missing.err.find("profiles/hexu/publications/nope"),
            std::string::npos)
      << missing;
}

}  // namespace
}  // namespace vita::testing
