// The one place where absl::Status becomes grpc::Status.
#ifndef VITA_SERVER_API_GRPC_STATUS_H_
#define VITA_SERVER_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace vita::api {

// Same code and message. Internal errors (INTERNAL, DATA_LOSS, UNKNOWN) are
// logged in full and answered with a generic message, so that file paths and
// SQL never reach a client.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace vita::api

#endif  // VITA_SERVER_API_GRPC_STATUS_H_
