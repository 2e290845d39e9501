#include "server/memory_trimmer.h"

#include <malloc.h>

namespace vita {

MemoryTrimmer::MemoryTrimmer(absl::Duration period)
    : thread_([this, period] { Run(period); }) {}

MemoryTrimmer::~MemoryTrimmer() {
  stop_.Notify();
  thread_.join();
}

void MemoryTrimmer::Run(absl::Duration period) {
  size_t last_free = 0;
  while (!stop_.WaitForNotificationWithTimeout(period)) {
    // fordblks: the bytes of free chunks in the arena (malloc's own count;
    // pages a trim released still count, hence "changed since last time").
    const size_t free_bytes = mallinfo2().fordblks;
    if (free_bytes > kTrimAboveBytes && free_bytes != last_free) {
      malloc_trim(0);
    }
    last_free = free_bytes;
  }
}

}  // namespace vita
