// vita profile list|get|create|set|edit|delete.
#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/field_mask.h"
#include "cli/render.h"

namespace vita::cli {
namespace {

using vita::v1::Profile;
using Stub = vita::v1::ProfileService::Stub;

// Values of the flags that set single profile fields (create and set).
struct ProfileFlags {
  std::string display_name, headline, affiliation, bio, bio_file;
  std::string photo_url, photo_alt, office_address, office_map_url;
  std::vector<std::string> add_variants, remove_variants;
  std::vector<std::string> add_links, remove_links;
  std::vector<std::string> add_emails, remove_emails;
  std::vector<std::string> add_interests, remove_interests;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }
};

void AddFieldFlags(CLI::App* cmd, ProfileFlags& f, bool for_set) {
  f.app = cmd;
  cmd->add_option("--display-name", f.display_name,
                  "The name the page shows, e.g. \"Hexu Zhao\"");
  cmd->add_option("--headline", f.headline,
                  "Current position, e.g. \"Ph.D. student\"");
  cmd->add_option("--affiliation", f.affiliation, "Current institution");
  cmd->add_option("--bio", f.bio, "Biography (Markdown)");
  cmd->add_option("--bio-file", f.bio_file,
                  "Read the biography from a Markdown file (- for stdin)");
  cmd->add_option("--photo-url", f.photo_url, "Portrait URL or /path");
  cmd->add_option("--photo-alt", f.photo_alt, "Alt text of the portrait");
  cmd->add_option("--office-address", f.office_address, "Office address");
  cmd->add_option("--office-map-url", f.office_map_url,
                  "Map link of the office");
  cmd->add_option(for_set ? "--add-name-variant" : "--name-variant",
                  f.add_variants,
                  "Another spelling of the name, e.g. \"Zhao, Hexu\" "
                  "(repeatable)");
  cmd->add_option(for_set ? "--add-link" : "--link", f.add_links,
                  "KIND[:LABEL]=URL, e.g. scholar=https://... (repeatable; "
                  "replaces a link of the same kind and label)");
  cmd->add_option(for_set ? "--add-email" : "--email", f.add_emails,
                  "ADDRESS[:work|personal|other] (repeatable)");
  cmd->add_option(for_set ? "--add-interest" : "--interest", f.add_interests,
                  "A research interest (repeatable)");
  if (for_set) {
    cmd->add_option("--remove-name-variant", f.remove_variants,
                    "Remove a name variant (repeatable)");
    cmd->add_option("--remove-link", f.remove_links,
                    "Remove links by KIND, KIND:LABEL or URL (repeatable)");
    cmd->add_option("--remove-email", f.remove_emails,
                    "Remove an e-mail address (repeatable)");
    cmd->add_option("--remove-interest", f.remove_interests,
                    "Remove a research interest (repeatable)");
  }
}

template <typename T>
void RemoveIf(google::protobuf::RepeatedPtrField<T>* field,
              const std::function<bool(const T&)>& pred) {
  field->erase(std::remove_if(field->begin(), field->end(), pred),
               field->end());
}

// Applies the flags to `p`.
absl::Status ApplyFlags(const ProfileFlags& f, Profile& p) {
  if (f.given("--display-name")) p.set_display_name(f.display_name);
  if (f.given("--headline")) p.set_headline(f.headline);
  if (f.given("--affiliation")) p.set_affiliation(f.affiliation);
  if (f.given("--bio")) p.set_bio(f.bio);
  if (f.given("--bio-file")) {
    auto bio = ReadFile(f.bio_file);
    if (!bio.ok()) return bio.status();
    std::string text = *bio;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
      text.pop_back();
    }
    p.set_bio(text);
  }
  if (f.given("--photo-url")) p.mutable_photo()->set_url(f.photo_url);
  if (f.given("--photo-alt")) p.mutable_photo()->set_alt_text(f.photo_alt);
  if (f.given("--office-address")) {
    p.mutable_office()->set_address(f.office_address);
  }
  if (f.given("--office-map-url")) {
    p.mutable_office()->set_map_url(f.office_map_url);
  }
  for (const std::string& v : f.remove_variants) {
    RemoveIf<std::string>(p.mutable_name_variants(),
                          [&](const std::string& s) { return s == v; });
  }
  for (const std::string& v : f.add_variants) {
    if (std::find(p.name_variants().begin(), p.name_variants().end(), v) ==
        p.name_variants().end()) {
      p.add_name_variants(v);
    }
  }
  for (const std::string& spec : f.remove_links) {
    auto kind = ParseProfileLinkKind(spec.substr(0, spec.find(':')));
    std::string label = spec.find(':') == std::string::npos
                            ? ""
                            : spec.substr(spec.find(':') + 1);
    bool by_kind = kind.ok() && spec.find("://") == std::string::npos;
    int before = p.links_size();
    RemoveIf<vita::v1::ProfileLink>(
        p.mutable_links(), [&](const vita::v1::ProfileLink& link) {
          if (!by_kind) return link.url() == spec;
          return link.kind() == *kind &&
                 (label.empty() || link.label() == label);
        });
    if (p.links_size() == before) {
      return absl::NotFoundError(
          absl::StrCat("not found: no link matches \"", spec, "\""));
    }
  }
  for (const std::string& spec : f.add_links) {
    auto link = ParseProfileLink(spec);
    if (!link.ok()) return link.status();
    bool replaced = false;
    for (auto& existing : *p.mutable_links()) {
      if (existing.kind() == link->kind() &&
          existing.label() == link->label()) {
        existing = *link;
        replaced = true;
      }
    }
    if (!replaced) *p.add_links() = *link;
  }
  for (const std::string& address : f.remove_emails) {
    RemoveIf<vita::v1::Email>(
        p.mutable_emails(),
        [&](const vita::v1::Email& e) { return e.address() == address; });
  }
  for (const std::string& spec : f.add_emails) {
    auto email = ParseEmail(spec);
    if (!email.ok()) return email.status();
    bool replaced = false;
    for (auto& existing : *p.mutable_emails()) {
      if (existing.address() == email->address()) {
        existing = *email;
        replaced = true;
      }
    }
    if (!replaced) *p.add_emails() = *email;
  }
  for (const std::string& v : f.remove_interests) {
    RemoveIf<std::string>(p.mutable_research_interests(),
                          [&](const std::string& s) { return s == v; });
  }
  for (const std::string& v : f.add_interests) {
    if (std::find(p.research_interests().begin(), p.research_interests().end(),
                  v) == p.research_interests().end()) {
      p.add_research_interests(v);
    }
  }
  return absl::OkStatus();
}

