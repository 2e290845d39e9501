#include "formats/json.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"

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
  // Deterministic: a Struct's keys are a map, printed in hash order by
  // MessageToJsonString; serialized deterministically they are sorted, and
  // BinaryToJsonString prints them in that order, so equal documents are
  // equal bytes.
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    value.SerializeToCodedStream(&coded);
  }
  static google::protobuf::util::TypeResolver* const resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com",
          google::protobuf::DescriptorPool::generated_pool());
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string json;
  // Struct, ListValue and Value always print (no Any, no unknown types).
  (void)google::protobuf::util::BinaryToJsonString(
      resolver,
      absl::StrCat("type.googleapis.com/", value.GetDescriptor()->full_name()),
      binary, &json, options);
  return json;
}

}  // namespace vita::formats
