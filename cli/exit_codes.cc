#include "cli/exit_codes.h"

#include "absl/strings/cord.h"

namespace vita::cli {
namespace {
constexpr char kLocalInputPayload[] = "vita.cli/local-input";
constexpr char kUsagePayload[] = "vita.cli/usage";
}  // namespace

absl::Status LocalInputError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kLocalInputPayload, absl::Cord("1"));
  return status;
}

bool IsLocalInputError(const absl::Status& status) {
  return status.GetPayload(kLocalInputPayload).has_value();
}

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

std::string ErrorLine(const absl::Status& status) {
  std::string line = "error: ";
  for (char c : status.message()) {
    line += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return line + "\n";
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (IsLocalInputError(status)) return kExitBadInput;
  if (status.GetPayload(kUsagePayload).has_value()) return kExitUsage;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitInvalidArgument;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitUnauthenticated;
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return kExitConflict;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    default:
      return kExitError;
  }
}

}  // namespace vita::cli
