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

// The one-record renderings (`vita ... get`) write one "key:" line per field,
// the key padded to 20 columns ("display name:       Hexu Zhao"), and leave
// out empty fields; repeated fields give one line per element ("email:",
// "link scholar:"), and the long text (bio, news text, abstract) comes last,
// under "KEY:" and indented by two spaces. The etag is shown. They write only
// to `out` and cannot fail.

// A profile: id (the last segment of its name), names, headline,
// affiliation, photo, office, e-mails, links, interests, education,
// experience, etag, then the bio.
void RenderProfile(const vita::v1::Profile& profile, std::ostream& out);

// The list renderings (`vita ... list`) write a table with a header row,
// cells cut with "…" to fit, or one line naming the empty collection ("no
// profiles", "no news items", "no publications") when there are no records.

// Columns ID, DISPLAY NAME, HEADLINE, AFFILIATION (the last two cut to 40).
void RenderProfiles(
    const google::protobuf::RepeatedPtrField<vita::v1::Profile>& profiles,
    std::ostream& out);

// A news item: id, date, pinned ("yes"/"no"), etag, then the text (always
// shown, even when empty).
void RenderNewsItem(const vita::v1::NewsItem& item, std::ostream& out);

// Columns ID, DATE, PINNED ("yes" or empty), TEXT (cut to 70), in the order
// given (the server's: pinned first, then newest first).
void RenderNewsItems(
    const google::protobuf::RepeatedPtrField<vita::v1::NewsItem>& items,
    std::ostream& out);

// A publication: id, title, authors in the author syntax of author_syntax.h
// (", et al." when more_authors), venue, status, year, date, links, citation
// key, selected, tags, display order (when not 0), etag, then the abstract.
void RenderPublication(const vita::v1::Publication& publication,
                       std::ostream& out);

// Columns ID, YEAR, STATUS, TITLE (cut to 60), VENUE (cut to 24), in the
// order given (the server's display order).
void RenderPublications(
    const google::protobuf::RepeatedPtrField<vita::v1::Publication>& pubs,
    std::ostream& out);

// The whole homepage as text for a terminal.
void RenderPage(const vita::v1::Page& page, std::ostream& out);

// The venue line of a publication on the page: "VENUE, YEAR" (the year left
// out when the venue ends with it), then the status in parentheses unless
// published: "ICLR2025, 2024 (under submission)".
std::string VenueLine(const vita::v1::Publication& publication);

// Lower-case short name of an enum value ("google_scholar" -> "scholar"),
// as vita shows it and as the flags take it (cli/input.h).
std::string ShortName(vita::v1::Email::Kind kind);
std::string ShortName(vita::v1::ProfileLink::Kind kind);
std::string ShortName(vita::v1::Publication::Status status);
std::string ShortName(vita::v1::PublicationLink::Kind kind);

}  // namespace vita::cli

#endif  // VITA_CLI_RENDER_H_
