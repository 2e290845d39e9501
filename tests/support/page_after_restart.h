// What an earlier vita-server left in its database, as a new one serves it:
// for the tests of durability across a stop, a kill or a crash.
//
//   auto page = PageAfterRestart(db, "profiles/ann");
//   ASSERT_TRUE(page.ok()) << page.status();
//
// Starts and stops a server process of its own; call it from one thread at
// a time per database file.
#ifndef VITA_TESTS_SUPPORT_PAGE_AFTER_RESTART_H_
#define VITA_TESTS_SUPPORT_PAGE_AFTER_RESTART_H_

#include <signal.h>

#include <string>

#include "absl/status/statusor.h"
#include "tests/support/grpc_client.h"
#include "tests/support/server_process.h"

namespace vita::testing {

// The page `name` ("profiles/{id}") as a new vita-server on the database file
// `db_path` (no seed, the test admin token) serves it. That server is stopped
// (SIGTERM) before this returns. An error if it does not start, does not
// serve the page (NOT_FOUND for a page that is not there) or does not stop.
inline absl::StatusOr<v1::Page> PageAfterRestart(const std::string& db_path,
                                                 const std::string& name) {
  ServerOptions options;
  options.db_path = db_path;
  auto server = ServerProcess::Start(options);
  if (!server.ok()) return server.status();
  absl::StatusOr<v1::Page> page = GetPage((*server)->address(), name);
  absl::StatusOr<int> stopped = (*server)->Stop(SIGTERM);
  if (!stopped.ok()) return stopped.status();
  return page;
}

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_PAGE_AFTER_RESTART_H_
