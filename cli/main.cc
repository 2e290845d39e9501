// `vita`: keeps a researcher's homepage on vita-server current from a
// terminal. Parses the command line, runs the chosen command, and turns a
// failure into one line on stderr and an exit code (cli/exit_codes.h).
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "common/version.h"

int main(int argc, char** argv) {
  using namespace vita::cli;
  Context ctx(std::cout, std::cerr);
  CLI::App app{
      "vita keeps a researcher's homepage on vita-server current.\n"
      "Reads are public; writes need the admin token, or an editor token "
      "for one profile (VITA_TOKEN or --token-file).",
      "vita"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vita ") + vita::kVersion);
  GlobalOptions& o = ctx.options;
  // The options added from here to the reset below show under "Global
  // options" in --help.
  app.option_defaults()->group("Global options");
  app.add_option("--server", o.server,
                 absl::StrCat("vita-server address HOST:PORT (env "
                              "VITA_SERVER, default ",
                              kDefaultServer, ")"));
  app.add_option("--token-file", o.token_file,
                 "File holding the admin token or an editor token (env "
                 "VITA_TOKEN_FILE; or the token itself in VITA_TOKEN)");
  app.add_option("--profile", o.profile,
                 "The profile a command works on (env VITA_PROFILE or config "
                 "`profile`)");
  app.add_option("--timeout", o.timeout_seconds,
                 absl::StrCat("Seconds to wait for each call (env "
                              "VITA_TIMEOUT, default ",
                              kDefaultTimeoutSeconds, ")"))
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            double seconds = 0;
            if (absl::SimpleAtod(text, &seconds) && seconds > 0) return "";
            return "must be a number of seconds above 0 (got " + text + ")";
          },
          ""))
      ->type_name("SECONDS");
  app.add_option("-o,--output", o.output,
                 "Output of reads: table, json (canonical proto JSON) or yaml");
  app.add_flag("--tls", o.tls, "Connect with TLS (env VITA_TLS=1)");
  app.add_option("--ca", o.ca_file,
                 "PEM file of the CA that signed the server's certificate "
                 "(implies --tls; env VITA_CA)");
  app.add_option("--config", o.config_file,
                 "Config file (env VITA_CONFIG, default "
                 "$XDG_CONFIG_HOME/vita/config.yaml)");
  app.option_defaults()->group("Options");  // CLI11's default, for the rest
  app.fallthrough();
  app.footer(
      Example({"vita page", "vita news add --date 2024-03 \"I will join NYU.\"",
               "vita publication import refs.bib", "vita edit profile",
               "vita export > site.json",
               "Exit codes: 0 ok, 1 other error, 2 usage, 3 bad local "
               "file, 4 invalid argument, 5 not found, 6 not "
               "authorized, 7 conflict, 8 server unreachable."}));

  AddPageCommands(app, ctx);
  AddProfileCommands(app, ctx);
  AddNewsCommands(app, ctx);
  AddPublicationCommands(app, ctx);
  AddTokenCommands(app, ctx);
  AddHistoryCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Name the (sub)command the error is about, like `gh` and `kubectl`.
    std::string path = "vita";
    CLI::App* command = &app;
    while (!command->get_subcommands().empty()) {
      command = command->get_subcommands().front();
      path += " " + command->get_name();
    }
    std::vector<std::string> rest = command->remaining();
    if (!rest.empty() && !rest.front().empty() && rest.front()[0] != '-' &&
        command->get_require_subcommand_min() > 0) {
      std::cerr << "error: unknown command \"" << rest.front() << "\" for \""
                << path << "\" (see " << path << " --help)\n";
    } else {
      std::cerr << "error: " << e.what() << " (see " << path << " --help)\n";
    }
    return kExitUsage;
  }
  absl::Status status = ResolveOptions(o);
  if (status.ok()) status = ctx.format().status();
  if (!status.ok() && !IsLocalInputError(status)) {
    std::cerr << ErrorLine(status);
    return kExitUsage;
  }
  if (status.ok() && ctx.action) status = ctx.action();
  if (!status.ok()) {
    std::cerr << ErrorLine(status);
    return ExitCodeFor(status);
  }
  return kExitOk;
}
