// The command families `vita profile`, `vita news` and `vita publication`
// have one shape: the verbs list, get, add, edit and rm (Verb), each written
// once here as a template over the record kind. RecordTraits<Record> says
// what differs between kinds: nouns, collection, request and response types,
// stub methods, rendering, and (defined in the family's .cc file) its flags.
#ifndef VITA_CLI_RECORD_COMMANDS_H_
#define VITA_CLI_RECORD_COMMANDS_H_

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/edit.h"
#include "cli/field_mask.h"
#include "cli/output.h"
#include "cli/render.h"
#include "common/collection.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::cli {

using Stub = vita::v1::ProfileService::Stub;
template <typename Request, typename Response>
using StubMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                          Response*);

// What --help says of a family beyond what follows from its nouns.
struct FamilyHelp {
  std::string summary;     // the family's line in `vita --help`
  std::string list_order;  // e.g. "in display order"
  std::vector<std::string> family, list, get, add, edit, rm;  // examples
};

template <typename Record>
struct RecordTraits;

template <>
struct RecordTraits<vita::v1::Profile> {
  using Record = vita::v1::Profile;
  static constexpr const char* kFamily = "profile";
  static constexpr const char* kNoun = "profile";
  static constexpr const char* kNouns = "profiles";
  using GetRequest = vita::v1::GetProfileRequest;
  using UpdateRequest = vita::v1::UpdateProfileRequest;
  using ListRequest = vita::v1::ListProfilesRequest;
  using ListResponse = vita::v1::ListProfilesResponse;
  static constexpr StubMethod<GetRequest, Record> kGet = &Stub::GetProfile;
  static constexpr StubMethod<UpdateRequest, Record> kUpdate =
      &Stub::UpdateProfile;
  static constexpr StubMethod<ListRequest, ListResponse> kList =
      &Stub::ListProfiles;
  static Record* MutableRecord(UpdateRequest& r) { return r.mutable_profile(); }
  static auto* Records(ListResponse& r) { return r.mutable_profiles(); }
  // Profiles have no parent; "profiles" names the list in errors.
  static absl::StatusOr<std::string> Parent(Context&) { return "profiles"; }
  static void SetParent(ListRequest&, const std::string&) {}
  static absl::StatusOr<std::string> Name(Context& ctx, absl::string_view id) {
    return ctx.ProfileName(id);
  }
  static std::string EditCommand(const std::string& name) {
    return absl::StrCat("vita edit profile ", IdOf(name));
  }
  static void Render(const Record& r, std::ostream& out) {
    RenderProfile(r, out);
  }
  static void RenderList(const ListResponse& r, std::ostream& out) {
    RenderProfiles(r.profiles(), out);
  }
  static FamilyHelp Help();
  struct Flags;  // profile_commands.cc
};

// What news items and publications share: they live in a collection under
// a profile.
template <typename Record>
struct ItemTraitsBase {
  static absl::StatusOr<std::string> Parent(Context& ctx) {
    return ctx.ProfileName("");
  }
  template <typename ListRequest>
  static void SetParent(ListRequest& r, const std::string& parent) {
    r.set_parent(parent);
  }
  static absl::StatusOr<std::string> Name(Context& ctx, absl::string_view id) {
    return ctx.ItemName(RecordTraits<Record>::kCollection, id);
  }
  static std::string EditCommand(const std::string& name) {
    return absl::StrCat("vita edit ", name);
  }
};

