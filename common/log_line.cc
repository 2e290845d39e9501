#include "common/log_line.h"

#include <unistd.h>

#include <cerrno>
#include <string>

#include "absl/strings/str_cat.h"

namespace vita {

void LogLine(absl::string_view program, absl::string_view message) {
  const std::string line = absl::StrCat(program, ": ", message, "\n");
  const char* rest = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t written = write(STDERR_FILENO, rest, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    rest += written;
    left -= static_cast<size_t>(written);
  }
}

}  // namespace vita
