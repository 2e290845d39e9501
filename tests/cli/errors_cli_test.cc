// End-to-end tests of how `vita` fails: one line on stderr and the
// documented exit code (docs/cli.md) for each kind of failure; and --help
// with an example on every command.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tests/cli/cli_test_base.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

class ErrorsCliTest : public CliTest {
 protected:
  static int Lines(const std::string& s) {
    return std::count(s.begin(), s.end(), '\n');
  }
};

// A loopback port that refuses connections for as long as this object
// lives: a socket bound to it that never listens. The port stays ours, so no
// other test (ctest -j) can start a server on it meanwhile.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  // Empty if the socket could not be bound.
  const std::string& address() const { return address_; }

 private:
  int fd_ = -1;
  std::string address_;
};

TEST_F(ErrorsCliTest, UnreachableServerSaysCannotReach) {
  RefusingPort refusing;
  ASSERT_FALSE(refusing.address().empty()) << std::strerror(errno);
  // Nothing listens there: a connect is refused at once.
  {
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(std::stoi(
        refusing.address().substr(refusing.address().rfind(':') + 1)));
    int rc = connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    int error = errno;
    close(probe);
    ASSERT_EQ(rc, -1);
    ASSERT_EQ(error, ECONNREFUSED) << std::strerror(error);
  }
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"page", "hexu"},
           {"profile", "list"},
           {"--profile", "hexu", "news", "add", "--date", "2024-01", "x"}}) {
    args.insert(args.begin(), {"--server", refusing.address(), "--token-file",
                               server_->token_file()});
    RunResult r = RunVita(args, {}, dir_);
    EXPECT_EQ(r.exit_code, 8) << r;
    EXPECT_EQ(r.err, "error: cannot reach vita-server at " +
                         refusing.address() +
                         " (is it running? set --server or VITA_SERVER)\n")
        << r;
  }
}

TEST_F(ErrorsCliTest, WritesWithoutOrWithAWrongTokenAreNotAuthorized) {
  RunResult none = Vita({"profile", "create", "x", "--display-name", "X"}, {},
                        /*with_token=*/false);
  EXPECT_EQ(none.exit_code, 6) << none;
  EXPECT_NE(none.err.find("not authorized: set VITA_TOKEN"), std::string::npos)
      << none;
  EXPECT_EQ(Lines(none.err), 1) << none;

  RunResult wrong = Vita({"profile", "create", "x", "--display-name", "X"},
                         {{"VITA_TOKEN", "wrong-token"}}, false);
  EXPECT_EQ(wrong.exit_code, 6) << wrong;
  EXPECT_NE(wrong.err.find("not authorized: set VITA_TOKEN"), std::string::npos)
      << wrong;
  EXPECT_EQ(wrong.err.find("wrong-token"), std::string::npos);  // not echoed

  // The right token from VITA_TOKEN works; reads need none.
  RunResult env = Vita({"profile", "create", "x", "--display-name", "X"},
                       {{"VITA_TOKEN", kTestAdminToken}}, false);
  EXPECT_EQ(env.exit_code, 0) << env;
  EXPECT_EQ(env.out.find(kTestAdminToken), std::string::npos);
  EXPECT_EQ(env.err.find(kTestAdminToken), std::string::npos);
  EXPECT_EQ(Vita({"profile", "get", "x"}, {}, false).exit_code, 0);
}

TEST_F(ErrorsCliTest, InvalidFieldGivesTheServersFieldMessage) {
  RunResult bad_id =
      Vita({"profile", "create", "Not_Valid", "--display-name", "X"});
  EXPECT_EQ(bad_id.exit_code, 4) << bad_id;
  EXPECT_EQ(bad_id.err,
            "error: invalid argument: profile_id: \"Not_Valid\" is not a valid "
            "id (1 to 63 characters of a-z, 0-9 and '-', starting and ending "
            "with a letter or digit)\n")
      << bad_id;

  RunResult no_name = Vita({"profile", "create", "ok"});
  EXPECT_EQ(no_name.exit_code, 4) << no_name;
  EXPECT_EQ(no_name.err,
            "error: invalid argument: profile.display_name: is required\n")
      << no_name;

  vita::v1::ListProfilesResponse none;
  ReadJson({"profile", "list"}, &none);
  EXPECT_EQ(none.profiles_size(), 0);

  CreateProfile("hexu", "Hexu Zhao");
  RunResult bad_url =
      Vita({"profile", "set", "--add-link", "github=ftp://example.org"});
  EXPECT_EQ(bad_url.exit_code, 4) << bad_url;
  EXPECT_EQ(bad_url.err,
            "error: invalid argument: profile.links[0].url: scheme must be "
            "http, https or mailto, or a path starting with \"/\" (got "
            "\"ftp\")\n")
      << bad_url;
  vita::v1::Profile unchanged;
  ReadJson({"profile", "get", "hexu"}, &unchanged);
  EXPECT_EQ(unchanged.links_size(), 0);
}

