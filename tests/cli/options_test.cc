// Unit tests of option resolution (cli/options.h), exit codes and error
// messages (cli/exit_codes.h, cli/connection.h) and the venue line
// (cli/render.h). The parsers of the command line are tests/cli/input_test.cc.
#include "cli/options.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/connection.h"
#include "cli/exit_codes.h"
#include "cli/render.h"

namespace vita::cli {
namespace {

class OptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"VITA_SERVER", "VITA_TOKEN", "VITA_TOKEN_FILE",
                             "VITA_PROFILE", "VITA_TIMEOUT", "VITA_TLS",
                             "VITA_CA", "VITA_CONFIG", "XDG_CONFIG_HOME"}) {
      unsetenv(name);
    }
    const char* tmp = std::getenv("TEST_TMPDIR");
    // A directory of its own: ctest runs tests in parallel processes.
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/options_test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::filesystem::create_directories(dir_ + "/vita");
    setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  void WriteConfig(const std::string& text) {
    std::ofstream(dir_ + "/vita/config.yaml") << text;
  }
  std::string dir_;
};

TEST_F(OptionsTest, DefaultsWithoutEnvOrConfig) {
  std::filesystem::remove(dir_ + "/vita/config.yaml");
  GlobalOptions o;
  ASSERT_TRUE(ResolveOptions(o).ok());
  EXPECT_EQ(o.server, "127.0.0.1:50051");
  EXPECT_EQ(o.timeout_seconds, 10);
  EXPECT_EQ(o.output, "table");
  EXPECT_FALSE(o.tls);
  EXPECT_EQ(o.profile, "");
  EXPECT_EQ(ConfigFilePath(o), dir_ + "/vita/config.yaml");
}

TEST_F(OptionsTest, FlagBeatsEnvBeatsConfig) {
  WriteConfig(
      "server: config:1\nprofile: from-config\ntimeout: 3\ntls: true\n");
  GlobalOptions from_config;
  ASSERT_TRUE(ResolveOptions(from_config).ok());
  EXPECT_EQ(from_config.server, "config:1");
  EXPECT_EQ(from_config.profile, "from-config");
  EXPECT_EQ(from_config.timeout_seconds, 3);
  EXPECT_TRUE(from_config.tls);

  setenv("VITA_SERVER", "env:2", 1);
  setenv("VITA_PROFILE", "from-env", 1);
  GlobalOptions from_env;
  ASSERT_TRUE(ResolveOptions(from_env).ok());
  EXPECT_EQ(from_env.server, "env:2");
  EXPECT_EQ(from_env.profile, "from-env");

  GlobalOptions from_flag;
  from_flag.server = "flag:3";
  ASSERT_TRUE(ResolveOptions(from_flag).ok());
  EXPECT_EQ(from_flag.server, "flag:3");
  EXPECT_EQ(from_flag.profile, "from-env");
}

TEST_F(OptionsTest, BrokenConfigIsALocalInputErrorWithFileAndLine) {
  WriteConfig("server: a\nprofile: [unclosed\n");
  GlobalOptions o;
  absl::Status s = ResolveOptions(o);
  EXPECT_TRUE(IsLocalInputError(s));
  EXPECT_NE(s.message().find(dir_ + "/vita/config.yaml:"), std::string::npos)
      << s;
}

TEST_F(OptionsTest, TokenFromFileOrEnvironment) {
  GlobalOptions o;
  EXPECT_EQ(*LoadToken(o), "");
  setenv("VITA_TOKEN", " secret-env \n", 1);
  EXPECT_EQ(*LoadToken(o), "secret-env");
  std::ofstream(dir_ + "/token") << "secret-file\n";
  o.token_file = dir_ + "/token";
  EXPECT_EQ(*LoadToken(o), "secret-file");
  o.token_file = dir_ + "/missing";
  absl::StatusOr<std::string> missing = LoadToken(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(o.token_file), std::string::npos);
}

