// Which top-level fields differ between two versions of a record; the
// FieldMask of an update names exactly these.
#ifndef VITA_CLI_FIELD_MASK_H_
#define VITA_CLI_FIELD_MASK_H_

#include <set>
#include <string>
#include <vector>

#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace vita::cli {

// The output-only fields every Vita record has.
const std::set<std::string>& OutputOnlyFields();

// Names of the top-level fields of `before` and `after` (same type) whose
// values differ, in field order, leaving out `ignore`.
std::vector<std::string> ChangedFields(const google::protobuf::Message& before,
                                       const google::protobuf::Message& after,
                                       const std::set<std::string>& ignore);

google::protobuf::FieldMask MaskOf(const std::vector<std::string>& paths);

}  // namespace vita::cli

#endif  // VITA_CLI_FIELD_MASK_H_
