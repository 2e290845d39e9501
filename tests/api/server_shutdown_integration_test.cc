// Tests of vita-server's graceful shutdown with calls in flight, with the
// real binary. A call is kept in flight by the test-only hook
// VITA_TEST_SLOW_CALL (server/vita_server.h), which holds every call of one
// method for a while before it runs.
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_client.h"
#include "tests/support/page_after_restart.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Lt;
using ::testing::Not;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kHeldLine[] =
    "test hook: holding /vita.v1.ProfileService/CreateProfile";
constexpr char kDrainingLine[] = "finishing calls in flight";
// "At once": well under the 8 s a held call lasts and the 10 s drain limit,
// with room for a loaded machine (ctest -j2 beside a build takes seconds).
constexpr long long kAtOnceMs = 5000;

std::shared_ptr<grpc::Channel> NewChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

// Creates profiles/ann ("Ann") on `channel`, as the admin.
grpc::Status CreateAnnOn(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  Authorize(context, kTestAdminToken);
  context.set_deadline(std::chrono::system_clock::now() + seconds(30));
  return CreateAnn(*v1::ProfileService::NewStub(channel), context);
}

// A server whose CreateProfile calls wait `hold` before they run.
absl::StatusOr<std::unique_ptr<ServerProcess>> StartWithSlowCreateProfile(
    milliseconds hold, std::string db_path = "") {
  ServerOptions options;
  options.db_path = std::move(db_path);
  options.environment = {"VITA_TEST_SLOW_CALL=CreateProfile:" +
                         std::to_string(hold.count())};
  return ServerProcess::Start(options);
}

// Sends CreateProfile to `server` (started by StartWithSlowCreateProfile) on
// a channel of its own into `*call`; true once the server holds the call.
bool HoldACreateProfileCall(ServerProcess& server,
                            std::future<grpc::Status>* call) {
  *call =
      std::async(std::launch::async, [channel = NewChannel(server.address())] {
        return CreateAnnOn(channel);
      });
  return server.WaitForLog(kHeldLine, seconds(10));
}

// Starts a server that holds a CreateProfile call for 8 s, longer than any
// stop a test makes should take, and sends it that call (into `*call`).
// Use as ASSERT_NO_FATAL_FAILURE(StartHoldingACall(&server, &call)).
void StartHoldingACall(std::unique_ptr<ServerProcess>* server,
                       std::future<grpc::Status>* call) {
  auto started = StartWithSlowCreateProfile(milliseconds(8000));
  ASSERT_TRUE(started.ok()) << started.status();
  *server = *std::move(started);
  ASSERT_TRUE(HoldACreateProfileCall(**server, call)) << (*server)->Log();
}

long long MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

