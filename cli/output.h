// Output of reads: `-o table` (aligned columns for humans), `-o json` (the
// proto's canonical JSON, for jq and grpcurl) and `-o yaml` (yaml_proto.h).
#ifndef VITA_CLI_OUTPUT_H_
#define VITA_CLI_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace vita::cli {

enum class OutputFormat { kTable, kJson, kYaml };

// "table", "json" or "yaml"; anything else is an error naming the choices.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

// Canonical proto3 JSON (lowerCamelCase names, defaults omitted), indented,
// with a final newline.
std::string ToJson(const google::protobuf::Message& message);

// Parses proto3 JSON (either name style); errors are LocalInputError's that
// start with `filename`.
absl::Status FromJson(absl::string_view json, absl::string_view filename,
                      google::protobuf::Message* message);

// Writes `message` as JSON or YAML; for kTable it returns false and writes
// nothing, so the caller renders its own table.
bool PrintStructured(const google::protobuf::Message& message,
                     OutputFormat format, std::ostream& out);

// The number of terminal columns `text` takes (UTF-8 code points).
size_t DisplayWidth(absl::string_view text);

// `text` on one line, cut to `width` columns with "…" when longer.
std::string Truncate(absl::string_view text, size_t width);

// A table with a header row; columns are padded to their widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void AddRow(std::vector<std::string> row);
  // Writes the table; with no rows it writes `empty_message` instead.
  void Print(std::ostream& out, absl::string_view empty_message) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace vita::cli

#endif  // VITA_CLI_OUTPUT_H_
