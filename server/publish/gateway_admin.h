// Confirms through the gateway's admin interface that Envoy serves a route
// table version, so that vita-server acknowledges a write only once a read
// through the gateway shows it (read-your-writes).
//
//   GatewayAdmin admin("127.0.0.1:9901");
//   absl::Status s = admin.WaitForRoutes(version, absl::Seconds(5));
//
// It asks GET /stats?type=TextReadouts&filter=rds\.vita\.version_text over
// plain HTTP/1.1 (the admin interface listens on loopback), until Envoy's
// route table "vita" has that version_info or a later one
// (RoutesVersionCovers, gateway_routes.h).
//
// Thread safety: WaitForRoutes may be called from several threads.
#ifndef VITA_SERVER_PUBLISH_GATEWAY_ADMIN_H_
#define VITA_SERVER_PUBLISH_GATEWAY_ADMIN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace vita::publish {

class GatewayAdmin {
 public:
  // `address`: the admin interface's IPv4 "host:port" (a numeric host).
  // Errors: INVALID_ARGUMENT naming the flag's rule.
  static absl::StatusOr<GatewayAdmin> Create(absl::string_view address);

  // Returns once Envoy reports route table `version`, or a later one that
  // covers it (RoutesVersionCovers: Envoy may load only the newest of
  // tables written in quick succession). OK at once when
  // nothing listens at the address (no gateway running: it loads the newest
  // table when it starts). Errors: DEADLINE_EXCEEDED after `timeout` (Envoy
  // runs but has not loaded it: it rejected the table, or is stuck),
  // naming the version and the one Envoy serves.
  absl::Status WaitForRoutes(absl::string_view version,
                             absl::Duration timeout) const;

  // The body of GET `target` from the admin interface. Errors: UNAVAILABLE
  // when nothing listens; INTERNAL on a broken answer.
  absl::StatusOr<std::string> Get(absl::string_view target) const;

 private:
  GatewayAdmin(std::string host, int port) : host_(host), port_(port) {}
  std::string host_;
  int port_;
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_GATEWAY_ADMIN_H_
