// Field-mask updates (AIP-134) for Vita records.
#ifndef VITA_SERVER_DOMAIN_UPDATE_MASK_H_
#define VITA_SERVER_DOMAIN_UPDATE_MASK_H_

#include "absl/status/status.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace vita::domain {

// Copies the fields named in `mask` from `patch` into `target` (both of the
// same type). Message and repeated fields are replaced whole, not merged.
//  - An empty mask means every field that is set in `patch`.
//  - "*" means every field; fields unset in `patch` are cleared.
//  - Nested paths ("photo.url") are allowed through singular messages.
// Output-only fields (name, create_time, update_time, etag) are never
// copied, as AIP-203 asks. A path that names no field is INVALID_ARGUMENT
// naming "update_mask" and the path; nothing is changed then.
absl::Status ApplyUpdateMask(const google::protobuf::FieldMask& mask,
                             const google::protobuf::Message& patch,
                             google::protobuf::Message* target);

// True for the fields the server owns: name, create_time, update_time, etag.
bool IsOutputOnlyField(const google::protobuf::FieldDescriptor& field);

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_UPDATE_MASK_H_
