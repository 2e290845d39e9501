// Fuzzes the record rules (server/domain/validation.h) with arbitrary proto
// bytes: the input is parsed as a Profile, a NewsItem and a Publication, and
// each one that parses is validated as the domain does before a write.
//
// Checks, besides the sanitizers: validation never crashes, and a refusal
// is INVALID_ARGUMENT whose message starts with the record's path, as the
// contract says ("profile.links[2].url: ...").
//
// Seeds: corpus/validation/, the demo page's records (fuzz_seeds).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"

namespace {

template <typename Record, typename Validate>
void ValidateAs(const uint8_t* data, size_t size, const char* path,
                Validate validate) {
  Record record;
  if (!record.ParseFromArray(data, static_cast<int>(size))) return;
  absl::Status status = validate(path, record);
  if (status.ok()) return;
  if (!absl::IsInvalidArgument(status) ||
      !absl::StartsWith(status.message(), absl::StrCat(path, "."))) {
    std::fprintf(stderr, "refusal does not name the %s field: %s\n", path,
                 status.ToString().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vita;
  ValidateAs<v1::Profile>(data, size, "profile", domain::ValidateProfile);
  ValidateAs<v1::NewsItem>(data, size, "news_item", domain::ValidateNewsItem);
  ValidateAs<v1::Publication>(data, size, "publication",
                              domain::ValidatePublication);
  return 0;
}
