#include "server/api/authorizer.h"

#include <openssl/crypto.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace vita::api {
namespace {

absl::Status NotAllowed(const domain::Caller& caller,
                        absl::string_view profile_id, absl::string_view why) {
  return absl::PermissionDeniedError(
      absl::StrCat("token \"", caller.token_id, "\" may edit ",
                   ProfileName(profile_id), " only (", why, ")"));
}

}  // namespace

Authorizer::Authorizer(std::optional<std::string> admin_token,
                       domain::TokenService* tokens, TransportGuard guard)
    : tokens_(tokens), guard_(std::move(guard)) {
  if (admin_token && !admin_token->empty()) {
    admin_digest_ = domain::SecretDigest(*admin_token);
  }
}

absl::StatusOr<domain::Caller> Authorizer::Authenticate(
    const grpc::ServerContext& context, std::string* editor_profile) const {
  // A token must not have crossed the network in clear text.
  if (absl::Status guard = guard_.Check(context); !guard.ok()) return guard;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "this call changes data and needs the metadata "
        "\"authorization: Bearer <token>\" (the admin token, or an editor "
        "token of the profile)");
  }
  absl::string_view value(it->second.data(), it->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError(
        "authorization metadata must be \"Bearer <token>\"");
  }
  absl::string_view token =
      absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  if (domain::TokenService::IsEditorTokenForm(token)) {
    VITA_ASSIGN_OR_RETURN(domain::EditorToken editor, tokens_->Verify(token));
    *editor_profile = std::move(editor.profile_id);
    return domain::Caller{std::move(editor.id), std::move(editor.label)};
  }
  if (admin_digest_.empty()) {
    return absl::UnauthenticatedError(
        "writes are disabled: vita-server was started without an admin "
        "token");
  }
  std::string digest = domain::SecretDigest(token);
  if (CRYPTO_memcmp(digest.data(), admin_digest_.data(), digest.size()) != 0) {
    return absl::UnauthenticatedError("the bearer token is not valid");
  }
  editor_profile->clear();
  return domain::Caller::Admin();
}

absl::StatusOr<domain::Caller> Authorizer::ForProfile(
    const grpc::ServerContext& context, absl::string_view field,
    absl::string_view name) const {
  std::string editor_profile;
  VITA_ASSIGN_OR_RETURN(domain::Caller caller,
                        Authenticate(context, &editor_profile));
  if (editor_profile.empty()) return caller;
  // The profile the domain will change is the first id of the name, which
  // is what ParseResourceName returns for every form of name.
  VITA_ASSIGN_OR_RETURN(ResourceName target, ParseResourceName(field, name));
  if (target.profile_id != editor_profile) {
    return NotAllowed(
        caller, editor_profile,
        absl::StrCat("this call changes ", ProfileName(target.profile_id)));
  }
  return caller;
}

absl::StatusOr<domain::Caller> Authorizer::ForAdmin(
    const grpc::ServerContext& context, absl::string_view what) const {
  std::string editor_profile;
  VITA_ASSIGN_OR_RETURN(domain::Caller caller,
                        Authenticate(context, &editor_profile));
  if (editor_profile.empty()) return caller;
  return NotAllowed(caller, editor_profile,
                    absl::StrCat(what, " needs the admin token"));
}

absl::StatusOr<domain::Caller> Authorizer::ForAnyToken(
    const grpc::ServerContext& context) const {
  std::string editor_profile;
  return Authenticate(context, &editor_profile);
}

}  // namespace vita::api
