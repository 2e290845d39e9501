#include "cli/record_commands.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace vita::cli {

absl::Status PrintRecord(Context& ctx, const google::protobuf::Message& message,
                         absl::FunctionRef<void()> render_table) {
  VITA_ASSIGN_OR_RETURN(OutputFormat format, ctx.format());
  if (!PrintStructured(message, format, ctx.out)) render_table();
  return absl::OkStatus();
}

std::string Example(const std::vector<std::string>& lines) {
  std::string out = "\nExamples:\n";
  std::string notes;
  for (const std::string& line : lines) {
    if (!absl::EndsWith(line, ".") || absl::StartsWith(line, "vita ") ||
        absl::StartsWith(line, " ")) {
      absl::StrAppend(&out, "  ", line, "\n");
    } else {
      absl::StrAppend(&notes, "\n", line, "\n");
    }
  }
  return out + notes;
}

CLI::App* AddCommand(CLI::App* parent, const std::string& name,
                     const std::string& description,
                     const std::vector<std::string>& examples) {
  CLI::App* command = parent->add_subcommand(name, description);
  command->footer(Example(examples));
  return command;
}

CLI::App* AddVerb(CLI::App* family, Verb verb, const std::string& description,
                  const std::vector<std::string>& examples) {
  struct Spelling {
    const char* name;
    const char* alias;  // the old spelling some family had
  };
  static constexpr Spelling kSpellings[] = {{"list", "ls"},
                                            {"get", nullptr},
                                            {"add", "create"},
                                            {"edit", "set"},
                                            {"rm", "delete"}};
  const Spelling& spelling = kSpellings[static_cast<int>(verb)];
  CLI::App* command = AddCommand(family, spelling.name, description, examples);
  if (spelling.alias != nullptr) command->alias(spelling.alias);
  return command;
}

bool FieldFlagsGiven(const CLI::App* command) {
  for (const CLI::Option* option : command->get_options()) {
    if (!option->nonpositional() || option->check_lname("file") ||
        option == command->get_help_ptr()) {
      continue;
    }
    if (option->count() > 0) return true;
  }
  return false;
}

std::string Capitalized(absl::string_view noun) {
  std::string out(noun);
  if (!out.empty()) out[0] = absl::ascii_toupper(out[0]);
  return out;
}

}  // namespace vita::cli
