// vita publication (alias pub) list|get|add|edit|rm|import|export: the
// publication's flags and help, and the two verbs only this family has; the
// others are the family templates of record_commands.h.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/author_syntax.h"
#include "cli/bibtex.h"
#include "cli/bibtex_import.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/record_commands.h"

namespace vita::cli {

using vita::v1::Publication;
using PublicationTraits = RecordTraits<Publication>;

struct RecordTraits<Publication>::Flags {
  std::string title, authors, venue, status, date, abstract, citation_key, id;
  int year = 0, order = 0;
  std::vector<std::string> links, tags;
  bool selected = false, unselected = false;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }

  void Add(CLI::App* cmd, bool for_edit) {
    app = cmd;
    CLI::Option* title_option = cmd->add_option("--title", title, "The title");
    CLI::Option* authors_option = cmd->add_option(
        "--authors", authors,
        "Authors, e.g. \"*Yonghao Zhuang, *@Hexu Zhao, Hao Zhang^\": "
        "* equal contribution, @ the owner, ^ corresponding, "
        "<URL> a homepage (docs/cli.md)");
    if (!for_edit) {
      title_option->required();
      authors_option->required();
    }
    cmd->add_option("--venue", venue, "Where it appeared, e.g. \"ICLR 2025\"");
    cmd->add_option("--status", status,
                    "published, accepted, under-submission or preprint");
    cmd->add_option("--year", year, "Year of publication or submission");
    cmd->add_option("--date", date, "Exact or partial date, e.g. 2024-05");
    cmd->add_option(
        "--link", links,
        "KIND[:LABEL]=URL, KIND one of arxiv, pdf, code, project, doi, "
        "scholar, video, slides, poster, other (repeatable; replaces "
        "all links when editing)");
    cmd->add_option("--abstract", abstract, "The abstract (plain text)");
    cmd->add_option("--tag", tags, "A topic (repeatable; replaces all tags)");
    cmd->add_flag("--selected", selected, "Show it on the short page");
    cmd->add_flag("--unselected", unselected,
                  "Do not show it on the short page");
    cmd->add_option("--order", order,
                    "Pin it: a positive order lists it above the unpinned "
                    "ones, lower first; 0 lists it by date (the default)");
    cmd->add_option("--citation-key", citation_key, "BibTeX citation key");
  }

  absl::Status Apply(Publication& p) const { return Apply(nullptr, p); }

  // `owner` marks the owner when --authors has no "@".
  absl::Status Apply(const vita::v1::Profile* owner, Publication& p) const {
    if (given("--title")) p.set_title(title);
    if (given("--authors")) {
      VITA_ASSIGN_OR_RETURN(auto parsed, ParseAuthors(authors));
      p.clear_authors();
      for (auto& a : parsed) *p.add_authors() = a;
      if (owner) MarkOwner(*owner, p.mutable_authors());
    }
    if (given("--venue")) p.set_venue(venue);
    if (given("--status")) {
      VITA_ASSIGN_OR_RETURN(Publication::Status parsed,
                            ParsePublicationStatus(status));
      p.set_status(parsed);
    }
    if (given("--date")) {
      VITA_ASSIGN_OR_RETURN(*p.mutable_date(), ParseDateFlag("--date", date));
      if (!given("--year")) p.set_year(p.date().year());
    }
    if (given("--year")) p.set_year(year);
    if (given("--link")) {
      p.clear_links();
      for (const std::string& spec : links) {
        VITA_ASSIGN_OR_RETURN(*p.add_links(), ParsePublicationLink(spec));
      }
    }
    if (given("--abstract")) p.set_abstract(abstract);
    if (given("--tag")) {
      p.clear_tags();
      for (const std::string& tag : tags) p.add_tags(tag);
    }
    if (selected) p.set_selected(true);
    if (unselected) p.set_selected(false);
    if (given("--order")) p.set_display_order(order);
    if (given("--citation-key")) p.set_citation_key(citation_key);
    return absl::OkStatus();
  }
};

absl::StatusOr<Publication> PublicationTraits::NewItem(
    Context& ctx, const std::string& profile, const Flags& flags) {
  VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
  VITA_ASSIGN_OR_RETURN(vita::v1::Profile owner, GetProfile(*conn, profile));
  Publication p;
  p.set_status(Publication::PUBLISHED);
  VITA_RETURN_IF_ERROR(flags.Apply(&owner, p));
  return p;
}

