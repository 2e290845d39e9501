// CSL-JSON (Citation Style Language input data, the format reference
// managers and citeproc read) of publications.
//
//   std::string json = vita::formats::PublicationsToCslJson(
//       page.publications());  // [{"id":"zhao2024scaling","type":...}]
//
// Printed by protobuf's JSON printer (formats/json.h). Pure; thread-safe.
#ifndef VITA_FORMATS_CSL_JSON_H_
#define VITA_FORMATS_CSL_JSON_H_

#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/struct.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::formats {

// One CSL-JSON item: id (the citation key, else the publication id), type
// (paper-conference, article-journal, thesis, report, book, chapter,
// speech, manuscript, patent, else article), title, author (family/given
// split at the last space or at "Family, Given"; a one-word name as
// literal), issued date-parts (left out when the year is unknown),
// container-title (venue), container-title-short (venue_short), DOI, URL
// (the first link), abstract, keyword (tags joined by ", ").
google::protobuf::Struct PublicationToCsl(
    const vita::v1::Publication& publication);

// The JSON array of PublicationToCsl of each, in order, indented.
std::string PublicationsToCslJson(
    const google::protobuf::RepeatedPtrField<vita::v1::Publication>&
        publications);

}  // namespace vita::formats

#endif  // VITA_FORMATS_CSL_JSON_H_
