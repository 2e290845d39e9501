// vita-server: see vita_server.h.
#include "server/server_config.h"
#include "server/vita_server.h"

int main(int argc, char** argv) {
  // Before any thread exists, so that every thread inherits the mask.
  vita::BlockShutdownSignals();
  vita::ParsedCommandLine parsed = vita::ParseCommandLine(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  return vita::RunServer(*parsed.config);
}
