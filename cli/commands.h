// The command tree of `vita`. Each Add*Commands registers one group of
// subcommands on the root app; the chosen one leaves its work in
// Context::action. Also the calls several groups share.
#ifndef VITA_CLI_COMMANDS_H_
#define VITA_CLI_COMMANDS_H_

#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "cli/context.h"
#include "cli/edit.h"
#include "common/status_macros.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::cli {

// vita page, vita export, vita import, vita edit.
void AddPageCommands(CLI::App& app, Context& context);
// The record families, one shape (record_commands.h): list, get, add, edit
// and rm, with the old spellings ls, create, set and delete as aliases.
// vita profile list|get|add|edit|rm.
void AddProfileCommands(CLI::App& app, Context& context);
// vita news list|get|add|edit|rm.
void AddNewsCommands(CLI::App& app, Context& context);
// vita publication (alias pub) list|get|add|edit|rm|import|export.
void AddPublicationCommands(CLI::App& app, Context& context);
// vita token create|list|revoke (editor tokens; admin only).
void AddTokenCommands(CLI::App& app, Context& context);
// The change log (history_commands.cc): vita history, restore, undo, audit
// and backup.
void AddHistoryCommands(CLI::App& app, Context& context);

// Prints `message` as --output asks (json, yaml); for table output it calls
// `render_table`, which writes the human rendering to ctx.out.
absl::Status PrintRecord(Context& ctx, const google::protobuf::Message& message,
                         absl::FunctionRef<void()> render_table);

// Calls a List method page after page, following next_page_token, and
// returns one response holding every item; `items(response)` gives the
// response's repeated field.
template <typename Request, typename Response, typename Items>
absl::StatusOr<Response> ListAllPages(
    Connection& connection,
    grpc::Status (vita::v1::ProfileService::Stub::*method)(grpc::ClientContext*,
                                                           const Request&,
                                                           Response*),
    Request request, const std::string& resource, Items items) {
  Response all;
  request.set_page_size(1000);
  do {
    VITA_ASSIGN_OR_RETURN(Response page,
                          connection.Call(method, request, resource));
    for (auto& item : *items(page)) *items(all)->Add() = std::move(item);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return all;
}

// The profile named `name` ("profiles/{id}").
absl::StatusOr<vita::v1::Profile> GetProfile(Connection& connection,
                                             const std::string& name);

// Every profile, following next_page_token (ListAll in record_commands.h
// lists a profile's news items or publications).
absl::StatusOr<vita::v1::ListProfilesResponse> ListAllProfiles(
    Connection& connection);

// Edit targets for `vita edit` and the `edit` subcommands.
EditTarget ProfileEditTarget(Connection& connection, const std::string& name);
EditTarget NewsItemEditTarget(Connection& connection, const std::string& name);
EditTarget PublicationEditTarget(Connection& connection,
                                 const std::string& name);

// The example block of --help: indented example lines, then the notes (the
// lines that are sentences: ending with "." and not starting with "vita ").
std::string Example(const std::vector<std::string>& lines);

// Adds the command `name` to `parent`: `description` is its line in the
// parent's --help, `examples` (Example) end its own --help. Returns it,
// owned by `parent`.
CLI::App* AddCommand(CLI::App* parent, const std::string& name,
                     const std::string& description,
                     const std::vector<std::string>& examples);

}  // namespace vita::cli

#endif  // VITA_CLI_COMMANDS_H_
