#include "server/server_config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/version.h"

namespace vita {

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(
        absl::StrCat("admin token file ", path, " cannot be read"));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("admin token file ", path,
                     " may be read by other users; run: chmod 600 ", path));
  }
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("admin token file ", path, " cannot be read"));
  }
  std::string token(absl::StripAsciiWhitespace(content.str()));
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("admin token file ", path, " is empty"));
  }
  return token;
}

ParsedCommandLine ParseCommandLine(int argc, char** argv) {
  ServerConfig config;
  std::string token_file;
  CLI::App app{
      "vita-server serves researcher homepages (vita.v1.ProfileService) over "
      "gRPC, with server reflection and grpc.health.v1.Health.\n"
      "Reads are public; writes need the metadata "
      "'authorization: Bearer <admin token>'.",
      "vita-server"};
  app.footer(
      "Environment:\n"
      "  VITA_ADMIN_TOKEN   the admin token, when --admin-token-file is not "
      "given\n\n"
      "Example:\n"
      "  vita-server --db /var/lib/vita/vita.db --admin-token-file "
      "/etc/vita/token --seed deploy/demo/hexu-zhao.json");
  app.set_version_flag("--version",
                       absl::StrCat("vita-server ", vita::kVersion));
  app.add_option("--listen", config.listen,
                 "host:port to serve on (port 0 picks a free port)")
      ->capture_default_str();
  app.add_option("--db", config.db_path,
                 "SQLite database file, created if missing")
      ->capture_default_str();
  app.add_option("--admin-token-file", token_file,
                 "file holding the admin token (mode 0600)");
  app.add_option("--seed", config.seed_file,
                 "vita.v1.Page JSON file to load if its profile does not "
                 "exist yet")
      ->check(CLI::ExistingFile);
  // Publish on write (server/publish/publisher.h).
  app.add_option("--publish-dir", config.publish_dir,
                 "write each profile's page JSON and HTML document here on "
                 "every write (the gateway serves them); needs --web-root");
  app.add_option("--web-root", config.web_root,
                 "web root whose index.html is the template of published "
                 "documents")
      ->check(CLI::ExistingDirectory);
  app.add_option("--public-url", config.public_url,
                 "the site's public origin, e.g. https://example.org, for "
                 "og:url and the absolute URLs of published artefacts "
                 "(paper pages)")
      ->envname("VITA_PUBLIC_URL");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; a usage error exits 2, as is customary.
    return {std::nullopt, app.exit(error) == 0 ? 0 : 2};
  }
  if (!config.publish_dir.empty() && config.web_root.empty()) {
    std::cerr << "vita-server: --publish-dir needs --web-root" << std::endl;
    return {std::nullopt, 2};
  }
  if (!token_file.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(token_file);
    if (!token.ok()) {
      std::cerr << "vita-server: " << token.status().message() << std::endl;
      return {std::nullopt, 2};
    }
    config.admin_token = *token;
  } else if (const char* env = std::getenv("VITA_ADMIN_TOKEN")) {
    // A token of only white space is no token: writes stay disabled, and
    // the server says so at start-up.
    std::string token(absl::StripAsciiWhitespace(env));
    if (!token.empty()) config.admin_token = std::move(token);
  }
  return {std::move(config), 0};
}

}  // namespace vita
