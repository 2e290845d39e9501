// vita-server: see vita_server.h.
#include "absl/synchronization/mutex.h"
#include "server/server_config.h"
#include "server/vita_server.h"

int main(int argc, char** argv) {
  // Before any thread exists, so that every thread inherits the mask.
  vita::BlockShutdownSignals();
  // Debian builds Abseil with Mutex deadlock detection on, which records a
  // lock graph on every acquisition. Vita never holds two of its mutexes at
  // once (each guards one small structure), so the check only costs time.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  vita::ParsedCommandLine parsed = vita::ParseCommandLine(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  return vita::RunServer(*parsed.config);
}
