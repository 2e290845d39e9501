#include "tests/support/crash_vfs.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

namespace vita::testing {
namespace {

// What SQLite allocates for each open file: ours, then the real VFS's.
struct CrashFile {
  sqlite3_file base;
  CrashVfs* owner;
  std::string* path;  // null for untracked (temporary) files
  sqlite3_file* real;
};

constexpr int kTracked =
    SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL;

CrashVfs* Owner(sqlite3_vfs* vfs) {
  return static_cast<CrashVfs*>(vfs->pAppData);
}
CrashFile* Crash(sqlite3_file* file) {
  return reinterpret_cast<CrashFile*>(file);
}
sqlite3_file* Real(sqlite3_file* file) { return Crash(file)->real; }

void Apply(const CrashVfs::Op& op, std::string& content) {
  if (op.truncate) {
    content.resize(op.offset);
    return;
  }
  if (content.size() < op.offset + op.data.size()) {
    content.resize(op.offset + op.data.size(), '\0');
  }
  content.replace(op.offset, op.data.size(), op.data);
}

int Close(sqlite3_file* file) {
  CrashFile* crash = Crash(file);
  int rc = crash->real->pMethods ? crash->real->pMethods->xClose(crash->real)
                                 : SQLITE_OK;
  delete crash->path;
  crash->path = nullptr;
  return rc;
}

int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return Real(file)->pMethods->xRead(Real(file), buffer, amount, offset);
}

int Write(sqlite3_file* file, const void* buffer, int amount,
          sqlite3_int64 offset) {
  CrashFile* crash = Crash(file);
  if (crash->path == nullptr) {
    return crash->real->pMethods->xWrite(crash->real, buffer, amount, offset);
  }
  if (!crash->owner->PowerOn()) return SQLITE_IOERR_WRITE;
  int rc = crash->real->pMethods->xWrite(crash->real, buffer, amount, offset);
  if (rc == SQLITE_OK) {
    crash->owner->Written(
        *crash->path,
        {false, offset, std::string(static_cast<const char*>(buffer), amount)});
  }
  return rc;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  CrashFile* crash = Crash(file);
  if (crash->path == nullptr) {
    return crash->real->pMethods->xTruncate(crash->real, size);
  }
  if (!crash->owner->PowerOn()) return SQLITE_IOERR_TRUNCATE;
  int rc = crash->real->pMethods->xTruncate(crash->real, size);
  if (rc == SQLITE_OK) crash->owner->Written(*crash->path, {true, size, ""});
  return rc;
}

int Sync(sqlite3_file* file, int flags) {
  CrashFile* crash = Crash(file);
  if (crash->path == nullptr) return SQLITE_OK;
  if (!crash->owner->PowerOn()) return SQLITE_IOERR_FSYNC;
  // No fsync(): what survives is the simulation's business (see the header).
  crash->owner->Synced(*crash->path);
  return SQLITE_OK;
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  return Real(file)->pMethods->xFileSize(Real(file), size);
}
int Lock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xLock(Real(file), level);
}
int Unlock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xUnlock(Real(file), level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
}
int FileControl(sqlite3_file* file, int op, void* arg) {
  return Real(file)->pMethods->xFileControl(Real(file), op, arg);
}
int SectorSize(sqlite3_file* file) {
  return Real(file)->pMethods->xSectorSize(Real(file));
}
int DeviceCharacteristics(sqlite3_file* file) {
  // Claim nothing that would let SQLite skip a sync (appends or writes that
  // are atomic or ordered): the model above gives no such guarantee.
  return Real(file)->pMethods->xDeviceCharacteristics(Real(file)) &
         ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 |
           SQLITE_IOCAP_ATOMIC1K | SQLITE_IOCAP_ATOMIC2K |
           SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
           SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K |
           SQLITE_IOCAP_ATOMIC64K | SQLITE_IOCAP_SAFE_APPEND |
           SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_BATCH_ATOMIC);
}
int ShmMap(sqlite3_file* file, int page, int page_size, int extend,
           void volatile** out) {
  return Real(file)->pMethods->xShmMap(Real(file), page, page_size, extend,
                                       out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(file)->pMethods->xShmLock(Real(file), offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) {
  Real(file)->pMethods->xShmBarrier(Real(file));
}
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Real(file)->pMethods->xShmUnmap(Real(file), delete_flag);
}

// Version 2: shared memory (WAL) but no memory-mapped I/O, so that every
// page SQLite changes goes through Write().
const sqlite3_io_methods kMethods = {2,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     nullptr,
                                     nullptr};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
         int* out_flags) {
  CrashVfs* owner = Owner(vfs);
  CrashFile* crash = Crash(file);
  crash->base.pMethods = nullptr;
  crash->owner = owner;
  crash->path = nullptr;
  crash->real = reinterpret_cast<sqlite3_file*>(crash + 1);
  crash->real->pMethods = nullptr;
  bool tracked = name != nullptr && (flags & kTracked) != 0;
  if (tracked) {
    // Before the real open, which may create the file.
    owner->Opened(name, (flags & SQLITE_OPEN_MAIN_DB) != 0);
  }
  int rc =
      owner->real()->xOpen(owner->real(), name, crash->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    // SQLite closes nothing whose pMethods is null; the real VFS cleaned up.
    return rc;
  }
  if (tracked) crash->path = new std::string(name);
  crash->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  CrashVfs* owner = Owner(vfs);
  if (!owner->PowerOn()) return SQLITE_IOERR_DELETE;
  int rc = owner->real()->xDelete(owner->real(), name, sync_dir);
  if (rc == SQLITE_OK) owner->Deleted(name);
  return rc;
}

