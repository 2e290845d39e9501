#include "cli/yaml_proto.h"

#include <algorithm>
#include <memory>
#include <regex>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "cli/exit_codes.h"
#include "cli/input.h"
#include "common/status_macros.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "yaml-cpp/yaml.h"

namespace vita::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsDate(const Descriptor* d) { return d->full_name() == "vita.v1.Date"; }
bool IsTimestamp(const Descriptor* d) {
  return d->full_name() == "google.protobuf.Timestamp";
}

// Strings that a YAML reader would take for something else get quotes.
bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  std::string lower = absl::AsciiStrToLower(s);
  if (lower == "true" || lower == "false" || lower == "yes" || lower == "no" ||
      lower == "on" || lower == "off" || lower == "null" || lower == "~" ||
      lower == "y" || lower == "n") {
    return true;
  }
  double d;
  if (absl::SimpleAtod(s, &d)) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  return false;
}

// For each literal block emitted, in order: true if its string has no final
// newline, so its "|" must become "|-" (yaml-cpp always writes "|").
thread_local std::vector<bool>* literal_strips = nullptr;

void EmitString(YAML::Emitter& out, const std::string& s) {
  bool plain_edges = !s.empty() && s[0] != ' ' && s[0] != '\n' &&
                     s[0] != '\t' &&
                     !(s.size() >= 2 && s.substr(s.size() - 2) == "\n\n");
  // A literal block holds its characters as they are, so no control
  // characters but newlines (a double-quoted string escapes them).
  bool printable = std::none_of(s.begin(), s.end(), [](char c) {
    return (c >= 0 && c < 0x20 && c != '\n') || c == 0x7F;
  });
  if (s.find('\n') != std::string::npos && plain_edges && printable) {
    if (literal_strips) literal_strips->push_back(s.back() != '\n');
    out << YAML::Literal << s;
  } else if (NeedsQuotes(s) || s.find('\n') != std::string::npos) {
    out << YAML::DoubleQuoted << s;
  } else {
    out << s;
  }
}

void EmitMessage(YAML::Emitter& out, const Message& message,
                 const YamlOptions* top);

void EmitSingle(YAML::Emitter& out, const Message& message,
                const FieldDescriptor* field, int index) {
  const Reflection* r = message.GetReflection();
  bool repeated = field->is_repeated();
  // The value (element `index` if repeated), read by `get` or `get_repeated`.
  auto value = [&](auto get, auto get_repeated) {
    return repeated ? (r->*get_repeated)(message, field, index)
                    : (r->*get)(message, field);
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      EmitString(out,
                 value(&Reflection::GetString, &Reflection::GetRepeatedString));
      break;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      // A number as the protobuf text format writes it (the shortest text
      // that reads back the same value), which YAML reads as that number.
      std::string number;
      google::protobuf::TextFormat::PrintFieldValueToString(
          message, field, repeated ? index : -1, &number);
      out << number;
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      out << YAML::TrueFalseBool
          << value(&Reflection::GetBool, &Reflection::GetRepeatedBool);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      out << value(&Reflection::GetEnum, &Reflection::GetRepeatedEnum)->name();
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = repeated
                               ? r->GetRepeatedMessage(message, field, index)
                               : r->GetMessage(message, field);
      if (IsDate(sub.GetDescriptor())) {
        vita::v1::Date date;
        date.CopyFrom(sub);
        out << YAML::DoubleQuoted << FormatDate(date);
      } else if (IsTimestamp(sub.GetDescriptor())) {
        google::protobuf::Timestamp ts;
        ts.CopyFrom(sub);
        out << google::protobuf::util::TimeUtil::ToString(ts);
      } else {
        EmitMessage(out, sub, nullptr);
      }
      break;
    }
  }
}

