// Who may write: the admin token may do everything; an editor token
// (domain::TokenService) may change its one profile and that profile's news
// items and publications, nothing else.
//
// Writes carry the metadata `authorization: Bearer <token>`. The admin
// token is compared in constant time (as SHA-256 digests, so not even its
// length leaks); editor tokens are checked by domain::TokenService::Verify
// on every call, so a revoked or expired one is refused at once. No token is
// ever logged or echoed in an error; editor tokens are named by their id.
//
// Each accepted write yields the domain::Caller the domain records it with.
//
// Example (in an api write method):
//
//   absl::StatusOr<domain::Caller> caller =
//       auth.ForProfile(*context, "parent", request->parent());
//   if (!caller.ok()) return ToGrpcStatus(caller.status());
//
// Errors of both methods: UNAUTHENTICATED without a token, with a token
// that is not valid (unknown, revoked, expired, wrong) or, for the admin
// token, when the server has none; PERMISSION_DENIED when a valid editor
// token asks for more than its profile: `token "<id>" may edit
// profiles/<p> only (...)`.
//
// Thread safety: const methods, safe from any thread (TokenService is).
#ifndef VITA_SERVER_API_AUTHORIZER_H_
#define VITA_SERVER_API_AUTHORIZER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "server/api/transport_guard.h"
#include "server/domain/caller.h"
#include "server/domain/token_service.h"

namespace vita::api {

class Authorizer {
 public:
  // Without an admin token only editor tokens are accepted. `guard` runs
  // before any token is looked at (transport_guard.h): an armed guard
  // refuses every call that carries a token with FAILED_PRECONDITION.
  // REQUIRES: `tokens` is not null and outlives this object.
  Authorizer(std::optional<std::string> admin_token,
             domain::TokenService* tokens,
             TransportGuard guard = TransportGuard::Off());

  // The caller of a write to the resource `name` (a profile or item name
  // from the request field `field`): the admin, or an editor token of the
  // profile `name` belongs to. For an editor token, a `name` that does not
  // parse is INVALID_ARGUMENT naming `field`.
  absl::StatusOr<domain::Caller> ForProfile(const grpc::ServerContext& context,
                                            absl::string_view field,
                                            absl::string_view name) const;

  // The caller of a call only the admin may make; `what` says what it does
  // for the error an editor token gets ("creating profiles").
  absl::StatusOr<domain::Caller> ForAdmin(const grpc::ServerContext& context,
                                          absl::string_view what) const;
  // The caller of a call any valid token may make for itself (Undo reverts
  // the caller's own last write, which an editor token made within its
  // profile).
  absl::StatusOr<domain::Caller> ForAnyToken(
      const grpc::ServerContext& context) const;

 private:
  // The caller the call's token names (admin or editor), with the editor
  // token's profile in `*editor_profile` (empty for the admin).
  absl::StatusOr<domain::Caller> Authenticate(
      const grpc::ServerContext& context, std::string* editor_profile) const;

  // SHA-256 of the admin token; empty when there is none.
  std::string admin_digest_;
  domain::TokenService* const tokens_;
  const TransportGuard guard_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_AUTHORIZER_H_
