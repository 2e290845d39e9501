// Durability of server/store against a machine losing power, not only a
// process dying: the Store runs on CrashVfs (tests/support/crash_vfs.h),
// registered as SQLite's default VFS, so it opens its files exactly as in
// production. After the simulated power loss the database is opened with
// the real VFS, and every write the Store acknowledged must be there, and
// PRAGMA integrity_check must say "ok".
#include <sqlite3.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/store.h"
#include "tests/support/crash_vfs.h"
#include "tests/support/server_process.h"

namespace vita::store {
namespace {

using ::vita::testing::CrashVfs;
using Profiles = std::map<std::string, std::string>;

// One write: insert, update or delete one profile.
struct Step {
  enum Kind { kInsert, kUpdate, kDelete } kind;
  std::string id;
  std::string body;
};

// A profile body of about 40 KB (a dozen pages, most of them overflow
// pages), different for every step, so that the WAL grows past SQLite's
// auto-checkpoint (1000 pages) and the checkpoint is exercised too.
std::string Body(const std::string& id, int step) {
  std::string body = absl::StrCat(id, " as of step ", step, ": ");
  while (body.size() < 40000) absl::StrAppend(&body, step * 7919 + body.size());
  return body;
}

// A fixed mix of inserts, updates and deletes.
std::vector<Step> Steps() {
  std::vector<Step> steps;
  std::vector<std::string> live;
  for (int i = 0; i < 120; ++i) {
    if (i % 4 == 3 && !live.empty()) {
      const std::string& id = live[(i * 5) % live.size()];
      steps.push_back({Step::kUpdate, id, Body(id, i)});
    } else if (i % 9 == 8 && !live.empty()) {
      size_t at = (i * 7) % live.size();
      steps.push_back({Step::kDelete, live[at], ""});
      live.erase(live.begin() + at);
    } else {
      std::string id = absl::StrCat("p", i);
      steps.push_back({Step::kInsert, id, Body(id, i)});
      live.push_back(id);
    }
  }
  return steps;
}

absl::Status RunStep(Store& store, const Step& step) {
  return store.Write([&](Transaction& txn) {
    switch (step.kind) {
      case Step::kInsert:
        return txn.InsertProfile({step.id, step.body});
      case Step::kUpdate:
        return txn.UpdateProfile({step.id, step.body});
      case Step::kDelete:
        return txn.DeleteProfile(step.id);
    }
    return absl::InternalError("unknown step");
  });
}

void Apply(const Step& step, Profiles& profiles) {
  if (step.kind == Step::kDelete) {
    profiles.erase(step.id);
  } else {
    profiles[step.id] = step.body;
  }
}

// What a test run wrote: the profiles of every acknowledged write, and the
// step that failed when the power went off (it may or may not have reached
// the disk).
struct Outcome {
  std::string prefix;  // the ids of the profiles it wrote start with this
  Profiles acknowledged;
  std::optional<Step> unacknowledged;
  int acknowledged_steps = 0;
};

// Runs Steps() on a Store at `path` opened through `vfs`, the power going
// off at the `cut`-th write/sync after the Store is open (never if 0), then
// closes the Store.
Outcome WriteUntilPowerFails(CrashVfs& vfs, const std::string& path,
                             int64_t cut) {
  Outcome outcome;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return outcome;
  if (cut > 0) vfs.CutPowerAtOperation(vfs.operations() + cut);
  for (const Step& step : Steps()) {
    absl::Status status = RunStep(**store, step);
    if (!status.ok()) {
      EXPECT_TRUE(vfs.power_is_off())
          << "a write failed with the power on: " << status;
      outcome.unacknowledged = step;
      break;
    }
    Apply(step, outcome.acknowledged);
    ++outcome.acknowledged_steps;
  }
  // A clean close would checkpoint and sync everything; with the power off
  // it changes nothing on disk.
  vfs.CutPowerNow();
  store->reset();
  return outcome;
}

// PRAGMA integrity_check with the real VFS; "ok" when all is well.
std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, "unix") !=
      SQLITE_OK) {
    std::string error = absl::StrCat("cannot open: ", sqlite3_errmsg(db));
    sqlite3_close(db);
    return error;
  }
  std::string result;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    absl::StrAppend(
        &result, result.empty() ? "" : "; ",
        reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  if (rc != SQLITE_OK || result.empty()) {
    absl::StrAppend(&result, "error: ", sqlite3_errmsg(db));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

// Every profile, read through a Store opened with the real VFS.
absl::StatusOr<Profiles> ReadBack(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  if (!store.ok()) return store.status();
  Profiles profiles;
  absl::Status status = (*store)->Read([&](Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<ProfileRow>> rows = txn.ListProfiles("", 100000);
    if (!rows.ok()) return rows.status();
    for (ProfileRow& row : *rows) profiles[row.id] = std::move(row.body);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return profiles;
}

// Names of the profiles that differ between `a` and `b`.
std::string Difference(const Profiles& a, const Profiles& b) {
  std::string names;
  for (const auto& [id, body] : a) {
    auto other = b.find(id);
    if (other == b.end()) {
      absl::StrAppend(&names, " ", id, " (lost)");
    } else if (other->second != body) {
      absl::StrAppend(&names, " ", id, " (", other->second.substr(0, 20),
                      "... instead of ", body.substr(0, 20), "...)");
    }
  }
  for (const auto& [id, body] : b) {
    if (a.count(id) == 0) absl::StrAppend(&names, " ", id, " (unexpected)");
  }
  return names;
}

// The database at `path` after a power loss must hold, for each outcome,
// every acknowledged write, and the unacknowledged one whole or not at all.
void ExpectSurvived(const std::string& path,
                    const std::vector<Outcome>& outcomes) {
  EXPECT_EQ(IntegrityCheck(path), "ok");
  absl::StatusOr<Profiles> found = ReadBack(path);
  ASSERT_TRUE(found.ok()) << found.status();
  for (const Outcome& outcome : outcomes) {
    Profiles mine;
    for (const auto& [id, body] : *found) {
      if (absl::StartsWith(id, outcome.prefix)) mine[id] = body;
    }
    if (mine == outcome.acknowledged) continue;
    if (outcome.unacknowledged) {
      Profiles with_it = outcome.acknowledged;
      Apply(*outcome.unacknowledged, with_it);
      if (mine == with_it) continue;
    }
    ADD_FAILURE() << "after " << outcome.acknowledged_steps
                  << " acknowledged writes of profiles \"" << outcome.prefix
                  << "*\", the database differs from them:"
                  << Difference(outcome.acknowledged, mine);
  }
}

// For `points` cuts spread over `total` writes and syncs, each on a new
// database through a new CrashVfs: `write(vfs, path, cut)` writes until the
// power goes off at the cut, keeping `keep_unsynced` of the unsynced writes,
// and the database must hold what it returns (ExpectSurvived). Stops at the
// first failure.
template <typename Write>
void ExpectSurvivedEveryCut(int64_t total, int points, double keep_unsynced,
                            Write write) {
  for (int point = 0; point < points; ++point) {
    // Spread over the run, and off the even grid so that cuts land on
    // writes and syncs alike.
    int64_t cut = 1 + (total * point) / points + point % 7;
    SCOPED_TRACE(absl::StrCat("power off at write/sync ", cut, " of ", total,
                              ", keeping ", keep_unsynced, " of unsynced"));
    std::string path = vita::testing::MakeTempDir() + "/vita.db";
    auto vfs = std::make_unique<CrashVfs>("vita-crash", /*make_default=*/true);
    std::vector<Outcome> outcomes = write(*vfs, path, cut);
    vfs->SimulatePowerLoss(keep_unsynced, /*seed=*/static_cast<uint32_t>(cut));
    vfs.reset();
    ExpectSurvived(path, outcomes);
    if (::testing::Test::HasFailure()) break;
  }
}

TEST(PowerLossTest, EveryAcknowledgedWriteSurvivesPowerLossAfterIt) {
  std::string path = vita::testing::MakeTempDir() + "/vita.db";
  auto vfs = std::make_unique<CrashVfs>("vita-crash", /*make_default=*/true);
  Outcome outcome = WriteUntilPowerFails(*vfs, path, /*cut=*/0);
  ASSERT_EQ(outcome.acknowledged_steps, static_cast<int>(Steps().size()));
  // The WAL grew past the auto-checkpoint, so the checkpoint (which writes
  // and syncs the database file itself) ran as well.
  EXPECT_GE(vfs->syncs("/vita.db"), 2);
  vfs->SimulatePowerLoss();
  vfs.reset();
  ExpectSurvived(path, {outcome});
}

// The power goes off at many points: inside a commit, between the WAL
// writes of one transaction, during the checkpoint. `keep_unsynced` of the
// writes not yet synced reach the disk anyway (torn writes).
class PowerLossAtEveryPointTest : public ::testing::TestWithParam<double> {};

TEST_P(PowerLossAtEveryPointTest, LosesNoAcknowledgedWrite) {
  // How many writes and syncs one full run makes.
  int64_t total = 0;
  {
    std::string path = vita::testing::MakeTempDir() + "/vita.db";
    CrashVfs vfs("vita-crash", /*make_default=*/true);
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    int64_t opened = vfs.operations();
    for (const Step& step : Steps()) ASSERT_TRUE(RunStep(**store, step).ok());
    total = vfs.operations() - opened;
  }
  ASSERT_GT(total, 1000);
  ExpectSurvivedEveryCut(
      total, /*points=*/40, GetParam(),
      [](CrashVfs& vfs, const std::string& path, int64_t cut) {
        return std::vector<Outcome>{WriteUntilPowerFails(vfs, path, cut)};
      });
}

// Writers at once: each of kThreads threads runs the first kStepsPerThread
// of Steps() on profiles of its own ("t<thread>-<id>"), so the Store commits
// them in groups (store.h, "Group commit"); a power loss during a group's
// commit fails all of its writes. Each thread stops at its first failed
// write.
constexpr int kThreads = 4;
constexpr int kStepsPerThread = 30;

std::string ThreadPrefix(int thread) { return absl::StrCat("t", thread, "-"); }

std::vector<Outcome> WriteConcurrentlyUntilPowerFails(CrashVfs& vfs,
                                                      const std::string& path,
                                                      int64_t cut) {
  std::vector<Outcome> outcomes(kThreads);
  for (int t = 0; t < kThreads; ++t) outcomes[t].prefix = ThreadPrefix(t);
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return outcomes;
  if (cut > 0) vfs.CutPowerAtOperation(vfs.operations() + cut);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<Step> steps = Steps();
      steps.resize(kStepsPerThread);
      for (Step& step : steps) {
        step.id = ThreadPrefix(t) + step.id;
        absl::Status status = RunStep(**store, step);
        if (!status.ok()) {
          EXPECT_TRUE(vfs.power_is_off())
              << "a write failed with the power on: " << status;
          outcomes[t].unacknowledged = step;
          return;
        }
        Apply(step, outcomes[t].acknowledged);
        ++outcomes[t].acknowledged_steps;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  vfs.CutPowerNow();
  store->reset();
  return outcomes;
}

TEST_P(PowerLossAtEveryPointTest, ConcurrentWritersLoseNoAcknowledgedWrite) {
  int64_t total = 0;
  {
    std::string path = vita::testing::MakeTempDir() + "/vita.db";
    CrashVfs vfs("vita-crash", /*make_default=*/true);
    int64_t before = vfs.operations();
    std::vector<Outcome> outcomes =
        WriteConcurrentlyUntilPowerFails(vfs, path, /*cut=*/0);
    total = vfs.operations() - before;
    for (const Outcome& outcome : outcomes) {
      ASSERT_EQ(outcome.acknowledged_steps, kStepsPerThread);
    }
  }
  ASSERT_GT(total, 500);
  ExpectSurvivedEveryCut(total, /*points=*/20, GetParam(),
                         WriteConcurrentlyUntilPowerFails);
}

INSTANTIATE_TEST_SUITE_P(UnsyncedWrites, PowerLossAtEveryPointTest,
                         ::testing::Values(0.0, 0.5),
                         [](const ::testing::TestParamInfo<double>& info) {
                           return std::string(info.param == 0 ? "AllLost"
                                                              : "HalfKept");
                         });

}  // namespace
}  // namespace vita::store
