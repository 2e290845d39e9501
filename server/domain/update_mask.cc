#include "server/domain/update_mask.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
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

absl::Status ApplyUpdateMask(const FieldMask& mask,
                             const Message& request_patch, Message* target) {
  // Fields unknown to this build are never stored (see
  // ProfileService::CreateProfile).
  std::unique_ptr<Message> clean(request_patch.New());
  clean->CopyFrom(request_patch);
  clean->DiscardUnknownFields();
  const Message& patch = *clean;
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
        absl::string_view rule =
            path == "*" ? " (\"*\" must be the only path)"
            : path.find('.') != std::string::npos
                ? " (a nested path must go through fields that are single "
                  "messages, not lists)"
                : "";
        return absl::InvalidArgumentError(
            absl::StrCat("update_mask: \"", absl::CHexEscape(path),
                         "\" is not a field of ", descriptor->name(), rule));
      }
      if (!IsOutputOnlyField(*chain.front())) effective.add_paths(path);
    }
  }
  // Replacing (not merging) message and repeated fields makes a masked
  // field equal to the patch's, including when the patch leaves it unset.
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  // A nested path ("office.map_url") to an unset value must not leave behind
  // an empty message that was not there: it would change the etag for
  // nothing. Remember which message fields were absent before.
  const google::protobuf::Reflection* reflection = target->GetReflection();
  std::vector<const FieldDescriptor*> absent_messages;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_repeated() && !reflection->HasField(*target, field)) {
      absent_messages.push_back(field);
    }
  }
  FieldMaskUtil::MergeMessageTo(patch, effective, options, target);
  for (const FieldDescriptor* field : absent_messages) {
    if (reflection->HasField(*target, field) &&
        reflection->GetMessage(*target, field).ByteSizeLong() == 0) {
      reflection->ClearField(target, field);
    }
  }
  return absl::OkStatus();
}

}  // namespace vita::domain
