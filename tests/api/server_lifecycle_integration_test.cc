// Tests of server/vita_server.cc: start-up, seeding, graceful shutdown and
// persistence across restarts, with the real binary.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/vita_server.h"
#include "tests/support/grpc_client.h"
#include "tests/support/page_after_restart.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

using ::testing::HasSubstr;

std::string DemoFile() { return SourceDir() + "/deploy/demo/hexu-zhao.json"; }

v1::Page ReadDemo() {
  std::ifstream in(DemoFile());
  std::stringstream json;
  json << in.rdbuf();
  v1::Page page;
  auto status = google::protobuf::util::JsonStringToMessage(json.str(), &page);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return page;
}

// Writes `page` as JSON to `path`, for --seed; returns `path`.
std::string WriteSeed(const v1::Page& page, const std::string& path) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(page, &json).ok());
  std::ofstream(path) << json;
  return path;
}

// Why a vita-server started with `options` refused to start; "" if it
// started.
std::string RefusalOf(const ServerOptions& options) {
  auto server = ServerProcess::Start(options);
  return server.ok() ? "" : std::string(server.status().message());
}

TEST(ServerLifecycleIntegrationTest, SeedLoadsWholeDemoPage) {
  v1::Page demo = ReadDemo();
  ServerOptions options;
  options.seed_file = DemoFile();
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto page = GetPage((*server)->address(), demo.profile().name());
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->profile().display_name(), demo.profile().display_name());
  EXPECT_EQ(page->profile().links_size(), demo.profile().links_size());
  EXPECT_EQ(page->news_size(), demo.news_size());
  ASSERT_EQ(page->publications_size(), demo.publications_size());
  for (int i = 0; i < demo.publications_size(); ++i) {
    // The demo lists publications in display order already.
    EXPECT_EQ(page->publications(i).name(), demo.publications(i).name());
    EXPECT_EQ(page->publications(i).authors_size(),
              demo.publications(i).authors_size());
  }
}

TEST(ServerLifecycleIntegrationTest,
     SigtermExitsZeroAndRestartKeepsEveryRecord) {
  std::string db = MakeTempDir() + "/vita.db";
  ServerOptions options;
  options.db_path = db;
  options.seed_file = DemoFile();
  v1::Page before;
  {
    auto server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    // One more write after the seed, to check it too is durable.
    auto stub = NewStub((*server)->address());
    grpc::ClientContext context;
    Authorize(context, kTestAdminToken);
    v1::CreateNewsItemRequest request;
    request.set_parent(ReadDemo().profile().name());
    request.set_news_item_id("restart-check");
    request.mutable_news_item()->mutable_date()->set_year(2025);
    request.mutable_news_item()->set_text("Written before the restart");
    v1::NewsItem item;
    ASSERT_TRUE(stub->CreateNewsItem(&context, request, &item).ok());
    auto page = GetPage((*server)->address(), ReadDemo().profile().name());
    ASSERT_TRUE(page.ok());
    before = *page;
    auto exit_code = (*server)->Stop(SIGTERM);
    ASSERT_TRUE(exit_code.ok());
    EXPECT_EQ(*exit_code, 0);
  }
  // Restarting with --seed again must not overwrite anything.
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto after = GetPage((*server)->address(), ReadDemo().profile().name());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(after->news_size(), ReadDemo().news_size() + 1);
}

TEST(ServerLifecycleIntegrationTest, SigintAlsoExitsZero) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto exit_code = (*server)->Stop(SIGINT);
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
}

TEST(ServerLifecycleIntegrationTest,
     SurvivesKillWithoutLosingAcknowledgedWrites) {
  std::string db = MakeTempDir() + "/vita.db";
  ServerOptions options;
  options.db_path = db;
  {
    auto server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_TRUE(
        CreateAnn(*NewStub((*server)->address()), kTestAdminToken).ok());
    auto exit_code = (*server)->Stop(SIGKILL);
    ASSERT_TRUE(exit_code.ok());
    EXPECT_EQ(*exit_code, 128 + SIGKILL);
  }
  auto page = PageAfterRestart(db, "profiles/ann");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->profile().display_name(), "Ann");
}

