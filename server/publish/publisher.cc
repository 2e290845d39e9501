#include "server/publish/publisher.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <set>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log_line.h"
#include "server/domain/digest.h"
#include "server/publish/encodings.h"
#include "server/publish/files.h"

namespace vita::publish {
namespace {

// Files this small are not worth a compressed variant.
constexpr size_t kMinCompressedSize = 256;

// How long the compressor is idle before it gives freed memory back to the
// system (CompressLoop).
constexpr std::chrono::seconds kTrimAfter{1};

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
    return absl::InternalError(
        absl::StrCat("cannot remove ", path, ": ", std::strerror(errno)));
  }
  return RemoveAll(gone);
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

bool IsVariant(absl::string_view name) {
  for (Encoding encoding : kEncodings) {
    if (absl::EndsWith(name, EncodingSuffix(encoding))) return true;
  }
  return false;
}

// The profiles' directories: what Unpublish and RemoveAllBut remove.
constexpr absl::string_view kProfileParents[] = {"v1/profiles", "p"};

// The page without its news: what the citation files and paper pages are
// rendered from.
v1::Page PapersOf(const v1::Page& page) {
  v1::Page papers;
  *papers.mutable_profile() = page.profile();
  *papers.mutable_publications() = page.publications();
  return papers;
}

}  // namespace

std::string FileEtag(absl::string_view content) {
  return absl::StrCat("\"", domain::Sha256Hex(content, 16), "\"");
}

Publisher::Publisher(std::string dir, std::string html_template,
                     DocumentOptions options)
    : dir_(std::move(dir)),
      template_(std::move(html_template)),
      options_(std::move(options)),
      index_(dir_) {}

absl::StatusOr<std::unique_ptr<Publisher>> Publisher::Create(
    std::string dir, const std::string& template_file,
    DocumentOptions options) {
  absl::StatusOr<std::string> html = ReadFile(template_file);
  if (!html.ok()) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the page template ", template_file));
  }
  for (absl::string_view parent : kProfileParents) {
    if (absl::Status s = MakeDirs(absl::StrCat(dir, "/", parent)); !s.ok()) {
      return s;
    }
  }
  std::error_code error;
  std::string absolute = std::filesystem::absolute(dir, error).string();
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot resolve ", dir, ": ", error.message()));
  }
  auto publisher = std::unique_ptr<Publisher>(
      new Publisher(std::move(absolute), *std::move(html), std::move(options)));
  publisher->TakeStock("");
  Publisher* self = publisher.get();
  publisher->compressor_ = std::thread([self] { self->CompressLoop(); });
  return publisher;
}

Publisher::~Publisher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (compressor_.joinable()) compressor_.join();
  if (blob_dir_fd_ >= 0) close(blob_dir_fd_);
}

void Publisher::AwaitCompressed() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return pending_.empty() && !compressing_; });
}

uint64_t Publisher::compressed_versions() {
  std::lock_guard<std::mutex> lock(mu_);
  return compressed_versions_;
}

void Publisher::set_test_compressor_held(bool held) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = held;
  }
  wake_.notify_all();
}

void Publisher::set_test_pause_ms(int ms) {
  std::lock_guard<std::mutex> lock(mu_);
  test_pause_ms_ = ms;
}

bool Publisher::WantsVariants(const std::string& path,
                              const std::string& etag) const {
  auto found = files_.find(path);
  return found != files_.end() && found->second.file.etag == etag &&
         found->second.file.encodings.empty();
}

