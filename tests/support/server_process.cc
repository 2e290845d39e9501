#include "tests/support/server_process.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace vita::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::string ServerBinary() { return VITA_SERVER_BINARY; }
std::string SourceDir() { return VITA_SOURCE_DIR; }

std::string MakeTempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern =
      absl::StrCat(base && *base ? base : "/tmp", "/vita-test-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) abort();
  return pattern;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    ServerOptions options) {
  std::unique_ptr<ServerProcess> process(new ServerProcess());
  std::string dir = MakeTempDir();
  process->db_path_ =
      options.db_path.empty() ? dir + "/vita.db" : options.db_path;
  std::vector<std::string> args = {ServerBinary(), "--listen", options.listen,
                                   "--db", process->db_path_};
  if (!options.admin_token.empty()) {
    process->token_file_ = dir + "/admin-token";
    std::ofstream(process->token_file_) << options.admin_token << "\n";
    chmod(process->token_file_.c_str(), 0600);
    args.insert(args.end(), {"--admin-token-file", process->token_file_});
  }
  if (!options.seed_file.empty()) {
    args.insert(args.end(), {"--seed", options.seed_file});
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());

  // The server's log goes to a file, not a pipe: nobody has to drain it,
  // and it stays for post-mortem reading.
  std::string log_path = dir + "/server.log";
  process->log_path_ = log_path;
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    freopen(log_path.c_str(), "w", stderr);
    for (std::string& entry : options.environment) putenv(entry.data());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  process->pid_ = pid;

  // Any host: a server on 0.0.0.0 or [::] is reached on 127.0.0.1 too.
  static const std::regex kListening(
      "vita-server: listening on \\S+:([0-9]+) \\(database");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string log = ReadFile(log_path);
    std::smatch match;
    if (std::regex_search(log, match, kListening)) {
      process->address_ = absl::StrCat("127.0.0.1:", match[1].str());
      return process;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process->pid_ = -1;
      return absl::InternalError(
          absl::StrCat("vita-server exited before serving: ", log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("vita-server did not start: ", ReadFile(log_path)));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

absl::Status ServerProcess::Signal(int signal) {
  if (pid_ <= 0) return absl::FailedPreconditionError("not running");
  if (kill(pid_, signal) != 0) {
    return absl::InternalError(absl::StrCat("kill: ", strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ServerProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("not running");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (done < 0) return absl::InternalError("waitpid failed");
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      return absl::DeadlineExceededError(
          absl::StrCat("vita-server did not exit within ", timeout.count(),
                       " ms; killed it (SIGKILL)"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

absl::StatusOr<int> ServerProcess::Stop(int signal,
                                        std::chrono::milliseconds timeout) {
  if (absl::Status sent = Signal(signal); !sent.ok()) return sent;
  return Wait(timeout);
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

bool ServerProcess::WaitForLog(const std::string& text,
                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Log().find(text) != std::string::npos) return true;
    // Ended? (WNOWAIT leaves it to Wait() to collect its status.)
    siginfo_t info = {};
    if (pid_ <= 0 ||
        waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
        info.si_pid == pid_) {
      return Log().find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace vita::testing
