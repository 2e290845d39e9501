// Transport of vita-server (server/vita_server.cc, server/server_config.cc,
// server/api/transport_guard.cc): gRPC over TLS with --tls-cert/--tls-key,
// used by the real `vita` with --ca, and the refusal of writes carrying a
// token over plaintext beyond loopback. Real server processes; certificates
// made at test time by tests/support/make-test-cert.sh (openssl).
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/server_config.h"
#include "tests/support/grpc_client.h"
#include "tests/support/server_process.h"

namespace vita::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct TestCert {
  std::string cert;  // also the CA clients trust
  std::string key;
};

TestCert MakeCert() {
  std::string dir = MakeTempDir();
  std::string command = SourceDir() + "/tests/support/make-test-cert.sh " + dir;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return {dir + "/cert.pem", dir + "/key.pem"};
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

struct ShellRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `command` in a shell, with stderr merged into stdout.
ShellRun Shell(const std::string& command) {
  ShellRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    run.output.append(buffer, n);
  }
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs the real `vita` against `server` with `flags` and the admin token.
ShellRun Vita(const ServerProcess& server, const std::string& flags) {
  return Shell(absl::StrCat("env -i HOME=/nonexistent ", VITA_CLI_BINARY,
                            " --server ", server.address(), " --token-file ",
                            server.token_file(), " ", flags));
}

std::unique_ptr<ServerProcess> StartTls(const TestCert& cert,
                                        const std::string& listen) {
  ServerOptions options;
  options.listen = listen;
  options.extra_args = {"--tls-cert", cert.cert, "--tls-key", cert.key};
  auto server = ServerProcess::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

std::unique_ptr<v1::ProfileService::Stub> TlsStub(const std::string& address,
                                                  const TestCert& cert) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadAll(cert.cert);
  return v1::ProfileService::NewStub(
      grpc::CreateChannel(address, grpc::SslCredentials(ssl)));
}

TEST(ServerTransportIntegrationTest, TlsServerServesVitaWithItsCa) {
  TestCert cert = MakeCert();
  auto server = StartTls(cert, "127.0.0.1:0");
  ASSERT_NE(server, nullptr);
  EXPECT_THAT(server->Log(), HasSubstr(") with TLS"));

  ShellRun created = Vita(
      *server, "--ca " + cert.cert + " profile add ann --display-name Ann");
  EXPECT_EQ(created.exit_code, 0) << created.output;
  ShellRun page = Vita(*server, "--ca " + cert.cert + " --profile ann page");
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_THAT(page.output, HasSubstr("Ann"));

  // Plaintext does not reach a TLS server, and the system's CAs do not
  // trust the test's certificate: both are "server unreachable" (8).
  ShellRun plain = Vita(*server, "--timeout 3 --profile ann page");
  EXPECT_EQ(plain.exit_code, 8) << plain.output;
  ShellRun untrusted = Vita(*server, "--tls --timeout 3 --profile ann page");
  EXPECT_EQ(untrusted.exit_code, 8) << untrusted.output;
}

TEST(ServerTransportIntegrationTest, TlsOnEveryAddressAcceptsWritesQuietly) {
  TestCert cert = MakeCert();
  auto server = StartTls(cert, "0.0.0.0:0");
  ASSERT_NE(server, nullptr);
  EXPECT_THAT(server->Log(), Not(HasSubstr("WITHOUT TLS")));
  auto stub = TlsStub(server->address(), cert);
  grpc::ClientContext context;
  Authorize(context, kTestAdminToken);
  grpc::Status status = CreateAnn(*stub, context);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST(ServerTransportIntegrationTest,
     PlaintextBeyondLoopbackWarnsAndRefusesWritesWithAToken) {
  ServerOptions options;
  options.listen = "0.0.0.0:0";
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Log(),
              HasSubstr("WARNING: listening on 0.0.0.0:0 WITHOUT TLS"));

  auto stub = NewStub((*server)->address());
  grpc::ClientContext write;
  Authorize(write, kTestAdminToken);
  grpc::Status refused = CreateAnn(*stub, write);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message(),
            "writes with a token are refused: vita-server listens on "
            "0.0.0.0:0 without TLS, so the token would cross the network in "
            "clear text; start it with --tls-cert and --tls-key, or accept "
            "the risk with --allow-insecure");
  // Nothing was stored; reads still work.
  grpc::ClientContext read;
  v1::GetProfileRequest get;
  get.set_name("profiles/ann");
  v1::Profile profile;
  EXPECT_EQ(stub->GetProfile(&read, get, &profile).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A write without a token is still UNAUTHENTICATED, as anywhere.
  grpc::ClientContext anonymous;
  EXPECT_EQ(CreateAnn(*stub, anonymous).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // The same refusal through `vita` (exit 7, as for a failed precondition).
  ShellRun cli = Vita(**server, "profile add ann --display-name Ann");
  EXPECT_EQ(cli.exit_code, 7) << cli.output;
  EXPECT_EQ(cli.output, "error: " + refused.error_message() + "\n");
}

TEST(ServerTransportIntegrationTest, AllowInsecureAcceptsPlaintextWrites) {
  ServerOptions options;
  options.listen = "0.0.0.0:0";
  options.extra_args = {"--allow-insecure"};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Log(), HasSubstr("WITHOUT TLS"));
  EXPECT_THAT((*server)->Log(), HasSubstr("--allow-insecure is given"));
  auto stub = NewStub((*server)->address());
  grpc::ClientContext context;
  Authorize(context, kTestAdminToken);
  grpc::Status status = CreateAnn(*stub, context);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST(ServerTransportIntegrationTest, PlaintextOnLoopbackIsQuietAndWritable) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Log(), Not(HasSubstr("WITHOUT TLS")));
  auto stub = NewStub((*server)->address());
  grpc::ClientContext context;
  Authorize(context, kTestAdminToken);
  EXPECT_TRUE(CreateAnn(*stub, context).ok());
}

