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
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "server/vita_server.h"
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

// `count` CreateNewsItem calls on profiles/ann from `callers` threads at
// once, each on a channel of its own; returns how many failed.
int Writes(const std::string& address, int count, int callers) {
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&, t] {
      auto stub = NewStub(address);
      for (int i = t; i < count; i += callers) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(30));
        Authorize(context, kTestAdminToken);
        v1::CreateNewsItemRequest request;
        request.set_parent("profiles/ann");
        request.mutable_news_item()->set_text(absl::StrCat("news ", i));
        request.mutable_news_item()->mutable_date()->set_year(2025);
        v1::NewsItem item;
        if (!stub->CreateNewsItem(&context, request, &item).ok()) ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return failed;
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
  ASSERT_EQ(Writes(address, 200, kCallers), 0);
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
  const int failed = Writes(address, 1000, kCallers);
  done = true;
  watcher.join();
  EXPECT_EQ(failed, 0);

  // A few, not one per call: gRPC may still start one when every idle
  // thread is taken at once, and keeps at most kMaxIdleServerThreads.
  EXPECT_LE(started.size(), static_cast<size_t>(kMaxIdleServerThreads))
      << "call threads started during 1,000 writes: " << started.size() << " ("
      << absl::StrJoin(started, " ") << ")";
}

}  // namespace
}  // namespace vita::testing
