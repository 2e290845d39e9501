// The command families `vita profile`, `vita news` and `vita publication`
// have one shape: the verbs list, get, add, edit and rm (Verb), each written
// once here as a template over the record kind. RecordTraits<Record> says
// what differs between kinds: nouns, collection, request and response types,
// stub methods, rendering, and (defined in the family's .cc file) its flags.
#ifndef VITA_CLI_RECORD_COMMANDS_H_
#define VITA_CLI_RECORD_COMMANDS_H_

#include <functional>
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

// The members of RecordTraits<vita::v1::KIND> that follow from KIND's names
// in the API: the standard methods GetKIND, UpdateKIND and ListKINDs with
// their request and response types, the record in field FIELD (FIELDs in a
// list), and its rendering RenderKIND and RenderKINDs (cli/render.h).
#define VITA_RECORD_METHODS(KIND, FIELD)                                   \
  using Record = vita::v1::KIND;                                           \
  using GetRequest = vita::v1::Get##KIND##Request;                         \
  using UpdateRequest = vita::v1::Update##KIND##Request;                   \
  using ListRequest = vita::v1::List##KIND##sRequest;                      \
  using ListResponse = vita::v1::List##KIND##sResponse;                    \
  static constexpr StubMethod<GetRequest, Record> kGet = &Stub::Get##KIND; \
  static constexpr StubMethod<UpdateRequest, Record> kUpdate =             \
      &Stub::Update##KIND;                                                 \
  static constexpr StubMethod<ListRequest, ListResponse> kList =           \
      &Stub::List##KIND##s;                                                \
  static Record* MutableRecord(UpdateRequest& r) {                         \
    return r.mutable_##FIELD();                                            \
  }                                                                        \
  static auto* Records(ListResponse& r) { return r.mutable_##FIELD##s(); } \
  static void Render(const Record& r, std::ostream& out) {                 \
    Render##KIND(r, out);                                                  \
  }                                                                        \
  static void RenderList(const ListResponse& r, std::ostream& out) {       \
    Render##KIND##s(r.FIELD##s(), out);                                    \
  }

template <>
struct RecordTraits<vita::v1::Profile> {
  VITA_RECORD_METHODS(Profile, profile)
  static constexpr const char* kFamily = "profile";
  static constexpr const char* kNoun = "profile";
  static constexpr const char* kNouns = "profiles";
  // Profiles have no parent; "profiles" names the list in errors.
  static absl::StatusOr<std::string> Parent(Context&) { return "profiles"; }
  static void SetParent(ListRequest&, const std::string&) {}
  static absl::StatusOr<std::string> Name(Context& ctx, absl::string_view id) {
    return ctx.ProfileName(id);
  }
  static std::string EditCommand(const std::string& name) {
    return absl::StrCat("vita edit profile ", ItemIdOf(name));
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

// RecordTraits<vita::v1::KIND> of an item kind: VITA_RECORD_METHODS, the
// standard methods CreateKIND (the new id in field FIELD_id) and DeleteKIND,
// the family's name FAMILY, its COLLECTION and its nouns. The family's .cc
// file defines Help, Flags and NewItem (the new item `vita FAMILY add`
// sends).
#define VITA_ITEM_TRAITS(KIND, FIELD, FAMILY, COLLECTION, NOUN, NOUNS)   \
  template <>                                                            \
  struct RecordTraits<vita::v1::KIND> : ItemTraitsBase<vita::v1::KIND> { \
    VITA_RECORD_METHODS(KIND, FIELD)                                     \
    using CreateRequest = vita::v1::Create##KIND##Request;               \
    using DeleteRequest = vita::v1::Delete##KIND##Request;               \
    static constexpr StubMethod<CreateRequest, Record> kCreate =         \
        &Stub::Create##KIND;                                             \
    static constexpr StubMethod<DeleteRequest, google::protobuf::Empty>  \
        kDelete = &Stub::Delete##KIND;                                   \
    static Record* MutableRecord(CreateRequest& r) {                     \
      return r.mutable_##FIELD();                                        \
    }                                                                    \
    static void SetId(CreateRequest& r, const std::string& id) {         \
      r.set_##FIELD##_id(id);                                            \
    }                                                                    \
    static constexpr const char* kFamily = FAMILY;                       \
    static constexpr Collection kCollection = Collection::COLLECTION;    \
    static constexpr const char* kNoun = NOUN;                           \
    static constexpr const char* kNouns = NOUNS;                         \
    static FamilyHelp Help();                                            \
    struct Flags;                                                        \
    static absl::StatusOr<Record> NewItem(Context& ctx,                  \
                                          const std::string& profile,    \
                                          const Flags& flags);           \
  }

// vita news (news_commands.cc).
VITA_ITEM_TRAITS(NewsItem, news_item, "news", kNews, "news item", "news items");
// vita publication (publication_commands.cc).
VITA_ITEM_TRAITS(Publication, publication, "publication", kPublications,
                 "publication", "publications");

#undef VITA_ITEM_TRAITS
#undef VITA_RECORD_METHODS

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

// The ID argument of a verb on one record: its name in --help ("ID",
// "PROFILE"), its help line, and whether it must be given (a profile's may
// default to --profile).
struct IdArgument {
  std::string name;
  std::string help;
  bool required = true;
};

// Adds `verb` on one record to `family` (as AddVerb), with the record's ID
// argument; when the verb runs, `act` gets the connection and the record's
// resource name. Options added to the returned command follow the ID in
// --help.
template <typename Record>
CLI::App* AddRecordVerb(
    CLI::App* family, Context& ctx, Verb verb, const std::string& description,
    const std::vector<std::string>& examples, const IdArgument& id_argument,
    std::function<absl::Status(Connection&, const std::string&)> act) {
  auto id = std::make_shared<std::string>();
  CLI::App* command = AddVerb(family, verb, description, examples);
  command->add_option(id_argument.name, *id, id_argument.help)
      ->required(id_argument.required);
  SetAction(command, ctx, [&ctx, id, act]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string name,
                          RecordTraits<Record>::Name(ctx, *id));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    return act(*conn, name);
  });
  return command;
}

// vita FAMILY get ID.
template <typename Record>
void AddGetVerb(CLI::App* family, Context& ctx, const IdArgument& id) {
  using T = RecordTraits<Record>;
  AddRecordVerb<Record>(
      family, ctx, Verb::kGet, absl::StrCat("Show one ", T::kNoun),
      T::Help().get, id,
      [&ctx](Connection& conn, const std::string& name) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(Record record, GetRecord<Record>(conn, name));
        return PrintRecord(ctx, record, [&] { T::Render(record, ctx.out); });
      });
}

