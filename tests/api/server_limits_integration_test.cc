// vita-server's bounds (server/vita_server.h: message size, metadata size,
// streams, threads, gRPC's memory quota) against a flood of refused calls:
// the real server's resident size (VmRSS in /proc/PID/status) stays flat
// while 1,000 oversized and 10,000 small bad requests are refused.
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "server/vita_server.h"
#include "tests/support/flood.h"
#include "tests/support/grpc_client.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

// The resident set size of process `pid`, in KiB; -1 if unknown.
long RssKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmRSS:")) continue;
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, " kB");
    long kib = -1;
    return absl::SimpleAtoi(rest, &kib) ? kib : -1;
  }
  return -1;
}

// The resident size of `pid` once the calls just refused have been cleaned
// up: the first value at most `bound` within 5 s, or the last one seen. (A
// stream's buffers may outlive the client's call by a moment.)
long SettledRssKib(pid_t pid, long bound) {
  long kib = RssKib(pid);
  for (int i = 0; i < 50 && kib > bound; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kib = RssKib(pid);
  }
  return kib;
}

grpc::Status Oversized(v1::ProfileService::Stub& stub, int) {
  // One byte over the limit, with its framing: refused before parsing.
  static const std::string* text =
      new std::string(kMaxReceiveMessageBytes, 'x');
  return CreateAnnNewsItem(stub, kTestAdminToken, *text);
}

// A write without a token.
grpc::Status Anonymous(v1::ProfileService::Stub& stub, int) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  return CreateAnn(stub, context);
}

// A read of a malformed name.
grpc::Status Malformed(v1::ProfileService::Stub& stub, int i) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  v1::GetProfileRequest request;
  request.set_name(absl::StrCat("profiles/Not_An_Id_", i));
  v1::Profile profile;
  return stub.GetProfile(&context, request, &profile);
}

// 2 * `half` small bad requests: writes without a token and malformed reads.
Outcome SmallBad(const std::string& address, int half) {
  Outcome anonymous =
      Flood(address, half, 8, grpc::StatusCode::UNAUTHENTICATED, Anonymous);
  Outcome malformed =
      Flood(address, half, 8, grpc::StatusCode::INVALID_ARGUMENT, Malformed);
  return {anonymous.unexpected + malformed.unexpected,
          anonymous.example + malformed.example};
}

TEST(ServerLimitsIntegrationTest,
     RssStaysFlatWhileOversizedAndSmallBadRequestsAreRefused) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string& address = (*server)->address();
  pid_t pid = (*server)->pid();

  // Warm-up: gRPC's and the allocator's pools reach their working size.
  Outcome warm_big =
      Flood(address, 300, 8, grpc::StatusCode::RESOURCE_EXHAUSTED, Oversized);
  ASSERT_EQ(warm_big.unexpected, 0) << warm_big.example;
  Outcome warm_small = SmallBad(address, 500);
  ASSERT_EQ(warm_small.unexpected, 0) << warm_small.example;
  long warm = RssKib(pid);
  ASSERT_GT(warm, 0);
  constexpr long kSlackKib = 8 << 10;  // 8 MiB
  const long bound = warm + kSlackKib;

  Outcome big =
      Flood(address, 1000, 8, grpc::StatusCode::RESOURCE_EXHAUSTED, Oversized);
  EXPECT_EQ(big.unexpected, 0) << big.example;
  long after_big = SettledRssKib(pid, bound);
  Outcome small = SmallBad(address, 5000);
  EXPECT_EQ(small.unexpected, 0) << small.example;
  long after_small = SettledRssKib(pid, bound);

  std::cerr << "vita-server VmRSS: " << warm << " KiB after warm-up, "
            << after_big << " KiB after 1,000 oversized, " << after_small
            << " KiB after 10,000 small bad requests\n";
  EXPECT_LE(after_big, bound);
  EXPECT_LE(after_small, bound);
  // Nothing was stored, and the server still answers.
  auto page = GetPage(address, "profiles/ann");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kNotFound) << page.status();
}

// Metadata up to kMaxMetadataBytes (16 KiB) passes, as the gateway lets
// through; more is refused before the handler runs.
TEST(ServerLimitsIntegrationTest, MetadataOver16KibIsRefused) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = NewStub((*server)->address());
  for (auto [bytes, want] :
       {std::pair{12 << 10, grpc::StatusCode::NOT_FOUND},
        std::pair{20 << 10, grpc::StatusCode::RESOURCE_EXHAUSTED}}) {
    grpc::ClientContext context;
    context.AddMetadata("x-padding", std::string(bytes, 'p'));
    v1::GetProfileRequest request;
    request.set_name("profiles/ann");
    v1::Profile profile;
    EXPECT_EQ(stub->GetProfile(&context, request, &profile).error_code(), want)
        << bytes << " bytes of metadata";
  }
}

}  // namespace
}  // namespace vita::testing
