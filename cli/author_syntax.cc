#include "cli/author_syntax.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace vita::cli {
namespace {

// Splits at unescaped `separator`s.
std::vector<std::string> SplitUnescaped(absl::string_view spec,
                                        char separator) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size()) {
      absl::StrAppend(&parts.back(), spec.substr(i, 2));
      ++i;
    } else if (spec[i] == separator) {
      parts.emplace_back();
    } else {
      parts.back() += spec[i];
    }
  }
  return parts;
}

std::string Unescape(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

std::string EscapeName(absl::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool at_start = i == 0 && (c == '*' || c == '@');
    bool at_end = i + 1 == name.size() && c == '^';
    if (at_start || at_end || c == '\\' || c == '<' || c == ',' || c == ';') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<vita::v1::Author>> ParseAuthors(
    absl::string_view spec) {
  bool has_semicolon = false;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\') {
      ++i;
    } else if (spec[i] == ';') {
      has_semicolon = true;
    }
  }
  std::vector<vita::v1::Author> authors;
  std::vector<std::string> parts =
      SplitUnescaped(spec, has_semicolon ? ';' : ',');
  for (size_t n = 0; n < parts.size(); ++n) {
    absl::string_view part = absl::StripAsciiWhitespace(parts[n]);
    vita::v1::Author author;
    // Leading marks.
    while (!part.empty() && (part[0] == '*' || part[0] == '@')) {
      if (part[0] == '*') author.set_equal_contribution(true);
      if (part[0] == '@') author.set_is_owner(true);
      part.remove_prefix(1);
      part = absl::StripLeadingAsciiWhitespace(part);
    }
    // The homepage: an unescaped '<' up to '>'.
    size_t lt = absl::string_view::npos;
    for (size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '\\') {
        ++i;
      } else if (part[i] == '<') {
        lt = i;
        break;
      }
    }
    std::string without_url;  // the text of `name` once the homepage is cut
    absl::string_view name = part;
    if (lt != absl::string_view::npos) {
      size_t gt = part.find('>', lt);
      if (gt == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            "authors: author ", n + 1, " has \"<\" without a closing \">\""));
      }
      author.set_url(std::string(
          absl::StripAsciiWhitespace(part.substr(lt + 1, gt - lt - 1))));
      without_url = absl::StrCat(part.substr(0, lt), part.substr(gt + 1));
      name = absl::StripAsciiWhitespace(without_url);
    }
    // Trailing mark.
    while (!name.empty() && name.back() == '^' &&
           !(name.size() >= 2 && name[name.size() - 2] == '\\')) {
      author.set_corresponding(true);
      name.remove_suffix(1);
      name = absl::StripTrailingAsciiWhitespace(name);
    }
    author.set_name(Unescape(name));
    if (author.name().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "authors: author ", n + 1, " has an empty name in \"", spec, "\""));
    }
    authors.push_back(std::move(author));
  }
  return authors;
}

std::string FormatAuthor(const vita::v1::Author& author) {
  std::string out;
  if (author.equal_contribution()) out += '*';
  if (author.is_owner()) out += '@';
  out += EscapeName(author.name());
  if (author.corresponding()) out += '^';
  if (!author.url().empty()) absl::StrAppend(&out, " <", author.url(), ">");
  return out;
}

std::string FormatAuthors(
    const google::protobuf::RepeatedPtrField<vita::v1::Author>& authors) {
  std::vector<std::string> parts;
  for (const vita::v1::Author& author : authors) {
    parts.push_back(FormatAuthor(author));
  }
  return absl::StrJoin(parts, ", ");
}

std::string NormalizeName(absl::string_view name) {
  std::string swapped(name);
  std::vector<absl::string_view> halves =
      absl::StrSplit(name, absl::MaxSplits(',', 1));
  if (halves.size() == 2) {
    swapped = absl::StrCat(halves[1], " ", halves[0]);
  }
  std::string out;
  bool space = false;
  for (char c : swapped) {
    if (c == '.' || c == ' ' || c == '\t' || c == '~' || c == '-') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  return out;
}

bool IsOwnerName(absl::string_view name, const vita::v1::Profile& profile) {
  std::string normalized = NormalizeName(name);
  if (normalized.empty()) return false;
  if (normalized == NormalizeName(profile.display_name())) return true;
  for (const std::string& variant : profile.name_variants()) {
    if (normalized == NormalizeName(variant)) return true;
  }
  return false;
}

int MarkOwner(const vita::v1::Profile& profile,
              google::protobuf::RepeatedPtrField<vita::v1::Author>* authors) {
  int marked = 0;
  for (const vita::v1::Author& author : *authors) {
    if (author.is_owner()) ++marked;
  }
  if (marked > 0) return marked;
  for (vita::v1::Author& author : *authors) {
    if (IsOwnerName(author.name(), profile)) {
      author.set_is_owner(true);
      ++marked;
    }
  }
  return marked;
}

}  // namespace vita::cli