FamilyHelp PublicationTraits::Help() {
  FamilyHelp help;
  help.summary =
      "List, show, add, change, remove, import and export publications";
  help.list_order = "in display order";
  help.family = {"vita publication list", "vita publication import refs.bib",
                 "vita publication export > refs.bib"};
  help.list = {"vita publication list", "vita publication list -o yaml"};
  help.get = {"vita publication get zhao2024scaling -o json"};
  help.add = {
      "vita publication add --title \"On Scaling Up 3D Gaussian Splatting "
      "Training\" \\",
      "    --authors \"*Yonghao Zhuang, *@Hexu Zhao, Lianmin Zheng, Hao "
      "Zhang^\" \\",
      "    --venue \"ICLR 2025\" --status accepted --year 2025 \\",
      "    --link arxiv=https://arxiv.org/abs/2406.18533 --link "
      "code=https://github.com/nyu-systems/Grendel-GS",
      "Without an @ mark, authors named like the profile (display_name or a "
      "name variant) are marked as the owner."};
  help.edit = {"vita publication edit zhao2024scaling        # opens $EDITOR",
               "vita publication edit zhao2024scaling --status published "
               "--venue \"ICLR 2025\""};
  help.rm = {"vita publication rm zhao2024scaling"};
  return help;
}

EditTarget PublicationEditTarget(Connection& connection,
                                 const std::string& name) {
  return EditTargetFor<Publication>(connection, name);
}

void AddPublicationCommands(CLI::App& app, Context& ctx) {
  CLI::App* family = AddItemFamily<Publication>(app, ctx, {"pub"});

  auto import_file = std::make_shared<std::string>();
  auto import_options = std::make_shared<ImportOptions>();
  CLI::App* import = AddCommand(
      family, "import",
      "Import a BibTeX file (or ORCID's works JSON): new papers are created; "
      "a paper already on the page (same DOI, arXiv id, citation key, or "
      "title and an author) only gets what it lacks",
      {"vita publication import refs.bib",
       "vita publication import --dry-run refs.bib",
       "vita publication import --skip-invalid refs.bib",
       "vita publication import --orcid works.json",
       "One transaction on the server. Every problem of the file is named "
       "(FILE:LINE: entry KEY: FIELD: RULE); with any, nothing is written "
       "unless --skip-invalid. An update never overwrites: it fills in what "
       "the paper lacks and keeps author marks, links, order, selection and "
       "awards. An entry without a year imports with year 0 (not known yet; "
       "listed first). docs/cli.md has the details."});
  auto orcid_file = std::make_shared<std::string>();
  CLI::Option* bib_option =
      import->add_option("FILE", *import_file, "The .bib file");
  CLI::Option* orcid_option = import->add_option(
      "--orcid", *orcid_file,
      "Import the works of ORCID's public API JSON "
      "(GET https://pub.orcid.org/v3.0/{orcid}/works) instead of a .bib file");
  bib_option->excludes(orcid_option);
  import->add_flag("--dry-run", import_options->dry_run,
                   "Show what would be created, updated (and why) or left "
                   "alone; write nothing");
  import->add_flag("--skip-invalid", import_options->skip_invalid,
                   "Import the valid entries and name each skipped one");
  SetAction(import, ctx, [&ctx, import_file, orcid_file, import_options]() {
    if (!orcid_file->empty()) {
      return ImportOrcidWorks(ctx, *orcid_file, *import_options);
    }
    if (import_file->empty()) {
      return absl::InvalidArgumentError(
          "FILE: required: a .bib file, or --orcid FILE");
    }
    return ImportBibtex(ctx, *import_file, *import_options);
  });

  auto export_file = std::make_shared<std::string>();
  CLI::App* export_cmd =
      AddCommand(family, "export", "Write all publications as BibTeX",
                 {"vita publication export > refs.bib",
                  "vita publication export -f refs.bib"});
  export_cmd->add_option("-f,--file", *export_file,
                         "Write to this file instead of stdout");
  SetAction(export_cmd, ctx, [&ctx, export_file]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string profile, ctx.ProfileName(""));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    VITA_ASSIGN_OR_RETURN(auto all, ListAll<Publication>(*conn, profile));
    return WriteFile(*export_file,
                     formats::PublicationsToBibtex(all.publications()),
                     ctx.out);
  });
}

}  // namespace vita::cli
