// `vita edit`: opens $VISUAL or $EDITOR (default vi) on the YAML rendering of
// one record and sends an update whose FieldMask names exactly the fields
// the user changed, with the etag the record had when it was opened.
//
// Nothing the user typed is lost: when the edited file does not parse, the
// server refuses it, or the record changed meanwhile (ABORTED), the file is
// kept and the error names it; `vita edit RESOURCE --file FILE` applies it
// later. After a conflict the kept file is the current version with the
// user's changed fields on top; a comment names the fields the other writer
// changed and shows their values where both changed the same field. An
// unchanged or empty file cancels the edit.
#ifndef VITA_CLI_EDIT_H_
#define VITA_CLI_EDIT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/context.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace vita::cli {

struct EditTarget {
  // The resource name, e.g. "profiles/p/news/n".
  std::string name;
  // The command that edits it, for messages ("vita edit news n").
  std::string command;
  // Gets the current version.
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>()>
      fetch;
  // Sends the edited record (with name and the original etag) and the mask.
  std::function<absl::Status(const google::protobuf::Message&,
                             const google::protobuf::FieldMask&)>
      update;
};

// Runs the edit. With `from_file`, its contents are the edit (no editor).
absl::Status RunEdit(Context& context, const EditTarget& target,
                     const std::string& from_file);

// Runs the user's editor on `path` and waits for it: $VISUAL if set and not
// empty, else $EDITOR, else "vi". The variable holds a shell command line
// ("code --wait"); `path` is appended shell-quoted and the line runs with
// /bin/sh (std::system). OK when the editor exits 0. Otherwise UNKNOWN
// (exit code 1): "the editor (CMD) could not be run; set VISUAL or EDITOR to
// an editor" when the shell cannot find it (status 127), else "the editor
// (CMD) failed with status N" (N is 128 + the signal for a killed editor);
// INTERNAL when no shell can be started. It does not read or remove `path`.
absl::Status RunEditor(const std::string& path);

}  // namespace vita::cli

#endif  // VITA_CLI_EDIT_H_
