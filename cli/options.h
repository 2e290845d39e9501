// Global options of `vita` and where their values come from. Precedence:
// command-line flag, then environment variable, then the config file
// ($VITA_CONFIG, else $XDG_CONFIG_HOME/vita/config.yaml, else
// ~/.config/vita/config.yaml), then the built-in default.
#ifndef VITA_CLI_OPTIONS_H_
#define VITA_CLI_OPTIONS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace vita::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";
inline constexpr double kDefaultTimeoutSeconds = 10;

struct GlobalOptions {
  std::string server;      // --server, VITA_SERVER, config `server`
  std::string token_file;  // --token-file, VITA_TOKEN_FILE, config `token_file`
  std::string profile;     // --profile, VITA_PROFILE, config `profile`
  double timeout_seconds = 0;  // --timeout, VITA_TIMEOUT, config `timeout`
  std::string output;          // -o: table (default), json or yaml
  bool tls = false;            // --tls, VITA_TLS=1, config `tls: true`
  std::string ca_file;         // --ca, VITA_CA, config `ca`
  std::string config_file;     // --config, VITA_CONFIG
};

// The config file that applies (it need not exist).
std::string ConfigFilePath(const GlobalOptions& options);

// Fills every field the command line left empty from the environment, the
// config file and the defaults. Fails on a config file that does not parse.
absl::Status ResolveOptions(GlobalOptions& options);

// The token for writes: the contents of --token-file (trailing whitespace
// removed) if given, else $VITA_TOKEN, else empty. Never logged or echoed.
absl::StatusOr<std::string> LoadToken(const GlobalOptions& options);

}  // namespace vita::cli

#endif  // VITA_CLI_OPTIONS_H_
