// Tests of group commit in server/store/store.cc (store.h, "Group commit")
// on real SQLite files with real threads. To make a group deterministic, the
// first write's body blocks, holding the leader in its turn, until the
// other writes are queued behind it (Store::PendingWrites()); each of them
// is started only once the previous one is queued, so the queue order is
// known. SQLite's commit hook, set on the write connection by the first
// body, counts the commits.
#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Body = std::function<absl::Status(Transaction&)>;

int CountCommit(void* commits) {
  ++*static_cast<int*>(commits);
  return 0;  // let the commit go on
}

std::string NewsName(const std::string& id) {
  return absl::StrCat("profiles/ann/news/", id);
}

// A change as the domain records one, naming news item `id`.
ChangeRow ChangeOf(const std::string& id) {
  ChangeRow change;
  change.time_micros = 1;
  change.method = "CreateNewsItem";
  change.resource = NewsName(id);
  return change;
}

absl::Status InsertNews(Transaction& txn, const std::string& id) {
  return txn.InsertItem(Collection::kNews, "ann", {id, id, "news-" + id});
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Store>> store =
        Store::Open(vita::testing::MakeTempDir() + "/vita.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    ASSERT_TRUE(store_
                    ->Write([](Transaction& txn) {
                      return txn.InsertProfile({"ann", "body"});
                    })
                    .ok());
    store_->AddCommitListener([this](const std::vector<RowChange>& changes) {
      heard_.emplace_back();
      for (const RowChange& change : changes) {
        heard_.back().push_back(Describe(change));
      }
    });
  }

  // "news ann/a a body-a": the row's collection ("profile" for the profile),
  // profile and id, then its sort key and body, or "deleted"; "inserted" at
  // the end for a row that did not exist before.
  static std::string Describe(const RowChange& change) {
    std::string what = !change.collection ? "profile"
                       : *change.collection == Collection::kNews
                           ? "news"
                           : "publication";
    if (change.deleted) {
      return absl::StrCat(what, " ", change.profile_id, "/", change.row.id,
                          " deleted");
    }
    return absl::StrCat(what, " ", change.profile_id, "/", change.row.id, " ",
                        change.row.sort_key, " ", change.row.body,
                        change.inserted ? " inserted" : "");
  }

  // Runs one recorded write per body, ChangeOf(ids[i]) with bodies[i], each
  // on a thread of its own: the first leads, and its body waits until all
  // the others are queued behind it, in order. Returns their statuses and
  // sets commits_ to the number of commits they took.
  std::vector<absl::Status> RunQueuedBehindLeader(
      const std::vector<std::string>& ids, const std::vector<Body>& bodies) {
    const int n = static_cast<int>(bodies.size());
    std::vector<absl::Status> statuses(n);
    absl::Notification leading, go;
    int commits = 0;
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
      statuses[0] = store_->Write(ChangeOf(ids[0]), [&](Transaction& txn) {
        sqlite3_commit_hook(txn.connection().handle(), CountCommit, &commits);
        leading.Notify();
        go.WaitForNotification();
        return bodies[0](txn);
      });
    });
    leading.WaitForNotification();
    for (int i = 1; i < n; ++i) {
      threads.emplace_back(
          [&, i] { statuses[i] = store_->Write(ChangeOf(ids[i]), bodies[i]); });
      WaitForPendingWrites(i + 1);
    }
    go.Notify();
    for (std::thread& thread : threads) thread.join();
    EXPECT_TRUE(store_
                    ->Write([](Transaction& txn) {
                      sqlite3_commit_hook(txn.connection().handle(), nullptr,
                                          nullptr);
                      return absl::OkStatus();
                    })
                    .ok());
    commits_ = commits;
    return statuses;
  }

  void WaitForPendingWrites(int n) {
    absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (store_->PendingWrites() < n) {
      ASSERT_LT(absl::Now(), deadline) << "the writes did not queue";
      absl::SleepFor(absl::Milliseconds(1));
    }
  }

  // The ids of ann's news items, in id order (the sort key is the id).
  std::vector<std::string> NewsIds() {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& txn) -> absl::Status {
                      absl::StatusOr<std::vector<ItemRow>> rows = txn.ListItems(
                          Collection::kNews, "ann", std::nullopt, -1);
                      if (!rows.ok()) return rows.status();
                      for (const ItemRow& row : *rows) ids.push_back(row.id);
                      return absl::OkStatus();
                    })
                    .ok());
    return ids;
  }

  // Every change, oldest first, each with the resources of its revisions.
  std::vector<std::pair<ChangeRow, std::vector<std::string>>> Changes() {
    std::vector<std::pair<ChangeRow, std::vector<std::string>>> changes;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& txn) -> absl::Status {
                      absl::StatusOr<std::vector<ChangeRow>> rows =
                          txn.ListChanges(0, 100000);
                      if (!rows.ok()) return rows.status();
                      for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
                        absl::StatusOr<std::vector<RevisionRow>> revisions =
                            txn.RevisionsOfChange(it->id);
                        if (!revisions.ok()) return revisions.status();
                        std::vector<std::string> resources;
                        for (const RevisionRow& r : *revisions) {
                          resources.push_back(r.resource);
                        }
                        changes.emplace_back(*it, resources);
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return changes;
  }

  // The resource of each change, oldest first; checks that each change has
  // exactly one revision, of that resource.
  std::vector<std::string> ChangedResources() {
    std::vector<std::string> resources;
    for (const auto& [change, revised] : Changes()) {
      EXPECT_THAT(revised, ElementsAre(change.resource));
      resources.push_back(change.resource);
    }
    return resources;
  }

  std::unique_ptr<Store> store_;
  int commits_ = -1;
  // What the commit listener heard: one list per call (Describe).
  std::vector<std::vector<std::string>> heard_;
};

