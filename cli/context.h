// What every command needs: the global options, the output streams, the
// (lazily opened) connection and the profile the command works on. Commands
// register with CLI11 and leave their work in `action`, which main() runs
// after parsing.
#ifndef VITA_CLI_CONTEXT_H_
#define VITA_CLI_CONTEXT_H_

#include <functional>
#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/connection.h"
#include "cli/options.h"
#include "cli/output.h"
#include "common/resource_name.h"

namespace vita::cli {

// One Context lives for one run of `vita` (main() makes it). It does not own
// `out` and `err` (main() passes std::cout and std::cerr): they must outlive
// it. It owns the Connection it opens. Not thread-safe: `vita` runs one command
// on one thread.
class Context {
 public:
  Context(std::ostream& out, std::ostream& err) : out(out), err(err) {}

  GlobalOptions options;
  std::ostream& out;
  std::ostream& err;
  // Set by the callback of the subcommand that was chosen.
  std::function<absl::Status()> action;

  // The connection, opened on first use with the resolved options and the
  // token (LoadToken); later calls return the same one. The Context owns it:
  // never null on success, valid as long as the Context. Opening does not
  // reach the server (the first call does, and fails UNAVAILABLE if it cannot
  // connect). Fails NOT_FOUND when the token file or the --ca file cannot be
  // read (exit code 5); a failed open is tried again on the next call.
  absl::StatusOr<Connection*> connection();

  // The -o format.
  absl::StatusOr<OutputFormat> format() const;

  // "profiles/{id}" for `arg` (an id, or a resource name of the profile or
  // of one of its items, parsed by common/resource_name.h); when `arg` is
  // empty, the profile the command works on (--profile, VITA_PROFILE,
  // config), else the only profile on the server (asked with ListProfiles).
  // Fails INVALID_ARGUMENT ("which profile? ...") when the server has several
  // and none was chosen, NOT_FOUND when it has none.
  absl::StatusOr<std::string> ProfileName(absl::string_view arg);

  // The resource name of an item of `collection`: `id` may be a full name
  // ("profiles/p/news/n", which must name an item of `collection`) or an id
  // under the profile ProfileName("") of the command.
  absl::StatusOr<std::string> ItemName(Collection collection,
                                       absl::string_view id);

  // Prints a one-line message on stderr (for progress or notes).
  void Note(absl::string_view message) { err << message << "\n"; }

 private:
  // The {id} of ProfileName(arg).
  absl::StatusOr<std::string> ProfileId(absl::string_view arg);

  std::unique_ptr<Connection> connection_;
};

// A resource name refused by common/resource_name.h, worded as when the
// server refuses it ("invalid argument: ..."); other statuses unchanged.
absl::Status RefusedName(const absl::Status& status);

// Makes `fn` the action when `app` is the chosen subcommand.
void SetAction(CLI::App* app, Context& context,
               std::function<absl::Status()> fn);

// Reads a whole file ("-" is stdin). A file that cannot be opened (missing or
// unreadable) is NOT_FOUND "cannot read PATH: REASON" (exit code 5,
// exit_codes.h).
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `contents` to `path`, replacing the file, or to `out` for "-" or an
// empty path. A file that cannot be written is INTERNAL "cannot write PATH"
// (exit code 1); it may then be left truncated.
absl::Status WriteFile(const std::string& path, absl::string_view contents,
                       std::ostream& out);

}  // namespace vita::cli

#endif  // VITA_CLI_CONTEXT_H_
