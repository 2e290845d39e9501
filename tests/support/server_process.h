// Starts a real vita-server binary for a test: on a free loopback port, with
// a database file in a fresh temporary directory. Used by every test that
// talks to the server over a real channel.
#ifndef VITA_TESTS_SUPPORT_SERVER_PROCESS_H_
#define VITA_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace vita::testing {

// The admin token every test server is started with.
inline constexpr char kTestAdminToken[] = "test-admin-token-0123456789";

struct ServerOptions {
  // The database file; a new file in a fresh temporary directory when empty.
  std::string db_path;
  // Written to a 0600 file and passed with --admin-token-file; none if empty.
  std::string admin_token = kTestAdminToken;
  // Passed as --seed when set (a vita.v1.Page JSON file).
  std::string seed_file;
  // Where to listen; port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  // Further flags.
  std::vector<std::string> extra_args;
  // "NAME=value" entries added to the server's environment.
  std::vector<std::string> environment;
};

// A running vita-server child process. The destructor kills it (SIGKILL) if
// Stop() was not called.
class ServerProcess {
 public:
  // Starts the server with --listen (any host) and waits until it prints the
  // port it listens on.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      ServerOptions options);

  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // "127.0.0.1:PORT".
  const std::string& address() const { return address_; }
  const std::string& db_path() const { return db_path_; }
  // Path of the file holding the admin token (empty if none).
  const std::string& token_file() const { return token_file_; }
  // Path of the file the server's stderr (its log) goes to.
  const std::string& log_path() const { return log_path_; }

  // The child's process id while it runs (or until Wait() reaped it).
  pid_t pid() const { return pid_; }

  // Sends `signal` to the process without waiting.
  absl::Status Signal(int signal);

  // Waits up to `timeout` for the process to end; returns its exit code (or
  // 128 + signal number if a signal killed it). After `timeout` it kills the
  // process (SIGKILL), reaps it, and returns DEADLINE_EXCEEDED naming the
  // timeout.
  absl::StatusOr<int> Wait(std::chrono::milliseconds timeout);

  // Signal(signal), then Wait(timeout).
  absl::StatusOr<int> Stop(
      int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Waits up to `timeout` until the server's log contains `text`; false if
  // it does not by then (or the process ended).
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout);

  // The server's log so far.
  std::string Log() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  std::string address_;
  std::string db_path_;
  std::string token_file_;
  std::string log_path_;
};

// A new empty directory under $TEST_TMPDIR or /tmp, removed by nobody: tests
// leave their files for post-mortem inspection in the build tree's tmp.
std::string MakeTempDir();

// Absolute paths of the binaries under test, set by CMake.
std::string ServerBinary();
std::string SourceDir();

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_SERVER_PROCESS_H_
