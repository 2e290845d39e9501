#include "server/publish/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace vita::publish {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// OK, or INTERNAL: "cannot <what> <path>: <why>".
absl::Status Checked(const std::error_code& error, absl::string_view what,
                     const std::string& path) {
  if (!error) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("cannot ", what, " ", path, ": ", error.message()));
}

}  // namespace

absl::Status MakeDirs(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  return Checked(error, "create", path);
}

absl::Status RemoveAll(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
  return Checked(error, "remove", path);
}

absl::Status WriteFileAtomically(
    const std::string& directory, const std::string& name,
    absl::string_view content,
    const std::function<void(const std::string& temp, const std::string& path)>&
        before_rename) {
  if (absl::Status s = MakeDirs(directory); !s.ok()) return s;
  std::string path = absl::StrCat(directory, "/", name);
  std::string temp = absl::StrCat(directory, "/.", name, ".XXXXXX");
  int fd = mkstemp(temp.data());
  if (fd < 0) return Errno("cannot create", temp);
  fchmod(fd, 0644);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status error = Errno("cannot write", temp);
      close(fd);
      unlink(temp.c_str());
      return error;
    }
    written += n;
  }
  // Nothing is synced: see publisher.h. A process crash leaves each served
  // name whole, old or new (rename).
  if (close(fd) != 0) {
    absl::Status error = Errno("cannot write", temp);
    unlink(temp.c_str());
    return error;
  }
  if (before_rename) before_rename(temp, path);
  // Exchanged with the file it replaces, whose name then goes: ext4 flushes
  // a file renamed over another (auto_da_alloc) on the writer's time, and
  // not one exchanged with it. So the new file's blocks stay unallocated
  // (delayed allocation) until it is written back, and a version replaced
  // before that never has any: none to allocate, none to free (and, on a
  // file system mounted with `discard`, none to discard synchronously)
  // when its blob goes. A plain rename where there is nothing to exchange
  // with (the first version), something else than a file to replace (which
  // the rename refuses as before), or no RENAME_EXCHANGE.
  struct stat old_version;
  if (lstat(path.c_str(), &old_version) == 0 && S_ISREG(old_version.st_mode) &&
      renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(),
                RENAME_EXCHANGE) == 0) {
    // The old version's name. Should that fail, the call still succeeded
    // (the new version is in place): the name is removed at the next start
    // (Publisher::RemoveAllBut), and never served meanwhile.
    unlink(temp.c_str());
    return absl::OkStatus();
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status error = Errno("cannot rename to", path);
    unlink(temp.c_str());
    return error;
  }
  return absl::OkStatus();
}

absl::Status LinkFileAtomically(const std::string& existing,
                                const std::string& directory,
                                const std::string& name) {
  static std::atomic<uint64_t> links{0};
  if (absl::Status s = MakeDirs(directory); !s.ok()) return s;
  std::string path = absl::StrCat(directory, "/", name);
  std::string temp = absl::StrCat(directory, "/.", name, ".link-", getpid(),
                                  "-", links.fetch_add(1));
  if (link(existing.c_str(), temp.c_str()) != 0) {
    if (errno == ENOENT && access(existing.c_str(), F_OK) != 0) {
      return absl::NotFoundError(absl::StrCat("no file ", existing));
    }
    return Errno("cannot link", temp);
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status error = Errno("cannot rename to", path);
    unlink(temp.c_str());
    return error;
  }
  // If `path` was a link to `existing` already, the rename did nothing
  // (rename(2)) and left `temp`.
  unlink(temp.c_str());
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat("no file ", path));
    }
    return Errno("cannot read", path);
  }
  std::string content;
  char buffer[16384];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status error = Errno("cannot read", path);
      close(fd);
      return error;
    }
    if (n == 0) break;
    content.append(buffer, n);
  }
  close(fd);
  return content;
}

}  // namespace vita::publish
