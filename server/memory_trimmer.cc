#include "server/memory_trimmer.h"

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace vita {
namespace {

// This process's resident size in bytes (0 if /proc cannot be read: then
// the trimmer never trims).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0;
  int64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * sysconf(_SC_PAGESIZE);
}

// The CPU time of every thread of this process so far.
absl::Duration ProcessCpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return absl::DurationFromTimeval(usage.ru_utime) +
         absl::DurationFromTimeval(usage.ru_stime);
}

}  // namespace

bool ShouldTrim(int64_t resident, int64_t lowest, absl::Duration cpu,
                absl::Duration period) {
  return resident - lowest > MemoryTrimmer::kGrowthBytes && cpu * 10 < period;
}

MemoryTrimmer::MemoryTrimmer(absl::Duration period)
    : period_(period), thread_([this] { Run(); }) {}

MemoryTrimmer::~MemoryTrimmer() {
  stop_.Notify();
  thread_.join();
}

void MemoryTrimmer::Run() {
  int64_t lowest = ResidentBytes();
  absl::Duration cpu_before = ProcessCpu();
  while (!stop_.WaitForNotificationWithTimeout(period_)) {
    const int64_t resident = ResidentBytes();
    const absl::Duration cpu_now = ProcessCpu();
    const absl::Duration cpu = cpu_now - cpu_before;
    cpu_before = cpu_now;
    lowest = std::min(lowest, resident);
    if (!ShouldTrim(resident, lowest, cpu, period_)) continue;
    malloc_trim(0);
    lowest = ResidentBytes();
    cpu_before = ProcessCpu();  // the trim's own time is not the server's
  }
}

}  // namespace vita
