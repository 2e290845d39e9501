// Fuzzes the resource-name grammar and the id rule (common/resource_name.h)
// with arbitrary bytes, used as a resource name and as the text an id is
// made from.
//
// Checks, besides the sanitizers:
// - a refusal is INVALID_ARGUMENT starting with the field ("name: ");
// - a name that parses is made again, byte for byte, from its parts by
//   ProfileName or ItemResourceName, and its ids pass ValidateId;
//   ParseProfileName and ParseItemName agree with ParseResourceName;
// - an id made by IdFromWords or PublicationIdFrom is empty or a valid id of
//   at most 40 characters (the id rule's contract).
//
// Seeds: corpus/resource_name/, names and texts from the tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/resource_name.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using vita::Collection;

using vita::fuzz::Fail;

void CheckRefusal(const absl::Status& status, absl::string_view name) {
  if (status.ok()) return;
  if (!absl::IsInvalidArgument(status) ||
      !absl::StartsWith(status.message(), "name: ")) {
    Fail("a refusal that does not name the field", status.message());
  }
}

void CheckMadeId(absl::string_view id, absl::string_view text) {
  if (id.empty()) return;
  if (id.size() > 40) Fail("a made id longer than 40 characters", id);
  if (!vita::ValidateId("id", id).ok()) Fail("a made id that is invalid", id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<vita::ResourceName> any =
      vita::ParseResourceName("name", input);
  CheckRefusal(any.status(), input);
  absl::StatusOr<std::string> profile = vita::ParseProfileName("name", input);
  CheckRefusal(profile.status(), input);
  bool is_profile = any.ok() && !any->collection.has_value();
  if (profile.ok() != is_profile) {
    Fail("ParseProfileName and ParseResourceName disagree", input);
  }
  for (Collection collection : {Collection::kNews, Collection::kPublications}) {
    absl::StatusOr<vita::ItemName> item =
        vita::ParseItemName(collection, "name", input);
    CheckRefusal(item.status(), input);
    bool is_item = any.ok() && any->collection == collection;
    if (item.ok() != is_item) {
      Fail("ParseItemName and ParseResourceName disagree", input);
    }
  }
  if (any.ok()) {
    if (!vita::ValidateId("id", any->profile_id).ok()) {
      Fail("a parsed name with an invalid profile id", input);
    }
    std::string again;
    if (any->collection.has_value()) {
      if (!vita::ValidateId("id", any->id).ok()) {
        Fail("a parsed name with an invalid item id", input);
      }
      again =
          vita::ItemResourceName(*any->collection, any->profile_id, any->id);
    } else {
      again = vita::ProfileName(any->profile_id);
    }
    if (again != input) Fail("a parsed name that is not made again", input);
  }

  CheckMadeId(vita::IdFromWords("", input, 8), input);
  CheckMadeId(vita::IdFromWords("2024-03", input, 4), input);
  CheckMadeId(vita::PublicationIdFrom(input, input), input);
  return 0;
}
