// vita pub list|get|add|edit|rm|import|export.
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/author_syntax.h"
#include "cli/bibtex.h"
#include "cli/bibtex_import.h"
#include "cli/commands.h"
#include "cli/field_mask.h"
#include "cli/render.h"
#include "cli/yaml_proto.h"

namespace vita::cli {
namespace {

using vita::v1::Publication;
using Stub = vita::v1::ProfileService::Stub;

struct PublicationFlags {
  std::string title, authors, venue, status, date, abstract, citation_key, id;
  std::string file;
  int year = 0, order = 0;
  std::vector<std::string> links, tags;
  bool selected = false, unselected = false;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }
};

void AddPublicationFlags(CLI::App* cmd, PublicationFlags& f) {
  f.app = cmd;
  cmd->add_option("--title", f.title, "The title");
  cmd->add_option("--authors", f.authors,
                  "Authors, e.g. \"*Yonghao Zhuang, *@Hexu Zhao, Hao Zhang^\": "
                  "* equal contribution, @ the owner, ^ corresponding, "
                  "<URL> a homepage (docs/cli.md)");
  cmd->add_option("--venue", f.venue, "Where it appeared, e.g. \"ICLR 2025\"");
  cmd->add_option("--status", f.status,
                  "published, accepted, under-submission or preprint");
  cmd->add_option("--year", f.year, "Year of publication or submission");
  cmd->add_option("--date", f.date, "Exact or partial date, e.g. 2024-05");
  cmd->add_option(
      "--link", f.links,
      "KIND[:LABEL]=URL, KIND one of arxiv, pdf, code, project, doi, "
      "scholar, video, slides, poster, other (repeatable; replaces "
      "all links when editing)");
  cmd->add_option("--abstract", f.abstract, "The abstract (plain text)");
  cmd->add_option("--tag", f.tags, "A topic (repeatable; replaces all tags)");
  cmd->add_flag("--selected", f.selected, "Show it on the short page");
  cmd->add_flag("--unselected", f.unselected,
                "Do not show it on the short page");
  cmd->add_option("--order", f.order, "Display order (lower comes first)");
  cmd->add_option("--citation-key", f.citation_key, "BibTeX citation key");
}

// Applies the flags; `owner` marks the owner when --authors has no "@".
absl::Status ApplyPublicationFlags(const PublicationFlags& f,
                                   const vita::v1::Profile* owner,
                                   Publication& p) {
  if (f.given("--title")) p.set_title(f.title);
  if (f.given("--authors")) {
    auto authors = ParseAuthors(f.authors);
    if (!authors.ok()) return authors.status();
    p.clear_authors();
    for (auto& a : *authors) *p.add_authors() = a;
    if (owner) MarkOwner(*owner, p.mutable_authors());
  }
  if (f.given("--venue")) p.set_venue(f.venue);
  if (f.given("--status")) {
    auto status = ParsePublicationStatus(f.status);
    if (!status.ok()) return status.status();
    p.set_status(*status);
  }
  if (f.given("--date")) {
    auto date = ParseDate(f.date);
    if (!date.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--date: ", date.status().message()));
    }
    *p.mutable_date() = *date;
    if (!f.given("--year")) p.set_year(date->year());
  }
  if (f.given("--year")) p.set_year(f.year);
  if (f.given("--link")) {
    p.clear_links();
    for (const std::string& spec : f.links) {
      auto link = ParsePublicationLink(spec);
      if (!link.ok()) return link.status();
      *p.add_links() = *link;
    }
  }
  if (f.given("--abstract")) p.set_abstract(f.abstract);
  if (f.given("--tag")) {
    p.clear_tags();
    for (const std::string& tag : f.tags) p.add_tags(tag);
  }
  if (f.selected) p.set_selected(true);
  if (f.unselected) p.set_selected(false);
  if (f.given("--order")) p.set_display_order(f.order);
  if (f.given("--citation-key")) p.set_citation_key(f.citation_key);
  return absl::OkStatus();
}

absl::StatusOr<vita::v1::Profile> GetProfile(Connection& conn,
                                             const std::string& name) {
  vita::v1::GetProfileRequest request;
  request.set_name(name);
  return conn.Call(&Stub::GetProfile, request, name);
}

}  // namespace

