// End-to-end tests of `vita edit` with a scripted $EDITOR (bash scripts),
// including the conflict case where the record changes while it is edited.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

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

  // Runs `vita args...` with an $EDITOR that runs `sed -i 'SED'` on the
  // file, and expects it to exit 0 having printed `out`.
  void EditWithSed(const std::vector<std::string>& args, const std::string& sed,
                   const std::string& out) {
    RunResult r = Vita(args, Editor("sed.sh", "sed -i '" + sed + "' \"$1\""));
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, out) << r;
  }

  // A shell command that runs vita as another client of the same server.
  std::string OtherVita(const std::string& args) {
    return std::string(VITA_CLI_BINARY) + " --server " + server_->address() +
           " --token-file " + server_->token_file() + " " + args +
           " >/dev/null 2>&1";
  }

  // Runs `vita EDIT...` with an $EDITOR that first has another client run
  // `vita OTHER` and then applies the sed script `mine` to the file.
  RunResult EditMeanwhile(const std::vector<std::string>& edit,
                          const std::string& other, const std::string& mine) {
    return Vita(edit, Editor("meanwhile.sh", OtherVita(other) + "\nsed -i '" +
                                                 mine + "' \"$1\""));
  }

  // The path named in "your edit is kept in PATH".
  static std::string KeptFile(const std::string& err) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex("kept in (\\S+\\.yaml)"))) {
      return "";
    }
    return m[1];
  }

  // Fails unless `r` is the conflict of an edit of `record` whose changes
  // (`fields`) could not be written; the message names the kept file and the
  // command that applies it (`vita edit TARGET --file KEPT`). Returns the
  // kept file's path.
  static std::string ExpectConflict(const RunResult& r,
                                    const std::string& record,
                                    const std::string& fields,
                                    const std::string& target) {
    EXPECT_EQ(r.exit_code, 7) << r;
    std::string kept = KeptFile(r.err);
    EXPECT_FALSE(kept.empty()) << r;
    EXPECT_EQ(r.err, "error: " + record +
                         " was changed by someone else while you edited it; "
                         "nothing was written; your changes (" +
                         fields + ") are kept in " + kept +
                         " on top of the current version (review it, then "
                         "apply it with `vita edit " +
                         target + " --file " + kept + "`)\n")
        << r;
    return kept;
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
             "printf 'research_interests:\\n  - ML systems\\n' > \"$1.x\"\n"
             "sed -i '/^research_interests:/d' \"$1\"\n"
             "cat \"$1.x\" >> \"$1\"; rm \"$1.x\""));
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
  EXPECT_EQ(r.err, "edit cancelled: profiles/hexu was not changed\n") << r;
  vita::v1::Profile after;
  ReadJson({"profile", "get"}, &after);
  EXPECT_EQ(after.etag(), before.etag());
}

TEST_F(EditCliTest, ConflictKeepsTheEditAndWritesNothing) {
  // The editor script itself changes the profile through another vita call
  // before it saves its own edit.
  RunResult r = EditMeanwhile(
      {"edit", "profile"}, "profile set hexu --affiliation 'Changed meanwhile'",
      "s/^headline: .*/headline: Mine/");
  std::string kept =
      ExpectConflict(r, "profiles/hexu", "headline", "profile hexu");
  ASSERT_FALSE(kept.empty());
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

TEST_F(EditCliTest, ConflictOnTheSameFieldShowsTheirValueAndKeepsMine) {
  RunResult r =
      EditMeanwhile({"edit", "profile"}, "profile set hexu --headline Theirs",
                    "s/^headline: .*/headline: Mine/");
  std::string kept =
      ExpectConflict(r, "profiles/hexu", "headline", "profile hexu");
  ASSERT_FALSE(kept.empty());
  std::string kept_text = ReadWholeFile(kept);
  EXPECT_NE(kept_text.find("# Meanwhile someone else changed: headline.\n"
                           "# This is the current version with your changes "
                           "(headline) on top.\n"
                           "# You both changed headline: below is your value; "
                           "applying this file replaces theirs, which is:\n"
                           "#   headline: Theirs\n"),
            std::string::npos)
      << kept_text;
  EXPECT_NE(kept_text.find("\nheadline: Mine\n"), std::string::npos)
      << kept_text;
  vita::v1::Profile now;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "Theirs");

  // Applying the kept file is the user's decision: their headline goes.
  RunResult retry = Vita({"edit", "profile", "--file", kept});
  ASSERT_EQ(retry.exit_code, 0) << retry;
  EXPECT_EQ(retry.out, "updated profiles/hexu (headline)\n") << retry;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "Mine");
}

