// A gRPC client of a test server, with helpers to attach the admin token.
#ifndef VITA_TESTS_SUPPORT_GRPC_CLIENT_H_
#define VITA_TESTS_SUPPORT_GRPC_CLIENT_H_

#include <memory>
#include <string>

#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::testing {

inline std::unique_ptr<v1::ProfileService::Stub> NewStub(
    const std::string& address) {
  return v1::ProfileService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

// Adds "authorization: Bearer <token>" to the call.
inline void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
}

// Creates profiles/ann ("Ann") through `stub` in the call `context` (which
// carries the caller's authorization, if any).
inline grpc::Status CreateAnn(v1::ProfileService::Stub& stub,
                              grpc::ClientContext& context) {
  v1::CreateProfileRequest request;
  request.set_profile_id("ann");
  request.mutable_profile()->set_display_name("Ann");
  v1::Profile profile;
  return stub.CreateProfile(&context, request, &profile);
}

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_GRPC_CLIENT_H_
