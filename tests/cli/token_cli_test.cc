// End-to-end tests of `vita token` (cli/token_commands.cc) against a real
// vita-server: the admin makes, lists and revokes editor tokens, and an
// editor token works for its profile only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test_base.h"
#include "vita/v1/history_service.pb.h"
#include "vita/v1/token_service.pb.h"

namespace vita::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class TokenCliTest : public CliTest {
 protected:
  // Runs vita with `token` in VITA_TOKEN (not the admin token).
  RunResult As(const std::string& token, const std::vector<std::string>& args) {
    return Vita(args, {{"VITA_TOKEN", token}}, /*with_token=*/false);
  }
  // `vita --profile PROFILE news add --date 2025-01 TEXT` with `token`.
  RunResult AddNewsAs(const std::string& token, const std::string& profile,
                      const std::string& text) {
    return As(token,
              {"--profile", profile, "news", "add", "--date", "2025-01", text});
  }

  // Creates profiles ann and bob, then a token of ann with `vita token
  // create` (and `more` flags); the whole token.
  std::string CreateForAnn(const std::vector<std::string>& more = {}) {
    CreateProfile("ann", "Ann");
    CreateProfile("bob", "Bob");
    std::vector<std::string> args = {"token", "create", "--profile", "ann"};
    args.insert(args.end(), more.begin(), more.end());
    RunResult r = Vita(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_THAT(r.out, MatchesRegex("vita_[0-9a-f]{12}_[0-9a-f]{64}\n")) << r;
    return r.out.substr(0, r.out.size() - 1);
  }
};

TEST_F(TokenCliTest, CreatePrintsTheTokenAloneAndListShowsItWithoutSecret) {
  std::string token =
      CreateForAnn({"--name", "ann's laptop", "--expires", "1d12h"});
  std::string id = token.substr(5, 12);
  RunResult table = Vita({"token", "list"});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_THAT(table.out, HasSubstr("ID"));
  EXPECT_THAT(table.out, HasSubstr("LAST USED"));
  EXPECT_THAT(table.out, MatchesRegex("(.|\n)*" + id +
                                      " +ann +ann's laptop +[0-9TZ:-]+ +never "
                                      "+[0-9TZ:-]+\n"));
  EXPECT_THAT(table.out, Not(HasSubstr(token.substr(18))));

  v1::ListTokensResponse listed;
  ReadJson({"token", "list"}, &listed);
  ASSERT_EQ(listed.tokens_size(), 1);
  EXPECT_EQ(listed.tokens(0).name(), "tokens/" + id);
  EXPECT_EQ(listed.tokens(0).expire_time().seconds() -
                listed.tokens(0).create_time().seconds(),
            129600);  // 1d12h
}

TEST_F(TokenCliTest, EditorTokenWritesItsProfileUntilRevoked) {
  std::string token = CreateForAnn();
  std::string id = token.substr(5, 12);
  RunResult added = AddNewsAs(token, "ann", "Written by an editor.");
  EXPECT_EQ(added.exit_code, 0) << added;
  EXPECT_THAT(Vita({"token", "list"}).out, Not(HasSubstr(" never ")));

  RunResult revoked = Vita({"token", "revoke", id});
  EXPECT_EQ(revoked.exit_code, 0) << revoked;
  EXPECT_EQ(revoked.err, "revoked tokens/" + id + "\n");
  RunResult refused = AddNewsAs(token, "ann", "After revocation.");
  EXPECT_EQ(refused.exit_code, 6) << refused;
  EXPECT_EQ(refused.err,
            "error: not authorized: set VITA_TOKEN or --token-file to the "
            "admin token or an editor token (the server refused the token: "
            "the bearer token is not valid)\n");
  EXPECT_THAT(Vita({"token", "list"}).out, HasSubstr("no tokens"));
  RunResult again = Vita({"token", "revoke", id});
  EXPECT_EQ(again.exit_code, 5) << again;
}

TEST_F(TokenCliTest,
       AuditTrailNamesTheEditorTokenAndItsUndoRevertsOnlyItsWrite) {
  std::string token = CreateForAnn({"--name", "ann's laptop"});
  std::string id = token.substr(5, 12);
  ASSERT_EQ(AddNewsAs(token, "ann", "Written by an editor.").exit_code, 0);
  Vita({"--profile", "ann", "news", "add", "--date", "2025-02",
        "Written by the admin."});
  vita::v1::ListChangesResponse changes;
  ReadJson({"audit"}, &changes);
  ASSERT_GE(changes.changes_size(), 2);
  // Newest first: the admin's write, then the editor's.
  EXPECT_EQ(changes.changes(0).token_id(), "admin");
  EXPECT_EQ(changes.changes(1).token_id(), id);
  EXPECT_EQ(changes.changes(1).token_label(), "ann's laptop");
  EXPECT_EQ(changes.changes(1).method(), "CreateNewsItem");
  // A create names the collection's parent it wrote to.
  EXPECT_EQ(changes.changes(1).resource(), "profiles/ann");
  // The editor's undo reverts the editor's write, not the admin's newer one.
  RunResult undone = As(token, {"undo"});
  ASSERT_EQ(undone.exit_code, 0) << undone;
  EXPECT_THAT(undone.out + undone.err, HasSubstr("CreateNewsItem"));
  EXPECT_THAT(undone.out + undone.err, HasSubstr(id));
  RunResult news = Vita({"--profile", "ann", "news", "list"});
  EXPECT_THAT(news.out, HasSubstr("Written by the admin."));
  EXPECT_THAT(news.out, Not(HasSubstr("Written by an editor.")));
  // The audit trail is the admin's to read.
  EXPECT_EQ(As(token, {"audit"}).exit_code, 6);
}

TEST_F(TokenCliTest, EditorTokenIsRefusedBeyondItsProfileNamingIt) {
  std::string token = CreateForAnn();
  std::string id = token.substr(5, 12);
  RunResult other = AddNewsAs(token, "bob", "Not my page.");
  EXPECT_EQ(other.exit_code, 6) << other;
  EXPECT_EQ(other.err, "error: not authorized: token \"" + id +
                           "\" may edit profiles/ann only (this call changes "
                           "profiles/bob)\n");
  RunResult list = As(token, {"token", "list"});
  EXPECT_EQ(list.exit_code, 6) << list;
  EXPECT_EQ(list.err, "error: not authorized: token \"" + id +
                          "\" may edit profiles/ann only (managing tokens "
                          "needs the admin token)\n");
  RunResult news = Vita({"news", "list", "--profile", "bob"});
  EXPECT_THAT(news.out, Not(HasSubstr("Not my page.")));
}

TEST_F(TokenCliTest, BadCreateArgumentsNameTheRuleAndCreateNothing) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"token", "create", "--profile", "ann", "--expires", "5x"},
       4,
       "error: --expires: want a duration like 90d, 12h, 1d12h, 30m or "
       "3600s (got \"5x\")\n"},
      {{"token", "create", "--profile", "ann", "--expires", "3651d"},
       4,
       "error: invalid argument: ttl: must be from 1s to 3650 days (got "
       "315446400s)\n"},
      {{"token", "create"},
       2,
       "error: vita token create: which profile? name it with --profile ID "
       "(or VITA_PROFILE)\n"},
      {{"token", "create", "--profile", "zed"},
       5,
       "error: not found: profiles/zed\n"},
  };
  for (const Case& c : cases) {
    RunResult r = Vita(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << r;
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
  EXPECT_THAT(Vita({"token", "list"}).out, HasSubstr("no tokens"));
}

}  // namespace
}  // namespace vita::testing
