// vita-server's command line and environment.
//
//   ParsedCommandLine parsed = ParseCommandLine(argc, argv);
//   if (!parsed.config) return parsed.exit_code;
//   if (!ListensOnLoopback(parsed.config->listen) && !parsed.config->tls())
//     ...;  // plaintext on a network: see allow_insecure
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
  // Transport (docs/security.md): PEM files of the server's certificate
  // chain and private key; both set (TLS) or both empty (plaintext).
  std::string tls_cert;
  std::string tls_key;
  // Without TLS on an address other than loopback, writes carrying a token
  // are refused (api::TransportGuard) unless this is set.
  bool allow_insecure = false;

  bool tls() const { return !tls_cert.empty(); }
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

// True if `listen` (host:port, as --listen takes it) can be reached from
// this machine only: a 127.0.0.0/8 or ::1 address, "localhost", or a
// "unix:" socket. "0.0.0.0", "[::]", other addresses and other host names
// are not loopback.
bool ListensOnLoopback(const std::string& listen);

// The PEM contents of --tls-cert and --tls-key.
struct TlsFiles {
  std::string cert_chain;
  std::string private_key;
};

// Reads and checks the certificate chain and key: both must parse as PEM,
// and the key must belong to the (first) certificate. Errors name the flag
// and the file: NOT_FOUND when a file cannot be read, INVALID_ARGUMENT when
// it is not what it should be.
absl::StatusOr<TlsFiles> ReadTlsFiles(const std::string& cert_path,
                                      const std::string& key_path);

}  // namespace vita

#endif  // VITA_SERVER_SERVER_CONFIG_H_
