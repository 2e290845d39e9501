// JSON Resume (jsonresume.org, schema v1.0.0) of a profile's page.
//
//   std::string json = vita::formats::PageToJsonResume(
//       page, "https://hexu.example.org");
//
// Printed by protobuf's JSON printer (formats/json.h). Pure; thread-safe.
#ifndef VITA_FORMATS_JSON_RESUME_H_
#define VITA_FORMATS_JSON_RESUME_H_

#include <string>

#include "absl/strings/string_view.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::formats {

// basics: name, label (headline), email (the first), summary (the bio's
// Markdown), image and url (absolute with `public_base_url`, else left
// out), profiles (each http(s) link but CV and e-mail: network and url);
// education: institution, url, studyType (degree), startDate, endDate;
// work: name, position, url, startDate, endDate, summary (notes);
// publications: name (title), publisher (venue), releaseDate, url (the
// first http(s) link), summary (abstract). Dates as "YYYY", "YYYY-MM" or
// "YYYY-MM-DD"; an ongoing position has no endDate.
std::string PageToJsonResume(const vita::v1::Page& page,
                             absl::string_view public_base_url);

}  // namespace vita::formats

#endif  // VITA_FORMATS_JSON_RESUME_H_
