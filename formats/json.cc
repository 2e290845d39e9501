#include "formats/json.h"

#include "google/protobuf/util/json_util.h"

namespace vita::formats {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

void SetString(Struct* object, absl::string_view key, absl::string_view value) {
  (*object->mutable_fields())[std::string(key)].set_string_value(
      std::string(value));
}

void SetNumber(Struct* object, absl::string_view key, double value) {
  (*object->mutable_fields())[std::string(key)].set_number_value(value);
}

Struct* SetObject(Struct* object, absl::string_view key) {
  return (*object->mutable_fields())[std::string(key)].mutable_struct_value();
}

ListValue* SetList(Struct* object, absl::string_view key) {
  return (*object->mutable_fields())[std::string(key)].mutable_list_value();
}

Struct* AddObject(ListValue* list) {
  return list->add_values()->mutable_struct_value();
}

void AddString(ListValue* list, absl::string_view value) {
  list->add_values()->set_string_value(std::string(value));
}

std::string JsonText(const google::protobuf::Message& value, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string json;
  // Struct, ListValue and Value always print (no Any, no unknown types).
  (void)google::protobuf::util::MessageToJsonString(value, &json, options);
  return json;
}

}  // namespace vita::formats
