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

inline v1::Page PageFromJson(const std::string& json) {
  v1::Page page;
  auto status = google::protobuf::util::JsonStringToMessage(json, &page);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return page;
}

// `json` parsed and printed again as a Value's debug string, so that key
// order and white space do not matter in a comparison.
inline std::string CanonicalJson(const std::string& json) {
  google::protobuf::Value value;
  auto status = google::protobuf::util::JsonStringToMessage(json, &value);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return value.DebugString();
}

}  // namespace vita::test_records

#endif  // VITA_TESTS_SUPPORT_PAGE_JSON_H_