TEST(ServerShutdownIntegrationTest,
     SigtermLetsCallInFlightCommitAndHealthWatchSaysNotServingMeanwhile) {
  std::string db = MakeTempDir() + "/vita.db";
  auto server = StartWithSlowCreateProfile(milliseconds(2000), db);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = NewChannel((*server)->address());

  // A health watcher (as a load balancer would keep) sees SERVING first.
  auto health = Health::NewStub(channel);
  grpc::ClientContext watch_context;
  auto watch = health->Watch(&watch_context, HealthCheckRequest());
  HealthCheckResponse health_status;
  ASSERT_TRUE(watch->Read(&health_status));
  EXPECT_EQ(health_status.status(), HealthCheckResponse::SERVING);

  std::future<grpc::Status> call;
  ASSERT_TRUE(HoldACreateProfileCall(**server, &call)) << (*server)->Log();
  ASSERT_TRUE((*server)->Signal(SIGTERM).ok());
  Clock::time_point signalled = Clock::now();
  ASSERT_TRUE((*server)->WaitForLog(kDrainingLine, seconds(5)));

  // During the drain the watcher is told NOT_SERVING.
  std::future<bool> next = std::async(
      std::launch::async, [&] { return watch->Read(&health_status); });
  ASSERT_EQ(next.wait_for(seconds(1)), std::future_status::ready)
      << "no health update within 1 s of SIGTERM";
  ASSERT_TRUE(next.get());
  EXPECT_EQ(health_status.status(), HealthCheckResponse::NOT_SERVING);
  // A new Health/Check, on the channel in use or on a new one, is refused by
  // gRPC during the drain, so it cannot say NOT_SERVING; what matters is
  // that it never says SERVING.
  for (bool fresh : {false, true}) {
    auto checker =
        fresh ? Health::NewStub(NewChannel((*server)->address())) : nullptr;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + milliseconds(500));
    HealthCheckResponse checked;
    grpc::Status status = (fresh ? checker : health)
                              ->Check(&context, HealthCheckRequest(), &checked);
    // Which refusal depends on how far the drain got (and, on a loaded
    // machine, on the client's timing); never an answer.
    EXPECT_THAT(status.error_code(), AnyOf(grpc::StatusCode::UNAVAILABLE,
                                           grpc::StatusCode::DEADLINE_EXCEEDED,
                                           grpc::StatusCode::CANCELLED))
        << (fresh ? "new" : "same") << " channel: Check during the drain "
        << "answered " << checked.status();
  }
  // The call that was in flight completes.
  ASSERT_EQ(call.wait_for(seconds(5)), std::future_status::ready);
  grpc::Status created = call.get();
  EXPECT_TRUE(created.ok())
      << created.error_code() << ": " << created.error_message();
  // The watch ends after NOT_SERVING; it does not hold the shutdown.
  EXPECT_FALSE(watch->Read(&health_status));
  EXPECT_TRUE(watch->Finish().ok());

  // The process exits 0 once the call is done, well before the 10 s limit.
  auto exit_code = (*server)->Wait(seconds(15));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*server)->Log();
  EXPECT_THAT(MillisecondsSince(signalled), Lt(8000));
  EXPECT_THAT((*server)->Log(), HasSubstr("vita-server: stopped"));

  // And what it wrote is there after a restart.
  auto page = PageAfterRestart(db, "profiles/ann");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->profile().display_name(), "Ann");
}

TEST(ServerShutdownIntegrationTest,
     OpenHealthWatchEndsWithNotServingAndDoesNotHoldExit) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = Health::NewStub(NewChannel((*server)->address()));
  grpc::ClientContext context;
  auto watch = health->Watch(&context, HealthCheckRequest());
  HealthCheckResponse health_status;
  ASSERT_TRUE(watch->Read(&health_status));
  EXPECT_EQ(health_status.status(), HealthCheckResponse::SERVING);

  Clock::time_point start = Clock::now();
  auto exit_code = (*server)->Stop(SIGTERM, seconds(15));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  // No call is in flight but the watch: gone at once, not after the 10 s
  // drain limit.
  EXPECT_THAT(MillisecondsSince(start), Lt(kAtOnceMs));
  ASSERT_TRUE(watch->Read(&health_status));
  EXPECT_EQ(health_status.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(watch->Read(&health_status));
  grpc::Status ended = watch->Finish();
  EXPECT_TRUE(ended.ok()) << ended.error_code() << ": "
                          << ended.error_message();
}

TEST(ServerShutdownIntegrationTest,
     WatchesCancelledOrOnUnknownServicesEndCleanly) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = Health::NewStub(NewChannel((*server)->address()));
  HealthCheckRequest unknown_service;
  unknown_service.set_service("vita.v1.NoSuchService");
  grpc::ClientContext unknown_context;
  auto unknown = health->Watch(&unknown_context, unknown_service);
  HealthCheckResponse health_status;
  ASSERT_TRUE(unknown->Read(&health_status));
  EXPECT_EQ(health_status.status(), HealthCheckResponse::SERVICE_UNKNOWN);
  // A watch the client cancels before the shutdown.
  grpc::ClientContext cancelled_context;
  auto cancelled = health->Watch(&cancelled_context, HealthCheckRequest());
  ASSERT_TRUE(cancelled->Read(&health_status));
  cancelled_context.TryCancel();
  EXPECT_FALSE(cancelled->Read(&health_status));
  EXPECT_EQ(cancelled->Finish().error_code(), grpc::StatusCode::CANCELLED);

  Clock::time_point start = Clock::now();
  auto exit_code = (*server)->Stop(SIGTERM, seconds(15));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*server)->Log();
  EXPECT_THAT(MillisecondsSince(start), Lt(kAtOnceMs));
  // The service stays unknown to the end.
  ASSERT_TRUE(unknown->Read(&health_status));
  EXPECT_EQ(health_status.status(), HealthCheckResponse::SERVICE_UNKNOWN);
  EXPECT_FALSE(unknown->Read(&health_status));
  EXPECT_TRUE(unknown->Finish().ok());
}

