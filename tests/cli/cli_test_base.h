// Fixture for end-to-end tests of `vita`: runs the real binary (fork/exec,
// stdout and stderr captured, exit code returned) against a real
// vita-server started on a loopback port with a fresh database.
#ifndef VITA_TESTS_CLI_CLI_TEST_BASE_H_
#define VITA_TESTS_CLI_CLI_TEST_BASE_H_

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/server.h"
#include "tests/support/server_process.h"

namespace vita::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `vita args...` with a clean environment (no VITA_*, EDITOR or
// VISUAL from the caller, HOME and XDG_CONFIG_HOME in `home`) plus `env`.
RunResult RunVita(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env,
                  const std::string& home);

// Prints a RunResult in assertion messages.
std::ostream& operator<<(std::ostream& os, const RunResult& r);

// A transparent gRPC proxy in front of a real server that runs a hook ahead
// of forwarding each call, so that a test can act (as another client) at an
// exact point between two calls of `vita`: e.g. change a record after vita
// read it and before it writes it.
class PausingProxy : public grpc::CallbackGenericService {
 public:
  // Runs with the method ("/vita.v1.ProfileService/CreatePublication") and
  // the serialized request, before the call is forwarded.
  using Hook = std::function<void(const std::string&, const std::string&)>;

  PausingProxy(const std::string& upstream, Hook before);
  ~PausingProxy() override;

  // "127.0.0.1:PORT": point vita's --server here.
  const std::string& address() const { return address_; }

 private:
  class Reactor;
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* ctx) override;

  grpc::GenericStub stub_;
  Hook before_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Runs vita with --server of this test's server; with the admin token
  // (--token-file) unless `with_token` is false.
  RunResult Vita(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env = {},
                 bool with_token = true);

  // Like Vita, but fails the test unless the exit code is 0.
  std::string VitaOk(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

  // Runs an import (`vita pub import ...`) and fails the test unless it exits
  // 0 and its stderr holds `summary` ("... N created, N updated, N unchanged,
  // N skipped") followed by a newline; returns the run.
  RunResult ImportOk(const std::vector<std::string>& args,
                     const std::string& summary);

  // Runs a read with -o json and parses the output into `message`.
  void ReadJson(const std::vector<std::string>& args,
                google::protobuf::Message* message);

  // Writes a file in the test's directory and returns its path.
  std::string WriteFile(const std::string& name, const std::string& contents);

  // Creates profile `id` with the given display name and name variants.
  void CreateProfile(const std::string& id, const std::string& display_name,
                     const std::vector<std::string>& variants = {});

  std::unique_ptr<ServerProcess> server_;
  std::string dir_;  // this test's scratch directory (also $HOME)
};

// The path of tests/cli/testdata/`name`.
std::string TestData(const std::string& name);
// The bytes of the file at `path` (cli::ReadFile); empty if it cannot be read.
std::string ReadWholeFile(const std::string& path);

}  // namespace vita::testing

#endif  // VITA_TESTS_CLI_CLI_TEST_BASE_H_
