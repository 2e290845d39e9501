#include "formats/json_resume.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "formats/dates.h"
#include "formats/json.h"

namespace vita::formats {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;

bool IsWebUrl(const std::string& url) {
  return absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://");
}

// A URL for a format field: absolute as it is, a path made absolute with
// the public URL, else "".
std::string AbsoluteUrl(const std::string& url, absl::string_view base) {
  if (IsWebUrl(url)) return url;
  if (absl::StartsWith(url, "/") && !absl::StartsWith(url, "//") &&
      !base.empty()) {
    return absl::StrCat(base, url);
  }
  return "";
}

// The JSON Resume "network" of a profile link of `kind`.
std::string Network(vita::v1::ProfileLink::Kind kind) {
  using vita::v1::ProfileLink;
  static constexpr std::pair<ProfileLink::Kind, const char*> kNetworks[] = {
      {ProfileLink::GOOGLE_SCHOLAR, "Google Scholar"},
      {ProfileLink::DBLP, "DBLP"},
      {ProfileLink::GITHUB, "GitHub"},
      {ProfileLink::LINKEDIN, "LinkedIn"},
      {ProfileLink::ORCID, "ORCID"},
      {ProfileLink::ZHIHU, "Zhihu"},
      {ProfileLink::X, "X"},
      {ProfileLink::HOMEPAGE, "Homepage"},
  };
  for (const auto& [network_kind, network] : kNetworks) {
    if (network_kind == kind) return network;
  }
  return "Other";
}

void SetIfNotEmpty(Struct* object, absl::string_view key,
                   const std::string& value) {
  if (!value.empty()) SetString(object, key, value);
}

void SetDates(Struct* object, const vita::v1::Date& start, bool has_start,
              const vita::v1::Date& end, bool has_end) {
  if (has_start && start.year() > 0) {
    SetString(object, "startDate", FormatDate(start));
  }
  if (has_end && end.year() > 0) SetString(object, "endDate", FormatDate(end));
}

}  // namespace

std::string PageToJsonResume(const vita::v1::Page& page,
                             absl::string_view public_base_url) {
  const vita::v1::Profile& p = page.profile();
  Struct resume;
  Struct* basics = SetObject(&resume, "basics");
  SetString(basics, "name", p.display_name());
  SetIfNotEmpty(basics, "label", p.headline());
  if (p.emails_size() > 0)
    SetIfNotEmpty(basics, "email", p.emails(0).address());
  SetIfNotEmpty(basics, "summary", p.bio());
  SetIfNotEmpty(basics, "image", AbsoluteUrl(p.photo().url(), public_base_url));
  if (!public_base_url.empty() && absl::StartsWith(p.name(), "profiles/")) {
    SetString(basics, "url",
              absl::StrCat(public_base_url, "/p/", p.name().substr(9)));
  }
  ListValue* profiles = SetList(basics, "profiles");
  for (const vita::v1::ProfileLink& link : p.links()) {
    if (link.kind() == vita::v1::ProfileLink::CV ||
        link.kind() == vita::v1::ProfileLink::EMAIL || !IsWebUrl(link.url())) {
      continue;
    }
    Struct* profile = AddObject(profiles);
    SetString(profile, "network", Network(link.kind()));
    SetString(profile, "url", link.url());
  }
  ListValue* education = SetList(&resume, "education");
  for (const vita::v1::Education& e : p.education()) {
    Struct* item = AddObject(education);
    SetString(item, "institution", e.institution());
    SetIfNotEmpty(item, "url", AbsoluteUrl(e.url(), public_base_url));
    SetIfNotEmpty(item, "studyType", e.degree());
    SetDates(item, e.start(), e.has_start(), e.end(), e.has_end());
  }
  ListValue* work = SetList(&resume, "work");
  for (const vita::v1::Experience& x : p.experience()) {
    Struct* item = AddObject(work);
    SetString(item, "name", x.organization());
    SetIfNotEmpty(item, "position", x.role());
    SetIfNotEmpty(item, "url", AbsoluteUrl(x.url(), public_base_url));
    SetDates(item, x.start(), x.has_start(), x.end(), x.has_end());
    SetIfNotEmpty(item, "summary", x.notes());
  }
  ListValue* publications = SetList(&resume, "publications");
  for (const vita::v1::Publication& pub : page.publications()) {
    Struct* item = AddObject(publications);
    SetString(item, "name", pub.title());
    SetIfNotEmpty(item, "publisher", pub.venue());
    if (pub.has_date() && pub.date().year() == pub.year() && pub.year() > 0) {
      SetString(item, "releaseDate", FormatDate(pub.date()));
    } else if (pub.year() > 0) {
      SetString(item, "releaseDate", absl::StrFormat("%04d", pub.year()));
    }
    for (const vita::v1::PublicationLink& link : pub.links()) {
      if (IsWebUrl(link.url())) {
        SetString(item, "url", link.url());
        break;
      }
    }
    SetIfNotEmpty(item, "summary", pub.abstract());
  }
  return JsonText(resume, /*pretty=*/true);
}

}  // namespace vita::formats
