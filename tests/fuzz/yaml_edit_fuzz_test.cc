// Fuzzes the YAML of `vita edit` (cli/yaml_proto.h) with arbitrary bytes,
// parsed as a Profile, a NewsItem and a Publication, as `vita edit` parses
// the file the user saved.
//
// Checks, besides the sanitizers: a refusal is a LocalInputError whose
// message starts with the file name ("edit.yaml:LINE:COLUMN: ..."); a
// record that parses is written by MessageToYaml into YAML that parses back
// into the same record (YamlToMessage(MessageToYaml(m)) == m).
//
// Seeds: corpus/yaml_edit/, the demo page's records as `vita edit` shows
// them (fuzz_seeds) and YAML from the tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "cli/exit_codes.h"
#include "cli/yaml_proto.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/fuzz/fuzz_check.h"
#include "vita/v1/news.pb.h"
#include "vita/v1/profile.pb.h"
#include "vita/v1/publication.pb.h"

namespace {

using vita::fuzz::Fail;

template <typename Record>
void ParseAs(absl::string_view yaml) {
  Record record;
  absl::Status parsed = vita::cli::YamlToMessage(yaml, "edit.yaml", &record);
  if (!parsed.ok()) {
    if (!vita::cli::IsLocalInputError(parsed) ||
        !absl::StartsWith(parsed.message(), "edit.yaml:")) {
      Fail("a refusal that does not name the file", parsed.ToString());
    }
    return;
  }
  std::string written = vita::cli::MessageToYaml(record);
  Record again;
  absl::Status reparsed =
      vita::cli::YamlToMessage(written, "written.yaml", &again);
  if (!reparsed.ok()) {
    Fail("MessageToYaml wrote YAML that does not parse",
         reparsed.ToString() + "\n" + written);
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(record, again)) {
    Fail("MessageToYaml wrote YAML that parses into another record",
         record.DebugString() + "---\n" + written + "---\n" +
             again.DebugString());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view yaml(reinterpret_cast<const char*>(data), size);
  ParseAs<vita::v1::Profile>(yaml);
  ParseAs<vita::v1::NewsItem>(yaml);
  ParseAs<vita::v1::Publication>(yaml);
  return 0;
}