void Publisher::CompressLoop() {
  // The lowest priority of the normal scheduler (nice 19, this thread
  // only): compression yields the CPU to the threads that serve requests
  // but still progresses under load. Not SCHED_IDLE: this thread takes the
  // mutex to commit, and one starved while holding it would stall writes.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
  std::unique_lock<std::mutex> lock(mu_);
  auto work = [this] { return stopping_ || (!pending_.empty() && !held_); };
  bool used_memory = false;  // a batch ran since memory was last given back
  for (;;) {
    if (used_memory && !wake_.wait_for(lock, kTrimAfter, work)) {
      // Idle for kTrimAfter: the compressors' buffers (megabytes for a
      // large page) go back to the system; freed, they stay in the malloc
      // arenas and count in the server's resident memory (RSS). Not during
      // a burst of writes: malloc_trim trims every thread's arena, whose
      // pages the next publish would fault in again.
      lock.unlock();
      malloc_trim(0);
      lock.lock();
      used_memory = false;
    }
    wake_.wait(lock, work);
    // A burst of publishes is compressed once it pauses (latest wins), or
    // once its oldest version has waited kCompressAtMost.
    auto start = [this] {
      return std::min(last_pending_ + kCompressAfterQuiet,
                      first_pending_ + kCompressAtMost);
    };
    while (!stopping_ && std::chrono::steady_clock::now() < start()) {
      wake_.wait_until(lock, start());
    }
    if (stopping_) return;
    if (pending_.empty() || held_) continue;
    used_memory = true;
    std::map<std::string, Uncompressed> batch;
    batch.swap(pending_);
    compressing_ = true;
    std::vector<Compressed> done;
    absl::Status status;
    for (auto& [path, version] : batch) {
      if (stopping_) break;  // the destructor drops what is not started
      // Latest wins: a newer version is pending, or the file changed.
      if (pending_.count(path) != 0 || !WantsVariants(path, version.etag)) {
        continue;
      }
      lock.unlock();
      Compressed compressed{path, version.etag, {}};
      for (Encoding encoding : kEncodings) {
        absl::StatusOr<std::string> bytes = Compress(encoding, version.content);
        if (!bytes.ok()) {
          status.Update(bytes.status());
          break;
        }
        compressed.variants.push_back(*std::move(bytes));
      }
      std::string().swap(version.content);
      lock.lock();
      if (compressed.variants.size() != std::size(kEncodings)) continue;
      ++compressed_versions_;
      done.push_back(std::move(compressed));
    }
    bool added = false;
    for (const Compressed& compressed : done) {
      // Dropped if the file changed while it was compressed.
      if (!WantsVariants(compressed.path, compressed.etag)) continue;
      absl::Status s = AddVariants(compressed);
      added = added || s.ok();
      status.Update(s);
    }
    if (added) status.Update(CommitIndex());  // one index for the batch
    if (!status.ok()) {
      LogLine(
          "vita-server",
          absl::StrCat("COMPRESSING published files FAILED: ", status.message(),
                       "; they are served uncompressed until their next "
                       "publish"));
    }
    compressing_ = false;
    idle_.notify_all();
  }
}

absl::Status Publisher::AddVariants(const Compressed& compressed) {
  PublishedFile file{compressed.path, compressed.etag, {}};
  for (size_t i = 0; i < compressed.variants.size(); ++i) {
    Encoding encoding = kEncodings[i];
    if (absl::Status s =
            WriteFile(absl::StrCat(file.path, EncodingSuffix(encoding)),
                      compressed.variants[i]);
        !s.ok()) {
      return s;
    }
    file.encodings.push_back(encoding);
  }
  if (absl::Status s = LinkBlobs(file); !s.ok()) return s;
  files_[file.path].file = std::move(file);
  return absl::OkStatus();
}

