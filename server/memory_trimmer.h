// MemoryTrimmer: gives memory that glibc's malloc keeps after free() back to
// the system once a burst is over (a flood of refused 4 MiB requests, a
// large import), so that vita-server's resident size (RSS) falls back
// rather than staying at the burst's peak.
//
// Example:
//   MemoryTrimmer trimmer;  // looks every second until destroyed
//
// free() returns only the top of a heap to the system: a chunk freed below
// one still in use stays resident. malloc_trim(0) releases the whole pages
// of free chunks, but it walks them holding malloc's arena lock, stalling
// other threads' allocations meanwhile, and pages it releases under load
// are faulted in again by the next requests. So the trimmer trims only when
// ShouldTrim says so: RSS has grown by more than kGrowthBytes since its
// lowest point after the last trim (or since the trimmer started), and the
// process used less than a tenth of one core over the last period (the
// burst is over). An idle server is not trimmed again until it grows again.
//
// Thread safety: construct and destroy from one thread; the trimmer's own
// thread does the rest. The destructor interrupts the wait and returns
// after at most one trim.
#ifndef VITA_SERVER_MEMORY_TRIMMER_H_
#define VITA_SERVER_MEMORY_TRIMMER_H_

#include <cstdint>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace vita {

class MemoryTrimmer {
 public:
  // The growth of RSS since its lowest point that is worth a trim.
  static constexpr int64_t kGrowthBytes = int64_t{4} << 20;

  // Starts looking every `period`.
  explicit MemoryTrimmer(absl::Duration period = absl::Seconds(1));
  ~MemoryTrimmer();
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

 private:
  void Run();

  const absl::Duration period_;
  absl::Notification stop_;
  std::thread thread_;  // last: it runs Run() from the constructor on
};

// Whether the trimmer trims now: `resident` is RSS now, `lowest` the lowest
// RSS seen since the last trim, `cpu` the process's CPU time over the last
// `period` (see the file comment).
bool ShouldTrim(int64_t resident, int64_t lowest, absl::Duration cpu,
                absl::Duration period);

}  // namespace vita

#endif  // VITA_SERVER_MEMORY_TRIMMER_H_
