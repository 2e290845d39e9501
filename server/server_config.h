// vita-server's command line and environment.
#ifndef VITA_SERVER_SERVER_CONFIG_H_
#define VITA_SERVER_SERVER_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace vita {

struct ServerConfig {
  // host:port to serve on; port 0 picks a free port.
  std::string listen = "127.0.0.1:50051";
  // The SQLite database file; created if missing.
  std::string db_path = "vita.db";
  // The admin token; writes are refused without one.
  std::optional<std::string> admin_token;
  // A vita.v1.Page JSON file loaded when its profile does not exist yet.
  std::string seed_file;
  // Publish on write (server/publish/): the directory the gateway serves
  // published pages from; empty: nothing is published.
  std::string publish_dir;
  // The web root whose index.html is the template of published documents.
  std::string web_root;
  // The site's public origin for og:url ("https://example.org"); optional.
  std::string public_url;
  // History retention (domain/history_retention.h): revisions kept per
  // record, days a change is kept, seconds between pruning rounds.
  int64_t history_max_versions = 200;
  int history_max_days = 366;
  int history_prune_seconds = 3600;
  // Where online backups are made before they are sent; empty: the
  // database's directory.
  std::string backup_dir;
};

// The outcome of parsing the command line: a config to run with, or an exit
// code when the parser already did everything (--help, --version, errors).
struct ParsedCommandLine {
  std::optional<ServerConfig> config;
  int exit_code = 0;
};

// Parses argv. The admin token comes from --admin-token-file or, failing
// that, the VITA_ADMIN_TOKEN environment variable.
ParsedCommandLine ParseCommandLine(int argc, char** argv);

// Reads a token file: its content without surrounding white space. Refuses
// an empty file, and a file that others than its owner may read.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace vita

#endif  // VITA_SERVER_SERVER_CONFIG_H_
