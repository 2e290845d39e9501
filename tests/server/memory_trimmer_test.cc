// server/memory_trimmer.h: memory freed between chunks still in use, which
// glibc's free() keeps resident, goes back to the system once a trimmer
// runs. Real allocations in this process; its resident size read from
// /proc/self/statm.
#include "server/memory_trimmer.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace vita {
namespace {

// This process's resident size in KiB.
long ResidentKib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST(MemoryTrimmerTest, GivesBackMemoryFreedBetweenChunksStillInUse) {
  // 64 MiB in 16 KiB chunks (below malloc's mmap threshold, so from the
  // heap), each followed by a small chunk that stays: the freed chunks
  // cannot merge into the heap's top, and free() returns none of them.
  constexpr int kChunks = 4096;
  constexpr size_t kChunkBytes = 16 << 10;
  std::vector<void*> freed;
  std::vector<void*> kept;
  for (int i = 0; i < kChunks; ++i) {
    freed.push_back(std::malloc(kChunkBytes));
    std::memset(freed.back(), 1, kChunkBytes);
    kept.push_back(std::malloc(64));
  }
  const long in_use = ResidentKib();
  for (void* p : freed) std::free(p);
  const long bound = in_use - (32 << 10);  // half of it back, at least

  long now = ResidentKib();
  {
    MemoryTrimmer trimmer(absl::Milliseconds(10));
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (now > bound && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(20));
      now = ResidentKib();
    }
  }
  EXPECT_LE(now, bound) << "resident: " << in_use << " KiB in use, " << now
                        << " KiB after the trimmer ran";
  for (void* p : kept) std::free(p);
}

}  // namespace
}  // namespace vita