// Why vita-server refuses to start with `flags`; its exit code and log.
ShellRun Refusal(const std::string& flags) {
  return Shell(absl::StrCat(ServerBinary(), " --listen 127.0.0.1:0 --db ",
                            MakeTempDir(), "/vita.db ", flags));
}

TEST(ServerTransportIntegrationTest, BadTlsFilesStopStartUpNamingTheFlag) {
  TestCert cert = MakeCert();
  TestCert other = MakeCert();
  struct Case {
    std::string flags;
    int exit_code;
    std::string message;
  } cases[] = {
      {"--tls-cert " + cert.cert, 2,
       "vita-server: --tls-cert and --tls-key go together: give both, or "
       "neither\n"},
      {"--tls-key " + cert.key, 2,
       "vita-server: --tls-cert and --tls-key go together: give both, or "
       "neither\n"},
      {"--tls-cert /no/such.pem --tls-key " + cert.key, 1,
       "vita-server: --tls-cert /no/such.pem: cannot be read\n"},
      {"--tls-cert " + cert.key + " --tls-key " + cert.key, 1,
       "vita-server: --tls-cert " + cert.key + ": not a PEM certificate\n"},
      {"--tls-cert " + cert.cert + " --tls-key " + cert.cert, 1,
       "vita-server: --tls-key " + cert.cert +
           ": not a PEM private key (without a passphrase)\n"},
      {"--tls-cert " + cert.cert + " --tls-key " + other.key, 1,
       "vita-server: --tls-key " + other.key +
           ": is not the key of the certificate in --tls-cert " + cert.cert +
           "\n"},
  };
  for (const Case& c : cases) {
    ShellRun run = Refusal(c.flags);
    EXPECT_EQ(run.exit_code, c.exit_code) << c.flags << "\n" << run.output;
    EXPECT_EQ(run.output, c.message) << c.flags;
  }
}

TEST(ServerConfigTest, ListensOnLoopbackOnlyForLoopbackAddresses) {
  for (const char* listen :
       {"127.0.0.1:50051", "127.1.2.3:0", "localhost:50051", "LocalHost:1",
        "[::1]:50051", "unix:/tmp/vita.sock"}) {
    EXPECT_TRUE(ListensOnLoopback(listen)) << listen;
  }
  for (const char* listen :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "128.0.0.1:1",
        "example.org:50051", "[::ffff:127.0.0.1]:1", ":50051"}) {
    EXPECT_FALSE(ListensOnLoopback(listen)) << listen;
  }
}

}  // namespace
}  // namespace vita::testing