absl::StatusOr<bool> Publisher::ReuseVariants(const std::string& path,
                                              const std::string& etag,
                                              absl::string_view content) {
  for (Encoding encoding : kEncodings) {
    // Left by an earlier process, perhaps without all its bytes (a power
    // loss; nothing is synced): taken only if it decodes to this file.
    absl::StatusOr<std::string> variant = ReadFile(
        absl::StrCat(dir_, "/", BlobPath(etag, EncodingSuffix(encoding))));
    if (!variant.ok() || !DecodesTo(encoding, *variant, content)) {
      return false;
    }
  }
  std::string full = absl::StrCat(dir_, "/", path);
  size_t slash = full.rfind('/');
  for (Encoding encoding : kEncodings) {
    absl::string_view suffix = EncodingSuffix(encoding);
    if (absl::Status s =
            LinkFileAtomically(absl::StrCat(dir_, "/", BlobPath(etag, suffix)),
                               full.substr(0, slash),
                               absl::StrCat(full.substr(slash + 1), suffix));
        !s.ok()) {
      return s;
    }
  }
  return true;
}

namespace {

// True for "p/{id}/pub", where a profile's paper pages are.
bool IsPaperPagesDir(absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  return parts.size() == 3 && parts[0] == "p" && parts[2] == "pub";
}

}  // namespace

void Publisher::TakeStock(const std::string& relative) {
  std::string directory = absl::StrCat(dir_, "/", relative);
  for (const std::string& name : List(directory)) {
    if (absl::StartsWith(name, ".") || IsVariant(name)) continue;
    std::string path = absl::StrCat(relative, name);
    std::error_code error;
    if (std::filesystem::is_directory(absl::StrCat(directory, name), error)) {
      // Paper pages are the file server's (PaperPageFiles), never in the index.
      if (IsPaperPagesDir(path)) continue;
      TakeStock(absl::StrCat(path, "/"));
      continue;
    }
    absl::StatusOr<std::string> content =
        ReadFile(absl::StrCat(directory, name));
    if (!content.ok()) continue;  // Republished at start anyway.
    Entry& entry = files_[path];
    entry.file.path = path;
    entry.file.etag = FileEtag(*content);
    // Its variants are not taken: a crash between writing them and the
    // file leaves them of another version. Until it is republished (at
    // start) the gateway sends the file as it is.
    LinkBlobs(entry.file).IgnoreError();
  }
}

absl::Status Publisher::LinkBlob(const std::string& path,
                                 const std::string& blob) {
  std::string from = absl::StrCat(dir_, "/", path);
  std::string to = absl::StrCat(dir_, "/", blob);
  if (link(from.c_str(), to.c_str()) == 0) {
    linked_blobs_.insert(blob);  // removed by CommitIndex if none names it
    return absl::OkStatus();
  }
  if (errno != EEXIST) {
    return absl::InternalError(absl::StrCat("cannot link ", from, " to ", to,
                                            ": ", std::strerror(errno)));
  }
  // A blob of this name holds these bytes (its name is their etag), unless
  // a power loss took some of them (nothing is synced): then it is made
  // again from this file, whose bytes were just written. The file itself
  // (one inode with the blob) needs no reading.
  struct stat file_info, blob_info;
  const bool both =
      stat(from.c_str(), &file_info) == 0 && stat(to.c_str(), &blob_info) == 0;
  if (both && file_info.st_dev == blob_info.st_dev &&
      file_info.st_ino == blob_info.st_ino) {
    return absl::OkStatus();
  }
  // Of another size, it holds other bytes without a doubt.
  if (both && file_info.st_size == blob_info.st_size) {
    absl::StatusOr<std::string> held = ReadFile(to);
    absl::StatusOr<std::string> mine = ReadFile(from);
    if (!mine.ok()) return mine.status();
    if (held.ok() && *held == *mine) return absl::OkStatus();
  }
  const size_t slash = to.rfind('/');
  return LinkFileAtomically(from, to.substr(0, slash), to.substr(slash + 1));
}

absl::Status Publisher::LinkBlobs(const PublishedFile& file) {
  if (absl::Status s = MakeDirs(absl::StrCat(dir_, "/", kBlobDir)); !s.ok()) {
    return s;
  }
  for (Encoding encoding : file.encodings) {
    absl::string_view suffix = EncodingSuffix(encoding);
    if (absl::Status s = LinkBlob(absl::StrCat(file.path, suffix),
                                  BlobPath(file.etag, suffix));
        !s.ok()) {
      return s;
    }
  }
  return LinkBlob(file.path, BlobPath(file.etag));
}

