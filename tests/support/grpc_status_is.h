// A gmock matcher of the grpc::Status a call returns: its code and its
// message, for the tests that check how the server refuses a call.
//
//   EXPECT_THAT(stub_->GetProfile(Context().get(), request, &profile),
//               GrpcStatusIs(grpc::StatusCode::NOT_FOUND,
//                            "profile \"profiles/nobody\" not found"));
//
// A mismatch prints the status's code and message. Stateless; use from any
// thread.
#ifndef VITA_TESTS_SUPPORT_GRPC_STATUS_IS_H_
#define VITA_TESTS_SUPPORT_GRPC_STATUS_IS_H_

#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "grpcpp/support/status.h"

namespace grpc {

// How gtest prints a grpc::Status (found by argument-dependent lookup).
inline void PrintTo(const Status& status, std::ostream* os) {
  *os << "code " << status.error_code() << ", message "
      << ::testing::PrintToString(status.error_message());
}

}  // namespace grpc

namespace vita::testing {

// Matches a grpc::Status with the code `code` whose message matches
// `message` (a string, or a matcher such as HasSubstr).
inline ::testing::Matcher<const grpc::Status&> GrpcStatusIs(
    grpc::StatusCode code, ::testing::Matcher<const std::string&> message) {
  return ::testing::AllOf(
      ::testing::Property("error_code", &grpc::Status::error_code, code),
      ::testing::Property("error_message", &grpc::Status::error_message,
                          message));
}

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_GRPC_STATUS_IS_H_
