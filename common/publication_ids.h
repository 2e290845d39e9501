// The identifiers of a publication as they appear in links and BibTeX
// fields: a DOI ("10.1145/3620666.3651380") and an arXiv id ("2406.18533"),
// read from the forms people write them in. The server and `vita` share
// these so that both read a link the same way.
//
// Example:
//
//   DoiFrom("https://doi.org/10.1145/3620666.3651380")
//       == "10.1145/3620666.3651380"
//   ArxivIdFrom("https://arxiv.org/pdf/2211.05322v2.pdf") == "2211.05322"
//
// Nothing is validated here (server/domain/validation.cc does that); these
// only take away resolvers, prefixes and versions. Stateless, thread-safe.
#ifndef VITA_COMMON_PUBLICATION_IDS_H_
#define VITA_COMMON_PUBLICATION_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace vita {

// The DOI in `text`: without "doi:", "https://doi.org/" or
// "http://dx.doi.org/" in front and surrounding white space; "" if `text`
// is a URL of another host.
std::string DoiFrom(absl::string_view text);

// The arXiv id in `text` ("arXiv:2406.18533v2", "2406.18533",
// "https://arxiv.org/abs/2406.18533", "https://arxiv.org/pdf/2406.18533.pdf")
// without prefix, ".pdf" and version; "" if `text` is a URL of another host.
std::string ArxivIdFrom(absl::string_view text);

}  // namespace vita

#endif  // VITA_COMMON_PUBLICATION_IDS_H_
