// A light load generator for the writes row: WRITES CreateNewsItem calls to
// vita-server, CALLERS of them in flight at any time, on one channel (one
// HTTP/2 connection, as ghz uses by default), from one thread driving gRPC's
// asynchronous client API.
//
// Why not only ghz: the writes row compares a write with a bare SQLite commit
// loop (bench/sqlite_commits.cc), which spends no CPU on a client at all,
// while ghz runs on the same two cores and spends 185 µs per Health/Check and
// 280-520 µs per CreateNewsItem (it renders each request from a JSON
// template). This client builds every request before the clock starts and
// spends a few tens of µs per call, so the row measures vita-server more than
// its client. bench/run.sh reports both.
//
// Every request is distinct ("bench write N", as ghz's {{.RequestNumber}}),
// so the page grows by WRITES news items. A call that fails is reported and
// makes the exit status 1; the figures count only calls that succeeded.
//
// Usage: write_load ADDRESS PARENT WRITES CALLERS
//   ADDRESS  vita-server's gRPC address, HOST:PORT (plain text)
//   PARENT   the profile written to, profiles/{profile}
// Environment: VITA_TOKEN, the bearer token sent with every call.
// Prints one line of JSON:
//   {"writes":N,"callers":C,"ok":N,"seconds":S,"per_second":R,
//    "client_cpu_us_per_write":U,"p50_ms":L,"p99_ms":L,"slowest_ms":L}
#include <grpcpp/grpcpp.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "vita/v1/profile_service.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

// One call in flight: what gRPC fills in when it completes.
struct Call {
  grpc::ClientContext context;
  vita::v1::NewsItem response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<vita::v1::NewsItem>> reader;
  Clock::time_point start;
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool ParseCount(const char* text, long* out) {
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 1) return false;
  *out = value;
  return true;
}

// The latency below which `fraction` of the sorted `latencies` fall.
double Percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(fraction * (sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  long writes = 0, callers = 0;
  if (argc != 5 || !ParseCount(argv[3], &writes) ||
      !ParseCount(argv[4], &callers)) {
    std::fprintf(stderr,
                 "usage: write_load ADDRESS PARENT WRITES CALLERS "
                 "(WRITES, CALLERS: positive integers; token in VITA_TOKEN)\n");
    return 2;
  }
  const char* token = std::getenv("VITA_TOKEN");
  const std::string authorization =
      token && *token ? std::string("Bearer ") + token : std::string();

  std::vector<vita::v1::CreateNewsItemRequest> requests(writes);
  for (long i = 0; i < writes; ++i) {
    requests[i].set_parent(argv[2]);
    vita::v1::NewsItem* item = requests[i].mutable_news_item();
    item->mutable_date()->set_year(2025);
    item->mutable_date()->set_month(1);
    item->set_text("bench write " + std::to_string(i + 1));
  }

  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(10))) {
    std::fprintf(stderr, "write_load: cannot connect to %s\n", argv[1]);
    return 1;
  }
  auto stub = vita::v1::ProfileService::NewStub(channel);
  grpc::CompletionQueue queue;

  long started = 0, done = 0, ok = 0;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(writes);
  std::string first_error;
  auto start_next = [&] {
    auto* call = new Call;
    if (!authorization.empty()) {
      call->context.AddMetadata("authorization", authorization);
    }
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(60));
    call->start = Clock::now();
    call->reader =
        stub->AsyncCreateNewsItem(&call->context, requests[started], &queue);
    call->reader->Finish(&call->response, &call->status, call);
    ++started;
  };

  const double cpu_before = CpuSeconds();
  const Clock::time_point begin = Clock::now();
  while (started < std::min(writes, callers)) start_next();
  void* tag = nullptr;
  bool completed = false;
  while (done < writes && queue.Next(&tag, &completed)) {
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    ++done;
    if (call->status.ok()) {
      ++ok;
      latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - call->start)
              .count());
    } else if (first_error.empty()) {
      first_error = std::to_string(call->status.error_code()) + " " +
                    call->status.error_message();
    }
    if (started < writes) start_next();
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - begin).count();
  const double cpu = CpuSeconds() - cpu_before;
  queue.Shutdown();
  while (queue.Next(&tag, &completed)) {
  }

  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::printf(
      "{\"writes\":%ld,\"callers\":%ld,\"ok\":%ld,\"seconds\":%.3f,"
      "\"per_second\":%.1f,\"client_cpu_us_per_write\":%.0f,"
      "\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"slowest_ms\":%.2f}\n",
      writes, callers, ok, seconds, ok / seconds, cpu * 1e6 / writes,
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  if (ok != writes) {
    std::fprintf(stderr, "write_load: %ld of %ld writes failed; first: %s\n",
                 writes - ok, writes, first_error.c_str());
    return 1;
  }
  return 0;
}