absl::Status PrintProfile(Context& ctx, const Profile& profile) {
  return PrintRecord(ctx, profile, [&] { RenderProfile(profile, ctx.out); });
}

}  // namespace

absl::StatusOr<vita::v1::ListProfilesResponse> ListAllProfiles(
    Connection& connection) {
  return ListAllPages(connection, &Stub::ListProfiles,
                      vita::v1::ListProfilesRequest(), "profiles",
                      [](auto& r) { return r.mutable_profiles(); });
}

EditTarget ProfileEditTarget(Connection& connection, const std::string& name) {
  EditTarget target;
  target.name = name;
  target.command = absl::StrCat("vita edit profile ", IdOf(name));
  target.fetch =
      [&connection,
       name]() -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
    vita::v1::GetProfileRequest request;
    request.set_name(name);
    auto profile = connection.Call(&Stub::GetProfile, request, name);
    if (!profile.ok()) return profile.status();
    return std::make_unique<Profile>(*profile);
  };
  target.update = [&connection, name](const google::protobuf::Message& message,
                                      const google::protobuf::FieldMask& mask) {
    vita::v1::UpdateProfileRequest request;
    request.mutable_profile()->CopyFrom(message);
    *request.mutable_update_mask() = mask;
    return connection.Call(&Stub::UpdateProfile, request, name).status();
  };
  return target;
}

