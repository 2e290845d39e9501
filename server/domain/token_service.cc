#include "server/domain/token_service.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "server/domain/digest.h"
#include "server/domain/record_steps.h"

namespace vita::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr absl::string_view kPrefix = "vita_";
constexpr absl::string_view kTokenNamePrefix = "tokens/";
constexpr int kIdBytes = 6;       // 12 hex digits
constexpr int kSecretBytes = 32;  // 64 hex digits, 256 bits
constexpr int kMaxLabelChars = 100;

absl::Status NotValid() {
  return absl::UnauthenticatedError("the bearer token is not valid");
}

// `bytes` random bytes from OpenSSL's CSPRNG, as lower-case hex.
absl::StatusOr<std::string> RandomHex(int bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes) != 1) {
    return absl::InternalError("the random generator failed");
  }
  return absl::BytesToHexString(raw);
}

bool IsLowerHex(absl::string_view text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsTokenId(absl::string_view id) { return IsLowerHex(id, 2 * kIdBytes); }

absl::Status ValidateLabel(absl::string_view label) {
  int chars = 0;
  for (unsigned char c : label) {
    if (c < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          "label: must not contain control characters");
    }
    if ((c & 0xC0) != 0x80) ++chars;  // not a UTF-8 continuation byte
  }
  if (chars > kMaxLabelChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("label: must be at most ", kMaxLabelChars,
                     " characters (got ", chars, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Duration> TtlOf(const v1::CreateTokenRequest& request) {
  if (!request.has_ttl()) return TokenService::kDefaultTtl;
  absl::Duration ttl = absl::Seconds(request.ttl().seconds()) +
                       absl::Nanoseconds(request.ttl().nanos());
  if (ttl < absl::Seconds(1) || ttl > TokenService::kMaxTtl) {
    return absl::InvalidArgumentError(
        absl::StrCat("ttl: must be from 1s to 3650 days (got ",
                     TimeUtil::ToString(request.ttl()), ")"));
  }
  return ttl;
}

v1::Token ToToken(const store::TokenRow& row) {
  v1::Token token;
  token.set_name(absl::StrCat(kTokenNamePrefix, row.id));
  token.set_profile(ProfileName(row.profile_id));
  token.set_label(row.label);
  *token.mutable_create_time() = TimeUtil::SecondsToTimestamp(row.create_time);
  *token.mutable_expire_time() = TimeUtil::SecondsToTimestamp(row.expire_time);
  if (row.last_use_time) {
    *token.mutable_last_use_time() =
        TimeUtil::SecondsToTimestamp(*row.last_use_time);
  }
  return token;
}

}  // namespace

// SHA-256, unsalted and fast, is enough here: the secret is 256 random
// bits, not a password, so no dictionary or brute force can find it from its
// digest, and a slow hash (bcrypt, scrypt) would only cost CPU on each call.
std::string SecretDigest(absl::string_view secret) { return Sha256(secret); }

TokenService::TokenService(store::Store* store, Clock clock)
    : store_(store), clock_(std::move(clock)) {}

bool TokenService::IsEditorTokenForm(absl::string_view bearer) {
  return absl::StartsWith(bearer, kPrefix);
}

absl::StatusOr<v1::CreateTokenResponse> TokenService::CreateToken(
    const v1::CreateTokenRequest& request) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("profile", request.profile()));
  VITA_RETURN_IF_ERROR(ValidateLabel(request.label()));
  VITA_ASSIGN_OR_RETURN(absl::Duration ttl, TtlOf(request));
  VITA_ASSIGN_OR_RETURN(std::string id, RandomHex(kIdBytes));
  VITA_ASSIGN_OR_RETURN(std::string secret, RandomHex(kSecretBytes));
  absl::Time now = clock_();
  store::TokenRow row{id,
                      profile_id,
                      SecretDigest(secret),
                      request.label(),
                      absl::ToUnixSeconds(now),
                      absl::ToUnixSeconds(now + ttl),
                      std::nullopt};
  VITA_RETURN_IF_ERROR(store_->Write([&](store::Transaction& txn) {
    VITA_RETURN_IF_ERROR(CheckProfileExists(txn, profile_id));
    return txn.InsertToken(row);
  }));
  v1::CreateTokenResponse response;
  *response.mutable_token() = ToToken(row);
  response.set_bearer_token(absl::StrCat(kPrefix, id, "_", secret));
  return response;
}

absl::StatusOr<v1::ListTokensResponse> TokenService::ListTokens(
    const v1::ListTokensRequest& request) {
  VITA_ASSIGN_OR_RETURN(
      std::vector<store::TokenRow> rows,
      store_->ReadValue<std::vector<store::TokenRow>>(
          [](store::Transaction& txn) { return txn.ListTokens(); }));
  v1::ListTokensResponse response;
  for (const store::TokenRow& row : rows) *response.add_tokens() = ToToken(row);
  return response;
}

absl::Status TokenService::RevokeToken(const v1::RevokeTokenRequest& request) {
  absl::string_view name = request.name();
  if (!absl::ConsumePrefix(&name, kTokenNamePrefix) || !IsTokenId(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: must be tokens/{id} with an id of 12 hex digits (got \"",
        request.name(), "\")"));
  }
  absl::Status deleted = store_->Write([&](store::Transaction& txn) {
    return txn.DeleteToken(std::string(name));
  });
  if (absl::IsNotFound(deleted)) {
    return absl::NotFoundError(
        absl::StrCat("token \"", request.name(), "\" not found"));
  }
  return deleted;
}

absl::StatusOr<EditorToken> TokenService::Verify(absl::string_view bearer) {
  std::vector<absl::string_view> parts = absl::StrSplit(bearer, '_');
  if (parts.size() != 3 || parts[0] != "vita" || !IsTokenId(parts[1]) ||
      !IsLowerHex(parts[2], 2 * kSecretBytes)) {
    return NotValid();
  }
  std::string id(parts[1]);
  VITA_ASSIGN_OR_RETURN(
      std::optional<store::TokenRow> row,
      store_->ReadValue<std::optional<store::TokenRow>>(
          [&](store::Transaction& txn) { return txn.GetToken(id); }));
  if (!row) return NotValid();
  std::string digest = SecretDigest(parts[2]);
  if (row->secret_digest.size() != digest.size() ||
      CRYPTO_memcmp(digest.data(), row->secret_digest.data(), digest.size()) !=
          0) {
    return NotValid();
  }
  absl::Time now = clock_();
  if (now >= absl::FromUnixSeconds(row->expire_time)) {
    return absl::UnauthenticatedError(
        absl::StrCat("token \"", id, "\" expired at ",
                     absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                      absl::FromUnixSeconds(row->expire_time),
                                      absl::UTCTimeZone())));
  }
  int64_t now_seconds = absl::ToUnixSeconds(now);
  if (!row->last_use_time || now_seconds - *row->last_use_time >=
                                 absl::ToInt64Seconds(kLastUseGranularity)) {
    absl::Status touched = store_->Write([&](store::Transaction& txn) {
      return txn.SetTokenLastUse(id, now_seconds);
    });
    // Revoked since it was read: refused like any revoked token.
    if (absl::IsNotFound(touched)) return NotValid();
    VITA_RETURN_IF_ERROR(touched);
  }
  return EditorToken{id, row->label, row->profile_id};
}

}  // namespace vita::domain
