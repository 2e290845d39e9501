// A light load generator for the writes row: WRITES CreateNewsItem calls to
// vita-server, CALLERS of them in flight at any time, on one channel (one
// HTTP/2 connection, as ghz uses by default), from one thread driving gRPC's
// asynchronous client API.
//
// Why not only ghz: the writes row compares a write with a bare SQLite commit
// loop (bench/sqlite_commits.cc), which spends no CPU on a client at all,
// while ghz runs on the same two cores and spends 180-250 µs of CPU per
// Health/Check and 450-540 µs per CreateNewsItem (it renders each request
// from a JSON template). This client builds every request before the clock
// starts and spends 110-150 µs per write (docs/performance.md), so the row
// measures vita-server more than its client. bench/run.sh reports both.
//
// Every request is distinct ("bench write N", as ghz's {{.RequestNumber}}),
// so the page grows by WRITES news items. The clock starts once the channel
// is connected; the rate and the latencies count only calls that succeeded.
//
// Usage: write_load ADDRESS PARENT WRITES CALLERS
//   ADDRESS  vita-server's gRPC address, HOST:PORT (plain text)
//   PARENT   the profile written to, profiles/{profile}
//   WRITES   1 to 10,000,000; CALLERS 1 to 1,000
// Environment: VITA_TOKEN, the bearer token sent with every call.
// Prints one line of JSON (latencies: nearest rank; null when no call
// succeeded):
//   {"writes":N,"callers":C,"ok":N,"seconds":S,"per_second":R,
//    "client_cpu_us_per_write":U,"p50_ms":L,"p99_ms":L,"slowest_ms":L}
// Exit status: 0 when every call succeeded; 1 when one failed (the JSON is
// printed, then the count and the first error on stderr) or when the server
// cannot be reached in 10 s (no JSON); 2 for bad arguments (the usage line
// on stderr). --help prints the usage line on stdout and exits 0.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
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

// The CPU this process has used so far (user + system), in seconds.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Parses a whole decimal `text` into `out`: false unless 1 <= it <= `most`.
bool ParseCount(const char* text, int64_t most, int64_t* out) {
  return absl::SimpleAtoi(text, out) && *out >= 1 && *out <= most;
}

// The `fraction` quantile of `sorted` (ascending), by nearest rank, in
// milliseconds as JSON: "null" when it is empty.
std::string Quantile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return "null";
  size_t index = static_cast<size_t>(fraction * (sorted.size() - 1) + 0.5);
  char text[32];
  std::snprintf(text, sizeof text, "%.2f",
                sorted[std::min(index, sorted.size() - 1)]);
  return text;
}

}  // namespace

constexpr char kUsage[] =
    "usage: write_load ADDRESS PARENT WRITES CALLERS (ADDRESS: HOST:PORT, "
    "PARENT: profiles/{profile}, WRITES: 1 to 10000000, CALLERS: 1 to 1000; "
    "token in VITA_TOKEN; prints one line of JSON: see bench/write_load.cc)\n";

int main(int argc, char** argv) {
  if (argc == 2 &&
      (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  int64_t writes = 0, callers = 0;
  if (argc != 5 || !ParseCount(argv[3], 10'000'000, &writes) ||
      !ParseCount(argv[4], 1'000, &callers)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const char* token = std::getenv("VITA_TOKEN");
  const std::string authorization =
      token && *token ? std::string("Bearer ") + token : std::string();

  std::vector<vita::v1::CreateNewsItemRequest> requests(writes);
  for (int64_t i = 0; i < writes; ++i) {
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

  int64_t started = 0, done = 0, ok = 0;
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
  std::printf("%s\n",
              absl::StrCat("{\"writes\":", writes, ",\"callers\":", callers,
                           ",\"ok\":", ok, ",\"seconds\":", seconds,
                           ",\"per_second\":", ok / seconds,
                           ",\"client_cpu_us_per_write\":",
                           static_cast<int64_t>(cpu * 1e6 / writes),
                           ",\"p50_ms\":", Quantile(latencies_ms, 0.5),
                           ",\"p99_ms\":", Quantile(latencies_ms, 0.99),
                           ",\"slowest_ms\":", Quantile(latencies_ms, 1), "}")
                  .c_str());
  if (ok != writes) {
    std::fprintf(stderr, "%s\n",
                 absl::StrCat("write_load: ", writes - ok, " of ", writes,
                              " writes failed; first: ", first_error)
                     .c_str());
    return 1;
  }
  return 0;
}
