#include "server/publish/gateway_routes.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/publish/files.h"
#include "server/publish/page_document.h"

namespace vita::publish {
namespace {

constexpr absl::string_view kIndex = "index.html";
constexpr absl::string_view kHtml = "text/html; charset=utf-8";

// {"header":{"key":K,"value":V},"append_action":"OVERWRITE_IF_EXISTS_OR_ADD"}
std::string Header(absl::string_view key, absl::string_view value) {
  return absl::StrCat(R"({"header":{"key":")", key, R"(","value":)",
                      JsonString(value),
                      R"(},"append_action":"OVERWRITE_IF_EXISTS_OR_ADD"})");
}

// One route as one line of YAML (a JSON object is a YAML flow mapping).
std::string RouteLine(absl::string_view url, absl::string_view header_match,
                      absl::string_view response, absl::string_view headers) {
  std::string match = absl::StrCat(R"({"path":)", JsonString(url));
  if (!header_match.empty()) {
    absl::StrAppend(&match, R"(,"headers":[)", header_match, "]");
  }
  return absl::StrCat("    - {\"match\":", match,
                      "},\"direct_response\":", response,
                      ",\"response_headers_to_add\":[", headers,
                      "],\"typed_per_filter_config\":*as_is}\n");
}

// A header matcher: the request header `name` contains `text`.
std::string Contains(absl::string_view name, absl::string_view text) {
  return absl::StrCat(R"({"name":")", name, R"(","string_match":{"contains":)",
                      JsonString(text), "}}");
}

std::string Body(absl::string_view file) {
  return absl::StrCat(R"({"status":200,"body":{"filename":)", JsonString(file),
                      "}}");
}

// Holds an exclusive flock on a file while it lives.
class FileLock {
 public:
  static absl::StatusOr<FileLock> Take(const std::string& path) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return absl::InternalError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
    }
    while (flock(fd, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      absl::Status error = absl::InternalError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(errno)));
      close(fd);
      return error;
    }
    return FileLock(fd);
  }
  FileLock(FileLock&& other) : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock() {
    if (fd_ >= 0) close(fd_);  // Releases the lock.
  }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

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

namespace {

// The response headers of the published routes, each distinct one written
// out once: its first use is "&vita_h<n> {...}", every later one the YAML
// alias "*vita_h<n>". Envoy parses the table once per reload; aliases make
// its text about half as long and take ~20% off Envoy's CPU per reload
// (docs/performance.md, "Writes").
class HeaderNames {
 public:
  std::string Use(absl::string_view key, absl::string_view value) {
    std::string header = Header(key, value);
    auto [it, added] = names_.try_emplace(
        header, absl::StrCat(kHeaderAnchorPrefix, names_.size()));
    return added ? absl::StrCat("&", it->second, " ", header)
                 : absl::StrCat("*", it->second);
  }

 private:
  absl::flat_hash_map<std::string, std::string> names_;
};

}  // namespace

std::string PublishedRoutes(absl::string_view dir,
                            const std::vector<PublishedFile>& files) {
  std::string lines;
  HeaderNames headers;
  for (const PublishedFile& file : files) {
    const bool html = ContentTypeOf(file.path) == kHtml;
    // The headers of every answer (`typed`: of every answer with a body).
    auto common = [&] {
      // One Use per statement: the names follow the text's order.
      std::string list = headers.Use("etag", file.etag);
      absl::StrAppend(&list, ",", headers.Use("cache-control", "no-cache"));
      // A document's policy goes on its 304 too: a cache updates the stored
      // response's headers from the 304's.
      if (html) absl::StrAppend(&list, ",*document_csp,*document_referrer");
      if (!file.encodings.empty()) {
        absl::StrAppend(&list, ",", headers.Use("vary", "accept-encoding"));
      }
      return list;
    };
    auto typed = [&] {
      std::string list = common();
      return absl::StrCat(
          list, ",", headers.Use("content-type", ContentTypeOf(file.path)));
    };
    std::string absolute = absl::StrCat(dir, "/", file.path);
    for (const std::string& url : UrlsOf(file.path)) {
      absl::StrAppend(&lines,
                      RouteLine(url, Contains("if-none-match", file.etag),
                                R"({"status":304})", common()));
      for (Encoding encoding : file.encodings) {
        std::string list = typed();
        absl::StrAppend(
            &lines,
            RouteLine(url, Contains("accept-encoding", EncodingName(encoding)),
                      Body(absl::StrCat(absolute, EncodingSuffix(encoding))),
                      absl::StrCat(list, ",",
                                   headers.Use("content-encoding",
                                               EncodingName(encoding)))));
      }
      absl::StrAppend(&lines, RouteLine(url, "", Body(absolute), typed()));
    }
  }
  return lines;
}

namespace {

constexpr absl::string_view kVersionPrefix = "vita-server-";

// The "{process}-" and n of "vita-server-{process}-{n}-{nanos}"; false for
// another form.
bool ParseVersion(absl::string_view version, absl::string_view* process,
                  uint64_t* n) {
  if (!absl::ConsumePrefix(&version, kVersionPrefix)) return false;
  size_t dash = version.find('-');
  if (dash == absl::string_view::npos) return false;
  *process = version.substr(0, dash + 1);
  absl::string_view rest = version.substr(dash + 1);
  return absl::SimpleAtoi(rest.substr(0, rest.find('-')), n);
}

}  // namespace

bool RoutesVersionCovers(absl::string_view served, absl::string_view wanted) {
  if (served == wanted) return true;
  absl::string_view served_process, wanted_process;
  uint64_t served_n, wanted_n;
  return ParseVersion(served, &served_process, &served_n) &&
         ParseVersion(wanted, &wanted_process, &wanted_n) &&
         served_process == wanted_process && served_n >= wanted_n;
}

GatewayRoutes::GatewayRoutes(std::string dir)
    : dir_(absl::StrCat(dir, "/.gateway")) {}

absl::StatusOr<std::string> GatewayRoutes::Write(
    absl::string_view published_routes) {
  if (absl::Status s = MakeDirs(absl::StrCat(dir_, "/parts")); !s.ok()) {
    return s;
  }
  absl::StatusOr<FileLock> lock =
      FileLock::Take(absl::StrCat(dir_, "/parts/lock"));
  if (!lock.ok()) return lock.status();
  if (absl::Status s = WriteFileAtomically(absl::StrCat(dir_, "/parts"),
                                           "published.yaml", published_routes);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> head =
      ReadFile(absl::StrCat(dir_, "/parts/head.yaml"));
  absl::StatusOr<std::string> base =
      ReadFile(absl::StrCat(dir_, "/parts/base.yaml"));
  if (absl::IsNotFound(head.status()) || absl::IsNotFound(base.status())) {
    return "";  // No gateway has run here yet; it composes at its start.
  }
  if (!head.ok()) return head.status();
  if (!base.ok()) return base.status();
  static std::atomic<uint64_t> writes{0};
  // This process: its pid and when it first wrote a table. A pid alone may
  // come again (a restart in a container is often pid 1), and a table of
  // the previous process must not cover this one's.
  static const std::string process =
      absl::StrCat(getpid(), ".", absl::ToUnixNanos(absl::Now()));
  std::string version =
      absl::StrCat(kVersionPrefix, process, "-", writes.fetch_add(1), "-",
                   absl::ToUnixNanos(absl::Now()));
  if (absl::Status s = WriteFileAtomically(
          dir_, "routes.yaml",
          absl::StrCat(*head, published_routes, *base, "version_info: \"",
                       version, "\"\n"));
      !s.ok()) {
    return s;
  }
  return version;
}

}  // namespace vita::publish