TEST_F(EditCliTest, NewsConflictKeepsTheEditOnTopOfTheCurrentVersion) {
  VitaOk({"news", "add", "--id", "join", "--date", "2024-03", "I join NYU."});
  RunResult r = EditMeanwhile({"edit", "news", "join"}, "news edit join --pin",
                              "s/^text: .*/text: Mine/");
  std::string kept = ExpectConflict(r, "profiles/hexu/news/join", "text",
                                    "profiles/hexu/news/join");
  ASSERT_FALSE(kept.empty());
  std::string kept_text = ReadWholeFile(kept);
  EXPECT_NE(kept_text.find("# Meanwhile someone else changed: pinned.\n"
                           "# This is the current version with your changes "
                           "(text) on top.\n"),
            std::string::npos)
      << kept_text;
  EXPECT_NE(kept_text.find("\ntext: Mine\n"), std::string::npos) << kept_text;
  EXPECT_NE(kept_text.find("\npinned: true\n"), std::string::npos) << kept_text;
  vita::v1::NewsItem now;
  ReadJson({"news", "get", "join"}, &now);
  EXPECT_EQ(now.text(), "I join NYU.");
  EXPECT_TRUE(now.pinned());

  RunResult retry = Vita({"edit", "profiles/hexu/news/join", "--file", kept});
  ASSERT_EQ(retry.exit_code, 0) << retry;
  EXPECT_EQ(retry.out, "updated profiles/hexu/news/join (text)\n") << retry;
  ReadJson({"news", "get", "join"}, &now);
  EXPECT_EQ(now.text(), "Mine");
  EXPECT_TRUE(now.pinned());
}

TEST_F(EditCliTest, PublicationConflictKeepsTheEditOnTopOfTheCurrentVersion) {
  VitaOk({"pub", "add", "--id", "p1", "--title", "Draft", "--authors",
          "Hexu Zhao", "--year", "2024"});
  RunResult r =
      EditMeanwhile({"edit", "pub", "p1"}, "pub edit p1 --venue 'Their venue'",
                    "s/^title: .*/title: My title/");
  EXPECT_EQ(r.exit_code, 7) << r;
  std::string kept = KeptFile(r.err);
  ASSERT_FALSE(kept.empty()) << r;
  EXPECT_NE(r.err.find("error: profiles/hexu/publications/p1 was changed by "
                       "someone else while you edited it; nothing was "
                       "written; your changes (title) are kept in " +
                       kept),
            std::string::npos)
      << r;
  std::string kept_text = ReadWholeFile(kept);
  EXPECT_NE(kept_text.find("# Meanwhile someone else changed: venue.\n"),
            std::string::npos)
      << kept_text;
  EXPECT_NE(kept_text.find("\ntitle: My title\n"), std::string::npos)
      << kept_text;
  EXPECT_NE(kept_text.find("\nvenue: Their venue\n"), std::string::npos)
      << kept_text;
  vita::v1::Publication now;
  ReadJson({"pub", "get", "p1"}, &now);
  EXPECT_EQ(now.title(), "Draft");
  EXPECT_EQ(now.venue(), "Their venue");

  RunResult retry = Vita({"pub", "edit", "p1", "--file", kept});
  ASSERT_EQ(retry.exit_code, 0) << retry;
  EXPECT_EQ(retry.out, "updated profiles/hexu/publications/p1 (title)\n")
      << retry;
  ReadJson({"pub", "get", "p1"}, &now);
  EXPECT_EQ(now.title(), "My title");
  EXPECT_EQ(now.venue(), "Their venue");
}

