#include "server/server_config.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log_line.h"
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

bool ListensOnLoopback(const std::string& listen) {
  if (absl::StartsWith(listen, "unix:")) return true;
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (absl::AsciiStrToLower(host) == "localhost") return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 &&
         IN6_IS_ADDR_LOOPBACK(&v6);
}

namespace {

absl::StatusOr<std::string> ReadWholeFile(const std::string& flag,
                                          const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(flag, " ", path, ": cannot be read"));
  }
  return content.str();
}

}  // namespace

absl::StatusOr<TlsFiles> ReadTlsFiles(const std::string& cert_path,
                                      const std::string& key_path) {
  absl::StatusOr<std::string> cert = ReadWholeFile("--tls-cert", cert_path);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadWholeFile("--tls-key", key_path);
  if (!key.ok()) return key.status();
  BIO* cert_bio = BIO_new_mem_buf(cert->data(), static_cast<int>(cert->size()));
  X509* x509 = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
  BIO_free(cert_bio);
  BIO* key_bio = BIO_new_mem_buf(key->data(), static_cast<int>(key->size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  BIO_free(key_bio);
  absl::Status status;
  if (x509 == nullptr) {
    status = absl::InvalidArgumentError(
        absl::StrCat("--tls-cert ", cert_path, ": not a PEM certificate"));
  } else if (pkey == nullptr) {
    status = absl::InvalidArgumentError(
        absl::StrCat("--tls-key ", key_path,
                     ": not a PEM private key (without a "
                     "passphrase)"));
  } else if (X509_check_private_key(x509, pkey) != 1) {
    status = absl::InvalidArgumentError(absl::StrCat(
        "--tls-key ", key_path,
        ": is not the key of the certificate in --tls-cert ", cert_path));
  }
  X509_free(x509);
  EVP_PKEY_free(pkey);
  if (!status.ok()) return status;
  return TlsFiles{*std::move(cert), *std::move(key)};
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
      "/etc/vita/token --seed deploy/demo/hexu-zhao.json\n"
      "  vita-server --listen 0.0.0.0:50051 --tls-cert /etc/vita/cert.pem "
      "--tls-key /etc/vita/key.pem --admin-token-file /etc/vita/token");
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
                 "(paper pages, feeds, sitemaps)")
      ->envname("VITA_PUBLIC_URL");
  // Transport (docs/security.md).
  app.add_option("--tls-cert", config.tls_cert,
                 "PEM certificate chain: serve gRPC over TLS (needs "
                 "--tls-key)");
  app.add_option("--tls-key", config.tls_key,
                 "PEM private key of --tls-cert (needs --tls-cert)");
  app.add_flag("--allow-insecure", config.allow_insecure,
               "accept writes carrying a token over plaintext on an address "
               "other than loopback (they are refused otherwise)");
  // History retention (server/domain/history_retention.h).
  app.add_option("--history-max-versions", config.history_max_versions,
                 "revisions kept per record; older ones are pruned")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}))
      ->capture_default_str();
  app.add_option("--history-max-days", config.history_max_days,
                 "days a change (and the versions it kept) is kept")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  app.add_option("--history-prune-interval", config.history_prune_seconds,
                 "seconds between background pruning rounds of the history")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--backup-dir", config.backup_dir,
                 "directory where online backups (vita backup) are made "
                 "before they are sent (default: the database's directory)")
      ->check(CLI::ExistingDirectory);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; a usage error exits 2, as is customary.
    return {std::nullopt, app.exit(error) == 0 ? 0 : 2};
  }
  if (!config.publish_dir.empty() && config.web_root.empty()) {
    LogLine("vita-server", "--publish-dir needs --web-root");
    return {std::nullopt, 2};
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    LogLine("vita-server",
            "--tls-cert and --tls-key go together: give both, or neither");
    return {std::nullopt, 2};
  }
  if (!token_file.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(token_file);
    if (!token.ok()) {
      LogLine("vita-server", token.status().message());
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
