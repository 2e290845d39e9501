// Runs vita-server: opens the store, serves until SIGINT or SIGTERM, then
// shuts down gracefully.
#ifndef VITA_SERVER_VITA_SERVER_H_
#define VITA_SERVER_VITA_SERVER_H_

#include "server/server_config.h"

namespace vita {

// Serves `config` until SIGINT or SIGTERM arrives, then stops accepting
// calls, lets calls in flight finish (for up to 10 seconds), and returns 0.
// Returns non-zero if the server cannot start. The caller must have blocked
// SIGINT and SIGTERM in every thread (BlockShutdownSignals) first.
int RunServer(const ServerConfig& config);

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// later, so that RunServer can wait for them synchronously.
void BlockShutdownSignals();

}  // namespace vita

#endif  // VITA_SERVER_VITA_SERVER_H_