TEST(ServerLifecycleIntegrationTest, InvalidSeedStopsStartupAndWritesNothing) {
  std::string dir = MakeTempDir();
  v1::Page demo = ReadDemo();
  demo.mutable_publications(demo.publications_size() - 1)
      ->mutable_links(0)
      ->set_url("javascript:alert(1)");
  ServerOptions options;
  options.db_path = dir + "/vita.db";
  options.seed_file = WriteSeed(demo, dir + "/bad.json");
  EXPECT_THAT(
      RefusalOf(options),
      HasSubstr(absl::StrCat("publications[", demo.publications_size() - 1,
                             "].links[0].url: scheme must be")));
  // The database holds no part of the page.
  options.seed_file.clear();
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto page = GetPage((*server)->address(), demo.profile().name());
  EXPECT_TRUE(absl::IsNotFound(page.status())) << page.status();
}

TEST(ServerLifecycleIntegrationTest, SeedWithDuplicateRecordStopsStartup) {
  std::string dir = MakeTempDir();
  v1::Page demo = ReadDemo();
  *demo.add_publications() = demo.publications(0);
  ServerOptions options;
  options.seed_file = WriteSeed(demo, dir + "/duplicate.json");
  EXPECT_THAT(
      RefusalOf(options),
      HasSubstr(absl::StrCat("publications[", demo.publications_size() - 1,
                             "].name: the same as publications[0]")));
}

TEST(ServerLifecycleIntegrationTest, TokenFileReadableByOthersIsRefused) {
  std::string dir = MakeTempDir();
  std::string token_file = dir + "/token";
  std::ofstream(token_file) << "secret\n";
  chmod(token_file.c_str(), 0644);
  ServerOptions options;
  options.admin_token.clear();
  options.extra_args = {"--admin-token-file", token_file};
  EXPECT_THAT(RefusalOf(options), HasSubstr("chmod 600"));
}

// What a second server may not share with a running one, and how it says
// so when it is refused.
struct Clash {
  std::string what;
  std::string ServerOptions::*option;
  const std::string& (ServerProcess::*of_first)() const;
  std::string refusal;
};

class SecondServerIntegrationTest : public ::testing::TestWithParam<Clash> {};

TEST_P(SecondServerIntegrationTest, IsRefusedWithAClearError) {
  auto first = ServerProcess::Start({});
  ASSERT_TRUE(first.ok()) << first.status();
  ServerOptions options;
  options.*GetParam().option = ((**first).*GetParam().of_first)();
  EXPECT_THAT(RefusalOf(options), HasSubstr(GetParam().refusal));
}

INSTANTIATE_TEST_SUITE_P(
    SharingWithARunningServer, SecondServerIntegrationTest,
    ::testing::Values(Clash{"Database", &ServerOptions::db_path,
                            &ServerProcess::db_path,
                            "in use by another vita-server"},
                      Clash{"Port", &ServerOptions::listen,
                            &ServerProcess::address, "cannot listen on"}),
    [](const ::testing::TestParamInfo<Clash>& info) {
      return info.param.what;
    });

TEST(ServerLifecycleIntegrationTest,
     HealthCheckServesTheServerAndProfileServiceOnly) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      (*server)->address(), grpc::InsecureChannelCredentials()));
  for (const char* service : {"", "vita.v1.ProfileService"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok())
        << "'" << service << "': " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << "'" << service << "'";
  }
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("vita.v1.NoSuchService");
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(health->Check(&context, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

int RunServerBinary(const std::string& args) {
  int status =
      std::system((ServerBinary() + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ServerLifecycleIntegrationTest, HelpExitsZeroAndUsageErrorsExitTwo) {
  EXPECT_EQ(RunServerBinary("--help"), 0);
  EXPECT_EQ(RunServerBinary("--version"), 0);
  EXPECT_EQ(RunServerBinary("--no-such-flag"), 2);
  EXPECT_EQ(RunServerBinary("--seed /no/such/file.json"), 2);
}

TEST(ServerLifecycleIntegrationTest, UnopenableDatabaseExitsNonZero) {
  EXPECT_EQ(RunServerBinary("--listen 127.0.0.1:0 --db /no/such/dir/vita.db"),
            1);
}

}  // namespace
}  // namespace vita::testing
