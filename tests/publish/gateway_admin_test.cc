#include "server/publish/gateway_admin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace vita::publish {
namespace {

TEST(GatewayAdminTest, RefusesAnAddressThatIsNotAnIpv4HostAndPort) {
  for (const char* bad : {"localhost:9901", "127.0.0.1", "127.0.0.1:0",
                          "127.0.0.1:65536", ":9901", "127.0.0.1:x"}) {
    absl::StatusOr<GatewayAdmin> admin = GatewayAdmin::Create(bad);
    ASSERT_FALSE(admin.ok()) << bad;
    EXPECT_EQ(admin.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(admin.status().message(),
              std::string("--gateway-admin: want an IPv4 host:port such as "
                          "127.0.0.1:9901 (got \"") +
                  bad + "\")");
  }
  EXPECT_TRUE(GatewayAdmin::Create("127.0.0.1:9901").ok());
}

// A port nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t size = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(GatewayAdminTest, DoesNotWaitWhenNoGatewayRuns) {
  absl::StatusOr<GatewayAdmin> admin =
      GatewayAdmin::Create("127.0.0.1:" + std::to_string(ClosedPort()));
  ASSERT_TRUE(admin.ok());
  // OK, not DEADLINE_EXCEEDED: nothing to wait for.
  EXPECT_TRUE(admin->WaitForRoutes("v1", absl::Seconds(30)).ok());
  EXPECT_EQ(admin->Get("/stats").status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace vita::publish
