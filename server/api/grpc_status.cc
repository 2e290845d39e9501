#include "server/api/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/log_line.h"

namespace vita::api {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnknown:
      LogLine("vita-server",
              absl::StrCat("internal error: ", status.ToString()));
      return grpc::Status(code, "internal error; see the server log");
    default:
      return grpc::Status(code, std::string(status.message()));
  }
}

}  // namespace vita::api
