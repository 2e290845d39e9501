// server/memory_trimmer.h: ShouldTrim's rule (growth since the lowest point,
// and an idle process), and a trimmer's effect on memory freed between
// chunks still in use, which glibc's free() keeps resident: real
// allocations in this process, its resident size read from /proc/self/statm.
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

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr absl::Duration kSecond = absl::Seconds(1);

TEST(ShouldTrimTest, TrimsOnceResidentSizeGrewAndTheProcessIsIdle) {
  EXPECT_TRUE(
      ShouldTrim(40 * kMiB, 30 * kMiB, absl::Milliseconds(20), kSecond));
}

TEST(ShouldTrimTest, DoesNotTrimWhileTheProcessIsBusy) {
  // A tenth of a core or more: the burst goes on, and the pages a trim
  // released would be faulted in again.
  EXPECT_FALSE(
      ShouldTrim(40 * kMiB, 30 * kMiB, absl::Milliseconds(100), kSecond));
  EXPECT_FALSE(ShouldTrim(40 * kMiB, 30 * kMiB, absl::Seconds(2), kSecond));
}

TEST(ShouldTrimTest, DoesNotTrimWithoutGrowthOfMoreThanItsThreshold) {
  EXPECT_FALSE(ShouldTrim(30 * kMiB, 30 * kMiB, absl::ZeroDuration(), kSecond));
  EXPECT_FALSE(ShouldTrim(30 * kMiB + MemoryTrimmer::kGrowthBytes, 30 * kMiB,
                          absl::ZeroDuration(), kSecond));
  EXPECT_TRUE(ShouldTrim(30 * kMiB + MemoryTrimmer::kGrowthBytes + 1, 30 * kMiB,
                         absl::ZeroDuration(), kSecond));
}

// This process's resident size in KiB.
long ResidentKib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST(MemoryTrimmerTest, GivesBackMemoryFreedBetweenChunksOnceTheBurstIsOver) {
  // Looks every 50 ms: the allocations below keep the process busy for
  // each look, and the wait after them leaves it idle.
  MemoryTrimmer trimmer(absl::Milliseconds(50));
  // 64 MiB in chunks of four pages (below malloc's mmap threshold, so from
  // the heap), each followed by a small chunk that stays: the freed chunks
  // cannot merge into the heap's top, and free() returns none of them.
  const size_t chunk_bytes = 4 * sysconf(_SC_PAGESIZE);
  const int chunks = static_cast<int>((64 * kMiB) / chunk_bytes);
  std::vector<void*> freed;
  std::vector<void*> kept;
  freed.reserve(chunks);
  kept.reserve(chunks);
  for (int i = 0; i < chunks; ++i) {
    freed.push_back(std::malloc(chunk_bytes));
    std::memset(freed.back(), 1, chunk_bytes);
    kept.push_back(std::malloc(64));
  }
  const long in_use = ResidentKib();
  for (void* p : freed) std::free(p);
  const long bound = in_use - 32 * 1024;  // half of it back, at least

  long now = ResidentKib();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (now > bound && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    now = ResidentKib();
  }
  EXPECT_LE(now, bound) << "resident: " << in_use << " KiB in use, " << now
                        << " KiB after the frees and the trimmer's looks";
  for (void* p : kept) std::free(p);
}

}  // namespace
}  // namespace vita
