// SHA-256 (OpenSSL), the one digest of the server: of a token's secret
// (SecretDigest, token_service.h), of a record for its etag (ComputeEtag,
// record_keys.h) and of a published file for its etag (publish::FileEtag).
//
// Example:
//
//   std::string raw = Sha256("hello");       // 32 bytes: 2c f2 4d ...
//   std::string hex = Sha256Hex("hello", 4);  // "2cf24dba"
//
// Stateless; safe to call from any thread.
#ifndef VITA_SERVER_DOMAIN_DIGEST_H_
#define VITA_SERVER_DOMAIN_DIGEST_H_

#include <openssl/sha.h>

#include <cstddef>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace vita::domain {

// The SHA-256 digest of `bytes`: 32 raw bytes.
inline std::string Sha256(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

// The first `prefix_bytes` bytes (at most 32) of Sha256(bytes), as
// 2 * `prefix_bytes` lower-case hex digits.
inline std::string Sha256Hex(absl::string_view bytes, size_t prefix_bytes) {
  return absl::BytesToHexString(
      absl::string_view(Sha256(bytes)).substr(0, prefix_bytes));
}

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_DIGEST_H_
