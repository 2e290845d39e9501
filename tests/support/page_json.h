// Test records from proto3 JSON literals.
//
//   vita::v1::Page page = vita::test_records::PageFromJson(
//       R"({"profile":{"name":"profiles/ada"}})");
//
// Fails the current test (EXPECT) when the JSON does not parse.
#ifndef VITA_TESTS_SUPPORT_PAGE_JSON_H_
#define VITA_TESTS_SUPPORT_PAGE_JSON_H_

#include <string>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::test_records {

// Any message from its proto3 JSON.
template <typename Message>
Message MessageFromJson(const std::string& json) {
  Message message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return message;
}

inline v1::Page PageFromJson(const std::string& json) {
  return MessageFromJson<v1::Page>(json);
}

// One publication, for what reads a publication alone.
inline v1::Publication PublicationFromJson(const std::string& json) {
  return MessageFromJson<v1::Publication>(json);
}

// `json` parsed and printed again as a Value's debug string, so that key
// order and white space do not matter in a comparison.
inline std::string CanonicalJson(const std::string& json) {
  return MessageFromJson<google::protobuf::Value>(json).DebugString();
}

}  // namespace vita::test_records

#endif  // VITA_TESTS_SUPPORT_PAGE_JSON_H_
