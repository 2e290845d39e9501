#include "server/publish/publisher.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace vita::publish {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status MakeDirs(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

// Moves `path` aside (rename, atomic: readers see the files or nothing)
// under a name no earlier removal used, then removes it. A leftover of a
// removal that failed halfway is a "." name, never served, and removed by
// RemoveAllBut at the next start.
absl::Status RemoveTree(const std::string& parent, const std::string& name) {
  static std::atomic<uint64_t> removals{0};
  std::string path = absl::StrCat(parent, "/", name);
  std::string gone = absl::StrCat(parent, "/.gone-", name, "-", getpid(), "-",
                                  removals.fetch_add(1));
  if (rename(path.c_str(), gone.c_str()) != 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return Errno("cannot remove", path);
  }
  std::error_code error;
  std::filesystem::remove_all(gone, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot remove ", gone, ": ", error.message()));
  }
  return absl::OkStatus();
}

// The names in `dir` (no error if it does not exist).
std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code error;
  // increment(error), never operator++: a read error must not throw.
  for (std::filesystem::directory_iterator it(dir, error), end;
       !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

}  // namespace

Publisher::Publisher(std::string dir, std::string html_template,
                     DocumentOptions options)
    : dir_(std::move(dir)),
      template_(std::move(html_template)),
      options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<Publisher>> Publisher::Create(
    std::string dir, const std::string& template_file,
    DocumentOptions options) {
  std::ifstream in(template_file);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the page template ", template_file));
  }
  if (absl::Status s = MakeDirs(absl::StrCat(dir, "/v1/profiles")); !s.ok()) {
    return s;
  }
  if (absl::Status s = MakeDirs(absl::StrCat(dir, "/p")); !s.ok()) return s;
  return std::unique_ptr<Publisher>(
      new Publisher(std::move(dir), content.str(), std::move(options)));
}

absl::Status Publisher::WriteAtomically(const std::string& directory,
                                        const std::string& name,
                                        absl::string_view content) {
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
  // Nothing is synced: the published tree is derived from the database,
  // which alone is durable, and vita-server republishes every profile at
  // start, before it serves (deploy/up.sh starts the gateway after it). A
  // process crash leaves each served name whole, old or new (rename); a
  // power loss may leave a file stale or empty until that republish. A
  // write pays for one durable commit, not for three more fsyncs.
  if (close(fd) != 0) {
    absl::Status error = Errno("cannot write", temp);
    unlink(temp.c_str());
    return error;
  }
  if (test_pause_ms_ > 0) {
    // Tests wait for this line, then kill the process.
    std::cerr << "vita-server: test hook: publish paused before renaming "
              << temp << " to " << path << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(test_pause_ms_));
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status error = Errno("cannot rename to", path);
    unlink(temp.c_str());
    return error;
  }
  return absl::OkStatus();
}

absl::Status Publisher::Publish(absl::string_view profile_id,
                                const v1::Page& page) {
  absl::StatusOr<std::string> json = PageJson(page);
  if (!json.ok()) return json.status();
  std::string id(profile_id);
  if (absl::Status s = WriteAtomically(absl::StrCat(dir_, "/v1/profiles/", id),
                                       "page", *json);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = WriteAtomically(
          absl::StrCat(dir_, "/p/", id), "index.html",
          RenderDocument(template_, profile_id, page, *json, options_));
      !s.ok()) {
    return s;
  }
  return PublishArtefacts(id, page);
}

absl::Status Publisher::Unpublish(absl::string_view profile_id) {
  std::string id(profile_id);
  if (absl::Status s = RemoveTree(absl::StrCat(dir_, "/v1/profiles"), id);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RemoveTree(absl::StrCat(dir_, "/p"), id); !s.ok()) {
    return s;
  }
  return PublishSiteIndex();
}

absl::Status Publisher::RemoveAllBut(const std::vector<std::string>& keep) {
  absl::flat_hash_set<std::string> kept(keep.begin(), keep.end());
  for (const std::string& parent :
       {absl::StrCat(dir_, "/v1/profiles"), absl::StrCat(dir_, "/p")}) {
    for (const std::string& name : List(parent)) {
      if (absl::StartsWith(name, ".")) {
        std::error_code error;
        std::filesystem::remove_all(absl::StrCat(parent, "/", name), error);
      } else if (!kept.contains(name)) {
        if (absl::Status s = RemoveTree(parent, name); !s.ok()) return s;
      } else {
        // Temporary files a crash left in a kept profile's directory.
        for (const std::string& file : List(absl::StrCat(parent, "/", name))) {
          if (absl::StartsWith(file, ".")) {
            unlink(absl::StrCat(parent, "/", name, "/", file).c_str());
          }
        }
      }
    }
  }
  return absl::OkStatus();
}

namespace {
void LogPublishFailure(absl::string_view profile_id, absl::string_view why) {
  std::cerr << "vita-server: PUBLISH FAILED for profile " << profile_id << ": "
            << why
            << "; the published page is stale until the next write or "
               "restart"
            << std::endl;
}
}  // namespace

void PublishingObserver::PageChanged(absl::string_view profile_id,
                                     std::shared_ptr<const v1::Page> page) {
  absl::Status status = page ? publisher_->Publish(profile_id, *page)
                             : publisher_->Unpublish(profile_id);
  if (!status.ok()) LogPublishFailure(profile_id, status.message());
}

void PublishingObserver::PageUnreadable(absl::string_view profile_id,
                                        const absl::Status& status) {
  LogPublishFailure(profile_id,
                    absl::StrCat("cannot read its page: ", status.ToString()));
}

}  // namespace vita::publish
