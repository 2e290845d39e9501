#include "server/domain/update_mask.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/field_mask_util.h"

namespace vita::domain {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FieldMask;
using google::protobuf::Message;
using google::protobuf::util::FieldMaskUtil;

bool IsOutputOnlyField(const FieldDescriptor& field) {
  const std::string& name = field.name();
  return name == "name" || name == "create_time" || name == "update_time" ||
         name == "etag";
}

absl::Status ApplyUpdateMask(const FieldMask& mask, const Message& patch,
                             Message* target) {
  const Descriptor* descriptor = patch.GetDescriptor();
  FieldMask effective;
  bool wildcard = mask.paths_size() == 1 && mask.paths(0) == "*";
  if (mask.paths().empty() || wildcard) {
    std::vector<const FieldDescriptor*> fields;
    if (wildcard) {
      for (int i = 0; i < descriptor->field_count(); ++i) {
        fields.push_back(descriptor->field(i));
      }
    } else {
      patch.GetReflection()->ListFields(patch, &fields);
    }
    for (const FieldDescriptor* field : fields) {
      if (!IsOutputOnlyField(*field)) effective.add_paths(field->name());
    }
  } else {
    for (const std::string& path : mask.paths()) {
      std::vector<const FieldDescriptor*> chain;
      if (path == "*" ||
          !FieldMaskUtil::GetFieldDescriptors(descriptor, path, &chain)) {
        return absl::InvalidArgumentError(
            absl::StrCat("update_mask: \"", path, "\" is not a field of ",
                         descriptor->name(),
                         path == "*" ? " (\"*\" must be the only path)" : ""));
      }
      if (!IsOutputOnlyField(*chain.front())) effective.add_paths(path);
    }
  }
  // Replacing (not merging) message and repeated fields makes a masked
  // field equal to the patch's, including when the patch leaves it unset.
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, effective, options, target);
  return absl::OkStatus();
}

}  // namespace vita::domain
