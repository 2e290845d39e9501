// vita news list|get|add|edit|rm: the news item's flags and help; the verbs
// are the family templates of record_commands.h.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/record_commands.h"

namespace vita::cli {

using vita::v1::NewsItem;
using NewsTraits = RecordTraits<NewsItem>;

struct RecordTraits<NewsItem>::Flags {
  std::string date, text_file, id;
  std::vector<std::string> text;
  bool pin = false, unpin = false;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }

  void Add(CLI::App* cmd, bool for_edit) {
    app = cmd;
    if (for_edit) {
      cmd->add_option("--date", date, "New date");
      cmd->add_option("--text", text, "New text");
      cmd->add_option("--text-file", text_file,
                      "Read the new text from a file");
      cmd->add_flag("--pin", pin, "Pin it");
      cmd->add_flag("--unpin", unpin, "Unpin it");
      return;
    }
    cmd->add_option("TEXT", text,
                    "The announcement (Markdown); words are joined by spaces");
    cmd->add_option("--date", date,
                    "When: YYYY, YYYY-MM or YYYY-MM-DD (also MM/YYYY)")
        ->required();
    cmd->add_option("--text-file", text_file,
                    "Read the text from a Markdown file (- for stdin)");
    cmd->add_flag("--pin", pin, "List it before all others");
  }

  absl::Status Apply(NewsItem& item) const {
    if (given("--date")) {
      VITA_ASSIGN_OR_RETURN(*item.mutable_date(),
                            ParseDateFlag("--date", date));
    }
    if (!text.empty()) item.set_text(absl::StrJoin(text, " "));
    if (given("--text-file")) {
      VITA_ASSIGN_OR_RETURN(*item.mutable_text(), ReadTextFlag(text_file));
    }
    if (pin) item.set_pinned(true);
    if (unpin) item.set_pinned(false);
    return absl::OkStatus();
  }
};

absl::StatusOr<NewsItem> NewsTraits::NewItem(Context&, const std::string&,
                                             const Flags& flags) {
  NewsItem item;
  VITA_RETURN_IF_ERROR(flags.Apply(item));
  return item;
}

FamilyHelp NewsTraits::Help() {
  FamilyHelp help;
  help.summary = "List, show, add, change and remove news items";
  help.list_order = "pinned first, then newest first";
  help.family = {"vita news list",
                 "vita news add --date 2024-03 \"I will join NYU.\""};
  help.list = {"vita news list", "vita news list -o json | jq ."};
  help.get = {"vita news get join-nyu -o yaml"};
  help.add = {
      "vita news add --date 2024-03 \"I will join NYU as a Ph.D. student.\"",
      "vita news add --date 2024-06-01 --pin --text-file news.md"};
  help.edit = {"vita news edit join-nyu          # opens $EDITOR",
               "vita news edit join-nyu --date 2024-04 --pin"};
  help.rm = {"vita news rm join-nyu old-item"};
  return help;
}

EditTarget NewsItemEditTarget(Connection& connection, const std::string& name) {
  return EditTargetFor<NewsItem>(connection, name);
}

void AddNewsCommands(CLI::App& app, Context& ctx) {
  AddItemFamily<NewsItem>(app, ctx, /*aliases=*/{});
}

}  // namespace vita::cli
