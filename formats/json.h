// JSON documents built as protobuf Struct values and printed by protobuf's
// JSON printer, so every string is escaped by a real JSON library.
//
//   google::protobuf::Struct article;
//   vita::formats::SetString(&article, "@type", "ScholarlyArticle");
//   vita::formats::AddObject(vita::formats::SetList(&article, "author"));
//   std::string text = vita::formats::JsonText(article);  // {"@type":...}
//
// Keys print sorted (deterministic: equal documents are equal bytes).
// Numbers are doubles; whole
// numbers below 2^53 print without a fraction. Thread-compatible.
#ifndef VITA_FORMATS_JSON_H_
#define VITA_FORMATS_JSON_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace vita::formats {

// Sets `key` of `object` to the string `value`.
void SetString(google::protobuf::Struct* object, absl::string_view key,
               absl::string_view value);
// Sets `key` of `object` to the number `value`.
void SetNumber(google::protobuf::Struct* object, absl::string_view key,
               double value);
// Sets `key` of `object` to a new empty object and returns it.
google::protobuf::Struct* SetObject(google::protobuf::Struct* object,
                                    absl::string_view key);
// Sets `key` of `object` to a new empty list and returns it.
google::protobuf::ListValue* SetList(google::protobuf::Struct* object,
                                     absl::string_view key);
// Appends a new empty object to `list` and returns it.
google::protobuf::Struct* AddObject(google::protobuf::ListValue* list);
// Appends the string `value` to `list`.
void AddString(google::protobuf::ListValue* list, absl::string_view value);

// `value` (a Struct, ListValue or Value) as JSON text: compact, or with
// two-space indentation when `pretty`. Never fails for these messages.
std::string JsonText(const google::protobuf::Message& value,
                     bool pretty = false);

}  // namespace vita::formats

#endif  // VITA_FORMATS_JSON_H_
