// Opaque page tokens for List methods (AIP-158).
//
// A token records where the previous page ended (keyset pagination), so a
// record added or removed meanwhile neither repeats nor skips others. It is
// bound to the list it came from: a token from another parent is refused.
#ifndef VITA_SERVER_DOMAIN_PAGE_TOKEN_H_
#define VITA_SERVER_DOMAIN_PAGE_TOKEN_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"

namespace vita::domain {

// The default and the largest page size; larger requests are reduced to it.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// The page size to use for a request's `page_size`; INVALID_ARGUMENT if it
// is negative.
absl::StatusOr<int> EffectivePageSize(int requested);

// `parent` identifies the list ("profiles" for ListProfiles, the parent's
// name for news and publications).
std::string EncodePageToken(absl::string_view parent,
                            const store::ItemCursor& last);

// An empty token means the first page (nullopt). A token that is not one of
// ours, or is for another parent, is INVALID_ARGUMENT naming page_token.
absl::StatusOr<std::optional<store::ItemCursor>> DecodePageToken(
    absl::string_view parent, absl::string_view token);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_TOKEN_H_
