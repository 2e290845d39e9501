// Writing files so that readers see the old or the new version, never a
// part: what the Publisher and the gateway's index share.
//
//   absl::Status s = WriteFileAtomically("/srv/published/p/ada",
//                                        "index.html", html);
//
// Thread safety: safe to call from several threads on different names.
#ifndef VITA_SERVER_PUBLISH_FILES_H_
#define VITA_SERVER_PUBLISH_FILES_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vita::publish {

// Creates `path` and its parents. Errors: INTERNAL naming the path.
absl::Status MakeDirs(const std::string& path);

// Removes `path` and everything below it (no error if it does not exist).
// Errors: INTERNAL naming the path.
absl::Status RemoveAll(const std::string& path);

// Replaces directory/name with `content` (mode 0644): written to a
// temporary file in the same directory (a name starting with "."), then
// exchanged with the file `name` (RENAME_EXCHANGE), whose old version's
// temporary name is then removed, or renamed to `name` if there is no file
// there (files.cc says why); creates `directory` if needed. Other names of
// the old version (hard links) keep its bytes. Nothing is synced (the
// published tree is derived from the database, see publisher.h); a crash
// between the exchange and the removal leaves the old version under a
// temporary name, as a crash before the rename leaves the new one.
// `before_rename`, if set, runs between the write and the rename (a test
// hook). Errors: INTERNAL naming the file; the old file is then unchanged
// and the temporary one removed.
absl::Status WriteFileAtomically(
    const std::string& directory, const std::string& name,
    absl::string_view content,
    const std::function<void(const std::string& temp, const std::string& path)>&
        before_rename = nullptr);

// Replaces directory/name with a hard link to `existing` (a file of the same
// file system), atomically as WriteFileAtomically does: linked under a
// temporary "." name, then renamed over `name`. Errors: NOT_FOUND if
// `existing` does not exist, INTERNAL naming the file otherwise; the old
// file is then unchanged.
absl::Status LinkFileAtomically(const std::string& existing,
                                const std::string& directory,
                                const std::string& name);

// The content of `path`. Errors: NOT_FOUND if it does not exist, INTERNAL
// if it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_FILES_H_
