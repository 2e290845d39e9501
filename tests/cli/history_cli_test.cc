// End-to-end tests of `vita history`, `restore`, `undo`, `audit` and
// `backup` (cli/history_commands.cc): the real vita against a real
// vita-server with a fresh database.
#include <sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_test_base.h"
#include "tests/support/grpc_client.h"
#include "vita/v1/history_service.pb.h"

namespace vita::testing {
namespace {

using ::testing::HasSubstr;

// Expects line i of the table `out` to hold each of pieces[i], for every i.
void ExpectLinesHold(const std::string& out,
                     const std::vector<std::vector<std::string>>& pieces) {
  std::vector<std::string> lines = absl::StrSplit(out, '\n');
  ASSERT_GE(lines.size(), pieces.size()) << out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    for (const std::string& piece : pieces[i]) {
      EXPECT_THAT(lines[i], HasSubstr(piece)) << "line " << i << " of\n" << out;
    }
  }
}

class HistoryCliTest : public CliTest {
 protected:
  // Imports the demo page (profiles/hexu-zhao: 1 news item, 4
  // publications) as `vita import` does.
  void ImportDemo() {
    VitaOk({"import", SourceDir() + "/deploy/demo/hexu-zhao.json"});
  }
  v1::Page Page(const std::string& address) {
    auto page = GetPage(address, "profiles/hexu-zhao");
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : v1::Page();
  }
  // The page without what a restore changes: the profile's update_time and
  // the etags.
  static std::string Content(v1::Page page) {
    page.clear_etag();
    page.mutable_profile()->clear_update_time();
    page.mutable_profile()->clear_etag();
    return page.SerializeAsString();
  }
};

TEST_F(HistoryCliTest, ForceDeletedDemoProfileComesBackWholeWithRestore) {
  ImportDemo();
  v1::Page before = Page(server_->address());
  ASSERT_EQ(before.news_size(), 1);
  ASSERT_EQ(before.publications_size(), 4);
  VitaOk({"profile", "rm", "hexu-zhao", "--force"});
  EXPECT_EQ(Vita({"page", "hexu-zhao"}).exit_code, 5);

  ExpectLinesHold(
      VitaOk({"history", "hexu-zhao"}),
      {{"VERSION"}, {"DeleteProfile", "deleted"}, {"ImportPage", "created"}});

  std::string restored = VitaOk({"restore", "hexu-zhao", "--version", "1"});
  EXPECT_THAT(restored, HasSubstr("restored profiles/hexu-zhao to version 1: "
                                  "change 3 (RestoreRevision "
                                  "profiles/hexu-zhao by admin at "));
  EXPECT_THAT(restored, HasSubstr(", 6 record(s))"));
  v1::Page after = Page(server_->address());
  ASSERT_EQ(after.news_size(), 1);
  ASSERT_EQ(after.publications_size(), 4);
  EXPECT_EQ(Content(after), Content(before));
}

TEST_F(HistoryCliTest, HistoryShowsChangedFieldsAndAnOldVersionAsYaml) {
  CreateProfile("ann", "Ann");
  VitaOk({"profile", "edit", "ann", "--headline", "Student"});
  VitaOk({"profile", "edit", "ann", "--headline", "Professor"});
  std::string history = VitaOk({"history", "ann"});
  EXPECT_THAT(history, HasSubstr("UpdateProfile  updated: headline\n"));
  std::string yaml =
      VitaOk({"history", "profiles/ann", "--version", "2", "-o", "yaml"});
  EXPECT_THAT(yaml, HasSubstr("headline: Student"));
  EXPECT_THAT(yaml, HasSubstr("kind: UPDATED"));
  EXPECT_THAT(yaml, HasSubstr("method: UpdateProfile"));
  RunResult missing = Vita({"history", "ann", "--version", "9"});
  EXPECT_EQ(missing.exit_code, 5) << missing;
}

TEST_F(HistoryCliTest, UndoRevertsAnImportAndSaysWhat) {
  CreateProfile("ann", "Ann");
  ImportDemo();
  RunResult undone = Vita({"undo"});
  ASSERT_EQ(undone.exit_code, 0) << undone;
  EXPECT_THAT(undone.out, HasSubstr("undid change 2 (ImportPage "
                                    "profiles/hexu-zhao by admin at "));
  EXPECT_THAT(undone.out, HasSubstr(", 6 record(s))"));
  EXPECT_EQ(Vita({"page", "hexu-zhao"}).exit_code, 5);
  VitaOk({"profile", "get", "ann"});  // the write before stays
  // The next undo reverts the write before.
  EXPECT_THAT(VitaOk({"undo"}), HasSubstr("undid change 1 (CreateProfile "));
  RunResult none = Vita({"undo"});
  EXPECT_EQ(none.exit_code, 5) << none;
  EXPECT_THAT(none.err, HasSubstr("no change left to undo"));
}

TEST_F(HistoryCliTest, RestoreRacingAnotherClientsEditIsRefusedUnlessForced) {
  CreateProfile("ann", "Ann");
  VitaOk({"profile", "edit", "ann", "--headline", "Student"});
  // Another client edits after vita read the history (and its etag) and
  // before the restore arrives.
  auto other = NewStub(server_->address());
  PausingProxy proxy(
      server_->address(), [&](const std::string& method, const std::string&) {
        if (method != "/vita.v1.HistoryService/RestoreRevision") return;
        v1::UpdateProfileRequest update;
        update.mutable_profile()->set_name("profiles/ann");
        update.mutable_profile()->set_headline("Professor");
        update.mutable_update_mask()->add_paths("headline");
        grpc::ClientContext ctx;
        Authorize(ctx, kTestAdminToken);
        v1::Profile updated;
        ASSERT_TRUE(other->UpdateProfile(&ctx, update, &updated).ok());
      });
  auto via_proxy = [&](std::vector<std::string> args) {
    std::vector<std::string> full = {"--server", proxy.address(),
                                     "--token-file", server_->token_file()};
    full.insert(full.end(), args.begin(), args.end());
    return RunVita(full, {}, dir_);
  };
  RunResult raced = via_proxy({"restore", "ann", "--version", "1"});
  EXPECT_EQ(raced.exit_code, 7) << raced;
  EXPECT_THAT(raced.err, HasSubstr("profiles/ann"));
  v1::Profile ann;
  ReadJson({"profile", "get", "ann"}, &ann);
  EXPECT_EQ(ann.headline(), "Professor");  // the other client's edit stands

  RunResult forced = via_proxy({"restore", "ann", "--version", "1", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced;
  ReadJson({"profile", "get", "ann"}, &ann);
  EXPECT_EQ(ann.headline(), "");
}

TEST_F(HistoryCliTest, AuditListsEveryWriteNewestFirst) {
  CreateProfile("ann", "Ann");
  VitaOk({"news", "add", "--profile", "ann", "--date", "2024-03", "Hello."});
  VitaOk({"undo"});
  ExpectLinesHold(VitaOk({"audit"}), {{"ID"},
                                      {"Undo of 2"},
                                      {"CreateNewsItem  profiles/ann "},
                                      {"CreateProfile   profiles/ann "}});
  RunResult refused = Vita({"audit"}, {}, /*with_token=*/false);
  EXPECT_EQ(refused.exit_code, 6) << refused;
}

TEST_F(HistoryCliTest, RetentionPrunesOldVersionsInTheBackground) {
  ServerOptions options;
  options.extra_args = {"--history-max-versions", "2",
                        "--history-prune-interval", "1"};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  CreateProfile("ann", "Ann");
  for (int i = 0; i < 5; ++i) {
    VitaOk({"profile", "edit", "ann", "--headline", absl::StrCat("h", i)});
  }
  // Pruned within a few rounds of one second, without another write.
  v1::ListRevisionsResponse listed;
  for (int round = 0; round < 100; ++round) {
    ReadJson({"history", "ann"}, &listed);
    if (listed.revisions_size() <= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THAT(server_->Log(), HasSubstr("history: pruned "));
  ASSERT_EQ(listed.revisions_size(), 3);  // 6, 5 and 4 (PRIOR)
  EXPECT_EQ(listed.revisions(0).version(), 6);
  EXPECT_EQ(listed.revisions(2).version(), 4);
  EXPECT_EQ(listed.revisions(2).kind(), v1::Revision::PRIOR);
}

// Each of 8 writers creates news items w<k>-0, w<k>-1, ... one after the
// other while `vita backup` runs; a server started on the backup then
// serves a consistent snapshot: for every writer a prefix of its items.
TEST_F(HistoryCliTest, BackupDuringEightWritersIsAConsistentServableCopy) {
  CreateProfile("ann", "Ann");
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      auto stub = NewStub(server_->address());
      for (int i = 0; !stop; ++i) {
        v1::CreateNewsItemRequest request;
        request.set_parent("profiles/ann");
        request.set_news_item_id(absl::StrCat("w", w, "-", i));
        request.mutable_news_item()->mutable_date()->set_year(2024);
        request.mutable_news_item()->set_text(absl::StrCat("w", w, " ", i));
        grpc::ClientContext ctx;
        Authorize(ctx, kTestAdminToken);
        v1::NewsItem item;
        if (!stub->CreateNewsItem(&ctx, request, &item).ok()) return;
        ++acknowledged;
      }
    });
  }
  while (acknowledged < 40)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string copy = dir_ + "/backup.db";
  RunResult backup = Vita({"backup", copy});
  int during = acknowledged;
  while (acknowledged < during + 40) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (std::thread& t : writers) t.join();
  ASSERT_EQ(backup.exit_code, 0) << backup;
  EXPECT_THAT(backup.out, HasSubstr("integrity_check ok"));

  ServerOptions options;
  options.db_path = copy;
  auto restored = ServerProcess::Start(options);
  ASSERT_TRUE(restored.ok()) << restored.status();
  v1::Page snapshot = *GetPage((*restored)->address(), "profiles/ann");
  v1::Page live = *GetPage(server_->address(), "profiles/ann");
  EXPECT_GE(snapshot.news_size(), 40);
  EXPECT_LT(snapshot.news_size(), live.news_size());
  std::map<std::string, std::string> live_items;
  for (const auto& item : live.news()) live_items[item.name()] = item.text();
  std::map<int, int> per_writer;
  for (const auto& item : snapshot.news()) {
    EXPECT_EQ(live_items[item.name()], item.text()) << item.name();
    std::string id = item.name().substr(item.name().rfind('/') + 1);
    ++per_writer[id[1] - '0'];
  }
  for (const auto& [w, count] : per_writer) {
    for (int i = 0; i < count; ++i) {
      EXPECT_EQ(
          live_items.count(absl::StrCat("profiles/ann/news/w", w, "-", i)), 1u);
      bool in_snapshot = false;
      for (const auto& item : snapshot.news()) {
        in_snapshot |=
            item.name() == absl::StrCat("profiles/ann/news/w", w, "-", i);
      }
      EXPECT_TRUE(in_snapshot)
          << "writer " << w << " item " << i
          << " missing from a snapshot that has " << count << " of its items";
    }
  }
  // The copy is served as it is: its history came along.
  RunResult history =
      RunVita({"--server", (*restored)->address(), "--token-file",
               (*restored)->token_file(), "history", "ann"},
              {}, dir_);
  EXPECT_EQ(history.exit_code, 0) << history;
  EXPECT_THAT(history.out, HasSubstr("CreateProfile"));
}

TEST_F(HistoryCliTest, BackupOverAnExistingFileReplacesItOnlyWhenWhole) {
  std::string path = WriteFile("old.db", "old contents");
  RunResult refused = Vita({"backup", path}, {}, /*with_token=*/false);
  EXPECT_EQ(refused.exit_code, 6) << refused;
  EXPECT_EQ(ReadWholeFile(path), "old contents");
  VitaOk({"backup", path});
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 3);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace vita::testing