int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Owner(vfs)->real()->xAccess(Owner(vfs)->real(), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Owner(vfs)->real()->xFullPathname(Owner(vfs)->real(), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return Owner(vfs)->real()->xDlOpen(Owner(vfs)->real(), name);
}
void DlError(sqlite3_vfs* vfs, int size, char* out) {
  Owner(vfs)->real()->xDlError(Owner(vfs)->real(), size, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return Owner(vfs)->real()->xDlSym(Owner(vfs)->real(), handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) {
  Owner(vfs)->real()->xDlClose(Owner(vfs)->real(), handle);
}
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return Owner(vfs)->real()->xRandomness(Owner(vfs)->real(), size, out);
}
int Sleep(sqlite3_vfs* vfs, int microseconds) {
  return Owner(vfs)->real()->xSleep(Owner(vfs)->real(), microseconds);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Owner(vfs)->real()->xCurrentTime(Owner(vfs)->real(), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Owner(vfs)->real()->xGetLastError(Owner(vfs)->real(), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Owner(vfs)->real()->xCurrentTimeInt64(Owner(vfs)->real(), out);
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

CrashVfs::CrashVfs(const char* name, bool make_default)
    : real_(sqlite3_vfs_find("unix")), name_(name) {
  if (real_ == nullptr) abort();
  std::memset(&vfs_, 0, sizeof(vfs_));
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(CrashFile)) + real_->szOsFile;
  vfs_.mxPathname = real_->mxPathname;
  vfs_.zName = name_.c_str();
  vfs_.pAppData = this;
  vfs_.xOpen = Open;
  vfs_.xDelete = Delete;
  vfs_.xAccess = Access;
  vfs_.xFullPathname = FullPathname;
  vfs_.xDlOpen = DlOpen;
  vfs_.xDlError = DlError;
  vfs_.xDlSym = DlSym;
  vfs_.xDlClose = DlClose;
  vfs_.xRandomness = Randomness;
  vfs_.xSleep = Sleep;
  vfs_.xCurrentTime = CurrentTime;
  vfs_.xGetLastError = GetLastError;
  vfs_.xCurrentTimeInt64 = CurrentTimeInt64;
  if (sqlite3_vfs_register(&vfs_, make_default ? 1 : 0) != SQLITE_OK) abort();
}

CrashVfs::~CrashVfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(real_, 1);
}

void CrashVfs::CutPowerAtOperation(int64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  cut_at_ = n;
}

void CrashVfs::CutPowerNow() {
  std::lock_guard<std::mutex> lock(mu_);
  power_off_ = true;
}

bool CrashVfs::power_is_off() const {
  std::lock_guard<std::mutex> lock(mu_);
  return power_off_;
}

int64_t CrashVfs::operations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return operations_;
}

int64_t CrashVfs::syncs(const std::string& suffix) const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t total = 0;
  for (const auto& [path, count] : syncs_) {
    if (path.size() >= suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      total += count;
    }
  }
  return total;
}

bool CrashVfs::PowerOn() {
  std::lock_guard<std::mutex> lock(mu_);
  if (power_off_) return false;
  ++operations_;
  if (cut_at_ > 0 && operations_ >= cut_at_) power_off_ = true;
  return !power_off_;
}

void CrashVfs::Opened(const std::string& path, bool main_db) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(path) == 0) {
    // What is on disk before this VFS sees the file counts as durable.
    FileState& state = files_[path];
    std::optional<std::string> content = ReadWholeFile(path);
    state.exists_durably = content.has_value();
    state.durable = content.value_or("");
  }
  if (main_db) files_[path].is_main_db = true;
}

void CrashVfs::Written(const std::string& path, Op op) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[path].pending.push_back(std::move(op));
}

void CrashVfs::Synced(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  FileState& state = files_[path];
  for (const Op& op : state.pending) Apply(op, state.durable);
  state.pending.clear();
  state.exists_durably = true;
  ++syncs_[path];
}

void CrashVfs::Deleted(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = files_.find(path);
  if (found == files_.end()) return;
  found->second.exists_durably = false;
  found->second.durable.clear();
  found->second.pending.clear();
}

void CrashVfs::SimulatePowerLoss(double keep_unsynced_fraction, uint32_t seed) {
  std::lock_guard<std::mutex> lock(mu_);
  std::mt19937 random(seed);
  std::bernoulli_distribution keep(keep_unsynced_fraction);
  for (auto& [path, state] : files_) {
    bool exists = state.exists_durably;
    std::string content = state.durable;
    for (const Op& op : state.pending) {
      if (keep_unsynced_fraction > 0 && keep(random)) {
        Apply(op, content);
        exists = true;
      }
    }
    if (exists) {
      std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    } else {
      unlink(path.c_str());
    }
    if (state.is_main_db) unlink((path + "-shm").c_str());
  }
  files_.clear();
  syncs_.clear();
  operations_ = 0;
  cut_at_ = 0;
  power_off_ = false;
}

}  // namespace vita::testing
