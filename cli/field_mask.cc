#include "cli/field_mask.h"

#include "google/protobuf/util/message_differencer.h"

namespace vita::cli {

const std::set<std::string>& OutputOnlyFields() {
  static const auto* fields =
      new std::set<std::string>{"name", "create_time", "update_time", "etag"};
  return *fields;
}

std::vector<std::string> ChangedFields(const google::protobuf::Message& before,
                                       const google::protobuf::Message& after,
                                       const std::set<std::string>& ignore) {
  std::vector<std::string> changed;
  const google::protobuf::Descriptor* d = before.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = d->field(i);
    if (ignore.count(field->name())) continue;
    if (!google::protobuf::util::MessageDifferencer::Equals(before, after) &&
        !google::protobuf::util::MessageDifferencer().CompareWithFields(
            before, after, {field}, {field})) {
      changed.push_back(field->name());
    }
  }
  return changed;
}

google::protobuf::FieldMask MaskOf(const std::vector<std::string>& paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  return mask;
}

}  // namespace vita::cli
