// The rules of ImportPublications: when an imported publication is the same
// work as a stored one, and what an import may change in a stored one.
//
// Example:
//
//   std::optional<WorkMatch> match = FindSameWork(stored, imported);
//   if (match) {
//     std::vector<std::string> filled = FillMissing(
//         imported, [&](absl::string_view field, const std::string& value) {
//           return UsedByAnother(field, value);
//         }, &stored[match->index]);
//   }
//
// Stateless; safe to call from any thread.
#ifndef VITA_SERVER_DOMAIN_PUBLICATION_IMPORT_H_
#define VITA_SERVER_DOMAIN_PUBLICATION_IMPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "vita/v1/profile_service.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::domain {

// A stored publication that is the same work as an imported one, and why.
struct WorkMatch {
  int index;  // into the stored publications
  v1::PublicationImportResult::Match why;
};

// The first of `stored` that is the same work as `imported`, trying each
// reason of PublicationImportResult.Match in its order over all of
// `stored` (a DOI match anywhere wins over a title match earlier in the
// list); nullopt if none is.
std::optional<WorkMatch> FindSameWork(
    const std::vector<v1::Publication>& stored,
    const v1::Publication& imported);

// The title as matching compares it: its letters and digits (non-ASCII
// characters kept as they are), ASCII letters in lower case, nothing else.
// "On Scaling-Up 3D {G}aussian" -> "onscalingup3dgaussian".
std::string NormalizedTitle(absl::string_view title);

// Fills into `stored` what it lacks and `imported` has, by the rule of
// PublicationImportResult, and returns the names of the filled fields in
// field order (empty: nothing changed). `taken(field, value)` says whether
// another publication uses `value` as its "citation_key", "doi" or
// "arxiv_id"; such a value is not filled in.
std::vector<std::string> FillMissing(
    const v1::Publication& imported,
    absl::FunctionRef<bool(absl::string_view field, const std::string& value)>
        taken,
    v1::Publication* stored);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PUBLICATION_IMPORT_H_