absl::Status Publisher::WriteFile(const std::string& path,
                                  absl::string_view content) {
  std::string full = absl::StrCat(dir_, "/", path);
  size_t slash = full.rfind('/');
  std::function<void(const std::string&, const std::string&)> pause;
  if (test_pause_ms_ > 0) {
    pause = [ms = test_pause_ms_](const std::string& temp,
                                  const std::string& target) {
      // Tests wait for this line, then kill the process.
      LogLine("vita-server",
              absl::StrCat("test hook: publish paused before renaming ", temp,
                           " to ", target));
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
  }
  return WriteFileAtomically(full.substr(0, slash), full.substr(slash + 1),
                             content, pause);
}

absl::Status Publisher::PublishFiles(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<bool> changed = WriteFiles(files);  // a copy: few, small
  if (!changed.ok()) return changed.status();
  if (!*changed && index_written_) return absl::OkStatus();
  return CommitIndex();
}

absl::StatusOr<bool> Publisher::WriteFiles(
    std::vector<std::pair<std::string, std::string>> files) {
  bool changed = false;
  for (auto& [path, content] : files) {
    std::string etag = FileEtag(content);
    auto found = files_.find(path);
    if (found != files_.end() && found->second.verified &&
        found->second.file.etag == etag) {
      continue;  // The same bytes are served already.
    }
    changed = true;
    PublishedFile file{path, etag, {}};
    bool compressible = content.size() >= kMinCompressedSize &&
                        Compressible(ContentTypeOf(path));
    absl::StatusOr<bool> reused = false;
    if (compressible) reused = ReuseVariants(path, etag, content);
    if (!reused.ok()) return reused.status();
    if (*reused) {
      file.encodings.assign(std::begin(kEncodings), std::end(kEncodings));
    } else {
      // The older version's variants go before the new bytes come, so that
      // nothing on disk pairs them with these; the compressor writes this
      // version's.
      for (Encoding encoding : kEncodings) {
        unlink(absl::StrCat(dir_, "/", path, EncodingSuffix(encoding)).c_str());
      }
    }
    if (absl::Status s = WriteFile(path, content); !s.ok()) return s;
    if (absl::Status s = LinkBlobs(file); !s.ok()) return s;
    files_[path] = Entry{std::move(file), true};
    if (compressible && !*reused) {
      last_pending_ = std::chrono::steady_clock::now();
      // The compressor is woken only when pending_ was empty (it waits for
      // work then), and at once: a file of this call that fails after this
      // one returns early, and no later publish would wake it. With
      // versions pending, it sleeps until a deadline computed from
      // last_pending_ and re-checks it when it wakes (CompressLoop), so a
      // burst of writes costs its thread no context switch per publish.
      if (pending_.empty()) {
        first_pending_ = last_pending_;
        wake_.notify_one();
      }
      // Latest wins. Moved, not copied: it is the size of the page.
      pending_[path] = Uncompressed{std::move(etag), std::move(content)};
    }
  }
  return changed;
}

bool Publisher::BlobDirReplaced() {
  // The directory is held open: its inode cannot be freed and given to a
  // directory made anew at its path (ext4 hands a freed inode number out
  // again at once), so "another inode" means "another directory".
  const std::string path = absl::StrCat(dir_, "/", kBlobDir);
  struct stat at_path;
  struct stat held;
  if (stat(path.c_str(), &at_path) == 0 && blob_dir_fd_ >= 0 &&
      fstat(blob_dir_fd_, &held) == 0 && held.st_nlink > 0 &&
      held.st_dev == at_path.st_dev && held.st_ino == at_path.st_ino) {
    return false;
  }
  if (blob_dir_fd_ >= 0) close(blob_dir_fd_);
  blob_dir_fd_ = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return true;
}

absl::Status Publisher::CommitIndex() {
  // IndexSource of the files, joined from each entry's lines.
  std::string source = std::string(kIndexSourceHead);
  source.reserve(last_index_.size() + 4096);
  absl::flat_hash_set<std::string> blobs;
  blobs.reserve(indexed_blobs_.size() + 16);
  // Every blob of every file is looked for only when the blob directory is
  // not the one this process last saw (the first index, or .gateway/
  // removed by hand): otherwise this process made each blob, and removes
  // them itself. A publish then costs no system call per file of other
  // profiles.
  const bool check_blobs = BlobDirReplaced();
  for (auto& [path, entry] : files_) {
    if (entry.indexed.path != entry.file.path ||
        entry.indexed.etag != entry.file.etag ||
        entry.indexed.encodings != entry.file.encodings) {
      entry.index_entries = IndexEntries(entry.file);
      entry.blobs = BlobPathsOf(entry.file);
      entry.indexed = entry.file;
    }
    source += entry.index_entries;
    bool missing = false;
    for (const std::string& blob : entry.blobs) {
      std::error_code error;
      missing =
          missing || (check_blobs && !std::filesystem::exists(
                                         absl::StrCat(dir_, "/", blob), error));
      blobs.insert(blob);
    }
    // A blob removed by hand (with .gateway/) is made again from the
    // published file before an index names it (invariant 3).
    if (missing) {
      if (absl::Status s = LinkBlobs(entry.file); !s.ok()) return s;
      index_written_ = false;
    }
  }
  // The variants of files only taken stock of stay until those are
  // republished: if their bytes did not change, WriteFiles reuses them.
  std::set<std::string> stock_variants;
  for (const auto& [path, entry] : files_) {
    if (entry.verified) continue;
    for (Encoding encoding : kEncodings) {
      stock_variants.insert(
          BlobPath(entry.file.etag, EncodingSuffix(encoding)));
    }
  }
  absl::StrAppend(&source, kIndexSourceTail);
  if (index_written_ && source == last_index_) return absl::OkStatus();
  if (absl::StatusOr<uint64_t> written = index_.Write(source); !written.ok()) {
    index_written_ = false;  // the next publish writes it, changed or not
    return written.status();
  }
  last_index_ = std::move(source);
  index_written_ = true;
  // The blobs the previous index named and this one does not: a gateway
  // worker still on the previous index reads this one when a read fails
  // (published_files.lua). The first index of this process also sweeps
  // what earlier processes left.
  std::vector<std::string> gone;
  if (!blobs_swept_) {
    for (const std::string& name : List(absl::StrCat(dir_, "/", kBlobDir))) {
      gone.push_back(absl::StrCat(kBlobDir, "/", name));
    }
    blobs_swept_ = true;
  } else {
    // Those the previous index named, and those linked since (also while
    // index writes failed).
    gone.assign(indexed_blobs_.begin(), indexed_blobs_.end());
    gone.insert(gone.end(), linked_blobs_.begin(), linked_blobs_.end());
  }
  linked_blobs_.clear();
  for (const std::string& blob : gone) {
    if (blobs.count(blob) != 0) continue;
    if (stock_variants.count(blob) != 0) {
      linked_blobs_.insert(blob);  // considered again by the next index
    } else {
      unlink(absl::StrCat(dir_, "/", blob).c_str());
    }
  }
  indexed_blobs_ = std::move(blobs);
  return absl::OkStatus();
}

absl::Status Publisher::Publish(absl::string_view profile_id,
                                const v1::Page& page) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string id(profile_id);
  // What did not change since the profile's last publish is not rendered
  // again (a write changes one record of a page of hundreds).
  RenderCache& cache = render_caches_[id];
  absl::StatusOr<std::string> json = cache.PageJson(page);
  if (!json.ok()) return json.status();
  std::string html =
      RenderDocument(template_, profile_id, page, *json, options_, &cache);
  // Moved, never copied: they are the size of the page.
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(absl::StrCat("v1/profiles/", id, "/page"),
                     *std::move(json));
  files.emplace_back(absl::StrCat("p/", id, "/index.html"), std::move(html));
  std::vector<std::pair<std::string, std::string>> artefacts =
      ArtefactFiles(id, page, &cache);
  cache.EndRound();
  std::move(artefacts.begin(), artefacts.end(), std::back_inserter(files));
  // The citation files and paper pages are rendered from the profile and
  // its publications alone, and only when those changed since they were
  // last published completely (a news write leaves them as they are).
  v1::Page papers = PapersOf(page);
  // Equal bytes are equal inputs (parsing them gives the message back);
  // equal inputs in other bytes would only render them again.
  std::string inputs = FileEtag(papers.SerializeAsString());
  auto published = papers_published_.find(id);
  bool render_papers =
      published == papers_published_.end() || published->second != inputs;
  if (render_papers) {
    papers_published_.erase(id);  // until they are published again
    std::vector<std::pair<std::string, std::string>> citations =
        CitationFiles(id, papers);
    std::move(citations.begin(), citations.end(), std::back_inserter(files));
    // The paper pages first: the page that links them is served after.
    if (absl::Status s = PublishPaperPages(id, PaperPageFiles(id, papers));
        !s.ok()) {
      return s;
    }
  }
  // The profile's files, then the site's index of profiles (which now
  // names this one), under one index.
  absl::StatusOr<bool> changed = WriteFiles(std::move(files));
  if (!changed.ok()) return changed.status();
  absl::StatusOr<bool> index_changed = WriteFiles(SiteIndexFiles());
  if (!index_changed.ok()) return index_changed.status();
  if (*changed || *index_changed || !index_written_) {
    if (absl::Status s = CommitIndex(); !s.ok()) return s;
  }
  if (render_papers) papers_published_[id] = std::move(inputs);
  return absl::OkStatus();
}