template <>
struct RecordTraits<vita::v1::NewsItem> : ItemTraitsBase<vita::v1::NewsItem> {
  using Record = vita::v1::NewsItem;
  static constexpr const char* kFamily = "news";
  static constexpr Collection kCollection = Collection::kNews;
  static constexpr const char* kNoun = "news item";
  static constexpr const char* kNouns = "news items";
  using GetRequest = vita::v1::GetNewsItemRequest;
  using UpdateRequest = vita::v1::UpdateNewsItemRequest;
  using ListRequest = vita::v1::ListNewsItemsRequest;
  using ListResponse = vita::v1::ListNewsItemsResponse;
  using CreateRequest = vita::v1::CreateNewsItemRequest;
  using DeleteRequest = vita::v1::DeleteNewsItemRequest;
  static constexpr StubMethod<GetRequest, Record> kGet = &Stub::GetNewsItem;
  static constexpr StubMethod<UpdateRequest, Record> kUpdate =
      &Stub::UpdateNewsItem;
  static constexpr StubMethod<ListRequest, ListResponse> kList =
      &Stub::ListNewsItems;
  static constexpr StubMethod<CreateRequest, Record> kCreate =
      &Stub::CreateNewsItem;
  static constexpr StubMethod<DeleteRequest, google::protobuf::Empty> kDelete =
      &Stub::DeleteNewsItem;
  static Record* MutableRecord(UpdateRequest& r) {
    return r.mutable_news_item();
  }
  static Record* MutableRecord(CreateRequest& r) {
    return r.mutable_news_item();
  }
  static void SetId(CreateRequest& r, const std::string& id) {
    r.set_news_item_id(id);
  }
  static auto* Records(ListResponse& r) { return r.mutable_news_items(); }
  static void Render(const Record& r, std::ostream& out) {
    RenderNewsItem(r, out);
  }
  static void RenderList(const ListResponse& r, std::ostream& out) {
    RenderNewsItems(r.news_items(), out);
  }
  static FamilyHelp Help();
  struct Flags;  // news_commands.cc
  // The new item `vita news add` sends.
  static absl::StatusOr<Record> NewItem(Context& ctx,
                                        const std::string& profile,
                                        const Flags& flags);
};

template <>
struct RecordTraits<vita::v1::Publication>
    : ItemTraitsBase<vita::v1::Publication> {
  using Record = vita::v1::Publication;
  static constexpr const char* kFamily = "publication";
  static constexpr Collection kCollection = Collection::kPublications;
  static constexpr const char* kNoun = "publication";
  static constexpr const char* kNouns = "publications";
  using GetRequest = vita::v1::GetPublicationRequest;
  using UpdateRequest = vita::v1::UpdatePublicationRequest;
  using ListRequest = vita::v1::ListPublicationsRequest;
  using ListResponse = vita::v1::ListPublicationsResponse;
  using CreateRequest = vita::v1::CreatePublicationRequest;
  using DeleteRequest = vita::v1::DeletePublicationRequest;
  static constexpr StubMethod<GetRequest, Record> kGet = &Stub::GetPublication;
  static constexpr StubMethod<UpdateRequest, Record> kUpdate =
      &Stub::UpdatePublication;
  static constexpr StubMethod<ListRequest, ListResponse> kList =
      &Stub::ListPublications;
  static constexpr StubMethod<CreateRequest, Record> kCreate =
      &Stub::CreatePublication;
  static constexpr StubMethod<DeleteRequest, google::protobuf::Empty> kDelete =
      &Stub::DeletePublication;
  static Record* MutableRecord(UpdateRequest& r) {
    return r.mutable_publication();
  }
  static Record* MutableRecord(CreateRequest& r) {
    return r.mutable_publication();
  }
  static void SetId(CreateRequest& r, const std::string& id) {
    r.set_publication_id(id);
  }
  static auto* Records(ListResponse& r) { return r.mutable_publications(); }
  static void Render(const Record& r, std::ostream& out) {
    RenderPublication(r, out);
  }
  static void RenderList(const ListResponse& r, std::ostream& out) {
    RenderPublications(r.publications(), out);
  }
  static FamilyHelp Help();
  struct Flags;  // publication_commands.cc
  static absl::StatusOr<Record> NewItem(Context& ctx,
                                        const std::string& profile,
                                        const Flags& flags);
};

// --- The calls, once for every record kind. ---

template <typename Record>
absl::StatusOr<Record> GetRecord(Connection& connection,
                                 const std::string& name) {
  typename RecordTraits<Record>::GetRequest request;
  request.set_name(name);
  return connection.Call(RecordTraits<Record>::kGet, request, name);
}

