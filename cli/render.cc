#include "cli/render.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "cli/author_syntax.h"
#include "cli/context.h"
#include "cli/output.h"
#include "cli/yaml_proto.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

using vita::v1::Email;
using vita::v1::ProfileLink;
using vita::v1::Publication;
using vita::v1::PublicationLink;

template <typename Enum>
absl::StatusOr<Enum> ParseEnum(
    absl::string_view text, const google::protobuf::EnumDescriptor* type,
    const std::vector<std::pair<std::string, Enum>>& aliases,
    absl::string_view what) {
  std::string key = absl::AsciiStrToLower(text);
  for (const auto& [alias, value] : aliases) {
    if (alias == key) return value;
  }
  std::string upper =
      absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  const auto* value = type->FindValueByName(upper);
  if (value && value->number() != 0) return static_cast<Enum>(value->number());
  std::vector<std::string> names;
  for (const auto& [alias, v] : aliases) names.push_back(alias);
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": unknown value \"", text, "\" (use one of ",
                   absl::StrJoin(names, ", "), ")"));
}

std::string Lower(const std::string& name) {
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

std::string Period(const vita::v1::Date& start, bool has_start,
                   const vita::v1::Date& end, bool has_end) {
  std::string from = has_start ? FormatDate(start) : "?";
  std::string to = has_end ? FormatDate(end) : "present";
  return absl::StrCat(from, " – ", to);
}

void Field(std::ostream& out, absl::string_view key, absl::string_view value) {
  if (value.empty()) return;
  std::string padded(key);
  padded += ':';
  if (padded.size() < 20) padded.resize(20, ' ');
  out << padded << value << "\n";
}

std::string Indent(const std::string& text, absl::string_view prefix) {
  std::string out(prefix);
  for (char c : text) {
    out += c;
    if (c == '\n') absl::StrAppend(&out, prefix);
  }
  return out;
}

}  // namespace

absl::StatusOr<ProfileLink::Kind> ParseProfileLinkKind(absl::string_view text) {
  return ParseEnum<ProfileLink::Kind>(text,
                                      vita::v1::ProfileLink_Kind_descriptor(),
                                      {{"cv", ProfileLink::CV},
                                       {"email", ProfileLink::EMAIL},
                                       {"scholar", ProfileLink::GOOGLE_SCHOLAR},
                                       {"dblp", ProfileLink::DBLP},
                                       {"github", ProfileLink::GITHUB},
                                       {"linkedin", ProfileLink::LINKEDIN},
                                       {"orcid", ProfileLink::ORCID},
                                       {"zhihu", ProfileLink::ZHIHU},
                                       {"x", ProfileLink::X},
                                       {"twitter", ProfileLink::X},
                                       {"homepage", ProfileLink::HOMEPAGE},
                                       {"other", ProfileLink::OTHER}},
                                      "link kind");
}

absl::StatusOr<Email::Kind> ParseEmailKind(absl::string_view text) {
  return ParseEnum<Email::Kind>(text, vita::v1::Email_Kind_descriptor(),
                                {{"work", Email::WORK},
                                 {"personal", Email::PERSONAL},
                                 {"other", Email::OTHER}},
                                "email kind");
}

absl::StatusOr<Publication::Status> ParsePublicationStatus(
    absl::string_view text) {
  return ParseEnum<Publication::Status>(
      text, vita::v1::Publication_Status_descriptor(),
      {{"published", Publication::PUBLISHED},
       {"accepted", Publication::ACCEPTED},
       {"under-submission", Publication::UNDER_SUBMISSION},
       {"submitted", Publication::UNDER_SUBMISSION},
       {"preprint", Publication::PREPRINT}},
      "status");
}

absl::StatusOr<PublicationLink::Kind> ParsePublicationLinkKind(
    absl::string_view text) {
  return ParseEnum<PublicationLink::Kind>(
      text, vita::v1::PublicationLink_Kind_descriptor(),
      {{"arxiv", PublicationLink::ARXIV},
       {"pdf", PublicationLink::PDF},
       {"code", PublicationLink::CODE},
       {"project", PublicationLink::PROJECT_PAGE},
       {"project-page", PublicationLink::PROJECT_PAGE},
       {"doi", PublicationLink::DOI},
       {"scholar", PublicationLink::GOOGLE_SCHOLAR},
       {"video", PublicationLink::VIDEO},
       {"slides", PublicationLink::SLIDES},
       {"poster", PublicationLink::POSTER},
       {"other", PublicationLink::OTHER}},
      "link kind");
}

namespace {
// Splits "KIND[:LABEL]=URL".
absl::Status SplitLink(absl::string_view text, std::string& kind,
                       std::string& label, std::string& url) {
  size_t eq = text.find('=');
  if (eq == absl::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("link \"", text, "\" is not KIND=URL or KIND:LABEL=URL"));
  }
  absl::string_view head = text.substr(0, eq);
  url = std::string(text.substr(eq + 1));
  size_t colon = head.find(':');
  kind = std::string(head.substr(0, colon));
  label = colon == absl::string_view::npos
              ? ""
              : std::string(head.substr(colon + 1));
  return absl::OkStatus();
}
}  // namespace

