// One line of a program's log on standard error, written whole.
//
//   LogLine("vita-server", absl::StrCat("listening on ", address));
//   // standard error: "vita-server: listening on 127.0.0.1:50051\n"
//
// deploy/up.sh sends vita-server's and Envoy's output to one file or
// terminal. std::cerr is unbuffered, so each `<<` is a write(2) of its own,
// and a line written in parts can be cut by another process's line
// ("vita-server: " + one of Envoy's lines + the rest). LogLine makes the
// line first and hands it to one write(2); only if the kernel takes part
// of it (a full pipe), or a signal interrupts it, is the rest written
// after.
//
// Thread-safe: each line is one write.
#ifndef VITA_COMMON_LOG_LINE_H_
#define VITA_COMMON_LOG_LINE_H_

#include "absl/strings/string_view.h"

namespace vita {

// Writes "`program`: `message`\n" to standard error (file descriptor 2) in
// one write(2), as said above. Errors of the write are ignored: there is
// nowhere else to report them.
void LogLine(absl::string_view program, absl::string_view message);

}  // namespace vita

#endif  // VITA_COMMON_LOG_LINE_H_
