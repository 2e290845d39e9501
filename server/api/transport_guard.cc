#include "server/api/transport_guard.h"

#include "absl/strings/str_cat.h"

namespace vita::api {

absl::Status TransportGuard::Check(const grpc::ServerContext& context) const {
  if (listen_.empty()) return absl::OkStatus();
  if (context.client_metadata().count("authorization") == 0) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "writes with a token are refused: vita-server listens on ", listen_,
      " without TLS, so the token would cross the network in clear text; "
      "start it with --tls-cert and --tls-key, or accept the risk with "
      "--allow-insecure"));
}

}  // namespace vita::api
