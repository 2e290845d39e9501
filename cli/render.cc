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
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

using vita::v1::ProfileLink;
using vita::v1::Publication;
using vita::v1::PublicationLink;

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

std::string ShortName(vita::v1::Email::Kind kind) {
  return Lower(vita::v1::Email::Kind_Name(kind));
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
  Field(out, "id", ItemIdOf(p.name()));
  Field(out, "display name", p.display_name());
  Field(out, "name variants", absl::StrJoin(p.name_variants(), "; "));
  Field(out, "headline", p.headline());
  Field(out, "affiliation", p.affiliation());
  if (p.has_photo()) Field(out, "photo", p.photo().url());
  if (p.has_office()) Field(out, "office", p.office().address());
  for (const auto& email : p.emails()) {
    Field(out, "email",
          absl::StrCat(email.address(), " (", ShortName(email.kind()), ")"));
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
    table.AddRow({std::string(ItemIdOf(p.name())), p.display_name(),
                  Truncate(p.headline(), 40), Truncate(p.affiliation(), 40)});
  }
  table.Print(out, "no profiles");
}

void RenderNewsItem(const vita::v1::NewsItem& item, std::ostream& out) {
  Field(out, "id", ItemIdOf(item.name()));
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
    table.AddRow({std::string(ItemIdOf(item.name())), FormatDate(item.date()),
                  item.pinned() ? "yes" : "", Truncate(item.text(), 70)});
  }
  table.Print(out, "no news items");
}

void RenderPublication(const Publication& p, std::ostream& out) {
  Field(out, "id", ItemIdOf(p.name()));
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
    table.AddRow({std::string(ItemIdOf(p.name())), absl::StrCat(p.year()),
                  ShortName(p.status()), Truncate(p.title(), 60),
                  Truncate(p.venue(), 24)});
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
