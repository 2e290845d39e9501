#include "cli/output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "cli/yaml_proto.h"
#include "google/protobuf/util/json_util.h"

namespace vita::cli {

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  if (name == "table" || name.empty()) return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "yaml") return OutputFormat::kYaml;
  return absl::InvalidArgumentError(absl::StrCat(
      "-o: unknown output format \"", name, "\" (use table, json or yaml)"));
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return "{}\n";
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

absl::Status FromJson(absl::string_view json, absl::string_view filename,
                      google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message,
      options);
  if (!status.ok()) {
    return LocalInputError(absl::StrCat(
        filename, ": not a valid ", message->GetDescriptor()->full_name(),
        " in proto3 JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

bool PrintStructured(const google::protobuf::Message& message,
                     OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kJson:
      out << ToJson(message);
      return true;
    case OutputFormat::kYaml:
      out << MessageToYaml(message);
      return true;
    case OutputFormat::kTable:
      return false;
  }
  return false;
}

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string Truncate(absl::string_view text, size_t width) {
  std::string line;
  for (char c : text) line += (c == '\n' || c == '\t') ? ' ' : c;
  if (DisplayWidth(line) <= width) return line;
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) {
      if (count + 1 >= width) break;
      ++count;
    }
    out += line[i];
  }
  return out + "…";
}

Table::Table(std::vector<std::string> header) { rows_.push_back(header); }

void Table::AddRow(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
}

void Table::Print(std::ostream& out, absl::string_view empty_message) const {
  if (rows_.size() == 1) {
    out << empty_message << "\n";
    return;
  }
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace vita::cli