absl::Status Publisher::PublishPaperPages(
    const std::string& profile_id,
    const std::vector<std::pair<std::string, std::string>>& pages) {
  std::string pub = absl::StrCat("p/", profile_id, "/pub/");
  absl::flat_hash_set<std::string> kept;
  for (const auto& [path, content] : pages) {
    std::string rest = path.substr(pub.size());
    kept.insert(rest.substr(0, rest.find('/')));
    std::string etag = FileEtag(content);
    auto found = paper_etags_.find(path);
    if (found != paper_etags_.end() && found->second == etag) continue;
    if (absl::Status s = WriteFile(path, content); !s.ok()) return s;
    paper_etags_[path] = etag;
  }
  std::string pub_dir = absl::StrCat(dir_, "/p/", profile_id, "/pub");
  std::error_code error;
  std::vector<std::string> stale;
  for (std::filesystem::directory_iterator it(pub_dir, error), end;
       !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (!absl::StartsWith(name, ".") && !kept.contains(name)) {
      stale.push_back(name);
    }
  }
  for (const std::string& name : stale) {
    // Every file of its directory (the page and its cite.bib): once
    // removed, they must be written again if the paper comes back.
    ForgetPapers(absl::StrCat(pub, name, "/"));
    if (absl::Status s = RemoveTree(pub_dir, name); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void Publisher::Forget(absl::string_view directory) {
  for (auto it = files_.lower_bound(std::string(directory));
       it != files_.end() && absl::StartsWith(it->first, directory);) {
    it = files_.erase(it);
  }
  // The paper pages too: once removed, they must be written again.
  ForgetPapers(directory);
}

void Publisher::ForgetPapers(absl::string_view directory) {
  for (auto it = paper_etags_.lower_bound(std::string(directory));
       it != paper_etags_.end() && absl::StartsWith(it->first, directory);) {
    it = paper_etags_.erase(it);
  }
}

absl::Status Publisher::Unpublish(absl::string_view profile_id) {
  std::lock_guard<std::mutex> lock(mu_);
  papers_published_.erase(std::string(profile_id));
  render_caches_.erase(std::string(profile_id));
  for (absl::string_view parent : kProfileParents) {
    Forget(absl::StrCat(parent, "/", profile_id, "/"));
  }
  // The site's index of profiles without it, and out of the gateway's index
  // (one write), before the files go: then nothing serves the files removed.
  if (absl::StatusOr<bool> changed = WriteFiles(SiteIndexFiles());
      !changed.ok()) {
    return changed.status();
  }
  if (absl::Status s = CommitIndex(); !s.ok()) return s;
  for (absl::string_view parent : kProfileParents) {
    if (absl::Status s = RemoveTree(absl::StrCat(dir_, "/", parent),
                                    std::string(profile_id));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

namespace {
// Removes what is named with a leading "." below `directory` (temporary
// files a crash left), in it and in its other directories.
void RemoveDotFilesBelow(const std::string& directory) {
  for (const std::string& name : List(directory)) {
    std::string path = absl::StrCat(directory, "/", name);
    if (absl::StartsWith(name, ".")) {
      RemoveAll(path).IgnoreError();
      continue;
    }
    std::error_code error;
    if (std::filesystem::symlink_status(path, error).type() ==
        std::filesystem::file_type::directory) {
      RemoveDotFilesBelow(path);
    }
  }
}
}  // namespace

absl::Status Publisher::RemoveAllBut(const std::vector<std::string>& keep) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::flat_hash_set<std::string> kept(keep.begin(), keep.end());
  std::vector<std::pair<std::string, std::string>> stale;  // parent, name
  for (absl::string_view relative : kProfileParents) {
    std::string parent = absl::StrCat(dir_, "/", relative);
    for (const std::string& name : List(parent)) {
      if (absl::StartsWith(name, ".")) {
        RemoveAll(absl::StrCat(parent, "/", name)).IgnoreError();
      } else if (!kept.contains(name)) {
        papers_published_.erase(name);
        render_caches_.erase(name);
        Forget(absl::StrCat(relative, "/", name, "/"));
        stale.emplace_back(parent, name);
      } else {
        // Temporary files a crash left in a kept profile's tree.
        RemoveDotFilesBelow(absl::StrCat(parent, "/", name));
      }
    }
  }
  // Those of the site's own files (sitemap.xml, robots.txt).
  for (const std::string& name : List(dir_)) {
    if (absl::StartsWith(name, ".") && name != kGatewayDir) {
      RemoveAll(absl::StrCat(dir_, "/", name)).IgnoreError();
    }
  }
  // What the route table of earlier versions left (before the index), and
  // temporary files of the index a crash left.
  std::string gateway = absl::StrCat(dir_, "/", kGatewayDir);
  RemoveAll(absl::StrCat(gateway, "/parts")).IgnoreError();
  unlink(absl::StrCat(gateway, "/routes.yaml").c_str());
  for (const std::string& name : List(gateway)) {
    if (absl::StartsWith(name, ".")) {
      unlink(absl::StrCat(gateway, "/", name).c_str());
    }
  }
  if (absl::Status s = CommitIndex(); !s.ok()) return s;
  for (const auto& [parent, name] : stale) {
    if (absl::Status s = RemoveTree(parent, name); !s.ok()) return s;
  }
  return absl::OkStatus();
}

namespace {
void LogPublishFailure(absl::string_view profile_id, absl::string_view why) {
  LogLine("vita-server",
          absl::StrCat("PUBLISH FAILED for profile ", profile_id, ": ", why,
                       "; the published page is stale until the next write "
                       "or restart"));
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
