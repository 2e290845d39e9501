#include "server/api/token_service.h"

#include "server/api/grpc_status.h"

namespace vita::api {

// What an editor token is told it may not do here.
constexpr char kManagingTokens[] = "managing tokens";

TokenService::TokenService(domain::TokenService* rules, const Authorizer* auth)
    : rules_(rules), auth_(auth) {}

grpc::Status TokenService::CreateToken(grpc::ServerContext* context,
                                       const v1::CreateTokenRequest* request,
                                       v1::CreateTokenResponse* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, kManagingTokens));
  return Reply(rules_->CreateToken(*request), response);
}

grpc::Status TokenService::ListTokens(grpc::ServerContext* context,
                                      const v1::ListTokensRequest* request,
                                      v1::ListTokensResponse* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, kManagingTokens));
  return Reply(rules_->ListTokens(*request), response);
}

grpc::Status TokenService::RevokeToken(grpc::ServerContext* context,
                                       const v1::RevokeTokenRequest* request,
                                       google::protobuf::Empty* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, kManagingTokens));
  return Reply(rules_->RevokeToken(*request));
}

}  // namespace vita::api
