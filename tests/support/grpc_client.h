// A gRPC client of a test server, with helpers to attach the admin token.
#ifndef VITA_TESTS_SUPPORT_GRPC_CLIENT_H_
#define VITA_TESTS_SUPPORT_GRPC_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "vita/v1/profile_service.grpc.pb.h"
#include "vita/v1/token_service.grpc.pb.h"

namespace vita::testing {

inline std::unique_ptr<v1::ProfileService::Stub> NewStub(
    const std::string& address) {
  return v1::ProfileService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

inline std::unique_ptr<v1::TokenService::Stub> NewTokenStub(
    const std::string& address) {
  return v1::TokenService::NewStub(
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

// Calls the read `method` (GetProfile, GetPage, GetNewsItem, ...) of
// `stub` for the resource `name`, without a token, giving up after
// `timeout`; the record read goes to `response`. Example:
//   v1::Page page;
//   grpc::Status s = ReadByName(*stub, &v1::ProfileService::Stub::GetPage,
//                               "profiles/ann", std::chrono::seconds(4),
//                               &page);
template <typename Request, typename Response>
grpc::Status ReadByName(v1::ProfileService::Stub& stub,
                        grpc::Status (v1::ProfileService::Stub::*method)(
                            grpc::ClientContext*, const Request&, Response*),
                        const std::string& name,
                        std::chrono::milliseconds timeout, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  Request request;
  request.set_name(name);
  return (stub.*method)(&context, request, response);
}

// Creates profiles/ann ("Ann") through `stub` in a call of its own that
// carries the bearer `token` (in tests, usually kTestAdminToken).
inline grpc::Status CreateAnn(v1::ProfileService::Stub& stub,
                              const std::string& token) {
  grpc::ClientContext context;
  Authorize(context, token);
  return CreateAnn(stub, context);
}

// Adds a news item saying `text` (dated 2025) to profiles/ann through
// `stub`, with the bearer `token`, giving up after 30 s.
inline grpc::Status CreateAnnNewsItem(v1::ProfileService::Stub& stub,
                                      const std::string& token,
                                      const std::string& text) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  Authorize(context, token);
  v1::CreateNewsItemRequest request;
  request.set_parent("profiles/ann");
  request.mutable_news_item()->set_text(text);
  request.mutable_news_item()->mutable_date()->set_year(2025);
  v1::NewsItem item;
  return stub.CreateNewsItem(&context, request, &item);
}

// A new editor token of `profile` ("profiles/{id}"), made with the admin
// token `admin_token`, valid for `ttl_seconds` (the server's default when 0).
inline absl::StatusOr<v1::CreateTokenResponse> CreateEditorToken(
    const std::string& address, const std::string& admin_token,
    const std::string& profile, int64_t ttl_seconds = 0) {
  grpc::ClientContext context;
  Authorize(context, admin_token);
  v1::CreateTokenRequest request;
  request.set_profile(profile);
  request.set_label("test editor");
  if (ttl_seconds > 0) request.mutable_ttl()->set_seconds(ttl_seconds);
  v1::CreateTokenResponse response;
  grpc::Status status =
      NewTokenStub(address)->CreateToken(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return response;
}

// The page `name` ("profiles/{id}") of the server at `address`, read
// without a token as the public page is.
inline absl::StatusOr<v1::Page> GetPage(const std::string& address,
                                        const std::string& name) {
  auto stub = NewStub(address);
  v1::Page page;
  grpc::Status status = ReadByName(*stub, &v1::ProfileService::Stub::GetPage,
                                   name, std::chrono::seconds(30), &page);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return page;
}

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_GRPC_CLIENT_H_
