// Parsing of what users type on the command line into proto values: dates,
// enum values by their short names ("scholar", "arxiv", "preprint"), links
// ("KIND[:LABEL]=URL"), e-mail addresses and text files given as flags.
// Errors are InvalidArgument and name what was wrong. The way back (proto
// values to text) is rendering: render.h, FormatDate in yaml_proto.h.
#ifndef VITA_CLI_INPUT_H_
#define VITA_CLI_INPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vita/v1/common.pb.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::cli {

// "2024", "2024-03" or "2024-03-05" (also "03/2024") -> Date. Parsing only
// checks the shape; the server checks that the date exists.
absl::StatusOr<vita::v1::Date> ParseDate(absl::string_view text);
// ParseDate of the value of `flag`; its errors start with "FLAG: ".
absl::StatusOr<vita::v1::Date> ParseDateFlag(absl::string_view flag,
                                             absl::string_view text);

// Enum values by their proto name in any case, or by a short alias:
// ProfileLink kinds: cv, email, scholar, dblp, github, linkedin, orcid,
// zhihu, x (twitter), homepage, other. Email kinds: work, personal, other.
// Publication statuses: published, accepted, under-submission (submitted),
// preprint. PublicationLink kinds: arxiv, pdf, code, project (project-page),
// doi, scholar, video, slides, poster, other.
absl::StatusOr<vita::v1::ProfileLink::Kind> ParseProfileLinkKind(
    absl::string_view text);
absl::StatusOr<vita::v1::Email::Kind> ParseEmailKind(absl::string_view text);
absl::StatusOr<vita::v1::Publication::Status> ParsePublicationStatus(
    absl::string_view text);
absl::StatusOr<vita::v1::PublicationLink::Kind> ParsePublicationLinkKind(
    absl::string_view text);

// "KIND[:LABEL]=URL", e.g. "scholar=https://..." or "other:Blog=https://..".
absl::StatusOr<vita::v1::ProfileLink> ParseProfileLink(absl::string_view text);
absl::StatusOr<vita::v1::PublicationLink> ParsePublicationLink(
    absl::string_view text);
// "ADDRESS[:KIND]", e.g. "hz@nyu.edu" (work) or "me@gmail.com:personal".
absl::StatusOr<vita::v1::Email> ParseEmail(absl::string_view text);

// True if `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), as every string of a proto message
// must be: the server refuses a message with any other string.
bool IsUtf8(absl::string_view text);

// The text of a --*-file flag: the file ("-" is stdin) without its trailing
// newlines and spaces.
absl::StatusOr<std::string> ReadTextFlag(const std::string& path);

}  // namespace vita::cli

#endif  // VITA_CLI_INPUT_H_