// Every record under `parent`, following next_page_token.
template <typename Record>
absl::StatusOr<typename RecordTraits<Record>::ListResponse> ListAll(
    Connection& connection, const std::string& parent) {
  using T = RecordTraits<Record>;
  typename T::ListRequest request;
  T::SetParent(request, parent);
  return ListAllPages(connection, T::kList, request, parent,
                      [](auto& r) { return T::Records(r); });
}

template <typename Record>
EditTarget EditTargetFor(Connection& connection, const std::string& name) {
  using T = RecordTraits<Record>;
  EditTarget target;
  target.name = name;
  target.command = T::EditCommand(name);
  target.fetch =
      [&connection,
       name]() -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
    VITA_ASSIGN_OR_RETURN(Record record, GetRecord<Record>(connection, name));
    return std::make_unique<Record>(std::move(record));
  };
  target.update = [&connection, name](
                      const google::protobuf::Message& message,
                      const google::protobuf::FieldMask& mask) -> absl::Status {
    typename T::UpdateRequest request;
    T::MutableRecord(request)->CopyFrom(message);
    *request.mutable_update_mask() = mask;
    return connection.Call(T::kUpdate, request, name).status();
  };
  return target;
}

// --- The verbs, once for every family. ---

// The verbs of every family, in the order --help lists them. Each keeps the
// old spellings as aliases: ls, create, set, delete.
enum class Verb { kList, kGet, kAdd, kEdit, kRm };

// Adds `verb` to `family` with its aliases and examples.
CLI::App* AddVerb(CLI::App* family, Verb verb, const std::string& description,
                  const std::vector<std::string>& examples);

// Whether any option of `command` other than --file and its positionals
// was given: the field flags of `add` and `edit`.
bool FieldFlagsGiven(const CLI::App* command);

// "news item" -> "News item".
std::string Capitalized(absl::string_view noun);

// vita FAMILY list: the whole collection, table, JSON or YAML.
template <typename Record>
void AddListVerb(CLI::App* family, Context& ctx) {
  using T = RecordTraits<Record>;
  FamilyHelp help = T::Help();
  std::string order =
      help.list_order.empty() ? "" : absl::StrCat(" (", help.list_order, ")");
  CLI::App* list =
      AddVerb(family, Verb::kList, absl::StrCat("List the ", T::kNouns, order),
              help.list);
  SetAction(list, ctx, [&ctx]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string parent, T::Parent(ctx));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    VITA_ASSIGN_OR_RETURN(auto all, ListAll<Record>(*conn, parent));
    return PrintRecord(ctx, all, [&] { T::RenderList(all, ctx.out); });
  });
}

// vita FAMILY get ID.
template <typename Record>
void AddGetVerb(CLI::App* family, Context& ctx, const std::string& id_name,
                const std::string& id_help, bool id_required) {
  using T = RecordTraits<Record>;
  auto id = std::make_shared<std::string>();
  CLI::App* get = AddVerb(family, Verb::kGet,
                          absl::StrCat("Show one ", T::kNoun), T::Help().get);
  get->add_option(id_name, *id, id_help)->required(id_required);
  SetAction(get, ctx, [&ctx, id]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string name, T::Name(ctx, *id));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    VITA_ASSIGN_OR_RETURN(Record record, GetRecord<Record>(*conn, name));
    return PrintRecord(ctx, record, [&] { T::Render(record, ctx.out); });
  });
}