absl::StatusOr<ProfileLink> ParseProfileLink(absl::string_view text) {
  std::string kind, label, url;
  VITA_RETURN_IF_ERROR(SplitLink(text, kind, label, url));
  VITA_ASSIGN_OR_RETURN(ProfileLink::Kind parsed, ParseProfileLinkKind(kind));
  ProfileLink link;
  link.set_kind(parsed);
  link.set_url(url);
  link.set_label(label);
  return link;
}

absl::StatusOr<PublicationLink> ParsePublicationLink(absl::string_view text) {
  std::string kind, label, url;
  VITA_RETURN_IF_ERROR(SplitLink(text, kind, label, url));
  VITA_ASSIGN_OR_RETURN(PublicationLink::Kind parsed,
                        ParsePublicationLinkKind(kind));
  PublicationLink link;
  link.set_kind(parsed);
  link.set_url(url);
  link.set_label(label);
  return link;
}

absl::StatusOr<Email> ParseEmail(absl::string_view text) {
  Email email;
  size_t colon = text.rfind(':');
  email.set_kind(Email::WORK);
  if (colon != absl::string_view::npos) {
    VITA_ASSIGN_OR_RETURN(Email::Kind kind,
                          ParseEmailKind(text.substr(colon + 1)));
    email.set_kind(kind);
    text = text.substr(0, colon);
  }
  email.set_address(std::string(text));
  return email;
}

std::string ShortName(ProfileLink::Kind kind) {
  if (kind == ProfileLink::GOOGLE_SCHOLAR) return "scholar";
  return Lower(ProfileLink::Kind_Name(kind));
}
std::string ShortName(Publication::Status status) {
  return Lower(Publication::Status_Name(status));
}
std::string ShortName(PublicationLink::Kind kind) {
  if (kind == PublicationLink::GOOGLE_SCHOLAR) return "scholar";
  if (kind == PublicationLink::PROJECT_PAGE) return "project";
  return Lower(PublicationLink::Kind_Name(kind));
}

std::string VenueLine(const Publication& p) {
  std::string year = absl::StrCat(p.year());
  std::string line = p.venue();
  // "SOSP 2023, Koblenz, October 2023" or "MLSys2023" already say the year.
  bool says_year = absl::EndsWith(line, year) &&
                   (line.size() == year.size() ||
                    !absl::ascii_isdigit(line[line.size() - year.size() - 1]));
  if (!says_year) absl::StrAppend(&line, line.empty() ? "" : ", ", year);
  if (p.status() != Publication::PUBLISHED &&
      p.status() != Publication::STATUS_UNSPECIFIED) {
    absl::StrAppend(&line, " (",
                    absl::StrReplaceAll(ShortName(p.status()), {{"-", " "}}),
                    ")");
  }
  return line;
}

void RenderProfile(const vita::v1::Profile& p, std::ostream& out) {
  Field(out, "id", IdOf(p.name()));
  Field(out, "display name", p.display_name());
  Field(out, "name variants", absl::StrJoin(p.name_variants(), "; "));
  Field(out, "headline", p.headline());
  Field(out, "affiliation", p.affiliation());
  if (p.has_photo()) Field(out, "photo", p.photo().url());
  if (p.has_office()) Field(out, "office", p.office().address());
  for (const auto& email : p.emails()) {
    Field(out, "email",
          absl::StrCat(email.address(), " (",
                       Lower(vita::v1::Email::Kind_Name(email.kind())), ")"));
  }
  for (const auto& link : p.links()) {
    Field(out, absl::StrCat("link ", ShortName(link.kind())),
          absl::StrCat(link.url(), link.label().empty() ? "" : " ",
                       link.label().empty() ? "" : "(" + link.label() + ")"));
  }
  Field(out, "interests", absl::StrJoin(p.research_interests(), ", "));
  for (const auto& e : p.education()) {
    Field(out, "education",
          absl::StrCat(e.degree(), ", ", e.institution(), " (",
                       Period(e.start(), e.has_start(), e.end(), e.has_end()),
                       ")"));
  }
  for (const auto& e : p.experience()) {
    Field(out, "experience",
          absl::StrCat(e.role(), ", ", e.organization(), " (",
                       Period(e.start(), e.has_start(), e.end(), e.has_end()),
                       ")"));
  }
  Field(out, "etag", p.etag());
  if (!p.bio().empty()) out << "bio:\n" << Indent(p.bio(), "  ") << "\n";
}

void RenderProfiles(
    const google::protobuf::RepeatedPtrField<vita::v1::Profile>& profiles,
    std::ostream& out) {
  Table table({"ID", "DISPLAY NAME", "HEADLINE", "AFFILIATION"});
  for (const auto& p : profiles) {
    table.AddRow({IdOf(p.name()), p.display_name(), Truncate(p.headline(), 40),
                  Truncate(p.affiliation(), 40)});
  }
  table.Print(out, "no profiles");
}

