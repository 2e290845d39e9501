// Dates of records as text.
//
//   FormatDate(date)  // "2024", "2024-03" or "2024-03-05"
//
// Pure functions; thread-safe.
#ifndef VITA_FORMATS_DATES_H_
#define VITA_FORMATS_DATES_H_

#include <string>

#include "vita/v1/common.pb.h"

namespace vita::formats {

// Date -> "2024", "2024-03" or "2024-03-05" (ParseDate in cli/input.h is
// the way back). REQUIRES: a valid Date (common.proto).
std::string FormatDate(const vita::v1::Date& date);

}  // namespace vita::formats

#endif  // VITA_FORMATS_DATES_H_
