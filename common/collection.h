// The two collections under a profile, shared by the server's store and
// domain and by the CLI (common/ depends on Abseil only).
#ifndef VITA_COMMON_COLLECTION_H_
#define VITA_COMMON_COLLECTION_H_

namespace vita {

// The kinds of items that belong to a profile: its news items and its
// publications. Their segments in resource names are "news" and
// "publications" (CollectionSegment in common/resource_name.h).
enum class Collection { kNews, kPublications };

}  // namespace vita

#endif  // VITA_COMMON_COLLECTION_H_
