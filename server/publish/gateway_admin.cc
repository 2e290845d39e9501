#include "server/publish/gateway_admin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/publish/gateway_routes.h"

namespace vita::publish {

absl::StatusOr<GatewayAdmin> GatewayAdmin::Create(absl::string_view address) {
  size_t colon = address.rfind(':');
  int port = 0;
  in_addr ignored;
  std::string host(
      address.substr(0, colon == absl::string_view::npos ? 0 : colon));
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port <= 0 ||
      port > 65535 || inet_pton(AF_INET, host.c_str(), &ignored) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--gateway-admin: want an IPv4 host:port such as "
                     "127.0.0.1:9901 (got \"",
                     address, "\")"));
  }
  return GatewayAdmin(std::move(host), port);
}

absl::StatusOr<std::string> GatewayAdmin::Get(absl::string_view target) const {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("cannot make a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
  timeval limit{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    absl::Status error = absl::UnavailableError(absl::StrCat(
        "gateway admin ", host_, ":", port_, ": ", std::strerror(errno)));
    close(fd);
    return error;
  }
  std::string request =
      absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: ", host_,
                   "\r\nConnection: close\r\n\r\n");
  std::string response;
  bool ok = send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size());
  char buffer[4096];
  while (ok) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    response.append(buffer, n);
  }
  close(fd);
  size_t body = response.find("\r\n\r\n");
  if (!ok || !absl::StartsWith(response, "HTTP/1.1 200") ||
      body == std::string::npos) {
    return absl::InternalError(absl::StrCat("gateway admin ", host_, ":", port_,
                                            " gave a broken answer to ",
                                            target));
  }
  return response.substr(body + 4);
}

absl::Status GatewayAdmin::WaitForRoutes(absl::string_view version,
                                         absl::Duration timeout) const {
  constexpr absl::string_view kStat = "version_text: \"";
  const absl::Time deadline = absl::Now() + timeout;
  std::string last;
  // Envoy reloads on the rename's inotify event, in a millisecond or more
  // (it parses the whole table and reads every routed file again): asking
  // at once would mostly waste a request, and each one costs Envoy's main
  // thread, which does the reload, a look at its stats (only its text
  // readouts: ~0.1 ms of its CPU, ~0.25 ms for all stats). Then every
  // millisecond, so that a write waits at most ~1 ms longer than the
  // reload.
  for (absl::Duration pause = absl::Microseconds(500);;
       pause = absl::Milliseconds(1)) {
    absl::SleepFor(pause);
    absl::StatusOr<std::string> stats =
        Get("/stats?type=TextReadouts&filter="
            "%5Ehttp%5C..*%5C.rds%5C.vita%5C.version_text%24");
    if (absl::IsUnavailable(stats.status())) return absl::OkStatus();
    if (stats.ok()) {
      // The body is chunked; the stat is one line of it.
      size_t at = absl::string_view(*stats).find(kStat);
      if (at != std::string::npos) {
        size_t start = at + kStat.size();
        size_t end = stats->find('"', start);
        if (end != std::string::npos &&
            RoutesVersionCovers(
                absl::string_view(*stats).substr(start, end - start),
                version)) {
          return absl::OkStatus();
        }
      }
      at = stats->find("version_text: ");
      last = at == std::string::npos
                 ? "no route table from a file"
                 : stats->substr(at, stats->find_first_of("\r\n", at) - at);
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "the gateway did not load route table version ", version, " within ",
          absl::FormatDuration(timeout), " (it reports: ",
          stats.ok() ? last : std::string(stats.status().message()), ")"));
    }
  }
}

}  // namespace vita::publish
