// MemoryTrimmer: gives the memory freed inside glibc's malloc arena back to
// the system once a second, when much of it is free, so that vita-server's
// resident size (RSS) falls back after a burst (a flood of refused 4 MiB
// requests, a large import) rather than staying at the burst's peak.
//
//   MemoryTrimmer trimmer;  // trims until destroyed
//
// glibc returns only the top of a heap on free(); memory freed below a
// chunk still in use stays resident until malloc_trim() releases its pages.
// vita-server keeps one arena (kMallocArenas, vita_server.h), so one trim
// covers every thread. A trim runs only when the arena holds more than
// kTrimAboveBytes free and that figure changed since the last look: an idle
// server is never trimmed twice for the same memory.
//
// Thread safety: the trimming thread is the object's own; construct and
// destroy from one thread.
#ifndef VITA_SERVER_MEMORY_TRIMMER_H_
#define VITA_SERVER_MEMORY_TRIMMER_H_

#include <cstddef>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace vita {

inline constexpr size_t kTrimAboveBytes = size_t{4} << 20;

class MemoryTrimmer {
 public:
  // Starts trimming every `period`.
  explicit MemoryTrimmer(absl::Duration period = absl::Seconds(1));
  // Stops the thread (it ends within one trim).
  ~MemoryTrimmer();
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

 private:
  void Run(absl::Duration period);

  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace vita

#endif  // VITA_SERVER_MEMORY_TRIMMER_H_
