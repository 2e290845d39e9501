// Who may write: the holder of the admin token.
//
// Writes carry the metadata `authorization: Bearer <token>`. The token is
// compared in constant time (as SHA-256 digests, so not even its length
// leaks), and it is never logged or echoed in an error.
#ifndef VITA_SERVER_API_ADMIN_AUTH_H_
#define VITA_SERVER_API_ADMIN_AUTH_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"

namespace vita::api {

class AdminAuth {
 public:
  // Without a token every write is refused.
  explicit AdminAuth(std::optional<std::string> admin_token);

  // OK if the call carries the admin token; UNAUTHENTICATED otherwise.
  absl::Status Check(const grpc::ServerContext& context) const;

 private:
  // SHA-256 of the token; empty when there is none.
  std::string token_digest_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_ADMIN_AUTH_H_
