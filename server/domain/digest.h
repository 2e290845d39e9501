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

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstddef>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace vita::domain {

// The SHA-256 digest of `bytes`: 32 raw bytes.
inline std::string Sha256(absl::string_view bytes) {
  // The algorithm fetched once, a context per thread: OpenSSL 3's one-shot
  // SHA256() fetches the algorithm from its provider on every call, a third
  // of the time of a record's digest (a publish takes hundreds).
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int size = 0;
  if (kSha256 == nullptr || context == nullptr ||
      EVP_DigestInit_ex2(context.get(), kSha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &size) != 1) {
    // Not expected (OpenSSL without SHA-256, or out of memory): the
    // one-shot function, which fails the same way or works.
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
           digest);
  }
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