// vita FAMILY edit ID [FLAGS]: with field flags, changes those fields and
// sends only what changed; without, opens $EDITOR (or applies --file).
template <typename Record>
void AddEditVerb(CLI::App* family, Context& ctx, const std::string& id_name,
                 const std::string& id_help, bool id_required) {
  using T = RecordTraits<Record>;
  using Flags = typename T::Flags;
  auto id = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto flags = std::make_shared<Flags>();
  CLI::App* edit =
      AddVerb(family, Verb::kEdit,
              absl::StrCat("Change a ", T::kNoun,
                           ": the given flags only, or all of it in $EDITOR"),
              T::Help().edit);
  edit->add_option(id_name, *id, id_help)->required(id_required);
  flags->Add(edit, /*for_edit=*/true);
  edit->add_option("--file", *file,
                   "Apply this edited YAML file instead of opening $EDITOR");
  SetAction(edit, ctx, [&ctx, id, file, flags]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string name, T::Name(ctx, *id));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    EditTarget target = EditTargetFor<Record>(*conn, name);
    if (!FieldFlagsGiven(flags->app)) return RunEdit(ctx, target, *file);
    VITA_ASSIGN_OR_RETURN(Record before, GetRecord<Record>(*conn, name));
    Record after = before;
    VITA_RETURN_IF_ERROR(flags->Apply(after));
    std::vector<std::string> changed =
        ChangedFields(before, after, OutputOnlyFields());
    if (changed.empty()) {
      ctx.Note(absl::StrCat("no changes: ", name, " already has these values"));
      return absl::OkStatus();
    }
    VITA_RETURN_IF_ERROR(target.update(after, MaskOf(changed)));
    ctx.Note(absl::StrCat("updated ", name, " (", absl::StrJoin(changed, ", "),
                          ")"));
    return absl::OkStatus();
  });
}

// vita news|publication: the family with its five verbs; returns it so that
// a family can add verbs of its own (publication import and export).
template <typename Item>
CLI::App* AddItemFamily(CLI::App& app, Context& ctx,
                        const std::vector<std::string>& aliases) {
  using T = RecordTraits<Item>;
  using Flags = typename T::Flags;
  FamilyHelp help = T::Help();
  CLI::App* family = app.add_subcommand(T::kFamily, help.summary);
  for (const std::string& alias : aliases) family->alias(alias);
  family->require_subcommand(1);
  family->footer(Example(help.family));
  std::string id_help =
      absl::StrCat(Capitalized(T::kNoun), " id or resource name");

  AddListVerb<Item>(family, ctx);
  AddGetVerb<Item>(family, ctx, "ID", id_help, /*id_required=*/true);

  auto add_flags = std::make_shared<Flags>();
  CLI::App* add =
      AddVerb(family, Verb::kAdd, absl::StrCat("Add a ", T::kNoun), help.add);
  add_flags->Add(add, /*for_edit=*/false);
  add->add_option("--id", add_flags->id,
                  absl::StrCat("Id of the new ", T::kNoun,
                               " (default: chosen by the server)"));
  SetAction(add, ctx, [&ctx, add_flags]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string profile, ctx.ProfileName(""));
    typename T::CreateRequest request;
    request.set_parent(profile);
    T::SetId(request, add_flags->id);
    VITA_ASSIGN_OR_RETURN(*T::MutableRecord(request),
                          T::NewItem(ctx, profile, *add_flags));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    VITA_ASSIGN_OR_RETURN(
        Item created,
        conn->Call(T::kCreate, request,
                   absl::StrCat(profile, "/", CollectionSegment(T::kCollection),
                                "/", add_flags->id)));
    VITA_ASSIGN_OR_RETURN(OutputFormat format, ctx.format());
    if (!PrintStructured(created, format, ctx.out)) {
      ctx.out << IdOf(created.name()) << "\n";
    }
    ctx.Note(absl::StrCat("created ", created.name()));
    return absl::OkStatus();
  });

  AddEditVerb<Item>(family, ctx, "ID", id_help, /*id_required=*/true);

  auto rm_ids = std::make_shared<std::vector<std::string>>();
  CLI::App* rm =
      AddVerb(family, Verb::kRm, absl::StrCat("Delete ", T::kNouns), help.rm);
  rm->add_option("ID", *rm_ids,
                 absl::StrCat(Capitalized(T::kNoun), " ids or resource names"))
      ->required();
  SetAction(rm, ctx, [&ctx, rm_ids]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    for (const std::string& id : *rm_ids) {
      VITA_ASSIGN_OR_RETURN(std::string name, T::Name(ctx, id));
      typename T::DeleteRequest request;
      request.set_name(name);
      VITA_RETURN_IF_ERROR(conn->Call(T::kDelete, request, name).status());
      ctx.Note(absl::StrCat("deleted ", name));
    }
    return absl::OkStatus();
  });
  return family;
}

}  // namespace vita::cli

#endif  // VITA_CLI_RECORD_COMMANDS_H_