void EmitMessage(YAML::Emitter& out, const Message& message,
                 const YamlOptions* top) {
  const Descriptor* d = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  out << YAML::BeginMap;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    if (top && top->skip_fields.count(field->name())) continue;
    bool include_empty = top && top->include_empty;
    if (field->is_repeated()) {
      int size = r->FieldSize(message, field);
      if (size == 0 && !include_empty) continue;
      out << YAML::Key << field->name() << YAML::Value;
      if (size == 0) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        continue;
      }
      out << YAML::BeginSeq;
      for (int j = 0; j < size; ++j) EmitSingle(out, message, field, j);
      out << YAML::EndSeq;
      continue;
    }
    bool present = r->HasField(message, field);
    if (!present && !include_empty) continue;
    out << YAML::Key << field->name() << YAML::Value;
    if (!present && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (IsDate(field->message_type()) || IsTimestamp(field->message_type())) {
        out << YAML::DoubleQuoted << "";
      } else {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      }
      continue;
    }
    EmitSingle(out, message, field, -1);
  }
  out << YAML::EndMap;
}

class Reader {
 public:
  explicit Reader(absl::string_view filename) : filename_(filename) {}

  absl::Status Error(const YAML::Node& node, absl::string_view what) {
    YAML::Mark mark = node.Mark();
    if (mark.is_null())
      return LocalInputError(absl::StrCat(filename_, ": ", what));
    return LocalInputError(absl::StrCat(filename_, ":", mark.line + 1, ":",
                                        mark.column + 1, ": ", what));
  }

  absl::Status ReadMessage(const YAML::Node& node, Message* message,
                           const std::string& path) {
    if (node.IsNull()) return absl::OkStatus();
    if (!node.IsMap()) {
      return Error(node, absl::StrCat(path.empty() ? "the document" : path,
                                      " must be a mapping of field: value"));
    }
    const Descriptor* d = message->GetDescriptor();
    for (const auto& entry : node) {
      std::string key = entry.first.Scalar();
      const FieldDescriptor* field = d->FindFieldByName(key);
      if (!field) field = d->FindFieldByCamelcaseName(key);
      if (!field) {
        return Error(entry.first,
                     absl::StrCat("unknown field \"", key, "\"",
                                  path.empty() ? "" : " in " + path));
      }
      std::string field_path =
          path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
      const YAML::Node& value = entry.second;
      if (field->is_repeated()) {
        if (value.IsNull()) continue;
        if (!value.IsSequence()) {
          return Error(value, absl::StrCat(field_path, " must be a list"));
        }
        for (size_t i = 0; i < value.size(); ++i) {
          VITA_RETURN_IF_ERROR(ReadSingle(
              value[i], message, field, absl::StrCat(field_path, "[", i, "]")));
        }
      } else {
        VITA_RETURN_IF_ERROR(ReadSingle(value, message, field, field_path));
      }
    }
    return absl::OkStatus();
  }

