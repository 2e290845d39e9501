#include "server/domain/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace vita::domain {
namespace {

// Fields are joined with NUL, which no parent, sort key or id contains.
constexpr char kVersion[] = "v1";
constexpr char kSeparator = '\0';

}  // namespace

absl::StatusOr<int> EffectivePageSize(int requested) {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must not be negative (got ", requested, ")"));
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string EncodePageToken(absl::string_view parent,
                            const store::ItemCursor& last) {
  std::string plain = absl::StrCat(kVersion, std::string(1, kSeparator), parent,
                                   std::string(1, kSeparator), last.sort_key,
                                   std::string(1, kSeparator), last.id);
  return absl::WebSafeBase64Escape(plain);
}

absl::StatusOr<std::optional<store::ItemCursor>> DecodePageToken(
    absl::string_view parent, absl::string_view token) {
  if (token.empty()) return std::optional<store::ItemCursor>();
  std::string plain;
  std::vector<std::string> parts;
  if (absl::WebSafeBase64Unescape(token, &plain)) {
    parts = absl::StrSplit(plain, kSeparator);
  }
  if (parts.size() != 4 || parts[0] != kVersion || parts[1] != parent) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_token: is not a next_page_token of a previous "
                     "list of ",
                     parent));
  }
  return store::ItemCursor{parts[2], parts[3]};
}

}  // namespace vita::domain
