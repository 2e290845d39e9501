// api::TokenService, the gRPC face of vita.v1.TokenService: admin only. It
// authorizes each call (Authorizer::ForAdmin), hands the request to
// domain::TokenService (the rules) and translates the result.
//
// Example (vita_server.cc):
//
//   domain::TokenService tokens(store.get());
//   api::Authorizer auth(admin_token, &tokens);
//   api::TokenService token_service(&tokens, &auth);
//   builder.RegisterService(&token_service);
//
// Ownership: borrows `rules` and `auth`, which must outlive it. Thread
// safety: gRPC calls its methods from many threads at once, which
// domain::TokenService and Authorizer allow.
#ifndef VITA_SERVER_API_TOKEN_SERVICE_H_
#define VITA_SERVER_API_TOKEN_SERVICE_H_

#include "server/api/authorizer.h"
#include "server/api/rpc_table.h"
#include "server/domain/token_service.h"
#include "vita/v1/token_service.grpc.pb.h"

namespace vita::api {

class TokenService final : public v1::TokenService::Service {
 public:
  TokenService(domain::TokenService* rules, const Authorizer* auth);

  // Each one line of token_service.cc's table (rpc_table.h).
  VITA_RPC(v1::TokenService::Service, CreateToken);
  VITA_RPC(v1::TokenService::Service, ListTokens);
  VITA_RPC(v1::TokenService::Service, RevokeToken);

 private:
  domain::TokenService* const rules_;
  const Authorizer* const auth_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_TOKEN_SERVICE_H_