TEST_F(GroupCommitTest, ConcurrentWritesAllCommitEachWithItsOwnChange) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 40;
  std::vector<std::thread> threads;
  std::vector<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < kWritesPerThread; ++k) {
      expected.push_back(absl::StrCat("t", t, "-", 100 + k));
    }
    threads.emplace_back([this, t] {
      for (int k = 0; k < kWritesPerThread; ++k) {
        std::string id = absl::StrCat("t", t, "-", 100 + k);
        absl::Status status = store_->Write(
            ChangeOf(id),
            [&](Transaction& txn) { return InsertNews(txn, id); });
        EXPECT_TRUE(status.ok()) << id << ": " << status;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::sort(expected.begin(), expected.end());
  EXPECT_THAT(NewsIds(), ElementsAreArray(expected));
  std::vector<std::string> changed = ChangedResources();
  std::sort(changed.begin(), changed.end());
  std::vector<std::string> expected_names;
  for (const std::string& id : expected) expected_names.push_back(NewsName(id));
  EXPECT_THAT(changed, ElementsAreArray(expected_names));
  EXPECT_EQ(store_->PendingWrites(), 0);
}

TEST_F(GroupCommitTest, QueuedWritesCommitTogetherInCallOrder) {
  std::vector<std::string> ids = {"a", "b", "c", "d", "e"};
  std::vector<int64_t> seen;  // news items each body found before its own
  std::vector<Body> bodies;
  for (const std::string& id : ids) {
    bodies.push_back([&, id](Transaction& txn) -> absl::Status {
      absl::StatusOr<int64_t> count = txn.CountItems(Collection::kNews, "ann");
      if (!count.ok()) return count.status();
      seen.push_back(*count);
      return InsertNews(txn, id);
    });
  }
  std::vector<absl::Status> statuses = RunQueuedBehindLeader(ids, bodies);
  for (const absl::Status& status : statuses)
    EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(commits_, 1);
  // Each body saw the writes queued before it, and only those.
  EXPECT_THAT(seen, ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(NewsIds(), ElementsAreArray(ids));
  EXPECT_THAT(ChangedResources(),
              ElementsAre(NewsName("a"), NewsName("b"), NewsName("c"),
                          NewsName("d"), NewsName("e")));
}

TEST_F(GroupCommitTest, FailingWriteStoresNothingAndFailsNoOtherOfItsGroup) {
  std::vector<std::string> ids = {"a", "b", "c", "d", "e"};
  std::vector<std::vector<std::string>> seen;  // news ids each body found
  std::vector<Body> bodies;
  for (const std::string& id : ids) {
    bodies.push_back([&, id](Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<ItemRow>> rows =
          txn.ListItems(Collection::kNews, "ann", std::nullopt, -1);
      if (!rows.ok()) return rows.status();
      seen.emplace_back();
      for (const ItemRow& row : *rows) seen.back().push_back(row.id);
      if (absl::Status s = InsertNews(txn, id); !s.ok()) return s;
      // "c" fails after it wrote its item and its change.
      if (id == "c") return absl::InvalidArgumentError("c is refused");
      return absl::OkStatus();
    });
  }
  std::vector<absl::Status> statuses = RunQueuedBehindLeader(ids, bodies);
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(statuses[1].ok()) << statuses[1];
  EXPECT_TRUE(absl::IsInvalidArgument(statuses[2])) << statuses[2];
  EXPECT_TRUE(statuses[3].ok()) << statuses[3];
  EXPECT_TRUE(statuses[4].ok()) << statuses[4];
  EXPECT_EQ(commits_, 1);
  // The writes after "c" did not see its item.
  EXPECT_THAT(seen[3], ElementsAre("a", "b"));
  EXPECT_THAT(NewsIds(), ElementsAre("a", "b", "d", "e"));
  EXPECT_THAT(ChangedResources(), ElementsAre(NewsName("a"), NewsName("b"),
                                              NewsName("d"), NewsName("e")));
  // One group, one call, without the rows of "c".
  EXPECT_THAT(heard_, ElementsAre(ElementsAre("news ann/a a news-a inserted",
                                              "news ann/b b news-b inserted",
                                              "news ann/d d news-d inserted",
                                              "news ann/e e news-e inserted")));
}

TEST_F(GroupCommitTest, FailedCommitFailsEveryWriteOfTheGroup) {
  std::vector<std::string> ids = {"a", "b", "c", "d"};
  std::vector<Body> bodies;
  for (const std::string& id : ids) {
    bodies.push_back([id](Transaction& txn) -> absl::Status {
      if (id != "c") return InsertNews(txn, id);
      // A foreign key checked only at COMMIT: an item of a profile that
      // does not exist is accepted now, and fails the commit.
      if (absl::Status s =
              txn.connection().Exec("PRAGMA defer_foreign_keys = ON");
          !s.ok()) {
        return s;
      }
      return txn.InsertItem(Collection::kNews, "ghost", {id, id, "x"});
    });
  }
  std::vector<absl::Status> statuses = RunQueuedBehindLeader(ids, bodies);
  for (const absl::Status& status : statuses) {
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status, statuses[0]);
  }
  EXPECT_THAT(NewsIds(), IsEmpty());
  EXPECT_THAT(Changes(), IsEmpty());
  EXPECT_THAT(heard_, IsEmpty());  // nothing committed, nothing heard
  // The store goes on.
  EXPECT_TRUE(store_
                  ->Write(ChangeOf("f"),
                          [](Transaction& txn) { return InsertNews(txn, "f"); })
                  .ok());
  EXPECT_THAT(NewsIds(), ElementsAre("f"));
  EXPECT_THAT(heard_, ElementsAre(ElementsAre("news ann/f f news-f inserted")));
}

// SQLite may roll a whole transaction back after an error (SQLITE_FULL,
// SQLITE_IOERR, ...); a body that runs ROLLBACK itself leaves the
// connection in that state, deterministically.
TEST_F(GroupCommitTest, TransactionEndedBySqliteFailsWritesRunAndKeepsTheRest) {
  std::vector<std::string> ids = {"a", "b", "c", "d", "e"};
  std::vector<std::string> ran;
  std::vector<Body> bodies;
  for (const std::string& id : ids) {
    bodies.push_back([&, id](Transaction& txn) -> absl::Status {
      ran.push_back(id);
      if (absl::Status s = InsertNews(txn, id); !s.ok()) return s;
      if (id != "c") return absl::OkStatus();
      txn.connection().Exec("ROLLBACK").IgnoreError();
      return absl::ResourceExhaustedError("database or disk is full");
    });
  }
  std::vector<absl::Status> statuses = RunQueuedBehindLeader(ids, bodies);
  // "a" and "b" were lost with the transaction (UNAVAILABLE, naming the
  // cause); "d" and "e" had not run and ran in the next group.
  for (int lost : {0, 1}) {
    EXPECT_TRUE(absl::IsUnavailable(statuses[lost])) << statuses[lost];
    EXPECT_THAT(statuses[lost].message(),
                HasSubstr("database or disk is full"));
  }
  EXPECT_TRUE(absl::IsResourceExhausted(statuses[2])) << statuses[2];
  EXPECT_TRUE(statuses[3].ok()) << statuses[3];
  EXPECT_TRUE(statuses[4].ok()) << statuses[4];
  EXPECT_THAT(ran, ElementsAreArray(ids));  // each once, in order
  EXPECT_EQ(commits_, 1);                   // the second group's
  EXPECT_THAT(NewsIds(), ElementsAre("d", "e"));
  EXPECT_THAT(ChangedResources(), ElementsAre(NewsName("d"), NewsName("e")));
  EXPECT_THAT(heard_, ElementsAre(ElementsAre("news ann/d d news-d inserted",
                                              "news ann/e e news-e inserted")));
}

// Each row as the write left it, in the order the write changed them,
// whether the change log records the write or not.
TEST_F(GroupCommitTest, CommitListenerHearsEveryRowAsTheCommittedWriteLeftIt) {
  ASSERT_TRUE(store_
                  ->Write(ChangeOf("a"),
                          [](Transaction& txn) -> absl::Status {
                            if (absl::Status s = InsertNews(txn, "a");
                                !s.ok()) {
                              return s;
                            }
                            if (absl::Status s =
                                    txn.InsertItem(Collection::kPublications,
                                                   "ann", {"p", "k", "paper"});
                                !s.ok()) {
                              return s;
                            }
                            return txn.UpdateItem(Collection::kNews, "ann",
                                                  {"a", "z", "news-a2"});
                          })
                  .ok());
  ASSERT_TRUE(store_
                  ->Write([](Transaction& txn) -> absl::Status {
                    if (absl::Status s =
                            txn.DeleteItem(Collection::kNews, "ann", "a");
                        !s.ok()) {
                      return s;
                    }
                    return txn.UpdateProfile({"ann", "body2"});
                  })
                  .ok());
  ASSERT_TRUE(
      store_->Write([](Transaction& txn) { return txn.DeleteProfile("ann"); })
          .ok());
  EXPECT_THAT(
      heard_,
      ElementsAre(ElementsAre("news ann/a a news-a inserted",
                              "publication ann/p k paper inserted",
                              "news ann/a z news-a2"),
                  ElementsAre("news ann/a deleted", "profile ann/ann  body2"),
                  ElementsAre("profile ann/ann deleted")));
}

}  // namespace
}  // namespace vita::store
