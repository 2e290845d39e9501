// Human-readable renderings for `-o table` and the short names users type
// for enum values on the command line ("scholar", "arxiv", "preprint").
#ifndef VITA_CLI_RENDER_H_
#define VITA_CLI_RENDER_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::cli {

void RenderProfile(const vita::v1::Profile& profile, std::ostream& out);
void RenderProfiles(
    const google::protobuf::RepeatedPtrField<vita::v1::Profile>& profiles,
    std::ostream& out);
void RenderNewsItem(const vita::v1::NewsItem& item, std::ostream& out);
void RenderNewsItems(
    const google::protobuf::RepeatedPtrField<vita::v1::NewsItem>& items,
    std::ostream& out);
void RenderPublication(const vita::v1::Publication& publication,
                       std::ostream& out);
void RenderPublications(
    const google::protobuf::RepeatedPtrField<vita::v1::Publication>& pubs,
    std::ostream& out);
// The whole homepage as text for a terminal.
void RenderPage(const vita::v1::Page& page, std::ostream& out);

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

// The venue line of a publication on the page: "VENUE, YEAR" (the year left
// out when the venue ends with it), then the status in parentheses unless
// published: "ICLR2025, 2024 (under submission)".
std::string VenueLine(const vita::v1::Publication& publication);

// Lower-case short name of an enum value ("google_scholar" -> "scholar").
std::string ShortName(vita::v1::ProfileLink::Kind kind);
std::string ShortName(vita::v1::Publication::Status status);
std::string ShortName(vita::v1::PublicationLink::Kind kind);

}  // namespace vita::cli

#endif  // VITA_CLI_RENDER_H_
