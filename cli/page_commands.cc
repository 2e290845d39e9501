// vita page, vita export, vita import, vita edit.
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "formats/csl_json.h"
#include "formats/json_resume.h"

namespace vita::cli {
namespace {

using Stub = vita::v1::ProfileService::Stub;

absl::StatusOr<vita::v1::Page> GetPage(Context& ctx, const std::string& arg) {
  VITA_ASSIGN_OR_RETURN(std::string name, ctx.ProfileName(arg));
  VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
  vita::v1::GetPageRequest request;
  request.set_name(name);
  return conn->Call(&Stub::GetPage, request, name);
}

// Creates the page's profile, news items and publications, with their ids
// and times, through ImportPage: one transaction on the server, so a refused
// record leaves nothing written and readers never see half a page.
absl::Status ImportPage(Context& ctx, const std::string& path) {
  VITA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  vita::v1::ImportPageRequest request;
  VITA_RETURN_IF_ERROR(FromJson(text, path, request.mutable_page()));
  const vita::v1::Page& page = request.page();
  const std::string& name = page.profile().name();
  if (!ParseProfileName("profile.name", name).ok()) {
    return LocalInputError(absl::StrCat(
        path, ": profile.name must be \"profiles/ID\", not \"", name, "\""));
  }
  VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
  auto imported = conn->Call(&Stub::ImportPage, request, name);
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat(path, ": ", imported.status().message(),
                                     "; nothing was imported"));
  }
  ctx.Note(absl::StrCat("imported ", name, " with ", imported->news_size(),
                        " news items and ", imported->publications_size(),
                        " publications"));
  return absl::OkStatus();
}

}  // namespace

void AddPageCommands(CLI::App& app, Context& ctx) {
  auto page_id = std::make_shared<std::string>();
  CLI::App* page = AddCommand(
      &app, "page", "Show a whole homepage: profile, news and publications",
      {"vita page", "vita page hexu-zhao -o json | jq .etag"});
  page->add_option("PROFILE", *page_id, "Profile id (default: --profile)");
  SetAction(page, ctx, [&ctx, page_id]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(vita::v1::Page got, GetPage(ctx, *page_id));
    return PrintRecord(ctx, got, [&] { RenderPage(got, ctx.out); });
  });

  auto export_id = std::make_shared<std::string>();
  auto export_file = std::make_shared<std::string>();
  CLI::App* export_cmd = AddCommand(
      &app, "export",
      "Write a profile with its news and publications as one vita.v1.Page "
      "(proto3 JSON)",
      {"vita export hexu-zhao > site.json",
       "vita --server other:50051 import site.json",
       "vita export --format jsonresume > resume.json",
       "vita export --format csl > publications.json"});
  export_cmd->add_option("PROFILE", *export_id,
                         "Profile id (default: --profile)");
  export_cmd->add_option("-f,--file", *export_file,
                         "Write to this file instead of stdout");
  auto export_as = std::make_shared<std::string>("vita");
  export_cmd
      ->add_option("--format", *export_as,
                   "vita (a vita.v1.Page, for `vita import`), jsonresume "
                   "(JSON Resume) or csl (CSL-JSON of the publications)")
      ->check(CLI::IsMember({"vita", "jsonresume", "csl"}));
  SetAction(
      export_cmd, ctx,
      [&ctx, export_id, export_file, export_as]() -> absl::Status {
        VITA_ASSIGN_OR_RETURN(vita::v1::Page got, GetPage(ctx, *export_id));
        if (*export_as == "jsonresume") {
          // No public URL here: the page's and photo's URLs are left out.
          return WriteFile(*export_file, formats::PageToJsonResume(got, ""),
                           ctx.out);
        }
        if (*export_as == "csl") {
          return WriteFile(*export_file,
                           formats::PublicationsToCslJson(got.publications()),
                           ctx.out);
        }
        VITA_ASSIGN_OR_RETURN(OutputFormat format, ctx.format());
        std::stringstream out;
        if (format != OutputFormat::kYaml) {
          out << ToJson(got);
        } else {
          PrintStructured(got, format, out);
        }
        return WriteFile(*export_file, out.str(), ctx.out);
      });

  auto import_file = std::make_shared<std::string>();
  CLI::App* import = AddCommand(
      &app, "import",
      "Create a profile with its news and publications from `vita export` "
      "output (ids are kept)",
      {"vita import site.json",
       "All or nothing, in one transaction on the server: if any record is "
       "refused, nothing is written. The profile must not exist yet; ids "
       "and times are kept."});
  import->add_option("FILE", *import_file, "The JSON file (- for stdin)")
      ->required();
  SetAction(import, ctx,
            [&ctx, import_file]() { return ImportPage(ctx, *import_file); });

  auto resource = std::make_shared<std::vector<std::string>>();
  auto edit_file = std::make_shared<std::string>();
  CLI::App* edit = AddCommand(
      &app, "edit",
      "Edit one record in $EDITOR as YAML; sends only what changed",
      {"vita edit profile", "vita edit news join-nyu",
       "vita edit publication zhao2024scaling",
       "vita edit profiles/hexu/publications/zhao2024scaling",
       "If the record changed meanwhile, nothing is written and your edit is "
       "kept in a file the message names."});
  edit->add_option("RESOURCE", *resource,
                   "profile [ID] | news ID | publication ID (alias pub) | a "
                   "resource name")
      ->required()
      ->expected(1, 2);
  edit->add_option("--file", *edit_file,
                   "Apply this edited YAML file instead of opening $EDITOR "
                   "(e.g. the one kept after a conflict)");
  SetAction(edit, ctx, [&ctx, resource, edit_file]() -> absl::Status {
    std::string kind = (*resource)[0];
    std::string id = resource->size() > 1 ? (*resource)[1] : "";
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    if (absl::StartsWith(kind, "profiles/")) {
      // A resource name says itself what it names.
      std::string name = kind;
      absl::StatusOr<ResourceName> parsed = ParseResourceName("RESOURCE", name);
      if (!parsed.ok()) return RefusedName(parsed.status());
      if (!parsed->collection) {
        return RunEdit(ctx, ProfileEditTarget(*conn, name), *edit_file);
      }
      return RunEdit(ctx,
                     *parsed->collection == Collection::kNews
                         ? NewsItemEditTarget(*conn, name)
                         : PublicationEditTarget(*conn, name),
                     *edit_file);
    }
    if (kind == "profile") {
      VITA_ASSIGN_OR_RETURN(std::string name, ctx.ProfileName(id));
      return RunEdit(ctx, ProfileEditTarget(*conn, name), *edit_file);
    }
    bool news = kind == "news";
    bool pub = kind == "pub" || kind == "publication";
    if (!news && !pub) {
      return UsageError(absl::StrCat(
          "edit: unknown resource \"", kind,
          "\" (use profile, news, publication (alias pub) or a resource name; "
          "see vita edit --help)"));
    }
    if (id.empty()) {
      return UsageError(absl::StrCat(
          "edit ", kind, ": which one? give its id (see vita edit --help)"));
    }
    VITA_ASSIGN_OR_RETURN(
        std::string name,
        ctx.ItemName(news ? Collection::kNews : Collection::kPublications, id));
    return RunEdit(ctx,
                   news ? NewsItemEditTarget(*conn, name)
                        : PublicationEditTarget(*conn, name),
                   *edit_file);
  });
}

}  // namespace vita::cli
