// vita profile list|get|add|edit|rm: the profile's flags and help, and the
// two verbs whose flow is the profile's own (add takes the id as an
// argument; rm refuses a profile that has items unless --force); list, get
// and edit are the family templates of record_commands.h.
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "cli/record_commands.h"

namespace vita::cli {

using vita::v1::Profile;
using ProfileTraits = RecordTraits<Profile>;

// Values of the flags that set single profile fields (add and edit).
struct RecordTraits<Profile>::Flags {
  std::string display_name, headline, affiliation, bio, bio_file;
  std::string photo_url, photo_alt, office_address, office_map_url;
  std::vector<std::string> add_variants, remove_variants;
  std::vector<std::string> add_links, remove_links;
  std::vector<std::string> add_emails, remove_emails;
  std::vector<std::string> add_interests, remove_interests;
  CLI::App* app = nullptr;
  bool given(const char* flag) const { return app->count(flag) > 0; }

  // add names the lists --link, --email, ...; edit --add-link and
  // --remove-link, ...
  void Add(CLI::App* cmd, bool for_edit);
  absl::Status Apply(Profile& p) const;
};

namespace {

using ProfileFlags = ProfileTraits::Flags;

void AddFieldFlags(CLI::App* cmd, ProfileFlags& f, bool for_edit) {
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
  cmd->add_option(for_edit ? "--add-name-variant" : "--name-variant",
                  f.add_variants,
                  "Another spelling of the name, e.g. \"Zhao, Hexu\" "
                  "(repeatable)");
  cmd->add_option(for_edit ? "--add-link" : "--link", f.add_links,
                  "KIND[:LABEL]=URL, e.g. scholar=https://... (repeatable; "
                  "replaces a link of the same kind and label)");
  cmd->add_option(for_edit ? "--add-email" : "--email", f.add_emails,
                  "ADDRESS[:work|personal|other] (repeatable)");
  cmd->add_option(for_edit ? "--add-interest" : "--interest", f.add_interests,
                  "A research interest (repeatable)");
  if (for_edit) {
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
    VITA_ASSIGN_OR_RETURN(*p.mutable_bio(), ReadTextFlag(f.bio_file));
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
    VITA_ASSIGN_OR_RETURN(vita::v1::ProfileLink link, ParseProfileLink(spec));
    bool replaced = false;
    for (auto& existing : *p.mutable_links()) {
      if (existing.kind() == link.kind() && existing.label() == link.label()) {
        existing = link;
        replaced = true;
      }
    }
    if (!replaced) *p.add_links() = link;
  }
  for (const std::string& address : f.remove_emails) {
    RemoveIf<vita::v1::Email>(
        p.mutable_emails(),
        [&](const vita::v1::Email& e) { return e.address() == address; });
  }
  for (const std::string& spec : f.add_emails) {
    VITA_ASSIGN_OR_RETURN(vita::v1::Email email, ParseEmail(spec));
    bool replaced = false;
    for (auto& existing : *p.mutable_emails()) {
      if (existing.address() == email.address()) {
        existing = email;
        replaced = true;
      }
    }
    if (!replaced) *p.add_emails() = email;
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

}  // namespace

void ProfileTraits::Flags::Add(CLI::App* cmd, bool for_edit) {
  AddFieldFlags(cmd, *this, for_edit);
}

absl::Status ProfileTraits::Flags::Apply(Profile& p) const {
  return ApplyFlags(*this, p);
}

FamilyHelp ProfileTraits::Help() {
  FamilyHelp help;
  help.summary = "List, show, add, change and remove profiles";
  help.family = {"vita profile list", "vita profile get hexu",
                 "vita profile edit --headline \"Ph.D. student\""};
  help.list = {"vita profile list", "vita profile list -o json"};
  help.get = {"vita profile get hexu", "vita profile get -o yaml"};
  help.add = {"vita profile add hexu-zhao --display-name \"Hexu Zhao\" \\",
              "    --name-variant \"H. Zhao\" --email hz3496@nyu.edu \\",
              "    --link github=https://github.com/hexu"};
  help.edit = {
      "vita profile edit                  # opens $EDITOR",
      "vita profile edit --bio-file bio.md",
      "vita profile edit --add-link scholar=https://scholar.google.com/...",
      "vita profile edit hexu --headline \"Ph.D. student\" --remove-link x"};
  help.rm = {"vita profile rm old-profile",
             "vita profile rm old-profile --force"};
  return help;
}

absl::StatusOr<Profile> GetProfile(Connection& connection,
                                   const std::string& name) {
  return GetRecord<Profile>(connection, name);
}

absl::StatusOr<vita::v1::ListProfilesResponse> ListAllProfiles(
    Connection& connection) {
  return ListAll<Profile>(connection, "profiles");
}

EditTarget ProfileEditTarget(Connection& connection, const std::string& name) {
  return EditTargetFor<Profile>(connection, name);
}

void AddProfileCommands(CLI::App& app, Context& ctx) {
  FamilyHelp help = ProfileTraits::Help();
  CLI::App* family = AddCommand(&app, "profile", help.summary, help.family);
  family->require_subcommand(1);
  const std::string default_id = "Profile id (default: --profile)";

  AddListVerb<Profile>(family, ctx);
  AddGetVerb<Profile>(family, ctx, {"PROFILE", default_id, /*required=*/false});

  auto add_id = std::make_shared<std::string>();
  auto add_flags = std::make_shared<ProfileFlags>();
  CLI::App* add = AddVerb(family, Verb::kAdd, "Add a profile", help.add);
  add->add_option("ID", *add_id,
                  "The new profile's id: a-z, 0-9 and -, e.g. hexu-zhao")
      ->required();
  add_flags->Add(add, /*for_edit=*/false);
  SetAction(add, ctx, [&ctx, add_id, add_flags]() -> absl::Status {
    vita::v1::CreateProfileRequest request;
    request.set_profile_id(*add_id);
    VITA_RETURN_IF_ERROR(add_flags->Apply(*request.mutable_profile()));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    VITA_ASSIGN_OR_RETURN(Profile profile,
                          conn->Call(&Stub::CreateProfile, request,
                                     absl::StrCat("profiles/", *add_id)));
    ctx.Note(absl::StrCat("created ", profile.name()));
    return PrintRecord(ctx, profile,
                       [&] { ProfileTraits::Render(profile, ctx.out); });
  });

  AddEditVerb<Profile>(family, ctx,
                       {"PROFILE", default_id, /*required=*/false});

  auto force = std::make_shared<bool>(false);
  auto delete_profile = [&ctx, force](Connection& conn,
                                      const std::string& name) -> absl::Status {
    vita::v1::DeleteProfileRequest request;
    request.set_name(name);
    request.set_force(*force);
    absl::Status done = conn.Call(&Stub::DeleteProfile, request, name).status();
    if (done.code() == absl::StatusCode::kFailedPrecondition) {
      // The server says how many: "... still has 2 news item(s) and ...;".
      absl::string_view what = done.message();
      size_t has = what.find("still has ");
      what = has == absl::string_view::npos
                 ? "still has news items or publications"
                 : what.substr(has, what.find(';', has) - has);
      return absl::FailedPreconditionError(absl::StrCat(
          name, " ", what, "; pass --force to delete them with it"));
    }
    VITA_RETURN_IF_ERROR(done);
    ctx.Note(absl::StrCat("deleted ", name));
    return absl::OkStatus();
  };
  CLI::App* rm = AddRecordVerb<Profile>(
      family, ctx, Verb::kRm, "Delete a profile", help.rm,
      {"PROFILE", "Profile id (always explicit)"}, delete_profile);
  rm->add_flag("--force", *force,
               "Also delete its news items and publications");
}

}  // namespace vita::cli
