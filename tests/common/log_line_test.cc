// LogLine writes each line with one write(2). Standard error is pointed at
// one end of a SOCK_SEQPACKET socket pair, which keeps the boundaries of
// writes: each recv() returns exactly what one write() sent, so a line
// written in parts (as `std::cerr << a << b << std::endl` does) would
// arrive as several messages.
#include "common/log_line.h"

#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace vita {
namespace {

class LogLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair_), 0);
    saved_stderr_ = dup(STDERR_FILENO);
    ASSERT_GE(saved_stderr_, 0);
    ASSERT_EQ(dup2(pair_[0], STDERR_FILENO), STDERR_FILENO);
  }
  void TearDown() override {
    dup2(saved_stderr_, STDERR_FILENO);
    close(saved_stderr_);
    close(pair_[0]);
    close(pair_[1]);
  }

  // The next message written to standard error ("" if none is waiting).
  std::string NextWrite() {
    char buffer[8192];
    const ssize_t got = recv(pair_[1], buffer, sizeof buffer, MSG_DONTWAIT);
    return got > 0 ? std::string(buffer, static_cast<size_t>(got)) : "";
  }

  int pair_[2] = {-1, -1};
  int saved_stderr_ = -1;
};

TEST_F(LogLineTest, WritesProgramMessageAndNewlineInOneWrite) {
  LogLine("vita-server", "listening on 127.0.0.1:50051");
  EXPECT_EQ(NextWrite(), "vita-server: listening on 127.0.0.1:50051\n");
  EXPECT_EQ(NextWrite(), "");  // nothing more: it was one write
}

TEST_F(LogLineTest, WritesALongLineWhole) {
  const std::string message(3000, 'x');
  LogLine("vita-server", message);
  EXPECT_EQ(NextWrite(), "vita-server: " + message + "\n");
}

}  // namespace
}  // namespace vita
