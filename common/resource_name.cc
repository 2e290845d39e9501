#include "common/resource_name.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace vita {
namespace {

constexpr size_t kMaxIdLength = 63;

bool IsIdChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
}

}  // namespace

absl::Status ValidateId(absl::string_view field, absl::string_view id) {
  if (id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  bool ok = id.size() <= kMaxIdLength && id.front() != '-' && id.back() != '-';
  for (char c : id) ok = ok && IsIdChar(c);
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", absl::CHexEscape(id),
        "\" is not a valid id (1 to 63 characters of a-z, 0-9 and '-', "
        "starting and ending with a letter or digit)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ParseProfileName(absl::string_view field,
                                             absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required (profiles/{profile})"));
  }
  if (parts.size() != 2 || parts[0] != "profiles") {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", absl::CHexEscape(name),
                     "\" is not a profile name (profiles/{profile})"));
  }
  VITA_RETURN_IF_ERROR(ValidateId(field, parts[1]));
  return std::string(parts[1]);
}

absl::StatusOr<ItemName> ParseItemName(Collection collection,
                                       absl::string_view field,
                                       absl::string_view name) {
  absl::string_view segment = CollectionSegment(collection);
  std::string pattern = absl::StrCat("profiles/{profile}/", segment, "/{id}");
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required (", pattern, ")"));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "profiles" || parts[2] != segment) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", absl::CHexEscape(name), "\" is not a ",
                     pattern, " name"));
  }
  VITA_RETURN_IF_ERROR(ValidateId(field, parts[1]));
  VITA_RETURN_IF_ERROR(ValidateId(field, parts[3]));
  return ItemName{std::string(parts[1]), std::string(parts[3])};
}

std::string IdFromWords(absl::string_view prefix, absl::string_view text,
                        int max_words) {
  constexpr size_t kMaxLength = 40;
  std::vector<std::string> parts;
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) parts.push_back(std::move(word));
    word.clear();
  };
  if (!prefix.empty()) parts.push_back(absl::AsciiStrToLower(prefix));
  int words = 0;
  for (absl::string_view token : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (words >= max_words) break;
    // Link targets ("[text](https://...)") say nothing about the text:
    // keep only what comes before the web address.
    if (size_t scheme_end = token.find("://");
        scheme_end != absl::string_view::npos) {
      size_t start = scheme_end;
      while (start > 0 && absl::ascii_isalpha(token[start - 1])) --start;
      token = token.substr(0, start);
    }
    for (char c : token) {
      if (absl::ascii_isalnum(c)) {
        word += absl::ascii_tolower(c);
      } else if (!word.empty()) {
        end_word();
        ++words;
        if (words >= max_words) break;
      }
    }
    if (!word.empty()) {
      end_word();
      ++words;
    }
  }
  std::string id;
  for (const std::string& part : parts) {
    size_t length = id.empty() ? part.size() : id.size() + 1 + part.size();
    if (length > kMaxLength) break;
    id = id.empty() ? part : absl::StrCat(id, "-", part);
  }
  return id;
}

absl::StatusOr<ResourceName> ParseResourceName(absl::string_view field,
                                               absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() == 2) {
    VITA_ASSIGN_OR_RETURN(std::string profile_id,
                          ParseProfileName(field, name));
    return ResourceName{std::move(profile_id), std::nullopt, ""};
  }
  for (Collection collection : {Collection::kNews, Collection::kPublications}) {
    if (parts.size() == 4 && parts[2] == CollectionSegment(collection)) {
      VITA_ASSIGN_OR_RETURN(ItemName item,
                            ParseItemName(collection, field, name));
      return ResourceName{std::move(item.profile_id), collection,
                          std::move(item.id)};
    }
  }
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required (profiles/{profile}, ",
                     "profiles/{profile}/news/{news} or ",
                     "profiles/{profile}/publications/{publication})"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": \"", absl::CHexEscape(name),
                   "\" is not a resource name (profiles/{profile}, "
                   "profiles/{profile}/news/{news} or "
                   "profiles/{profile}/publications/{publication})"));
}

std::string PublicationIdFrom(absl::string_view citation_key,
                              absl::string_view title) {
  std::string from_key = IdFromWords("", citation_key, 8);
  return from_key.empty() ? IdFromWords("", title, 5) : from_key;
}

std::string ProfileName(absl::string_view profile_id) {
  return absl::StrCat("profiles/", profile_id);
}

std::string ItemResourceName(Collection collection,
                             absl::string_view profile_id,
                             absl::string_view id) {
  return absl::StrCat("profiles/", profile_id, "/",
                      CollectionSegment(collection), "/", id);
}

absl::string_view ItemIdOf(absl::string_view name) {
  size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

absl::string_view CollectionSegment(Collection collection) {
  return collection == Collection::kNews ? "news" : "publications";
}

}  // namespace vita
