// Crash and shutdown under load, with the real vita-server binary: SIGKILL
// while 8 writers run, in a loop of runs, must leave a database that passes
// PRAGMA integrity_check and holds every acknowledged write (and its
// recorded change); SIGTERM while 8 writes are in flight (held by the
// test-only hook VITA_TEST_SLOW_CALL) must let every one of them complete.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/sqlite_connection.h"
#include "tests/support/grpc_client.h"
#include "tests/support/page_after_restart.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kWriters = 8;

grpc::Status CreateNews(v1::ProfileService::Stub& stub, const std::string& id,
                        std::chrono::seconds deadline = seconds(30)) {
  v1::CreateNewsItemRequest request;
  request.set_parent("profiles/ann");
  request.set_news_item_id(id);
  request.mutable_news_item()->mutable_date()->set_year(2024);
  request.mutable_news_item()->set_text("Item " + id + ".");
  grpc::ClientContext context;
  Authorize(context, kTestAdminToken);
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  v1::NewsItem item;
  return stub.CreateNewsItem(&context, request, &item);
}

// The single value `sql` yields on the database at `path`, as text, read
// through a connection of the store's own (server/store/sqlite_connection.h);
// else the error that kept it from being read.
std::string QueryOne(const std::string& path, const std::string& sql) {
  absl::StatusOr<std::unique_ptr<store::SqliteConnection>> db =
      store::SqliteConnection::Open(path,
                                    store::SqliteConnection::Mode::kExisting);
  if (!db.ok()) return db.status().ToString();
  absl::StatusOr<store::Statement> stmt = (*db)->Prepare(sql);
  if (!stmt.ok()) return stmt.status().ToString();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status().ToString();
  return *row ? stmt->ColumnText(0) : "no row";
}

TEST(ServerCrashIntegrationTest,
     SigkillDuringEightWritersLosesNoAcknowledgedWriteRunAfterRun) {
  std::string db = MakeTempDir() + "/vita.db";
  std::set<std::string> acknowledged;
  constexpr int kRuns = 5;
  for (int run = 0; run < kRuns; ++run) {
    ServerOptions options;
    options.db_path = db;
    auto server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    if (run == 0) {
      auto stub = NewStub((*server)->address());
      grpc::ClientContext context;
      Authorize(context, kTestAdminToken);
      ASSERT_TRUE(CreateAnn(*stub, context).ok());
    }
    std::mutex mu;
    std::atomic<int> acked_this_run{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        auto stub = NewStub((*server)->address());
        for (int i = 0;; ++i) {
          std::string id = absl::StrCat("r", run, "-w", w, "-", i);
          if (!CreateNews(*stub, id, seconds(5)).ok()) return;  // killed
          ++acked_this_run;
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.insert("profiles/ann/news/" + id);
        }
      });
    }
    // Kill at a different point of each run, once writes are under way.
    while (acked_this_run < 20 + 15 * run) {
      std::this_thread::sleep_for(milliseconds(2));
    }
    auto killed = (*server)->Stop(SIGKILL, seconds(10));
    for (std::thread& t : writers) t.join();
    ASSERT_TRUE(killed.ok()) << killed.status();
    EXPECT_EQ(*killed, 128 + SIGKILL);

    EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok") << "run " << run;
    // Every acknowledged write, of this run and the earlier ones, is there,
    // and so is the change that recorded it.
    auto page = PageAfterRestart(db, "profiles/ann");
    ASSERT_TRUE(page.ok()) << page.status();
    std::set<std::string> stored;
    for (const auto& item : page->news()) stored.insert(item.name());
    for (const std::string& name : acknowledged) {
      EXPECT_EQ(stored.count(name), 1u)
          << "run " << run << ": acknowledged " << name << " is lost";
    }
    EXPECT_EQ(QueryOne(db,
                       "SELECT count(*) FROM revisions WHERE resource "
                       "LIKE 'profiles/ann/news/%'"),
              std::to_string(stored.size()));
  }
  EXPECT_GE(acknowledged.size(), 20u * kRuns);
}

TEST(ServerCrashIntegrationTest, SigtermWithEightWritesInFlightCompletesAll) {
  std::string db = MakeTempDir() + "/vita.db";
  ServerOptions options;
  options.db_path = db;
  options.environment = {"VITA_TEST_SLOW_CALL=CreateNewsItem:2000"};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  {
    auto stub = NewStub((*server)->address());
    grpc::ClientContext context;
    Authorize(context, kTestAdminToken);
    ASSERT_TRUE(CreateAnn(*stub, context).ok());
  }
  std::vector<grpc::Status> results(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = NewStub((*server)->address());
      results[w] = CreateNews(*stub, absl::StrCat("w", w));
    });
  }
  // All 8 are held by the server: in flight.
  auto held = [&] {
    std::string log = (*server)->Log();
    int n = 0;
    for (size_t at = log.find("test hook: holding"); at != std::string::npos;
         at = log.find("test hook: holding", at + 1)) {
      ++n;
    }
    return n;
  };
  for (int i = 0; i < 1000 && held() < kWriters; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(held(), kWriters) << (*server)->Log();
  auto exit_code = (*server)->Stop(SIGTERM, seconds(20));
  for (std::thread& t : writers) t.join();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*server)->Log();
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_TRUE(results[w].ok())
        << "writer " << w << ": " << results[w].error_code() << " "
        << results[w].error_message();
  }
  EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryOne(db, "SELECT count(*) FROM news"), "8");
  EXPECT_EQ(QueryOne(db,
                     "SELECT count(*) FROM changes WHERE method = "
                     "'CreateNewsItem'"),
            "8");
}

}  // namespace
}  // namespace vita::testing
