// Human-readable renderings for `-o table` and the page, and the short
// names of enum values ("scholar", "arxiv", "preprint"). Parsing what users
// type is cli/input.h.
#ifndef VITA_CLI_RENDER_H_
#define VITA_CLI_RENDER_H_

#include <ostream>
#include <string>

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
