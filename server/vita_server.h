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
//
// At the signal grpc.health.v1.Health sends NOT_SERVING to every open Watch
// stream and ends it (so watchers do not hold the drain); new calls,
// Health/Check included, are refused by gRPC itself during the drain, so a
// Check cannot be answered NOT_SERVING. A second SIGINT or SIGTERM during
// the drain ends the process at once, with status 128 + that signal's
// number (130 for SIGINT, 143 for SIGTERM); calls still in flight fail.
//
// Test-only: the environment variable VITA_TEST_SLOW_CALL=<Method>:<ms>
// (e.g. "CreateNewsItem:3000", a vita.v1.ProfileService method) makes every
// call of that method wait <ms> milliseconds after its request arrived and
// before it runs, so that tests can catch a call in flight. It is read once,
// at start; the server logs a warning when it is set and refuses to start
// when it does not parse. Never set it in production.
//
// Test-only: VITA_TEST_PUBLISH_PAUSE=<ms> (with --publish-dir) makes every
// publish after start-up (the compressor's variants too) wait <ms>
// milliseconds between writing a temporary file and renaming it over the
// served one, after logging "test hook: publish paused before renaming
// ...", so that tests can kill the process there. Read once at start; refused
// when it does not parse.
//
// Bounds, so that the server's memory (RSS) stays bounded under any load:
// - gRPC's sync server starts a thread for each call in progress, without
//   limit by default; the resource quota caps them at kMaxServerThreads.
//   A call that finds them all busy fails with RESOURCE_EXHAUSTED ("Server
//   Threadpool Exhausted") instead of adding a thread. GetPage runs on
//   gRPC's callback API (api/profile_service.h) and uses none of them.
//   Up to kMaxIdleServerThreads threads that finished a call stay, for
//   good, to take the next (gRPC's default keeps two, so eight concurrent
//   callers made it start and end a thread for most calls, a tenth to a
//   quarter of the server's CPU per write; see
//   tests/api/server_threads_integration_test.cc). They count against
//   kMaxServerThreads but refuse no call sooner: a call finds one of them
//   waiting for it. They hold their stacks: 0.2-0.5 MiB more RSS after
//   1,000 writes from 8 callers.
// - each HTTP/2 connection carries at most kMaxConcurrentStreams calls at
//   once (gRPC's default is unlimited); further calls wait for a stream.
// - a request may be at most kMaxReceiveMessageBytes (gRPC's default,
//   stated here so it stays a decision): a 1,000-publication ImportPage is
//   about 0.5 MiB.
// - after each ImportPage, freed heap memory is returned to the system
//   (api::ProfileService::ImportPage).
// - request metadata (headers) may be at most kMaxMetadataBytes, as much as
//   the gateway lets through (max_request_headers_kb in deploy/envoy.yaml).
// - gRPC's own buffers (its memory quota) are capped at kMaxGrpcMemoryBytes.
// - glibc's malloc keeps at most kMallocArenas arena (set before main()).
//   By default it makes one per thread, up to 8 per core, and each keeps
//   the memory freed in it: 1,000 refused 4 MiB requests on 8 connections
//   grew the server from 30 to 150 MiB for good (tests/api/
//   server_limits_integration_test.cc); two arenas still grew it by up to
//   50 MiB now and then, one keeps it flat. Small allocations go through
//   glibc's per-thread caches, so threads seldom wait for the arena. What
//   a burst freed inside the arena is given back once the burst is over
//   (memory_trimmer.h): a flood under load once left the server 23 MiB up.
int RunServer(const ServerConfig& config);

inline constexpr int kMaxServerThreads = 64;
inline constexpr int kMaxIdleServerThreads = 16;
inline constexpr int kMaxConcurrentStreams = 100;
inline constexpr int kMaxReceiveMessageBytes = 4 << 20;
inline constexpr int kMaxMetadataBytes = 16 << 10;
inline constexpr size_t kMaxGrpcMemoryBytes = size_t{256} << 20;
inline constexpr int kMallocArenas = 1;

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// later, so that RunServer can wait for them synchronously.
void BlockShutdownSignals();

}  // namespace vita

#endif  // VITA_SERVER_VITA_SERVER_H_