 private:
  absl::Status ReadSingle(const YAML::Node& node, Message* message,
                          const FieldDescriptor* field,
                          const std::string& path) {
    const Reflection* r = message->GetReflection();
    bool repeated = field->is_repeated();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Descriptor* type = field->message_type();
      if (IsDate(type) || IsTimestamp(type)) {
        if (node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
          if (!repeated) r->ClearField(message, field);
          return absl::OkStatus();
        }
        if (!node.IsScalar()) {
          return Error(node, absl::StrCat(path, " must be a single value"));
        }
        Message* sub = repeated ? r->AddMessage(message, field)
                                : r->MutableMessage(message, field);
        if (IsDate(type)) {
          absl::StatusOr<vita::v1::Date> date = ParseDate(node.Scalar());
          if (!date.ok()) {
            return Error(node,
                         absl::StrCat(path, ": ", date.status().message()));
          }
          sub->CopyFrom(*date);
        } else {
          google::protobuf::Timestamp ts;
          if (!google::protobuf::util::TimeUtil::FromString(node.Scalar(),
                                                            &ts)) {
            return Error(node, absl::StrCat(path, ": \"", node.Scalar(),
                                            "\" is not an RFC 3339 time"));
          }
          sub->CopyFrom(ts);
        }
        return absl::OkStatus();
      }
      if (node.IsNull() || (node.IsMap() && node.size() == 0)) {
        if (repeated) r->AddMessage(message, field);
        return absl::OkStatus();
      }
      Message* sub = repeated ? r->AddMessage(message, field)
                              : r->MutableMessage(message, field);
      return ReadMessage(node, sub, path);
    }
    if (!node.IsScalar() && !node.IsNull()) {
      return Error(node, absl::StrCat(path, " must be a single value"));
    }
    std::string text = node.IsNull() ? "" : node.Scalar();
    // Sets the field to `v` with `set`, or appends it with `add` if repeated.
    auto store = [&](auto set, auto add, auto v) {
      repeated ? (r->*add)(message, field, v) : (r->*set)(message, field, v);
    };
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_STRING && !IsUtf8(text)) {
          return Error(node, absl::StrCat(path,
                                          ": is not UTF-8 text (save "
                                          "the file as UTF-8)"));
        }
        store(&Reflection::SetString, &Reflection::AddString, text);
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64: {
        int64_t v = 0;
        if (!text.empty() && !absl::SimpleAtoi(text, &v)) {
          return Error(node, absl::StrCat(path, ": \"", text,
                                          "\" is not a whole number"));
        }
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_INT32:
            store(&Reflection::SetInt32, &Reflection::AddInt32, v);
            break;
          case FieldDescriptor::CPPTYPE_INT64:
            store(&Reflection::SetInt64, &Reflection::AddInt64, v);
            break;
          case FieldDescriptor::CPPTYPE_UINT32:
            store(&Reflection::SetUInt32, &Reflection::AddUInt32, v);
            break;
          default:
            store(&Reflection::SetUInt64, &Reflection::AddUInt64, v);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double v = 0;
        if (!text.empty() && !absl::SimpleAtod(text, &v)) {
          return Error(node,
                       absl::StrCat(path, ": \"", text, "\" is not a number"));
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
          store(&Reflection::SetDouble, &Reflection::AddDouble, v);
        } else {
          store(&Reflection::SetFloat, &Reflection::AddFloat, v);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v = false;
        if (!text.empty() && !YAML::convert<bool>::decode(node, v)) {
          return Error(node, absl::StrCat(path, ": \"", text,
                                          "\" is not true or false"));
        }
        store(&Reflection::SetBool, &Reflection::AddBool, v);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* type = field->enum_type();
        const google::protobuf::EnumValueDescriptor* value =
            text.empty() ? type->value(0)
                         : type->FindValueByName(absl::AsciiStrToUpper(text));
        if (!value) {
          std::string names;
          for (int i = 1; i < type->value_count(); ++i) {
            absl::StrAppend(&names, i > 1 ? ", " : "", type->value(i)->name());
          }
          return Error(node, absl::StrCat(path, ": \"", text,
                                          "\" is not one of ", names));
        }
        store(&Reflection::SetEnum, &Reflection::AddEnum, value);
        return absl::OkStatus();
      }
      default:
        return Error(node, absl::StrCat(path, ": unsupported field type"));
    }
  }

  std::string filename_;
};

}  // namespace

// Turns the "|" of literal blocks whose string has no final newline into
// "|-" (strip chomping), so reading the YAML back gives the same string.
std::string FixChomping(const std::string& yaml,
                        const std::vector<bool>& strips) {
  static const std::regex kLiteral(R"(^ *(- )*([a-z_0-9]+: )?\|$)");
  std::string out;
  size_t next = 0;
  for (absl::string_view line : absl::StrSplit(yaml, '\n')) {
    std::string text(line);
    if (next < strips.size() && std::regex_match(text, kLiteral)) {
      if (strips[next]) text += "-";
      ++next;
    }
    absl::StrAppend(&out, text, "\n");
  }
  out.pop_back();
  return out;
}

std::string MessageToYaml(const Message& message, const YamlOptions& options) {
  YAML::Emitter out;
  out.SetIndent(2);
  std::vector<bool> strips;
  literal_strips = &strips;
  EmitMessage(out, message, &options);
  literal_strips = nullptr;
  std::string text = FixChomping(out.c_str(), strips);
  if (text == "{}") return "{}\n";
  return text + "\n";
}

absl::Status YamlToMessage(absl::string_view yaml, absl::string_view filename,
                           Message* message) {
  message->Clear();
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return LocalInputError(absl::StrCat(filename, ":", e.mark.line + 1, ":",
                                        e.mark.column + 1, ": ", e.msg));
  }
  Reader reader(filename);
  try {
    return reader.ReadMessage(root, message, "");
  } catch (const YAML::Exception& e) {
    return LocalInputError(
        absl::StrCat(filename, ":", e.mark.line + 1, ": ", e.msg));
  }
}

}  // namespace vita::cli
