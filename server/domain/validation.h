// The rules a stored record obeys. The domain checks a record against them
// after applying a create or an update and before anything is written, so a
// record that breaks a rule never reaches the store.
//
// A violation is INVALID_ARGUMENT whose message starts with the path of the
// offending field as the request spells it ("profile.links[2].url") and then
// states the rule: "profile.links[2].url: scheme must be http, https or
// mailto, or a path starting with \"/\" (got \"javascript\")".
#ifndef VITA_SERVER_DOMAIN_VALIDATION_H_
#define VITA_SERVER_DOMAIN_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "vita/v1/common.pb.h"
#include "vita/v1/news.pb.h"
#include "vita/v1/profile.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::domain {

// `path` prefixes every field path in the error, e.g. "profile".
absl::Status ValidateProfile(absl::string_view path, const v1::Profile& p);
absl::Status ValidateNewsItem(absl::string_view path, const v1::NewsItem& n);
absl::Status ValidatePublication(absl::string_view path,
                                 const v1::Publication& p);

// What a URL field may hold.
enum class UrlUse {
  // Something a visitor clicks: http, https, mailto, or a "/" path.
  kLink,
  // Something the page loads: http, https, or a "/" path.
  kImage,
};

// Checks one URL field; an empty URL is an error only if `required`.
absl::Status ValidateUrl(absl::string_view path, absl::string_view url,
                         UrlUse use, bool required);

// Checks a (partial) date; an unset date (all zero) is an error only if
// `required`.
absl::Status ValidateDate(absl::string_view path, const v1::Date& date,
                          bool required);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_VALIDATION_H_