struct SecondSignal {
  int signal;
  int exit_code;
};

class SecondSignalDuringDrainIntegrationTest
    : public ::testing::TestWithParam<SecondSignal> {};

TEST_P(SecondSignalDuringDrainIntegrationTest,
       StopsTheServerAtOnceWithTheSignalsExitCode) {
  std::unique_ptr<ServerProcess> server;
  std::future<grpc::Status> call;
  ASSERT_NO_FATAL_FAILURE(StartHoldingACall(&server, &call));
  Clock::time_point start = Clock::now();
  ASSERT_TRUE(server->Signal(SIGTERM).ok());
  ASSERT_TRUE(server->WaitForLog(kDrainingLine, seconds(5)));
  ASSERT_TRUE(server->Signal(GetParam().signal).ok());
  auto exit_code = server->Wait(seconds(15));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, GetParam().exit_code) << server->Log();
  // The held call would have kept the process alive for 8 s.
  EXPECT_THAT(MillisecondsSince(start), Lt(kAtOnceMs));
  EXPECT_THAT(server->Log(), HasSubstr("again; stopping now"));
  // The call that was cut off fails; it does not hang.
  ASSERT_EQ(call.wait_for(seconds(5)), std::future_status::ready);
  EXPECT_FALSE(call.get().ok());
}

INSTANTIATE_TEST_SUITE_P(
    SigintOrSigterm, SecondSignalDuringDrainIntegrationTest,
    ::testing::Values(SecondSignal{SIGINT, 130}, SecondSignal{SIGTERM, 143}),
    [](const ::testing::TestParamInfo<SecondSignal>& info) {
      return std::string(info.param.signal == SIGINT ? "Sigint" : "Sigterm");
    });

TEST(ServerShutdownIntegrationTest,
     StopGivesUpAfterItsTimeoutAndKillsTheServer) {
  std::unique_ptr<ServerProcess> server;
  std::future<grpc::Status> call;
  ASSERT_NO_FATAL_FAILURE(StartHoldingACall(&server, &call));
  pid_t pid = server->pid();
  Clock::time_point start = Clock::now();
  // SIGTERM drains the held call for 8 s; Stop waits only 300 ms.
  auto exit_code = server->Stop(SIGTERM, milliseconds(300));
  long long waited = MillisecondsSince(start);
  ASSERT_FALSE(exit_code.ok()) << "exit code " << *exit_code;
  EXPECT_EQ(exit_code.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(exit_code.status().message()),
              HasSubstr("did not exit within 300 ms; killed it (SIGKILL)"));
  EXPECT_THAT(waited, Lt(kAtOnceMs));
  // Killed and reaped: the process no longer exists.
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  ASSERT_EQ(call.wait_for(seconds(5)), std::future_status::ready);
}

TEST(ServerShutdownIntegrationTest, SlowCallHookIsOffUnlessSetAndRefusesATypo) {
  auto plain = ServerProcess::Start({});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT((*plain)->Log(), Not(HasSubstr("TEST HOOK")));
  Clock::time_point start = Clock::now();
  EXPECT_TRUE(CreateAnnOn(NewChannel((*plain)->address())).ok());
  EXPECT_THAT(MillisecondsSince(start), Lt(kAtOnceMs));

  ServerOptions options;
  options.environment = {"VITA_TEST_SLOW_CALL=CreateProfil:100"};
  auto typo = ServerProcess::Start(options);
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(std::string(typo.status().message()),
              HasSubstr("VITA_TEST_SLOW_CALL=CreateProfil:100: want "
                        "<ProfileService method>:<milliseconds, 1 to 60000>"));
}

}  // namespace
}  // namespace vita::testing