absl::StatusOr<vita::v1::ListPublicationsResponse> ListAllPublications(
    Connection& connection, const std::string& profile) {
  vita::v1::ListPublicationsRequest request;
  request.set_parent(profile);
  return ListAllPages(connection, &Stub::ListPublications, request, profile,
                      [](auto& r) { return r.mutable_publications(); });
}

EditTarget PublicationEditTarget(Connection& connection,
                                 const std::string& name) {
  EditTarget target;
  target.name = name;
  target.command = absl::StrCat("vita edit ", name);
  target.fetch =
      [&connection,
       name]() -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
    vita::v1::GetPublicationRequest request;
    request.set_name(name);
    auto p = connection.Call(&Stub::GetPublication, request, name);
    if (!p.ok()) return p.status();
    return std::make_unique<Publication>(*p);
  };
  target.update = [&connection, name](const google::protobuf::Message& message,
                                      const google::protobuf::FieldMask& mask) {
    vita::v1::UpdatePublicationRequest request;
    request.mutable_publication()->CopyFrom(message);
    *request.mutable_update_mask() = mask;
    return connection.Call(&Stub::UpdatePublication, request, name).status();
  };
  return target;
}

void AddPublicationCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand(
      "pub", "List, add, change, remove, import and export publications");
  group->alias("publication");
  group->require_subcommand(1);
  group->footer(Example({"vita pub list", "vita pub import refs.bib",
                         "vita pub export > refs.bib"}));

  CLI::App* list =
      group->add_subcommand("list", "List the publications in display order");
  list->alias("ls");
  list->footer(Example({"vita pub list", "vita pub list -o yaml"}));
  SetAction(list, ctx, [&ctx]() -> absl::Status {
    auto profile = ctx.ProfileName("");
    if (!profile.ok()) return profile.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto all = ListAllPublications(**conn, *profile);
    if (!all.ok()) return all.status();
    return PrintRecord(
        ctx, *all, [&] { RenderPublications(all->publications(), ctx.out); });
  });

  auto get_id = std::make_shared<std::string>();
  CLI::App* get = group->add_subcommand("get", "Show one publication");
  get->add_option("ID", *get_id, "Publication id or resource name")->required();
  get->footer(Example({"vita pub get zhao2024scaling -o json"}));
  SetAction(get, ctx, [&ctx, get_id]() -> absl::Status {
    auto name = ctx.ChildName("publications", *get_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    vita::v1::GetPublicationRequest request;
    request.set_name(*name);
    auto p = (*conn)->Call(&Stub::GetPublication, request, *name);
    if (!p.ok()) return p.status();
    return PrintRecord(ctx, *p, [&] { RenderPublication(*p, ctx.out); });
  });

  auto add_flags = std::make_shared<PublicationFlags>();
  CLI::App* add = group->add_subcommand("add", "Add a publication");
  AddPublicationFlags(add, *add_flags);
  add->get_option("--title")->required();
  add->get_option("--authors")->required();
  add->add_option("--id", add_flags->id,
                  "Id of the new publication (default: chosen by the server)");
  add->footer(Example(
      {"vita pub add --title \"On Scaling Up 3D Gaussian Splatting Training\" "
       "\\",
       "    --authors \"*Yonghao Zhuang, *@Hexu Zhao, Lianmin Zheng, Hao "
       "Zhang^\" \\",
       "    --venue \"ICLR 2025\" --status accepted --year 2025 \\",
       "    --link arxiv=https://arxiv.org/abs/2406.18533 --link "
       "code=https://github.com/nyu-systems/Grendel-GS",
       "Without an @ mark, authors named like the profile (display_name or a "
       "name variant) are marked as the owner."}));
  SetAction(add, ctx, [&ctx, add_flags]() -> absl::Status {
    auto profile = ctx.ProfileName("");
    if (!profile.ok()) return profile.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto owner = GetProfile(**conn, *profile);
    if (!owner.ok()) return owner.status();
    vita::v1::CreatePublicationRequest request;
    request.set_parent(*profile);
    request.set_publication_id(add_flags->id);
    Publication& p = *request.mutable_publication();
    p.set_status(Publication::PUBLISHED);
    absl::Status applied = ApplyPublicationFlags(*add_flags, &*owner, p);
    if (!applied.ok()) return applied;
    auto created =
        (*conn)->Call(&Stub::CreatePublication, request,
                      absl::StrCat(*profile, "/publications/", add_flags->id));
    if (!created.ok()) return created.status();
    auto format = ctx.format();
    if (!format.ok()) return format.status();
    if (!PrintStructured(*created, *format, ctx.out)) {
      ctx.out << IdOf(created->name()) << "\n";
    }
    ctx.Note(absl::StrCat("created ", created->name()));
    return absl::OkStatus();
  });

  auto edit_id = std::make_shared<std::string>();
  auto edit_flags = std::make_shared<PublicationFlags>();
  CLI::App* edit = group->add_subcommand(
      "edit",
      "Change a publication: the given flags only, or all of it in $EDITOR");
  AddPublicationFlags(edit, *edit_flags);
  edit->add_option("ID", *edit_id, "Publication id or resource name")
      ->required();
  edit->add_option("--file", edit_flags->file,
                   "Apply this edited YAML file instead of opening $EDITOR");
  edit->footer(Example({"vita pub edit zhao2024scaling        # opens $EDITOR",
                        "vita pub edit zhao2024scaling --status published "
                        "--venue \"ICLR 2025\""}));
  SetAction(edit, ctx, [&ctx, edit_id, edit_flags]() -> absl::Status {
    auto name = ctx.ChildName("publications", *edit_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    EditTarget target = PublicationEditTarget(**conn, *name);
    const PublicationFlags& f = *edit_flags;
    bool has_flags = false;
    for (const char* flag :
         {"--title", "--authors", "--venue", "--status", "--year", "--date",
          "--link", "--abstract", "--tag", "--order", "--citation-key"}) {
      has_flags = has_flags || f.given(flag);
    }
    has_flags = has_flags || f.selected || f.unselected;
    if (!has_flags) return RunEdit(ctx, target, f.file);
    auto before = target.fetch();
    if (!before.ok()) return before.status();
    Publication after;
    after.CopyFrom(**before);
    absl::Status applied = ApplyPublicationFlags(f, nullptr, after);
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
  CLI::App* rm = group->add_subcommand("rm", "Delete publications");
  rm->alias("delete");
  rm->add_option("ID", *rm_ids, "Publication ids or resource names")
      ->required();
  rm->footer(Example({"vita pub rm zhao2024scaling"}));
  SetAction(rm, ctx, [&ctx, rm_ids]() -> absl::Status {
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    for (const std::string& id : *rm_ids) {
      auto name = ctx.ChildName("publications", id);
      if (!name.ok()) return name.status();
      vita::v1::DeletePublicationRequest request;
      request.set_name(*name);
      auto done = (*conn)->Call(&Stub::DeletePublication, request, *name);
      if (!done.ok()) return done.status();
      ctx.Note(absl::StrCat("deleted ", *name));
    }
    return absl::OkStatus();
  });

  auto import_file = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  CLI::App* import = group->add_subcommand(
      "import",
      "Create publications from a BibTeX file (a key imported before is "
      "updated, not duplicated)");
  import->add_option("FILE", *import_file, "The .bib file")->required();
  import->add_flag("--dry-run", *dry_run,
                   "Parse and show what would be created or updated");
  import->footer(Example(
      {"vita pub import refs.bib", "vita pub import --dry-run refs.bib",
       "All or nothing: a broken entry stops the import before anything is "
       "written (FILE:LINE is named)."}));
  SetAction(import, ctx, [&ctx, import_file, dry_run]() {
    return ImportBibtex(ctx, *import_file, *dry_run);
  });

  auto export_file = std::make_shared<std::string>();
  CLI::App* export_cmd =
      group->add_subcommand("export", "Write all publications as BibTeX");
  export_cmd->add_option("-f,--file", *export_file,
                         "Write to this file instead of stdout");
  export_cmd->footer(
      Example({"vita pub export > refs.bib", "vita pub export -f refs.bib"}));
  SetAction(export_cmd, ctx, [&ctx, export_file]() -> absl::Status {
    auto profile = ctx.ProfileName("");
    if (!profile.ok()) return profile.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto all = ListAllPublications(**conn, *profile);
    if (!all.ok()) return all.status();
    std::string bib;
    for (const auto& p : all->publications()) {
      if (!bib.empty()) bib += "\n";
      bib += PublicationToBibtex(p);
    }
    return WriteFile(*export_file, bib, ctx.out);
  });
}

}  // namespace vita::cli