TEST_F(ErrorsCliTest, NotFoundNamesTheResource) {
  CreateProfile("hexu", "Hexu Zhao");
  struct Case {
    std::vector<std::string> args;
    std::string resource;
  };
  for (const Case& c : std::vector<Case>{
           {{"profile", "get", "nobody"}, "profiles/nobody"},
           {{"page", "nobody"}, "profiles/nobody"},
           {{"news", "get", "nope"}, "profiles/hexu/news/nope"},
           {{"news", "rm", "nope"}, "profiles/hexu/news/nope"},
           {{"pub", "get", "nope"}, "profiles/hexu/publications/nope"},
           {{"pub", "edit", "nope", "--title", "x"},
            "profiles/hexu/publications/nope"},
           {{"--profile", "nobody", "news", "list"}, "profiles/nobody"}}) {
    RunResult r = Vita(c.args);
    EXPECT_EQ(r.exit_code, 5) << r;
    EXPECT_EQ(r.err, "error: not found: " + c.resource + "\n") << r;
  }
}

TEST_F(ErrorsCliTest, TakenIdNamesTheResourceOnce) {
  CreateProfile("hexu", "Hexu Zhao");
  VitaOk({"news", "add", "--id", "join", "--date", "2024-03", "I join NYU."});
  RunResult r = Vita({"news", "add", "--id", "join", "--date", "2024-03", "x"});
  EXPECT_EQ(r.exit_code, 7) << r;
  EXPECT_EQ(r.err, "error: already exists: profiles/hexu/news/join\n") << r;
}

TEST_F(ErrorsCliTest, UsageErrors) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"profile", "get", "--bogus"},
                                             {"news", "add", "no date"},
                                             {"pub"},
                                             {"-o", "xml", "profile", "list"},
                                             {"edit", "frobnicate"},
                                             {"--timeout", "-3", "page"},
                                             {"--timeout", "0", "page"},
                                             {"edit", "news"},
                                             {"frobnicate"}}) {
    RunResult r = Vita(args);
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(Lines(r.err), 1) << r;
  }
  std::string missing = dir_ + "/missing.bib";
  CreateProfile("hexu", "Hexu Zhao");
  RunResult file = Vita({"pub", "import", missing});
  EXPECT_EQ(file.exit_code, 5) << file;
  EXPECT_EQ(file.err,
            "error: cannot read " + missing + ": No such file or directory\n")
      << file;
  RunResult token = Vita(
      {"--token-file", missing, "news", "add", "--date", "2024-01", "x"}, {},
      /*with_token=*/false);
  EXPECT_EQ(token.exit_code, 5) << token;
  EXPECT_NE(token.err.find(missing + ": No such file or directory"),
            std::string::npos)
      << token;
}

TEST_F(ErrorsCliTest, EveryCommandHasHelpWithAnExample) {
  std::vector<std::vector<std::string>> commands = {{},
                                                    {"page"},
                                                    {"export"},
                                                    {"import"},
                                                    {"edit"},
                                                    {"profile"},
                                                    {"profile", "list"},
                                                    {"profile", "get"},
                                                    {"profile", "create"},
                                                    {"profile", "set"},
                                                    {"profile", "edit"},
                                                    {"profile", "delete"},
                                                    {"news"},
                                                    {"news", "list"},
                                                    {"news", "get"},
                                                    {"news", "add"},
                                                    {"news", "edit"},
                                                    {"news", "rm"},
                                                    {"pub"},
                                                    {"pub", "list"},
                                                    {"pub", "get"},
                                                    {"pub", "add"},
                                                    {"pub", "edit"},
                                                    {"pub", "rm"},
                                                    {"pub", "import"},
                                                    {"pub", "export"},
                                                    {"profile", "add"},
                                                    {"profile", "rm"},
                                                    {"publication"},
                                                    {"publication", "add"}};
  for (auto args : commands) {
    args.push_back("--help");
    RunResult r = RunVita(args, {}, dir_);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("Examples:\n  vita"), std::string::npos) << r;
  }
}

TEST_F(ErrorsCliTest, TimeoutAndTlsOptionsAreAccepted) {
  CreateProfile("hexu", "Hexu Zhao");
  EXPECT_EQ(Vita({"--timeout", "5", "page"}).exit_code, 0);
  // A plain server does not speak TLS: the client cannot reach it over TLS.
  RunResult tls = Vita({"--tls", "--timeout", "3", "page"});
  EXPECT_EQ(tls.exit_code, 8) << tls;
  RunResult no_ca = Vita({"--ca", dir_ + "/no-such-ca.pem", "page"});
  EXPECT_EQ(no_ca.exit_code, 5) << no_ca;
  EXPECT_EQ(no_ca.err,
            "error: cannot read CA file " + dir_ + "/no-such-ca.pem\n")
      << no_ca;
}

}  // namespace
}  // namespace vita::testing
