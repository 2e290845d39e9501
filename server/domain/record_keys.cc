#include "server/domain/record_keys.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/time_util.h"
#include "server/domain/digest.h"

namespace vita::domain {
namespace {

// 96 bits: collisions between two versions of one record are out of reach.
constexpr size_t kEtagBytes = 12;

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream out(&stream);
  out.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&out);
  out.Trim();
  return bytes;
}

}  // namespace

std::string ComputeEtag(const google::protobuf::Message& record) {
  const google::protobuf::FieldDescriptor* etag =
      record.GetDescriptor()->FindFieldByName("etag");
  if (etag == nullptr ||
      record.GetReflection()->GetString(record, etag).empty()) {
    return Sha256Hex(DeterministicBytes(record), kEtagBytes);
  }
  std::unique_ptr<google::protobuf::Message> copy(record.New());
  copy->CopyFrom(record);
  copy->GetReflection()->ClearField(copy.get(), etag);
  return Sha256Hex(DeterministicBytes(*copy), kEtagBytes);
}

std::string ComputePageEtag(const v1::Page& page) {
  // Made in place: a page of a thousand items is hashed on every write.
  std::string parts = page.profile().etag();
  parts.reserve(parts.size() + 1 +
                (page.news_size() + page.publications_size()) *
                    (1 + 2 * kEtagBytes));
  for (const v1::NewsItem& item : page.news()) {
    absl::StrAppend(&parts, "/", item.etag());
  }
  parts += '|';
  for (const v1::Publication& publication : page.publications()) {
    absl::StrAppend(&parts, "/", publication.etag());
  }
  return Sha256Hex(parts, kEtagBytes);
}

std::string NewsSortKey(const v1::NewsItem& item) {
  int64_t date = item.date().year() * 10000 + item.date().month() * 100 +
                 item.date().day();
  // Times before 1970 are refused on the way in; clamping keeps the
  // subtraction below from overflowing whatever happens.
  int64_t created = std::max<int64_t>(
      0, google::protobuf::util::TimeUtil::TimestampToMicroseconds(
             item.create_time()));
  // Subtracting from the maximum turns "newest first" into ascending order;
  // fixed widths make the string order equal the numeric order.
  return absl::StrFormat("%d-%08d-%019d", item.pinned() ? 0 : 1,
                         99999999 - date, INT64_MAX - created);
}

std::string PublicationSortKey(const v1::Publication& publication) {
  // Pinned: "0-" and the display order, lowest first.
  if (publication.display_order() > 0) {
    return absl::StrFormat("0-%010d", publication.display_order());
  }
  // Unpinned: "1-" and the date subtracted from 99999999, so that ascending
  // keys are newest first. An unknown month or day counts as the first; an
  // unknown year (0) as newer than every year, i.e. the key 00000000.
  const v1::Date& date = publication.date();
  int64_t value = 99999999;
  if (publication.year() > 0) {
    bool dated = date.year() == publication.year();
    value = int64_t{publication.year()} * 10000 +
            std::max(dated ? date.month() : 0, 1) * 100 +
            std::max(dated ? date.day() : 0, 1);
  }
  return absl::StrFormat("1-%08d", 99999999 - value);
}

}  // namespace vita::domain
