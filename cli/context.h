// What every command needs: the global options, the output streams, the
// (lazily opened) connection and the default profile. Commands register with
// CLI11 and leave their work in `action`, which main() runs after parsing.
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

class Context {
 public:
  Context(std::ostream& out, std::ostream& err) : out(out), err(err) {}

  GlobalOptions options;
  std::ostream& out;
  std::ostream& err;
  // Set by the callback of the subcommand that was chosen.
  std::function<absl::Status()> action;

  // The connection, opened on first use with the resolved options.
  absl::StatusOr<Connection*> connection();

  // The -o format.
  absl::StatusOr<OutputFormat> format() const;

  // "profiles/{id}" for `arg` (an id, or a resource name of the profile or
  // of one of its items, parsed by common/resource_name.h); when `arg` is
  // empty, the default profile (--profile, VITA_PROFILE, config), else the
  // only profile on the server. Fails naming the choices otherwise.
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

// The last segment of a resource name ("profiles/p/news/n" -> "n").
std::string IdOf(absl::string_view name);

// Reads a whole file ("-" is stdin); errors name the file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes a file (or stdout for "-" / empty).
absl::Status WriteFile(const std::string& path, absl::string_view contents,
                       std::ostream& out);

}  // namespace vita::cli

#endif  // VITA_CLI_CONTEXT_H_
