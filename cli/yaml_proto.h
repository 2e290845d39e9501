// Human-friendly YAML for Vita records (used by `-o yaml` and `vita edit`),
// built on yaml-cpp and protobuf reflection. Field names are the proto's
// (snake_case); enums are written by name; a vita.v1.Date is one scalar
// "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a Timestamp is RFC 3339. Multi-line
// strings use literal blocks. YamlToMessage(MessageToYaml(m)) == m.
#ifndef VITA_CLI_YAML_PROTO_H_
#define VITA_CLI_YAML_PROTO_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "formats/dates.h"
#include "google/protobuf/message.h"
#include "vita/v1/common.pb.h"

namespace vita::cli {

struct YamlOptions {
  // Also write top-level fields that have their default value (as "", 0,
  // false, [] or {}), so an editor shows every field that can be filled.
  bool include_empty = false;
  // Top-level fields to leave out (e.g. the output-only ones when editing).
  std::set<std::string> skip_fields;
};

std::string MessageToYaml(const google::protobuf::Message& message,
                          const YamlOptions& options = {});

// Parses `yaml` into `message` (cleared first). `filename` prefixes errors,
// which read "FILE:LINE:COLUMN: message" and are LocalInputError's.
absl::Status YamlToMessage(absl::string_view yaml, absl::string_view filename,
                           google::protobuf::Message* message);

// Date -> "2024", "2024-03" or "2024-03-05": formats/dates.h.
using formats::FormatDate;

}  // namespace vita::cli

#endif  // VITA_CLI_YAML_PROTO_H_
