// The sync handlers of a gRPC face as a table: one line per RPC.
//
// A generated service (v1::ProfileService::Service, ...) declares one
// virtual sync handler per RPC, `grpc::Status Method(grpc::ServerContext*
// context, const Request* request, Response* response)`. Ours all do the
// same: authorize the call unless it is public (Authorizer, VITA_AUTHORIZE),
// make one domain call and Reply with its result (grpc_status.h). So a class
// declares each handler with VITA_RPC, and its .cc defines each with
// VITA_PUBLIC_RPC or VITA_AUTHORIZED_RPC from what differs: who may call it
// and the domain call (or, when it does more, with VITA_RPC_DEFINITION and a
// body). In those expressions `context`, `request` and `response` are the
// handler's parameters and `caller` the authorized domain::Caller.
//
// Example (api/token_service.h and .cc):
//
//   class TokenService final : public v1::TokenService::Service {
//    public:
//     VITA_RPC(v1::TokenService::Service, ListTokens);
//     ...
//   };
//
//   VITA_AUTHORIZED_RPC(TokenService, ListTokens,
//                       auth_->ForAdmin(*context, "managing tokens"),
//                       rules_->ListTokens(*request))
//
// Handlers of other kinds (GetPage's raw callback, a streaming Backup) are
// written out as usual.
//
// Thread safety: gRPC calls the handlers from many threads at once; they
// share only what their class shares (the Authorizer and the domain
// service, which allow it).
#ifndef VITA_SERVER_API_RPC_TABLE_H_
#define VITA_SERVER_API_RPC_TABLE_H_

#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "server/api/grpc_status.h"

namespace vita::api {

// The request and response types of the sync handler `Handler`, the type of
// `&Service::Method`.
template <typename Handler>
struct RpcSignature;
template <typename Service, typename Request, typename Response>
struct RpcSignature<grpc::Status (Service::*)(grpc::ServerContext*,
                                              const Request*, Response*)> {
  using RequestType = Request;
  using ResponseType = Response;
};
template <typename Handler>
using RpcRequest = typename RpcSignature<Handler>::RequestType;
template <typename Handler>
using RpcResponse = typename RpcSignature<Handler>::ResponseType;

}  // namespace vita::api

// Declares, in a class derived from the generated `Service`, the override of
// its sync handler `Method`, with the generated signature.
#define VITA_RPC(Service, Method) \
  grpc::Status Method VITA_RPC_PARAMETERS_(&Service::Method) override

// Defines `Class::Method`, which VITA_RPC declared: replies with the domain
// call `...` (an absl::StatusOr of the response, or an absl::Status for an
// Empty response). Anyone may call it.
#define VITA_PUBLIC_RPC(Class, Method, ...)           \
  VITA_RPC_DEFINITION(Class, Method) {                \
    return ::vita::api::Reply(__VA_ARGS__, response); \
  }

// Defines `Class::Method`, which VITA_RPC declared: declares `caller` from
// `authorization` (an absl::StatusOr<domain::Caller> from Authorizer) or
// returns its refusal, then replies with the domain call `...`.
#define VITA_AUTHORIZED_RPC(Class, Method, authorization, ...) \
  VITA_RPC_DEFINITION(Class, Method) {                         \
    VITA_AUTHORIZE(caller, authorization);                     \
    return ::vita::api::Reply(__VA_ARGS__, response);          \
  }

// The head of the definition of `Class::Method`, which VITA_RPC declared,
// for a handler written out: VITA_RPC_DEFINITION(Class, Method) { ... }.
#define VITA_RPC_DEFINITION(Class, Method) \
  grpc::Status Class::Method VITA_RPC_PARAMETERS_(&Class::Method)

// The parameter list of the sync handler `handler` (&Service::Method).
#define VITA_RPC_PARAMETERS_(handler)                         \
  (grpc::ServerContext * context,                             \
   const ::vita::api::RpcRequest<decltype(handler)>* request, \
   ::vita::api::RpcResponse<decltype(handler)>* response)

#endif  // VITA_SERVER_API_RPC_TABLE_H_
