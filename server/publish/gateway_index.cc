#include "server/publish/gateway_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/publish/files.h"

namespace vita::publish {
namespace {

constexpr absl::string_view kIndex = "index.html";
constexpr absl::string_view kHtml = "text/html; charset=utf-8";

// `text` as a Lua string literal: quoted, with a backslash, a quote and
// every byte outside printable ASCII written as a decimal escape.
std::string LuaString(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '\\' || c == '"' || c < 0x20 || c >= 0x7f) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03d", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

absl::Status Error(absl::string_view what, absl::string_view path) {
  return absl::InternalError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

// A whole counter file (8 bytes), as invariant 1 keeps it.
bool IsWholeCounter(const std::string& path) {
  struct stat found;
  return stat(path.c_str(), &found) == 0 && found.st_size == sizeof(uint64_t);
}

// Makes dir/generation hold `value` unless a whole one is there (invariant
// 1: a temporary "." file written whole and synced, then linked into place,
// or renamed over one that a power loss cut before it was synced).
absl::Status CreateCounter(const std::string& dir, uint64_t value) {
  std::string path = absl::StrCat(dir, "/generation");
  if (IsWholeCounter(path)) return absl::OkStatus();
  std::string temp = absl::StrCat(dir, "/.generation.", getpid());
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error("create", temp);
  // Synced, unlike the rest of the tree: a power loss must not leave it
  // without its 8 bytes (a mapping of it would fault).
  bool written =
      pwrite(fd, &value, sizeof value, 0) == sizeof value && fsync(fd) == 0;
  close(fd);
  if (!written) {
    absl::Status error = Error("write", temp);
    unlink(temp.c_str());
    return error;
  }
  bool placed = link(temp.c_str(), path.c_str()) == 0;
  if (!placed && errno == EEXIST) {
    placed = IsWholeCounter(path) || rename(temp.c_str(), path.c_str()) == 0;
  }
  absl::Status error = placed ? absl::OkStatus() : Error("create", path);
  unlink(temp.c_str());  // gone already if it was renamed
  return error;
}

}  // namespace

std::vector<std::string> UrlsOf(absl::string_view path) {
  if (path == kIndex) return {"/"};
  if (absl::EndsWith(path, absl::StrCat("/", kIndex))) {
    absl::string_view directory = path.substr(0, path.size() - kIndex.size());
    return {absl::StrCat("/", directory.substr(0, directory.size() - 1)),
            absl::StrCat("/", directory)};
  }
  return {absl::StrCat("/", path)};
}

absl::string_view ContentTypeOf(absl::string_view path) {
  static constexpr std::pair<absl::string_view, absl::string_view> kTypes[] = {
      {".html", kHtml},
      {".json", "application/json"},
      {".atom", "application/atom+xml"},
      {".xml", "application/xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".bib", "application/x-bibtex; charset=utf-8"},
      {".svg", "image/svg+xml"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (absl::EndsWith(path, extension)) return type;
  }
  absl::string_view name = path.substr(path.rfind('/') + 1);
  if (!absl::StrContains(name, '.')) return "application/json";
  return "application/octet-stream";
}

bool Compressible(absl::string_view content_type) {
  return absl::StartsWith(content_type, "text/") ||
         absl::StrContains(content_type, "json") ||
         absl::StrContains(content_type, "xml") ||
         absl::StartsWith(content_type, "application/x-bibtex");
}

std::string BlobPath(absl::string_view etag, absl::string_view suffix) {
  absl::ConsumePrefix(&etag, "\"");
  absl::ConsumeSuffix(&etag, "\"");
  return absl::StrCat(kBlobDir, "/", etag, suffix);
}

std::vector<std::string> BlobPathsOf(const PublishedFile& file) {
  std::vector<std::string> paths = {BlobPath(file.etag)};
  for (Encoding encoding : file.encodings) {
    paths.push_back(BlobPath(file.etag, EncodingSuffix(encoding)));
  }
  return paths;
}

std::string IndexEntries(const PublishedFile& file) {
  absl::string_view type = ContentTypeOf(file.path);
  std::string entry =
      absl::StrCat("{f = ", LuaString(BlobPath(file.etag)),
                   ", e = ", LuaString(file.etag), ", t = ", LuaString(type));
  if (type == kHtml) absl::StrAppend(&entry, ", document = true");
  for (Encoding encoding : file.encodings) {
    absl::StrAppend(&entry, ", ", EncodingName(encoding), " = ",
                    LuaString(EncodingSuffix(encoding)));
  }
  entry += "}";
  std::string lines;
  for (const std::string& url : UrlsOf(file.path)) {
    absl::StrAppend(&lines, "[", LuaString(url), "] = ", entry, ",\n");
  }
  return lines;
}

std::string IndexSource(const std::vector<PublishedFile>& files) {
  std::string source = std::string(kIndexSourceHead);
  for (const PublishedFile& file : files) source += IndexEntries(file);
  absl::StrAppend(&source, kIndexSourceTail);
  return source;
}

GatewayIndex::GatewayIndex(std::string dir)
    : dir_(absl::StrCat(dir, "/", kGatewayDir)) {}

GatewayIndex::~GatewayIndex() {
  if (counter_fd_ >= 0) close(counter_fd_);
}

absl::StatusOr<uint64_t> GatewayIndex::Write(absl::string_view source) {
  if (absl::Status s = MakeDirs(dir_); !s.ok()) return s;
  if (absl::Status s = WriteFileAtomically(dir_, "index.lua", source);
      !s.ok()) {
    return s;
  }
  std::string path = absl::StrCat(dir_, "/generation");
  struct stat counter;
  if (counter_fd_ >= 0 && fstat(counter_fd_, &counter) == 0 &&
      counter.st_nlink == 0) {
    // Removed meanwhile (the publish dir emptied by hand): a new one.
    close(counter_fd_);
    counter_fd_ = -1;
  }
  if (counter_fd_ < 0) {
    uint64_t start = absl::ToUnixMicros(absl::Now());
    if (absl::Status s = CreateCounter(dir_, start); !s.ok()) return s;
    counter_fd_ = open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (counter_fd_ < 0) return Error("open", path);
  }
  // Invariant 2: after the rename above.
  uint64_t value = 0;
  if (pread(counter_fd_, &value, sizeof value, 0) != sizeof value) {
    return Error("read", path);
  }
  ++value;
  if (pwrite(counter_fd_, &value, sizeof value, 0) != sizeof value) {
    return Error("write", path);
  }
  return value;
}

}  // namespace vita::publish
