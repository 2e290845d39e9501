#include "cli/options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "yaml-cpp/yaml.h"

namespace vita::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::string ConfigFilePath(const GlobalOptions& options) {
  if (!options.config_file.empty()) return options.config_file;
  if (std::string env = Env("VITA_CONFIG"); !env.empty()) return env;
  if (std::string xdg = Env("XDG_CONFIG_HOME"); !xdg.empty()) {
    return xdg + "/vita/config.yaml";
  }
  if (std::string home = Env("HOME"); !home.empty()) {
    return home + "/.config/vita/config.yaml";
  }
  return "";
}

absl::Status ResolveOptions(GlobalOptions& options) {
  YAML::Node config;
  std::string path = ConfigFilePath(options);
  if (!path.empty()) {
    std::ifstream in(path);
    if (in) {
      try {
        config = YAML::Load(in);
      } catch (const YAML::Exception& e) {
        return LocalInputError(
            absl::StrCat(path, ":", e.mark.line + 1, ": ", e.msg));
      }
      if (config && !config.IsNull() && !config.IsMap()) {
        return LocalInputError(
            absl::StrCat(path, ":1: the config file must be a YAML mapping"));
      }
    }
  }
  auto from_config = [&](const char* key) -> std::string {
    if (!config || !config.IsMap() || !config[key]) return "";
    try {
      return config[key].as<std::string>();
    } catch (const YAML::Exception&) {
      return "";
    }
  };
  auto fill = [&](std::string& field, const char* env, const char* key,
                  const std::string& fallback) {
    if (!field.empty()) return;
    field = Env(env);
    if (field.empty()) field = from_config(key);
    if (field.empty()) field = fallback;
  };
  fill(options.server, "VITA_SERVER", "server", kDefaultServer);
  fill(options.token_file, "VITA_TOKEN_FILE", "token_file", "");
  fill(options.profile, "VITA_PROFILE", "profile", "");
  fill(options.ca_file, "VITA_CA", "ca", "");
  if (options.output.empty()) options.output = "table";
  if (!options.tls) {
    std::string tls = Env("VITA_TLS");
    if (tls.empty()) tls = from_config("tls");
    tls = absl::AsciiStrToLower(tls);
    options.tls = tls == "1" || tls == "true" || tls == "yes";
  }
  if (!options.ca_file.empty()) options.tls = true;
  if (options.timeout_seconds <= 0) {
    std::string timeout = Env("VITA_TIMEOUT");
    if (timeout.empty()) timeout = from_config("timeout");
    double value = 0;
    if (!timeout.empty() && absl::SimpleAtod(timeout, &value) && value > 0) {
      options.timeout_seconds = value;
    } else {
      options.timeout_seconds = kDefaultTimeoutSeconds;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LoadToken(const GlobalOptions& options) {
  if (!options.token_file.empty()) {
    std::ifstream in(options.token_file);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("cannot read token file ",
                                              options.token_file, ": ",
                                              std::strerror(errno)));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return std::string(absl::StripAsciiWhitespace(buffer.str()));
  }
  return std::string(absl::StripAsciiWhitespace(Env("VITA_TOKEN")));
}

}  // namespace vita::cli
