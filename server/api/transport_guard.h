// The transport guard: refuses writes that carry a token when the token
// would cross the network in clear text.
//
//   api::TransportGuard guard = api::TransportGuard::RefuseTokens(
//       "0.0.0.0:50051");             // or TransportGuard::Off()
//   if (absl::Status s = guard.Check(context); !s.ok()) return s;
//
// vita-server arms it when it listens on anything but loopback without TLS
// (--tls-cert/--tls-key) and without --allow-insecure (server/vita_server.cc).
// api::ProfileService checks it before it authorizes a write, so a write
// refused here is refused whatever its token, and changes nothing.
// Reads, and writes without an `authorization` metadata entry, pass: a read
// carries no secret, and a write without a token fails authorization anyway.
//
// Thread safety: immutable after construction; Check may run concurrently.
#ifndef VITA_SERVER_API_TRANSPORT_GUARD_H_
#define VITA_SERVER_API_TRANSPORT_GUARD_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"

namespace vita::api {

class TransportGuard {
 public:
  // Lets every call pass: TLS is on, the server listens on loopback, or the
  // operator said --allow-insecure.
  static TransportGuard Off() { return TransportGuard(""); }

  // Refuses calls that carry a token; `listen` (the address served without
  // TLS) goes into the error message.
  static TransportGuard RefuseTokens(std::string listen) {
    return TransportGuard(std::move(listen));
  }

  // OK unless the guard is armed and the call carries the metadata
  // `authorization`; then FAILED_PRECONDITION naming --tls-cert and
  // --allow-insecure. Never echoes the token.
  absl::Status Check(const grpc::ServerContext& context) const;

 private:
  explicit TransportGuard(std::string listen) : listen_(std::move(listen)) {}
  // The plaintext address; empty when the guard is off.
  std::string listen_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_TRANSPORT_GUARD_H_