TEST_F(EditCliTest, RecordDeletedMeanwhileKeepsTheEditAndRecreatesNothing) {
  VitaOk({"news", "add", "--id", "join", "--date", "2024-03", "I join NYU."});
  VitaOk({"pub", "add", "--id", "p1", "--title", "Draft", "--authors",
          "Hexu Zhao", "--year", "2024"});
  struct Case {
    std::vector<std::string> edit;
    std::string remove, sed, name, typed;
  };
  for (const Case& c : std::vector<Case>{{{"edit", "news", "join"},
                                          "news rm join",
                                          "s/^text: .*/text: Typed text/",
                                          "profiles/hexu/news/join",
                                          "text: Typed text"},
                                         {{"edit", "pub", "p1"},
                                          "pub rm p1",
                                          "s/^title: .*/title: Typed title/",
                                          "profiles/hexu/publications/p1",
                                          "title: Typed title"}}) {
    RunResult r = EditMeanwhile(c.edit, c.remove, c.sed);
    EXPECT_EQ(r.exit_code, 5) << r;
    std::string kept = KeptFile(r.err);
    ASSERT_FALSE(kept.empty()) << r;
    EXPECT_EQ(r.err, "error: not found: " + c.name + "; your edit is kept in " +
                         kept + " (apply it with `vita edit " + c.name +
                         " --file " + kept + "`)\n")
        << r;
    EXPECT_NE(ReadWholeFile(kept).find("\n" + c.typed + "\n"),
              std::string::npos);
    // The update did not bring the record back.
    std::vector<std::string> get = {c.edit[1] == "news" ? "news" : "pub", "get",
                                    c.name};
    EXPECT_EQ(Vita(get).exit_code, 5) << c.name;
  }
}

TEST_F(EditCliTest, VisualComesBeforeEditor) {
  auto visual = Editor(
      "visual.sh", "sed -i 's/^headline: .*/headline: From VISUAL/' \"$1\"");
  auto editor = Editor(
      "editor.sh", "sed -i 's/^headline: .*/headline: From EDITOR/' \"$1\"");
  RunResult both = Vita({"edit", "profile"}, {{"VISUAL", visual["EDITOR"]},
                                              {"EDITOR", editor["EDITOR"]}});
  ASSERT_EQ(both.exit_code, 0) << both;
  vita::v1::Profile now;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "From VISUAL");

  // An empty VISUAL does not count.
  VitaOk({"profile", "set", "--headline", "Reset"});
  RunResult empty =
      Vita({"edit", "profile"}, {{"VISUAL", ""}, {"EDITOR", editor["EDITOR"]}});
  ASSERT_EQ(empty.exit_code, 0) << empty;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "From EDITOR");
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

// The 1-based number of the first line of `text` that starts with `prefix`
// (0 if none).
int LineStartingWith(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.rfind(prefix, 0) == 0) return n;
  }
  return 0;
}

TEST_F(EditCliTest, UnparsableEditIsReportedWithFileAndLine) {
  RunResult r = Vita(
      {"edit", "profile"},
      Editor("bad.sh", "sed -i 's/^headline: .*/headline: [unclosed/' \"$1\""));
  EXPECT_EQ(r.exit_code, 3) << r;
  std::string kept = KeptFile(r.err);
  ASSERT_FALSE(kept.empty()) << r;
  std::string text = ReadWholeFile(kept);
  // The flow sequence opened on the headline line is still open when the
  // next line's "affiliation:" comes: the error points at that colon.
  int headline = LineStartingWith(text, "headline: [unclosed");
  ASSERT_GT(headline, 0) << text;
  EXPECT_EQ(LineStartingWith(text, "affiliation: NYU"), headline + 1) << text;
  EXPECT_EQ(r.err, "error: " + kept + ":" + std::to_string(headline + 1) +
                       ":12: end of sequence flow not found; your edit is "
                       "kept in " +
                       kept +
                       " (apply it with `vita edit profile hexu --file " +
                       kept + "`)\n")
      << r;

  RunResult unknown =
      Vita({"edit", "profile"},
           Editor("unknown.sh", "echo 'no_such_field: 1' >> \"$1\""));
  EXPECT_EQ(unknown.exit_code, 3) << unknown;
  std::string kept_unknown = KeptFile(unknown.err);
  ASSERT_FALSE(kept_unknown.empty()) << unknown;
  std::string unknown_text = ReadWholeFile(kept_unknown);
  // The appended line is the file's last.
  int last = std::count(unknown_text.begin(), unknown_text.end(), '\n');
  EXPECT_EQ(LineStartingWith(unknown_text, "no_such_field: 1"), last);
  EXPECT_EQ(unknown.err, "error: " + kept_unknown + ":" + std::to_string(last) +
                             ":1: unknown field \"no_such_field\"; your edit "
                             "is kept in " +
                             kept_unknown +
                             " (apply it with `vita edit profile hexu --file " +
                             kept_unknown + "`)\n")
      << unknown;
  vita::v1::Profile now;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.headline(), "Old headline");
}

