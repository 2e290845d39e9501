// vita news list|get|add|edit|rm.
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/field_mask.h"
#include "cli/render.h"
#include "cli/yaml_proto.h"

namespace vita::cli {
namespace {

using vita::v1::NewsItem;
using Stub = vita::v1::ProfileService::Stub;

struct NewsFlags {
  std::string date, text_file, id, file;
  std::vector<std::string> text;
  bool pin = false, unpin = false;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }
};

absl::Status ApplyNewsFlags(const NewsFlags& f, NewsItem& item) {
  if (f.given("--date")) {
    auto date = ParseDate(f.date);
    if (!date.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--date: ", date.status().message()));
    }
    *item.mutable_date() = *date;
  }
  if (!f.text.empty()) item.set_text(absl::StrJoin(f.text, " "));
  if (f.given("--text-file")) {
    auto text = ReadFile(f.text_file);
    if (!text.ok()) return text.status();
    std::string t = *text;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    item.set_text(t);
  }
  if (f.pin) item.set_pinned(true);
  if (f.unpin) item.set_pinned(false);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<vita::v1::ListNewsItemsResponse> ListAllNewsItems(
    Connection& connection, const std::string& profile) {
  vita::v1::ListNewsItemsRequest request;
  request.set_parent(profile);
  return ListAllPages(connection, &Stub::ListNewsItems, request, profile,
                      [](auto& r) { return r.mutable_news_items(); });
}

EditTarget NewsItemEditTarget(Connection& connection, const std::string& name) {
  EditTarget target;
  target.name = name;
  target.command = absl::StrCat("vita edit ", name);
  target.fetch =
      [&connection,
       name]() -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
    vita::v1::GetNewsItemRequest request;
    request.set_name(name);
    auto item = connection.Call(&Stub::GetNewsItem, request, name);
    if (!item.ok()) return item.status();
    return std::make_unique<NewsItem>(*item);
  };
  target.update = [&connection, name](const google::protobuf::Message& message,
                                      const google::protobuf::FieldMask& mask) {
    vita::v1::UpdateNewsItemRequest request;
    request.mutable_news_item()->CopyFrom(message);
    *request.mutable_update_mask() = mask;
    return connection.Call(&Stub::UpdateNewsItem, request, name).status();
  };
  return target;
}

void AddNewsCommands(CLI::App& app, Context& ctx) {
  CLI::App* group =
      app.add_subcommand("news", "List, add, change and remove news items");
  group->require_subcommand(1);
  group->footer(Example(
      {"vita news list", "vita news add --date 2024-03 \"I will join NYU.\""}));

  CLI::App* list = group->add_subcommand(
      "list", "List the news items (pinned first, then newest first)");
  list->alias("ls");
  list->footer(Example({"vita news list", "vita news list -o json | jq ."}));
  SetAction(list, ctx, [&ctx]() -> absl::Status {
    auto profile = ctx.ProfileName("");
    if (!profile.ok()) return profile.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto all = ListAllNewsItems(**conn, *profile);
    if (!all.ok()) return all.status();
    return PrintRecord(ctx, *all,
                       [&] { RenderNewsItems(all->news_items(), ctx.out); });
  });

  auto get_id = std::make_shared<std::string>();
  CLI::App* get = group->add_subcommand("get", "Show one news item");
  get->add_option("ID", *get_id, "News item id or resource name")->required();
  get->footer(Example({"vita news get join-nyu -o yaml"}));
  SetAction(get, ctx, [&ctx, get_id]() -> absl::Status {
    auto name = ctx.ChildName("news", *get_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    vita::v1::GetNewsItemRequest request;
    request.set_name(*name);
    auto item = (*conn)->Call(&Stub::GetNewsItem, request, *name);
    if (!item.ok()) return item.status();
    return PrintRecord(ctx, *item, [&] { RenderNewsItem(*item, ctx.out); });
  });

  auto add_flags = std::make_shared<NewsFlags>();
  CLI::App* add = group->add_subcommand("add", "Add a news item");
  add_flags->app = add;
  add->add_option("TEXT", add_flags->text,
                  "The announcement (Markdown); words are joined by spaces");
  add->add_option("--date", add_flags->date,
                  "When: YYYY-MM or YYYY-MM-DD (also MM/YYYY)")
      ->required();
  add->add_option("--text-file", add_flags->text_file,
                  "Read the text from a Markdown file (- for stdin)");
  add->add_option("--id", add_flags->id,
                  "Id of the new item (default: chosen by the server)");
  add->add_flag("--pin", add_flags->pin, "List it before all others");
  add->footer(Example(
      {"vita news add --date 2024-03 \"I will join NYU as a Ph.D. student.\"",
       "vita news add --date 2024-06-01 --pin --text-file news.md"}));
  SetAction(add, ctx, [&ctx, add_flags]() -> absl::Status {
    auto profile = ctx.ProfileName("");
    if (!profile.ok()) return profile.status();
    vita::v1::CreateNewsItemRequest request;
    request.set_parent(*profile);
    request.set_news_item_id(add_flags->id);
    absl::Status applied =
        ApplyNewsFlags(*add_flags, *request.mutable_news_item());
    if (!applied.ok()) return applied;
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto item = (*conn)->Call(&Stub::CreateNewsItem, request,
                              absl::StrCat(*profile, "/news/", add_flags->id));
    if (!item.ok()) return item.status();
    auto format = ctx.format();
    if (!format.ok()) return format.status();
    if (!PrintStructured(*item, *format, ctx.out)) {
      ctx.out << IdOf(item->name()) << "\n";
    }
    ctx.Note(absl::StrCat("created ", item->name()));
    return absl::OkStatus();
  });

  auto edit_id = std::make_shared<std::string>();
  auto edit_flags = std::make_shared<NewsFlags>();
  CLI::App* edit = group->add_subcommand(
      "edit",
      "Change a news item: the given flags only, or all of it in $EDITOR");
  edit_flags->app = edit;
  edit->add_option("ID", *edit_id, "News item id or resource name")->required();
  edit->add_option("--date", edit_flags->date, "New date");
  edit->add_option("--text", edit_flags->text, "New text");
  edit->add_option("--text-file", edit_flags->text_file,
                   "Read the new text from a file");
  edit->add_flag("--pin", edit_flags->pin, "Pin it");
  edit->add_flag("--unpin", edit_flags->unpin, "Unpin it");
  edit->add_option("--file", edit_flags->file,
                   "Apply this edited YAML file instead of opening $EDITOR");
  edit->footer(Example({"vita news edit join-nyu          # opens $EDITOR",
                        "vita news edit join-nyu --date 2024-04 --pin"}));
  SetAction(edit, ctx, [&ctx, edit_id, edit_flags]() -> absl::Status {
    auto name = ctx.ChildName("news", *edit_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    EditTarget target = NewsItemEditTarget(**conn, *name);
    const NewsFlags& f = *edit_flags;
    bool has_flags = f.given("--date") || f.given("--text") ||
                     f.given("--text-file") || f.pin || f.unpin;
    if (!has_flags) return RunEdit(ctx, target, f.file);
    auto before = target.fetch();
    if (!before.ok()) return before.status();
    NewsItem after;
    after.CopyFrom(**before);
    absl::Status applied = ApplyNewsFlags(f, after);
    if (!applied.ok()) return applied;
    auto changed = ChangedFields(**before, after, OutputOnlyFields());
    if (changed.empty()) {
      ctx.Note(
          absl::StrCat("no changes: ", *name, " already has these values"));
      return absl::OkStatus();
    }
    absl::Status updated = target.update(after, MaskOf(changed));
    if (!updated.ok()) return updated;
    ctx.Note(absl::StrCat("updated ", *name, " (", absl::StrJoin(changed, ", "),
                          ")"));
    return absl::OkStatus();
  });

  auto rm_ids = std::make_shared<std::vector<std::string>>();
  CLI::App* rm = group->add_subcommand("rm", "Delete news items");
  rm->alias("delete");
  rm->add_option("ID", *rm_ids, "News item ids or resource names")->required();
  rm->footer(Example({"vita news rm join-nyu old-item"}));
  SetAction(rm, ctx, [&ctx, rm_ids]() -> absl::Status {
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    for (const std::string& id : *rm_ids) {
      auto name = ctx.ChildName("news", id);
      if (!name.ok()) return name.status();
      vita::v1::DeleteNewsItemRequest request;
      request.set_name(*name);
      auto done = (*conn)->Call(&Stub::DeleteNewsItem, request, *name);
      if (!done.ok()) return done.status();
      ctx.Note(absl::StrCat("deleted ", *name));
    }
    return absl::OkStatus();
  });
}

}  // namespace vita::cli