void RenderNewsItem(const vita::v1::NewsItem& item, std::ostream& out) {
  Field(out, "id", IdOf(item.name()));
  Field(out, "date", FormatDate(item.date()));
  Field(out, "pinned", item.pinned() ? "yes" : "no");
  Field(out, "etag", item.etag());
  out << "text:\n" << Indent(item.text(), "  ") << "\n";
}

void RenderNewsItems(
    const google::protobuf::RepeatedPtrField<vita::v1::NewsItem>& items,
    std::ostream& out) {
  Table table({"ID", "DATE", "PINNED", "TEXT"});
  for (const auto& item : items) {
    table.AddRow({IdOf(item.name()), FormatDate(item.date()),
                  item.pinned() ? "yes" : "", Truncate(item.text(), 70)});
  }
  table.Print(out, "no news items");
}

void RenderPublication(const Publication& p, std::ostream& out) {
  Field(out, "id", IdOf(p.name()));
  Field(out, "title", p.title());
  Field(out, "authors",
        FormatAuthors(p.authors()) + (p.more_authors() ? ", et al." : ""));
  Field(out, "venue", p.venue());
  Field(out, "status", ShortName(p.status()));
  Field(out, "year", absl::StrCat(p.year()));
  if (p.has_date()) Field(out, "date", FormatDate(p.date()));
  for (const auto& link : p.links()) {
    Field(out, absl::StrCat("link ", ShortName(link.kind())),
          absl::StrCat(link.url(), link.label().empty() ? "" : " (",
                       link.label(), link.label().empty() ? "" : ")"));
  }
  Field(out, "citation key", p.citation_key());
  Field(out, "selected", p.selected() ? "yes" : "");
  Field(out, "tags", absl::StrJoin(p.tags(), ", "));
  if (p.display_order() != 0) {
    Field(out, "display order", absl::StrCat(p.display_order()));
  }
  Field(out, "etag", p.etag());
  if (!p.abstract().empty()) {
    out << "abstract:\n" << Indent(p.abstract(), "  ") << "\n";
  }
}

void RenderPublications(
    const google::protobuf::RepeatedPtrField<Publication>& pubs,
    std::ostream& out) {
  Table table({"ID", "YEAR", "STATUS", "TITLE", "VENUE"});
  for (const auto& p : pubs) {
    table.AddRow({IdOf(p.name()), absl::StrCat(p.year()), ShortName(p.status()),
                  Truncate(p.title(), 60), Truncate(p.venue(), 24)});
  }
  table.Print(out, "no publications");
}

void RenderPage(const vita::v1::Page& page, std::ostream& out) {
  const vita::v1::Profile& p = page.profile();
  out << p.display_name() << "\n";
  out << std::string(DisplayWidth(p.display_name()), '=') << "\n";
  if (!p.headline().empty()) out << p.headline() << "\n";
  if (!p.affiliation().empty()) out << p.affiliation() << "\n";
  if (p.has_office() && !p.office().address().empty()) {
    out << p.office().address() << "\n";
  }
  for (const auto& email : p.emails()) out << email.address() << "\n";
  for (const auto& link : p.links()) {
    out << "[" << (link.label().empty() ? ShortName(link.kind()) : link.label())
        << "] " << link.url() << "\n";
  }
  if (!p.bio().empty()) out << "\n" << p.bio() << "\n";
  if (p.research_interests_size() > 0) {
    out << "\nResearch interests: "
        << absl::StrJoin(p.research_interests(), ", ") << "\n";
  }
  if (page.news_size() > 0) {
    out << "\nNews\n----\n";
    for (const auto& item : page.news()) {
      out << "- " << FormatDate(item.date())
          << (item.pinned() ? " (pinned)" : "") << ": " << item.text() << "\n";
    }
  }
  if (page.publications_size() > 0) {
    out << "\nPublications\n------------\n";
    for (const auto& pub : page.publications()) {
      out << "- " << pub.title() << "\n";
      std::vector<std::string> names;
      for (const auto& a : pub.authors()) {
        std::string name = a.is_owner() ? "_" + a.name() + "_" : a.name();
        if (a.equal_contribution()) name += "*";
        if (a.corresponding()) name += "†";
        names.push_back(name);
      }
      if (pub.more_authors()) names.push_back("et al.");
      out << "  " << absl::StrJoin(names, ", ") << "\n";
      out << "  " << VenueLine(pub) << "\n";
      for (const auto& link : pub.links()) {
        out << "  ["
            << (link.label().empty() ? ShortName(link.kind()) : link.label())
            << "] " << link.url() << "\n";
      }
    }
  }
  if (p.education_size() > 0) {
    out << "\nEducation\n---------\n";
    for (const auto& e : p.education()) {
      out << "- " << e.degree() << ", " << e.institution() << " ("
          << Period(e.start(), e.has_start(), e.end(), e.has_end()) << ")\n";
    }
  }
  if (p.experience_size() > 0) {
    out << "\nExperience\n----------\n";
    for (const auto& e : p.experience()) {
      out << "- " << e.role() << ", " << e.organization() << " ("
          << Period(e.start(), e.has_start(), e.end(), e.has_end()) << ")\n";
    }
  }
}

}  // namespace vita::cli
