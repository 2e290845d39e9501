#include "server/api/token_service.h"

#include "server/api/rpc_table.h"

namespace vita::api {

// What an editor token is told it may not do here.
constexpr char kManagingTokens[] = "managing tokens";

TokenService::TokenService(domain::TokenService* rules, const Authorizer* auth)
    : rules_(rules), auth_(auth) {}

VITA_AUTHORIZED_RPC(TokenService, CreateToken,
                    auth_->ForAdmin(*context, kManagingTokens),
                    rules_->CreateToken(*request))
VITA_AUTHORIZED_RPC(TokenService, ListTokens,
                    auth_->ForAdmin(*context, kManagingTokens),
                    rules_->ListTokens(*request))
VITA_AUTHORIZED_RPC(TokenService, RevokeToken,
                    auth_->ForAdmin(*context, kManagingTokens),
                    rules_->RevokeToken(*request))

}  // namespace vita::api
