#include "formats/dates.h"

#include "absl/strings/str_format.h"

namespace vita::formats {

std::string FormatDate(const vita::v1::Date& date) {
  if (date.month() == 0 && date.day() == 0) {
    return absl::StrFormat("%04d", date.year());
  }
  if (date.day() == 0) {
    return absl::StrFormat("%04d-%02d", date.year(), date.month());
  }
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

}  // namespace vita::formats
