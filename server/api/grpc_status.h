// The one place where absl::Status becomes grpc::Status.
#ifndef VITA_SERVER_API_GRPC_STATUS_H_
#define VITA_SERVER_API_GRPC_STATUS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/empty.pb.h"
#include "grpcpp/support/status.h"

namespace vita::api {

// Same code and message. Internal errors (INTERNAL, DATA_LOSS, UNKNOWN) are
// logged in full and answered with a generic message, so that file paths and
// SQL never reach a client.
grpc::Status ToGrpcStatus(const absl::Status& status);

// What a sync handler returns for a domain result: OK with `*response` set
// to the result's value, or the result's status mapped by ToGrpcStatus.
template <typename Response>
grpc::Status Reply(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}
// The same for a domain result without a value, whose RPC replies Empty.
inline grpc::Status Reply(const absl::Status& result,
                          google::protobuf::Empty* response) {
  return ToGrpcStatus(result);
}

// Authorizes a write before the domain sees it, so a refused call cannot
// have changed anything: declares `const domain::Caller caller` from `expr`
// (an absl::StatusOr<domain::Caller> from api::Authorizer), or returns the
// refusal from the handler.
#define VITA_AUTHORIZE(caller, expr)                                   \
  absl::StatusOr<::vita::domain::Caller> caller##_or_refusal = (expr); \
  if (!caller##_or_refusal.ok()) {                                     \
    return ::vita::api::ToGrpcStatus(caller##_or_refusal.status());    \
  }                                                                    \
  const ::vita::domain::Caller caller = *std::move(caller##_or_refusal)

}  // namespace vita::api

#endif  // VITA_SERVER_API_GRPC_STATUS_H_
