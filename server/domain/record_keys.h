// What the domain derives from a record for storage: its etag and the key
// that orders it in lists.
#ifndef VITA_SERVER_DOMAIN_RECORD_KEYS_H_
#define VITA_SERVER_DOMAIN_RECORD_KEYS_H_

#include <string>

#include "google/protobuf/message.h"
#include "vita/v1/news.pb.h"
#include "vita/v1/profile_service.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::domain {

// A checksum of everything in `record` but its `etag` field: equal records
// have equal etags, and any change (update_time included) changes it.
std::string ComputeEtag(const google::protobuf::Message& record);

// A checksum of a whole page, from the etags of its parts.
std::string ComputePageEtag(const v1::Page& page);

// Keys that sort ascending in list order (ties broken by id):
// news: pinned first, then newest date first, then newest created first.
std::string NewsSortKey(const v1::NewsItem& item);
// publications: pinned (display_order > 0) first, lowest order first; then
// the others newest first by date (year, month, day; an unknown month or day
// counts as the first, an unknown year 0 as newer than every year).
std::string PublicationSortKey(const v1::Publication& publication);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_RECORD_KEYS_H_
