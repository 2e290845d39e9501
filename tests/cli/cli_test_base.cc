#include "tests/cli/cli_test_base.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "cli/context.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

extern char** environ;

namespace vita::testing {

std::string TestData(const std::string& name) {
  return std::string(VITA_CLI_TESTDATA) + "/" + name;
}

std::string ReadWholeFile(const std::string& path) {
  return vita::cli::ReadFile(path).value_or("");
}

std::ostream& operator<<(std::ostream& os, const RunResult& r) {
  return os << "exit " << r.exit_code << "\n--- stdout ---\n"
            << r.out << "--- stderr ---\n"
            << r.err;
}

RunResult RunVita(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env,
                  const std::string& home) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string key = entry.substr(0, eq);
    if (key.rfind("VITA_", 0) == 0 || key == "EDITOR" || key == "VISUAL" ||
        key == "XDG_CONFIG_HOME" || key == "HOME") {
      continue;
    }
    vars[key] = entry.substr(eq + 1);
  }
  vars["HOME"] = home;
  vars["XDG_CONFIG_HOME"] = home + "/.config";
  vars["TMPDIR"] = home;
  for (const auto& [k, v] : env) vars[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : vars) env_strings.push_back(k + "=" + v);

  static int counter = 0;
  std::string base = home + "/run" + std::to_string(++counter);
  std::string out_path = base + ".out", err_path = base + ".err";
  std::vector<std::string> argv_strings = {VITA_CLI_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());

  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv, envp;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  RunResult result;
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadWholeFile(out_path);
  result.err = ReadWholeFile(err_path);
  return result;
}

PausingProxy::PausingProxy(const std::string& upstream, Hook before)
    : stub_(grpc::CreateChannel(upstream, grpc::InsecureChannelCredentials())),
      before_(std::move(before)) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterCallbackGenericService(this);
  server_ = builder.BuildAndStart();
  address_ = "127.0.0.1:" + std::to_string(port);
}

PausingProxy::~PausingProxy() { server_->Shutdown(); }

class PausingProxy::Reactor : public grpc::ServerGenericBidiReactor {
 public:
  Reactor(PausingProxy* proxy, grpc::GenericCallbackServerContext* ctx)
      : proxy_(proxy), ctx_(ctx) {
    StartRead(&request_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INTERNAL, "proxy: no request"));
      return;
    }
    std::vector<grpc::Slice> slices;
    (void)request_.Dump(&slices);
    std::string bytes;
    for (const auto& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    proxy_->before_(ctx_->method(), bytes);
    upstream_.set_deadline(ctx_->deadline());
    auto auth = ctx_->client_metadata().find("authorization");
    if (auth != ctx_->client_metadata().end()) {
      upstream_.AddMetadata("authorization", std::string(auth->second.data(),
                                                         auth->second.size()));
    }
    proxy_->stub_.UnaryCall(&upstream_, ctx_->method(), grpc::StubOptions(),
                            &request_, &response_, [this](grpc::Status status) {
                              if (status.ok()) {
                                StartWriteAndFinish(
                                    &response_, grpc::WriteOptions(), status);
                              } else {
                                Finish(status);
                              }
                            });
  }
  void OnDone() override { delete this; }

 private:
  PausingProxy* proxy_;
  grpc::GenericCallbackServerContext* ctx_;
  grpc::ClientContext upstream_;
  grpc::ByteBuffer request_, response_;
};

grpc::ServerGenericBidiReactor* PausingProxy::CreateReactor(
    grpc::GenericCallbackServerContext* ctx) {
  return new Reactor(this, ctx);
}

void CliTest::SetUp() {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  dir_ = MakeTempDir();
}

RunResult CliTest::Vita(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env,
                        bool with_token) {
  std::vector<std::string> full = {"--server", server_->address()};
  if (with_token) {
    full.push_back("--token-file");
    full.push_back(server_->token_file());
  }
  full.insert(full.end(), args.begin(), args.end());
  return RunVita(full, env, dir_);
}

std::string CliTest::VitaOk(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env) {
  RunResult r = Vita(args, env);
  std::string command;
  for (const auto& a : args) command += a + " ";
  EXPECT_EQ(r.exit_code, 0) << "vita " << command << "\n" << r;
  return r.out;
}

RunResult CliTest::ImportOk(const std::vector<std::string>& args,
                            const std::string& summary) {
  RunResult r = Vita(args);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find(summary + "\n"), std::string::npos) << r;
  return r;
}

void CliTest::ReadJson(const std::vector<std::string>& args,
                       google::protobuf::Message* message) {
  std::vector<std::string> full = {"-o", "json"};
  full.insert(full.end(), args.begin(), args.end());
  std::string out = VitaOk(full);
  auto status = google::protobuf::util::JsonStringToMessage(out, message);
  ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << out;
}

std::string CliTest::WriteFile(const std::string& name,
                               const std::string& contents) {
  std::string path = dir_ + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

void CliTest::CreateProfile(const std::string& id,
                            const std::string& display_name,
                            const std::vector<std::string>& variants) {
  std::vector<std::string> args = {"profile", "create", id, "--display-name",
                                   display_name};
  for (const auto& v : variants) {
    args.push_back("--name-variant");
    args.push_back(v);
  }
  VitaOk(args);
}

}  // namespace vita::testing
