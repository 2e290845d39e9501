// TokenService: the rules of editor tokens, the credentials that may change
// one profile only (vita.v1.TokenService).
//
// A token is the string "vita_<id>_<secret>": `id` is 12 lower-case hex
// digits (48 random bits) and names the token in lists, errors and the
// audit trail; `secret` is 64 lower-case hex digits (256 random bits from
// OpenSSL's RAND_bytes). Only the SHA-256 digest of the secret is stored,
// so a copy of the database holds no usable token. Verify() reads the
// token's row on every call (one primary-key lookup, no cache), so a
// revoked or expired token is refused from the next call on, without a
// restart.
//
// Who may call CreateToken, ListTokens and RevokeToken (the admin) is
// decided at the API boundary (api::Authorizer); this class checks
// credentials only in Verify().
//
// Example:
//
//   domain::TokenService tokens(store.get());
//   v1::CreateTokenRequest request;
//   request.set_profile("profiles/ann");
//   request.set_label("ann's laptop");
//   absl::StatusOr<v1::CreateTokenResponse> created =
//       tokens.CreateToken(request);
//   // created->bearer_token() == "vita_3f9a0c12be47_9c1e..." (shown once)
//   absl::StatusOr<domain::EditorToken> editor =
//       tokens.Verify(created->bearer_token());
//   // editor->profile_id == "ann"
//
// Ownership: borrows its store::Store, which must outlive it.
//
// Thread safety: all methods may be called concurrently from any thread.
#ifndef VITA_SERVER_DOMAIN_TOKEN_SERVICE_H_
#define VITA_SERVER_DOMAIN_TOKEN_SERVICE_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/store/store.h"
#include "vita/v1/token_service.pb.h"

namespace vita::domain {

// The SHA-256 digest (32 raw bytes) of a token's secret part, or of the
// admin token: what is stored and compared, never the token itself.
std::string SecretDigest(absl::string_view secret);

// An editor token that Verify() accepted.
struct EditorToken {
  std::string id;          // "3f9a0c12be47"
  std::string label;       // may be empty
  std::string profile_id;  // the one profile it may change
};

class TokenService {
 public:
  using Clock = std::function<absl::Time()>;

  // A token is valid for this long when CreateToken is given no ttl.
  static constexpr absl::Duration kDefaultTtl = absl::Hours(24 * 90);
  // The longest ttl CreateToken takes.
  static constexpr absl::Duration kMaxTtl = absl::Hours(24 * 3650);
  // Verify() records a token's use at most this often, so that a burst of
  // writes costs one extra commit, not one each.
  static constexpr absl::Duration kLastUseGranularity = absl::Minutes(1);

  // REQUIRES: `store` is not null and outlives this object; `clock` is
  // thread-safe (absl::Now is).
  explicit TokenService(store::Store* store, Clock clock = absl::Now);
  TokenService(const TokenService&) = delete;
  TokenService& operator=(const TokenService&) = delete;

  // True if `bearer` has the form of an editor token ("vita_" first), so
  // that it is never compared with the admin token.
  static bool IsEditorTokenForm(absl::string_view bearer);

  // Makes a new token for `request.profile()`, valid for `request.ttl()`
  // (kDefaultTtl when unset). The response holds the whole token once.
  // Errors: INVALID_ARGUMENT naming the field (profile, label, ttl);
  // NOT_FOUND if the profile does not exist; INTERNAL if the random
  // generator fails.
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(
      const v1::CreateTokenRequest& request);

  // Every token, expired ones included, by id; never a secret.
  absl::StatusOr<v1::ListTokensResponse> ListTokens(
      const v1::ListTokensRequest& request);

  // Deletes the token `request.name()` ("tokens/{id}"). Errors:
  // INVALID_ARGUMENT for a malformed name; NOT_FOUND if there is no such
  // token.
  absl::Status RevokeToken(const v1::RevokeTokenRequest& request);

  // The token `bearer` ("vita_<id>_<secret>") if it exists, its secret
  // matches (compared in constant time) and it has not expired; records
  // its use (see kLastUseGranularity) in a short write of its own, which
  // never blocks reads. Errors (never naming the secret): UNAUTHENTICATED
  // "the bearer token is not valid" for a malformed, unknown, revoked or
  // wrong token; UNAUTHENTICATED `token "<id>" expired at <time>`.
  absl::StatusOr<EditorToken> Verify(absl::string_view bearer);

 private:
  store::Store* const store_;
  const Clock clock_;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_TOKEN_SERVICE_H_
