// Resource names of the Vita API (Google AIP-122 style):
//   profiles/{profile}
//   profiles/{profile}/news/{news}
//   profiles/{profile}/publications/{publication}
// Every id is 1 to 63 characters of a-z, 0-9 and "-", starting and ending
// with a letter or digit, so ids are safe in URLs, file names and shells.
#ifndef VITA_SERVER_DOMAIN_RESOURCE_NAME_H_
#define VITA_SERVER_DOMAIN_RESOURCE_NAME_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"

namespace vita::domain {

// The name of a news item or publication, split into its ids.
struct ChildName {
  std::string profile_id;
  std::string id;
};

// OK if `id` is a valid id; otherwise INVALID_ARGUMENT naming `field`.
absl::Status ValidateId(absl::string_view field, absl::string_view id);

// Parses "profiles/{profile}"; `field` names the request field in errors.
absl::StatusOr<std::string> ParseProfileName(absl::string_view field,
                                             absl::string_view name);
// Parses "profiles/{profile}/news/{news}" or ".../publications/{id}".
absl::StatusOr<ChildName> ParseChildName(store::Collection collection,
                                         absl::string_view field,
                                         absl::string_view name);

std::string ProfileName(absl::string_view profile_id);
std::string ChildResourceName(store::Collection collection,
                              absl::string_view profile_id,
                              absl::string_view id);

// A readable id: `prefix` and the first `max_words` words of `text`, in
// lower-case ASCII letters and digits joined by "-", at most 40 characters
// ("2024-03-i-will-join-microsoft"). Web addresses in the text are skipped.
// Empty if neither gives anything. The result is a valid id.
std::string IdFromWords(absl::string_view prefix, absl::string_view text,
                        int max_words);

// "news" or "publications": the collection's segment in resource names.
absl::string_view CollectionSegment(store::Collection collection);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_RESOURCE_NAME_H_
