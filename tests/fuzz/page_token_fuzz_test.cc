// Fuzzes page-token parsing (server/domain/page_token.h) with arbitrary
// bytes: "PARENT\nTOKEN" decodes TOKEN for the list PARENT; an input
// without a newline is a token for "profiles/hexu-zhao/news".
//
// Checks, besides the sanitizers: a refusal is INVALID_ARGUMENT naming
// page_token; a token that decodes to a position encodes again into a token
// that decodes to the same position; a position without NUL bytes (none of
// ours has one) survives EncodePageToken and DecodePageToken unchanged.
//
// Seeds: corpus/page_token/, tokens from the tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "server/domain/page_token.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using vita::store::ItemCursor;

using vita::fuzz::Fail;

bool Same(const ItemCursor& a, const ItemCursor& b) {
  return a.sort_key == b.sort_key && a.id == b.id;
}

// Encodes `cursor` for `parent` and decodes it again.
void ExpectRoundTrip(absl::string_view parent, const ItemCursor& cursor) {
  std::string token = vita::domain::EncodePageToken(parent, cursor);
  auto decoded = vita::domain::DecodePageToken(parent, token);
  if (!decoded.ok() || !decoded->has_value() || !Same(**decoded, cursor)) {
    Fail("a token made by EncodePageToken does not decode to its position",
         token);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  absl::string_view parent = "profiles/hexu-zhao/news";
  absl::string_view token = input;
  if (size_t newline = input.find('\n'); newline != input.npos) {
    parent = input.substr(0, newline);
    token = input.substr(newline + 1);
  }
  auto decoded = vita::domain::DecodePageToken(parent, token);
  if (!decoded.ok()) {
    if (!absl::IsInvalidArgument(decoded.status()) ||
        !absl::StartsWith(decoded.status().message(), "page_token: ")) {
      Fail("a refusal that does not name page_token",
           decoded.status().message());
    }
  } else if (decoded->has_value()) {
    ExpectRoundTrip(parent, **decoded);
  } else if (!token.empty()) {
    Fail("a non-empty token taken for the first page", token);
  }
  if (!absl::StrContains(input, '\0')) {
    ExpectRoundTrip(parent,
                    ItemCursor{std::string(token), std::string(parent)});
  }
  return 0;
}
