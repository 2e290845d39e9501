// Tests of server/api/grpc_status.cc: the one place where absl::Status
// becomes grpc::Status. Every code keeps its number and meaning; internal
// errors are logged in full and reach the client only as a generic message.
#include "server/api/grpc_status.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

namespace vita::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A message with what a client must never see inside an internal error.
constexpr char kSecret[] =
    "INSERT INTO news VALUES (?1): /var/lib/vita/vita.db: disk I/O error";

TEST(GrpcStatusTest, OkIsOkWithNoMessage) {
  grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(status.error_message(), "");
}

TEST(GrpcStatusTest, EveryClientErrorKeepsItsCodeAndExactMessage) {
  const std::vector<std::pair<absl::StatusCode, grpc::StatusCode>> codes = {
      {absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
      {absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {absl::StatusCode::kDeadlineExceeded,
       grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {absl::StatusCode::kPermissionDenied,
       grpc::StatusCode::PERMISSION_DENIED},
      {absl::StatusCode::kResourceExhausted,
       grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::StatusCode::kFailedPrecondition,
       grpc::StatusCode::FAILED_PRECONDITION},
      {absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
      {absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
      {absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
      {absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
  };
  ASSERT_EQ(codes.size(), 13u);  // 17 codes: OK and 3 internal ones apart.
  for (const auto& [absl_code, grpc_code] : codes) {
    SCOPED_TRACE(absl::StatusCodeToString(absl_code));
    ::testing::internal::CaptureStderr();
    grpc::Status status = ToGrpcStatus(absl::Status(
        absl_code, "news_item.text: must not be empty (got \"\")"));
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    EXPECT_EQ(status.error_code(), grpc_code);
    EXPECT_EQ(status.error_message(),
              "news_item.text: must not be empty (got \"\")");
  }
}

TEST(GrpcStatusTest, InternalErrorsHideTheirDetailsAndLogThem) {
  for (auto [absl_code, grpc_code, name] :
       {std::tuple{absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL,
                   "INTERNAL"},
        std::tuple{absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS,
                   "DATA_LOSS"},
        std::tuple{absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN,
                   "UNKNOWN"}}) {
    SCOPED_TRACE(name);
    ::testing::internal::CaptureStderr();
    grpc::Status status = ToGrpcStatus(absl::Status(absl_code, kSecret));
    std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(status.error_code(), grpc_code);
    EXPECT_EQ(status.error_message(), "internal error; see the server log");
    EXPECT_THAT(status.error_details(), Not(HasSubstr("vita.db")));
    EXPECT_EQ(log, std::string("vita-server: internal error: ") + name + ": " +
                       kSecret + "\n");
  }
}

}  // namespace
}  // namespace vita::api
