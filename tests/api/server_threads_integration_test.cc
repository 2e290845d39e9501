// vita-server's sync-server threads (server/vita_server.h): under a steady
// stream of concurrent calls, the threads that finished a call take the
// next ones; the real server starts no thread per call.
//
// gRPC's default keeps at most two idle threads: with eight callers, each
// call took a thread from the idle ones, started another in its place, and
// ended its own afterwards (588-613 such threads seen during this test's 1,000
// writes).
#include <dirent.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "server/vita_server.h"
#include "tests/support/flood.h"
#include "tests/support/grpc_client.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

// The ids of the threads of process `pid` now (/proc/PID/task).
std::set<long> ThreadIds(pid_t pid) {
  std::set<long> ids;
  DIR* tasks = opendir(absl::StrCat("/proc/", pid, "/task").c_str());
  if (tasks == nullptr) return ids;
  while (dirent* entry = readdir(tasks)) {
    long id = 0;
    if (absl::SimpleAtoi(entry->d_name, &id)) ids.insert(id);
  }
  closedir(tasks);
  return ids;
}

// Whether thread `id` of process `pid` is one of gRPC's synchronous-server
// threads, which run the calls (their name, cut to 15 characters by the
// kernel). False once the thread has ended.
bool IsCallThread(pid_t pid, long id) {
  std::ifstream comm(absl::StrCat("/proc/", pid, "/task/", id, "/comm"));
  std::string name;
  return std::getline(comm, name) && name == "grpcpp_sync_ser";
}

// Call i of a flood: news item i of profiles/ann.
grpc::Status AnnNews(v1::ProfileService::Stub& stub, int i) {
  return CreateAnnNewsItem(stub, kTestAdminToken, absl::StrCat("news ", i));
}

TEST(ServerThreadsIntegrationTest,
     ConcurrentWritesAreTakenByIdleThreadsInsteadOfNewOnes) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string& address = (*server)->address();
  const pid_t pid = (*server)->pid();
  auto stub = NewStub(address);
  ASSERT_TRUE(CreateAnn(*stub, kTestAdminToken).ok());
  constexpr int kCallers = 8;
  // Warm-up: the server has the threads eight callers need.
  Outcome warm_up =
      Flood(address, 200, kCallers, grpc::StatusCode::OK, AnnNews);
  ASSERT_EQ(warm_up.unexpected, 0) << warm_up.example;
  const std::set<long> before = ThreadIds(pid);
  ASSERT_FALSE(before.empty());

  // Every call thread the server starts while the calls run, seen by
  // looking often (a thread per call lives for about a call: most are seen).
  std::set<long> started;
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      for (long id : ThreadIds(pid)) {
        if (before.count(id) == 0 && started.count(id) == 0 &&
            IsCallThread(pid, id)) {
          started.insert(id);
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  Outcome writes =
      Flood(address, 1000, kCallers, grpc::StatusCode::OK, AnnNews);
  done = true;
  watcher.join();
  EXPECT_EQ(writes.unexpected, 0) << writes.example;

  // A few, not one per call: gRPC may still start one when every idle
  // thread is taken at once, and keeps at most kMaxIdleServerThreads.
  EXPECT_LE(started.size(), static_cast<size_t>(kMaxIdleServerThreads))
      << "call threads started during 1,000 writes: " << started.size() << " ("
      << absl::StrJoin(started, " ") << ")";
}

}  // namespace
}  // namespace vita::testing
