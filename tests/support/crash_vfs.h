// A SQLite VFS for power-loss tests, in the manner of SQLite's own crash
// tests (src/test6.c): it wraps the real ("unix") VFS and passes every call
// through, but remembers, per file, which writes have been made durable by
// xSync and which have only been written. SimulatePowerLoss() then rewrites
// the files on disk as a machine that lost power would find them: every
// write that was not synced is dropped (or, in the torn mode, a random part
// of them is kept), files never synced do not exist, and the -shm file (the
// WAL index, shared memory that is never synced) is gone.
//
// A process that is killed keeps all its writes (they are in the OS page
// cache), so only this kind of test tells synchronous=FULL from OFF.
//
// Model: one xWrite or xTruncate call reaches the disk whole or not at all
// (what SQLite assumes with SQLITE_IOCAP_POWERSAFE_OVERWRITE); a file that
// was synced once exists after the crash (directory entries are not
// modelled); a file deleted is gone. xSync does not call fsync(): the
// simulation, not the disk, decides what survives, and tests stay fast.
// Temporary files (no name) are passed through untracked.
#ifndef VITA_TESTS_SUPPORT_CRASH_VFS_H_
#define VITA_TESTS_SUPPORT_CRASH_VFS_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace vita::testing {

class CrashVfs {
 public:
  // Registers the VFS under `name` and, if `make_default`, as SQLite's
  // default VFS, so that code opening databases without naming a VFS (the
  // Store) goes through it unchanged.
  CrashVfs(const char* name, bool make_default);
  // Unregisters it; "unix" becomes the default again.
  ~CrashVfs();
  CrashVfs(const CrashVfs&) = delete;
  CrashVfs& operator=(const CrashVfs&) = delete;

  // From the `n`-th write, truncate or sync on (counting from 1, over all
  // tracked files) the power is off: that call and every later one fails
  // with SQLITE_IOERR and changes nothing. 0 turns the trigger off.
  void CutPowerAtOperation(int64_t n);
  // The power is off from now on (as above).
  void CutPowerNow();
  bool power_is_off() const;
  // Writes, truncates and syncs seen so far on tracked files.
  int64_t operations() const;
  // xSync calls seen so far on files whose name ends with `suffix`.
  int64_t syncs(const std::string& suffix) const;

  // Call after every connection through this VFS is closed (closing them
  // with the power off changes nothing on disk). Rewrites every tracked file
  // to what survives a power loss and deletes "<database>-shm" files.
  // `keep_unsynced_fraction` of the unsynced writes and truncates, chosen at
  // random with `seed`, are kept (0: drop them all; writes tear between
  // calls, never inside one). The VFS then tracks nothing until files are
  // opened again, and the power is on.
  void SimulatePowerLoss(double keep_unsynced_fraction = 0, uint32_t seed = 1);

  // Internals, used by the C callbacks.
  struct Op {
    bool truncate;
    int64_t offset;  // for a truncate: the new size
    std::string data;
  };
  struct FileState {
    bool exists_durably = false;
    std::string durable;
    std::vector<Op> pending;
    bool is_main_db = false;
  };
  sqlite3_vfs* real() const { return real_; }
  // Counts one mutating operation; false when the power is (now) off.
  bool PowerOn();
  void Opened(const std::string& path, bool main_db);
  void Written(const std::string& path, Op op);
  void Synced(const std::string& path);
  void Deleted(const std::string& path);

 private:
  sqlite3_vfs* real_;
  sqlite3_vfs vfs_;
  std::string name_;
  mutable std::mutex mu_;
  int64_t operations_ = 0;
  int64_t cut_at_ = 0;
  bool power_off_ = false;
  std::map<std::string, FileState> files_;
  std::map<std::string, int64_t> syncs_;
};

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_CRASH_VFS_H_
