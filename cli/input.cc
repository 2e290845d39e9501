#include "cli/input.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "cli/context.h"
#include "cli/render.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

// Parses `text` as a value of Enum other than 0 (unspecified): its short
// name (`short_name`, as vita shows it), one of its `aliases`, or its proto
// name in any case with - for _. The error names what is parsed (`what`)
// and lists the short names, each followed by its aliases.
template <typename Enum>
absl::StatusOr<Enum> ParseEnum(
    absl::string_view text, std::string (*short_name)(Enum),
    const std::vector<std::pair<std::string, Enum>>& aliases,
    absl::string_view what) {
  const google::protobuf::EnumDescriptor* type =
      google::protobuf::GetEnumDescriptor<Enum>();
  std::vector<std::pair<std::string, Enum>> names;
  for (int i = 0; i < type->value_count(); ++i) {
    int number = type->value(i)->number();
    if (number == 0) continue;
    auto value = static_cast<Enum>(number);
    names.emplace_back(short_name(value), value);
    for (const auto& alias : aliases) {
      if (alias.second == value) names.push_back(alias);
    }
  }
  std::string key = absl::AsciiStrToLower(text);
  for (const auto& [name, value] : names) {
    if (name == key) return value;
  }
  std::string upper =
      absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  const auto* value = type->FindValueByName(upper);
  if (value && value->number() != 0) return static_cast<Enum>(value->number());
  std::vector<std::string> listed;
  for (const auto& [name, v] : names) listed.push_back(name);
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": unknown value \"", text, "\" (use one of ",
                   absl::StrJoin(listed, ", "), ")"));
}

// A link as typed: "KIND[:LABEL]=URL".
struct LinkSpec {
  std::string kind, label, url;
};

absl::StatusOr<LinkSpec> SplitLink(absl::string_view text) {
  size_t eq = text.find('=');
  if (eq == absl::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("link \"", text, "\" is not KIND=URL or KIND:LABEL=URL"));
  }
  absl::string_view head = text.substr(0, eq);
  size_t colon = head.find(':');
  LinkSpec spec;
  spec.url = std::string(text.substr(eq + 1));
  spec.kind = std::string(head.substr(0, colon));
  spec.label = colon == absl::string_view::npos
                   ? ""
                   : std::string(head.substr(colon + 1));
  return spec;
}

// ProfileLink and PublicationLink have the same shape; `parse_kind` is the
// kind parser of `Link`.
template <typename Link, typename ParseKind>
absl::StatusOr<Link> ParseLink(absl::string_view text, ParseKind parse_kind) {
  VITA_ASSIGN_OR_RETURN(LinkSpec spec, SplitLink(text));
  VITA_ASSIGN_OR_RETURN(auto kind, parse_kind(spec.kind));
  Link link;
  link.set_kind(kind);
  link.set_url(spec.url);
  link.set_label(spec.label);
  return link;
}

}  // namespace

absl::StatusOr<vita::v1::Date> ParseDate(absl::string_view text) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  bool slash = t.find('/') != absl::string_view::npos;
  std::vector<absl::string_view> parts = absl::StrSplit(t, slash ? '/' : '-');
  if (slash) std::reverse(parts.begin(), parts.end());  // MM/YYYY
  absl::Status not_a_date = absl::InvalidArgumentError(absl::StrCat(
      "\"", text,
      "\" is not a date like 2024, 2024-03, 2024-03-05 or 03/2024"));
  if (parts.empty() || parts.size() > 3) return not_a_date;
  int values[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    // Digits only: SimpleAtoi would also take a sign ("202/-03").
    if (parts[i].empty() ||
        !std::all_of(parts[i].begin(), parts[i].end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(parts[i], &values[i])) {
      return not_a_date;
    }
  }
  vita::v1::Date date;
  date.set_year(values[0]);
  date.set_month(values[1]);
  date.set_day(values[2]);
  return date;
}

absl::StatusOr<vita::v1::Date> ParseDateFlag(absl::string_view flag,
                                             absl::string_view text) {
  absl::StatusOr<vita::v1::Date> date = ParseDate(text);
  if (!date.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", date.status().message()));
  }
  return date;
}

absl::StatusOr<v1::ProfileLink::Kind> ParseProfileLinkKind(
    absl::string_view text) {
  return ParseEnum<v1::ProfileLink::Kind>(
      text, ShortName, {{"twitter", v1::ProfileLink::X}}, "link kind");
}

absl::StatusOr<v1::Email::Kind> ParseEmailKind(absl::string_view text) {
  return ParseEnum<v1::Email::Kind>(text, ShortName, {}, "email kind");
}

absl::StatusOr<v1::Publication::Status> ParsePublicationStatus(
    absl::string_view text) {
  return ParseEnum<v1::Publication::Status>(
      text, ShortName, {{"submitted", v1::Publication::UNDER_SUBMISSION}},
      "status");
}

absl::StatusOr<v1::PublicationLink::Kind> ParsePublicationLinkKind(
    absl::string_view text) {
  return ParseEnum<v1::PublicationLink::Kind>(
      text, ShortName, {{"project-page", v1::PublicationLink::PROJECT_PAGE}},
      "link kind");
}

absl::StatusOr<v1::ProfileLink> ParseProfileLink(absl::string_view text) {
  return ParseLink<v1::ProfileLink>(text, ParseProfileLinkKind);
}

absl::StatusOr<v1::PublicationLink> ParsePublicationLink(
    absl::string_view text) {
  return ParseLink<v1::PublicationLink>(text, ParsePublicationLinkKind);
}

absl::StatusOr<v1::Email> ParseEmail(absl::string_view text) {
  v1::Email email;
  size_t colon = text.rfind(':');
  email.set_kind(v1::Email::WORK);
  if (colon != absl::string_view::npos) {
    VITA_ASSIGN_OR_RETURN(v1::Email::Kind kind,
                          ParseEmailKind(text.substr(colon + 1)));
    email.set_kind(kind);
    text = text.substr(0, colon);
  }
  email.set_address(std::string(text));
  return email;
}

bool IsUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    uint32_t code_point = length == 1 ? c : c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = text[i + k];
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // The smallest code point that needs `length` bytes.
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

absl::StatusOr<std::string> ReadTextFlag(const std::string& path) {
  VITA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace vita::cli