TEST_F(EditCliTest, ServerRefusalKeepsTheEdit) {
  RunResult r =
      Vita({"edit", "profile"},
           Editor("empty_name.sh",
                  "sed -i 's/^display_name: .*/display_name: \"\"/' \"$1\""));
  EXPECT_EQ(r.exit_code, 4) << r;
  std::string kept = KeptFile(r.err);
  ASSERT_FALSE(kept.empty()) << r;
  EXPECT_EQ(r.err,
            "error: invalid argument: profile.display_name: is required; your "
            "edit is kept in " +
                kept + " (apply it with `vita edit profile hexu --file " +
                kept + "`)\n")
      << r;
  EXPECT_NE(ReadWholeFile(kept).find("\ndisplay_name: \"\"\n"),
            std::string::npos);
  vita::v1::Profile now;
  ReadJson({"profile", "get"}, &now);
  EXPECT_EQ(now.display_name(), "Hexu Zhao");
}

TEST_F(EditCliTest, EditsNewsAndPublications) {
  VitaOk({"news", "add", "--id", "join", "--date", "2024-03", "I join NYU."});
  EditWithSed({"edit", "news", "join"},
              "s/^date: .*/date: \"2024-04-01\"/; s/^pinned: .*/pinned: true/",
              "updated profiles/hexu/news/join (date, pinned)\n");
  vita::v1::NewsItem item;
  ReadJson({"news", "get", "join"}, &item);
  EXPECT_EQ(item.date().month(), 4);
  EXPECT_EQ(item.date().day(), 1);
  EXPECT_TRUE(item.pinned());

  VitaOk({"pub", "add", "--id", "p1", "--title", "Draft", "--authors",
          "Hexu Zhao", "--year", "2024", "--status", "preprint"});
  EditWithSed({"pub", "edit", "p1"},
              "s/^title: .*/title: Final title/; s/^status: .*/status: "
              "ACCEPTED/; s/^venue: .*/venue: OSDI 2025/",
              "updated profiles/hexu/publications/p1 (title, venue, status)\n");
  vita::v1::Publication p;
  ReadJson({"pub", "get", "p1"}, &p);
  EXPECT_EQ(p.title(), "Final title");
  EXPECT_EQ(p.status(), vita::v1::Publication::ACCEPTED);
  EXPECT_EQ(p.venue(), "OSDI 2025");
  EXPECT_TRUE(p.authors(0).is_owner());

  RunResult missing = Vita({"edit", "pub", "nope"}, Editor("n.sh", "true"));
  EXPECT_EQ(missing.exit_code, 5) << missing;
  EXPECT_EQ(missing.err, "error: not found: profiles/hexu/publications/nope\n")
      << missing;
}

TEST_F(EditCliTest, PublicationIsTheResourceWordAndPubItsAlias) {
  VitaOk({"pub", "add", "--id", "p1", "--title", "Draft", "--authors",
          "Hexu Zhao", "--year", "2024"});
  for (std::string word : {"publication", "pub"}) {
    SCOPED_TRACE(word);
    EditWithSed({"edit", word, "p1"}, "s/^title: .*/title: By " + word + "/",
                "updated profiles/hexu/publications/p1 (title)\n");
    vita::v1::Publication p;
    ReadJson({"publication", "get", "p1"}, &p);
    EXPECT_EQ(p.title(), "By " + word);
  }
  RunResult unknown = Vita({"edit", "paper", "p1"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown;
  EXPECT_EQ(unknown.err,
            "error: edit: unknown resource \"paper\" (use profile, news, "
            "publication (alias pub) or a resource name; see vita edit "
            "--help)\n")
      << unknown;
}

}  // namespace
}  // namespace vita::testing