absl::Status PrintRecord(Context& ctx, const google::protobuf::Message& message,
                         absl::FunctionRef<void()> render_table) {
  auto format = ctx.format();
  if (!format.ok()) return format.status();
  if (!PrintStructured(message, *format, ctx.out)) render_table();
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

void AddProfileCommands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand(
      "profile", "List, show, create, change and delete profiles");
  group->require_subcommand(1);
  group->footer(Example({"vita profile list", "vita profile get hexu",
                         "vita profile set --headline \"Ph.D. student\""}));

  // list
  CLI::App* list = group->add_subcommand("list", "List the profiles");
  list->footer(Example({"vita profile list", "vita profile list -o json"}));
  SetAction(list, ctx, [&ctx]() -> absl::Status {
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto all = ListAllProfiles(**conn);
    if (!all.ok()) return all.status();
    return PrintRecord(ctx, *all,
                       [&] { RenderProfiles(all->profiles(), ctx.out); });
  });

  // get
  auto get_id = std::make_shared<std::string>();
  CLI::App* get = group->add_subcommand("get", "Show one profile");
  get->add_option("PROFILE", *get_id, "Profile id (default: --profile)");
  get->footer(Example({"vita profile get hexu", "vita profile get -o yaml"}));
  SetAction(get, ctx, [&ctx, get_id]() -> absl::Status {
    auto name = ctx.ProfileName(*get_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    vita::v1::GetProfileRequest request;
    request.set_name(*name);
    auto profile = (*conn)->Call(&Stub::GetProfile, request, *name);
    if (!profile.ok()) return profile.status();
    return PrintProfile(ctx, *profile);
  });

  // create
  auto create_id = std::make_shared<std::string>();
  auto create_flags = std::make_shared<ProfileFlags>();
  CLI::App* create = group->add_subcommand("create", "Create a profile");
  create
      ->add_option("ID", *create_id,
                   "The new profile's id: a-z, 0-9 and -, e.g. hexu-zhao")
      ->required();
  AddFieldFlags(create, *create_flags, /*for_set=*/false);
  create->footer(
      Example({"vita profile create hexu-zhao --display-name \"Hexu Zhao\" \\",
               "    --name-variant \"H. Zhao\" --email hz3496@nyu.edu \\",
               "    --link github=https://github.com/hexu"}));
  SetAction(create, ctx, [&ctx, create_id, create_flags]() -> absl::Status {
    vita::v1::CreateProfileRequest request;
    request.set_profile_id(*create_id);
    absl::Status applied =
        ApplyFlags(*create_flags, *request.mutable_profile());
    if (!applied.ok()) return applied;
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    auto profile = (*conn)->Call(&Stub::CreateProfile, request,
                                 absl::StrCat("profiles/", *create_id));
    if (!profile.ok()) return profile.status();
    ctx.Note(absl::StrCat("created ", profile->name()));
    return PrintProfile(ctx, *profile);
  });

  // set
  auto set_id = std::make_shared<std::string>();
  auto set_flags = std::make_shared<ProfileFlags>();
  CLI::App* set = group->add_subcommand(
      "set", "Change single fields of a profile (others stay as they are)");
  set->add_option("PROFILE", *set_id, "Profile id (default: --profile)");
  AddFieldFlags(set, *set_flags, /*for_set=*/true);
  set->footer(Example(
      {"vita profile set --bio-file bio.md",
       "vita profile set --add-link scholar=https://scholar.google.com/...",
       "vita profile set hexu --headline \"Ph.D. student\" --remove-link x"}));
  SetAction(set, ctx, [&ctx, set_id, set_flags]() -> absl::Status {
    auto name = ctx.ProfileName(*set_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    vita::v1::GetProfileRequest get_request;
    get_request.set_name(*name);
    auto before = (*conn)->Call(&Stub::GetProfile, get_request, *name);
    if (!before.ok()) return before.status();
    Profile after = *before;
    absl::Status applied = ApplyFlags(*set_flags, after);
    if (!applied.ok()) return applied;
    std::vector<std::string> changed =
        ChangedFields(*before, after, OutputOnlyFields());
    if (changed.empty()) {
      ctx.Note(
          absl::StrCat("no changes: ", *name, " already has these values"));
      return absl::OkStatus();
    }
    vita::v1::UpdateProfileRequest request;
    *request.mutable_profile() = after;
    *request.mutable_update_mask() = MaskOf(changed);
    auto updated = (*conn)->Call(&Stub::UpdateProfile, request, *name);
    if (!updated.ok()) return updated.status();
    ctx.Note(absl::StrCat("updated ", *name, " (", absl::StrJoin(changed, ", "),
                          ")"));
    return absl::OkStatus();
  });

  // edit
  auto edit_id = std::make_shared<std::string>();
  auto edit_file = std::make_shared<std::string>();
  CLI::App* edit =
      group->add_subcommand("edit", "Edit a profile in $EDITOR (as YAML)");
  edit->add_option("PROFILE", *edit_id, "Profile id (default: --profile)");
  edit->add_option("--file", *edit_file,
                   "Apply this edited YAML file instead of opening $EDITOR");
  edit->footer(
      Example({"vita profile edit", "EDITOR=nano vita profile edit hexu"}));
  SetAction(edit, ctx, [&ctx, edit_id, edit_file]() -> absl::Status {
    auto name = ctx.ProfileName(*edit_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    return RunEdit(ctx, ProfileEditTarget(**conn, *name), *edit_file);
  });

  // delete
  auto delete_id = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  CLI::App* del = group->add_subcommand("delete", "Delete a profile");
  del->alias("rm");
  del->add_option("PROFILE", *delete_id, "Profile id (always explicit)")
      ->required();
  del->add_flag("--force", *force,
                "Also delete its news items and publications");
  del->footer(Example({"vita profile delete old-profile",
                       "vita profile delete old-profile --force"}));
  SetAction(del, ctx, [&ctx, delete_id, force]() -> absl::Status {
    auto name = ctx.ProfileName(*delete_id);
    if (!name.ok()) return name.status();
    auto conn = ctx.connection();
    if (!conn.ok()) return conn.status();
    vita::v1::DeleteProfileRequest request;
    request.set_name(*name);
    request.set_force(*force);
    auto done = (*conn)->Call(&Stub::DeleteProfile, request, *name);
    if (!done.ok()) {
      if (done.status().code() == absl::StatusCode::kFailedPrecondition) {
        // The server says how many: "... still has 2 news item(s) and ...;".
        absl::string_view what = done.status().message();
        size_t has = what.find("still has ");
        what = has == absl::string_view::npos
                   ? "still has news items or publications"
                   : what.substr(has, what.find(';', has) - has);
        return absl::FailedPreconditionError(absl::StrCat(
            *name, " ", what, "; pass --force to delete them with it"));
      }
      return done.status();
    }
    ctx.Note(absl::StrCat("deleted ", *name));
    return absl::OkStatus();
  });
}

}  // namespace vita::cli
