// Resource names and ids of the Vita API (Google AIP-122 style), one grammar
// for the server and the CLI:
//
//   profiles/{profile}                              a profile
//   profiles/{profile}/news/{news}                  a news item
//   profiles/{profile}/publications/{publication}   a publication
//
// Every id is 1 to 63 characters of a-z, 0-9 and "-", starting and ending
// with a letter or digit, so ids are safe in URLs, file names and shells.
//
// Example:
//
//   absl::StatusOr<vita::ItemName> item = vita::ParseItemName(
//       vita::Collection::kNews, "name", "profiles/hexu/news/join-nyu");
//   // item->profile_id == "hexu", item->id == "join-nyu"
//   vita::ItemResourceName(vita::Collection::kPublications, "hexu",
//                          vita::PublicationIdFrom("Zhao:2024_Scaling", ""));
//   // == "profiles/hexu/publications/zhao-2024-scaling"
//
// Errors are INVALID_ARGUMENT and start with `field` (the request field or
// argument the name came from), so a message says what to fix.
#ifndef VITA_COMMON_RESOURCE_NAME_H_
#define VITA_COMMON_RESOURCE_NAME_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/collection.h"

namespace vita {

// The name of an item (a news item or a publication), split into its ids.
struct ItemName {
  std::string profile_id;
  std::string id;
};

// Any resource name, split: `collection` is empty for a profile's name.
struct ResourceName {
  std::string profile_id;
  std::optional<Collection> collection;
  std::string id;  // the item's id; empty for a profile
};

// OK if `id` is a valid id; otherwise INVALID_ARGUMENT naming `field`:
// `field: is required` when empty, else `field: "ID" is not a valid id (...)`.
absl::Status ValidateId(absl::string_view field, absl::string_view id);

// The profile id of "profiles/{profile}"; INVALID_ARGUMENT naming `field` for
// anything else (an empty name, another form, an invalid id).
absl::StatusOr<std::string> ParseProfileName(absl::string_view field,
                                             absl::string_view name);

// The ids of "profiles/{profile}/news/{news}" (kNews) or
// "profiles/{profile}/publications/{publication}" (kPublications);
// INVALID_ARGUMENT naming `field` for anything else, including a name of the
// other collection.
absl::StatusOr<ItemName> ParseItemName(Collection collection,
                                       absl::string_view field,
                                       absl::string_view name);

// Any of the three forms above; INVALID_ARGUMENT naming `field` for anything
// else. For when the name itself says what it names (`vita edit NAME`).
absl::StatusOr<ResourceName> ParseResourceName(absl::string_view field,
                                               absl::string_view name);

// "profiles/{profile_id}". Does not check the id.
std::string ProfileName(absl::string_view profile_id);

// "profiles/{profile_id}/news/{id}" or ".../publications/{id}". Does not
// check the ids.
std::string ItemResourceName(Collection collection,
                             absl::string_view profile_id,
                             absl::string_view id);

// "news" or "publications": the collection's segment in resource names.
absl::string_view CollectionSegment(Collection collection);

// The last segment of a resource name: an item's id
// ("profiles/hexu/news/join-nyu" -> "join-nyu"). Does not check the name.
absl::string_view ItemIdOf(absl::string_view name);

// The id rule for records created without an id.
//
// A readable id: `prefix` and the first `max_words` words of `text`, in
// lower-case ASCII letters and digits joined by "-", at most 40 characters,
// ending before the first word that would not fit
// ("2024-03-i-will-join-microsoft"). Web addresses in the text are skipped;
// any other character ends a word. Empty if neither gives anything. A
// non-empty result is a valid id (when `prefix` is empty or one).
std::string IdFromWords(absl::string_view prefix, absl::string_view text,
                        int max_words);

// The id a publication gets: the first 8 words of its citation key, else the
// first 5 words of its title (both by IdFromWords): "Zhao:2024_Scaling" ->
// "zhao-2024-scaling". Empty if neither gives a word; the server then makes
// up an id.
std::string PublicationIdFrom(absl::string_view citation_key,
                              absl::string_view title);

}  // namespace vita

#endif  // VITA_COMMON_RESOURCE_NAME_H_
