// Exit codes of `vita` and the mapping from a failed absl::Status to one.
// Every failure is one line on stderr plus one of these codes (docs/cli.md).
#ifndef VITA_CLI_EXIT_CODES_H_
#define VITA_CLI_EXIT_CODES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace vita::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,            // anything not listed below
  kExitUsage = 2,            // bad command line (unknown flag, missing arg)
  kExitBadInput = 3,         // a local file does not parse (BibTeX, YAML, JSON)
  kExitInvalidArgument = 4,  // the server refused a value (INVALID_ARGUMENT)
  kExitNotFound = 5,         // the resource does not exist
  kExitUnauthenticated = 6,  // no or wrong token (UNAUTHENTICATED/DENIED)
  kExitConflict = 7,         // stale etag, id taken, precondition failed
  kExitUnavailable = 8,      // server unreachable or too slow
};

// A status for bad local input; `message` should start with "FILE:LINE: ".
absl::Status LocalInputError(absl::string_view message);

// True for statuses made by LocalInputError.
bool IsLocalInputError(const absl::Status& status);

// A status for a bad command line found after parsing (exit code 2).
absl::Status UsageError(absl::string_view message);

// The exit code for `status` (kExitOk for OK).
int ExitCodeFor(const absl::Status& status);

// The line printed on stderr for a failure: "error: MESSAGE" with any line
// breaks of the message (e.g. from the server) turned into spaces, plus "\n".
std::string ErrorLine(const absl::Status& status);

}  // namespace vita::cli

#endif  // VITA_CLI_EXIT_CODES_H_