// vita FAMILY edit ID [FLAGS]: with field flags, changes those fields and
// sends only what changed; without, opens $EDITOR (or applies --file).
template <typename Record>
void AddEditVerb(CLI::App* family, Context& ctx, const IdArgument& id) {
  using T = RecordTraits<Record>;
  using Flags = typename T::Flags;
  auto file = std::make_shared<std::string>();
  auto flags = std::make_shared<Flags>();
  auto edit_record = [&ctx, file, flags](
                         Connection& conn,
                         const std::string& name) -> absl::Status {
    EditTarget target = EditTargetFor<Record>(conn, name);
    if (!FieldFlagsGiven(flags->app)) return RunEdit(ctx, target, *file);
    VITA_ASSIGN_OR_RETURN(Record before, GetRecord<Record>(conn, name));
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
  };
  CLI::App* edit = AddRecordVerb<Record>(
      family, ctx, Verb::kEdit,
      absl::StrCat("Change a ", T::kNoun,
                   ": the given flags only, or all of it in $EDITOR"),
      T::Help().edit, id, edit_record);
  flags->Add(edit, /*for_edit=*/true);
  edit->add_option("--file", *file,
                   "Apply this edited YAML file instead of opening $EDITOR");
}

// vita news|publication: the family with its five verbs; returns it so that
// a family can add verbs of its own (publication import and export).
template <typename Item>
CLI::App* AddItemFamily(CLI::App& app, Context& ctx,
                        const std::vector<std::string>& aliases) {
  using T = RecordTraits<Item>;
  using Flags = typename T::Flags;
  FamilyHelp help = T::Help();
  CLI::App* family = AddCommand(&app, T::kFamily, help.summary, help.family);
  for (const std::string& alias : aliases) family->alias(alias);
  family->require_subcommand(1);
  std::string id_help =
      absl::StrCat(Capitalized(T::kNoun), " id or resource name");

  AddListVerb<Item>(family, ctx);
  AddGetVerb<Item>(family, ctx, {"ID", id_help});

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
      ctx.out << ItemIdOf(created.name()) << "\n";
    }
    ctx.Note(absl::StrCat("created ", created.name()));
    return absl::OkStatus();
  });

  AddEditVerb<Item>(family, ctx, {"ID", id_help});

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
