#include "common/publication_ids.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace vita {
namespace {

// Takes away `prefix` (compared ignoring case) from the front of `text`.
bool ConsumePrefixIgnoringCase(absl::string_view* text,
                               absl::string_view prefix) {
  if (!absl::StartsWithIgnoreCase(*text, prefix)) return false;
  text->remove_prefix(prefix.size());
  return true;
}

bool IsUrl(absl::string_view text) {
  return absl::StartsWithIgnoreCase(text, "http://") ||
         absl::StartsWithIgnoreCase(text, "https://");
}

}  // namespace

std::string DoiFrom(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  for (absl::string_view resolver :
       {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
        "http://dx.doi.org/", "doi:"}) {
    if (ConsumePrefixIgnoringCase(&text, resolver)) return std::string(text);
  }
  return IsUrl(text) ? "" : std::string(text);
}

std::string ArxivIdFrom(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  bool url = false;
  for (absl::string_view page :
       {"https://arxiv.org/abs/", "http://arxiv.org/abs/",
        "https://arxiv.org/pdf/", "http://arxiv.org/pdf/",
        "https://www.arxiv.org/abs/", "https://www.arxiv.org/pdf/"}) {
    if (ConsumePrefixIgnoringCase(&text, page)) {
      url = true;
      break;
    }
  }
  if (!url && IsUrl(text)) return "";
  ConsumePrefixIgnoringCase(&text, "arxiv:");
  absl::ConsumeSuffix(&text, ".pdf");
  absl::ConsumeSuffix(&text, "/");
  // A version suffix: "v" and digits at the end.
  size_t v = text.find_last_of('v');
  if (v != absl::string_view::npos && v > 0 && v + 1 < text.size() &&
      absl::ascii_isdigit(text[v - 1])) {
    bool digits = true;
    for (char c : text.substr(v + 1)) digits &= absl::ascii_isdigit(c) != 0;
    if (digits) text = text.substr(0, v);
  }
  return std::string(text);
}

}  // namespace vita