TEST(ExitCodeTest, EveryKindOfFailureHasItsCode) {
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), kExitOk);
  EXPECT_EQ(ExitCodeFor(LocalInputError("f:1: x")), kExitBadInput);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("x")), kExitInvalidArgument);
  EXPECT_EQ(ExitCodeFor(absl::NotFoundError("x")), kExitNotFound);
  EXPECT_EQ(ExitCodeFor(absl::UnauthenticatedError("x")), kExitUnauthenticated);
  EXPECT_EQ(ExitCodeFor(absl::PermissionDeniedError("x")),
            kExitUnauthenticated);
  EXPECT_EQ(ExitCodeFor(absl::AbortedError("x")), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::AlreadyExistsError("x")), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::FailedPreconditionError("x")), kExitConflict);
  EXPECT_EQ(ExitCodeFor(absl::UnavailableError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::DeadlineExceededError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::InternalError("x")), kExitError);
}

TEST(ConnectionTest, GrpcFailuresBecomeOneLineMessages) {
  ConnectionOptions options;
  options.server = "127.0.0.1:1";
  options.token = "the-secret-token";
  auto conn = Connection::Open(options);
  ASSERT_TRUE(conn.ok());
  auto message = [&](grpc::StatusCode code, const std::string& text) {
    return std::string(
        (*conn)
            ->Translate(grpc::Status(code, text), "profiles/a/news/b")
            .message());
  };
  EXPECT_EQ(message(grpc::StatusCode::UNAVAILABLE, "connection refused")
                .rfind("cannot reach vita-server at 127.0.0.1:1", 0),
            0u);
  EXPECT_EQ(message(grpc::StatusCode::UNAUTHENTICATED, "")
                .rfind("not authorized: set VITA_TOKEN", 0),
            0u);
  EXPECT_EQ(
      message(grpc::StatusCode::UNAUTHENTICATED, "").find("the-secret-token"),
      std::string::npos);
  EXPECT_EQ(
      message(grpc::StatusCode::INVALID_ARGUMENT, "news_item.text: required"),
      "invalid argument: news_item.text: required");
  EXPECT_EQ(message(grpc::StatusCode::NOT_FOUND, "no such news item"),
            "not found: profiles/a/news/b (no such news item)");
  EXPECT_NE(
      message(grpc::StatusCode::ABORTED, "etag").find("profiles/a/news/b"),
      std::string::npos);
  for (const std::string& m :
       {message(grpc::StatusCode::INTERNAL, "boom\nsecond line"),
        message(grpc::StatusCode::DEADLINE_EXCEEDED, "")}) {
    EXPECT_FALSE(m.empty());
    std::string line = ErrorLine(absl::InternalError(m));
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  }
}

TEST(RenderTest, VenueLineSaysTheYearOnceAndTheStatusInWords) {
  vita::v1::Publication p;
  p.set_year(2023);
  p.set_venue("Proceedings of SOSP 2023, Koblenz, October 23-26, 2023");
  EXPECT_EQ(VenueLine(p), p.venue());
  p.set_venue("MLSys2023");
  EXPECT_EQ(VenueLine(p), "MLSys2023");
  p.set_venue("Proceedings of Machine Learning and Systems");
  EXPECT_EQ(VenueLine(p), "Proceedings of Machine Learning and Systems, 2023");
  p.set_venue("ICLR2025");
  p.set_status(vita::v1::Publication::UNDER_SUBMISSION);
  EXPECT_EQ(VenueLine(p), "ICLR2025, 2023 (under submission)");
  p.set_venue("");
  p.set_status(vita::v1::Publication::PREPRINT);
  EXPECT_EQ(VenueLine(p), "2023 (preprint)");
  p.set_venue("Workshop 12023");  // a longer number is not the year
  p.set_status(vita::v1::Publication::PUBLISHED);
  EXPECT_EQ(VenueLine(p), "Workshop 12023, 2023");
}

}  // namespace
}  // namespace vita::cli
