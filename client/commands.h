// The command tree of `vita`. Each Add*Commands registers one group of
// subcommands on the root app; the chosen one leaves its work in
// Context::action. Also the calls several groups share.
#ifndef VITA_CLIENT_COMMANDS_H_
#define VITA_CLIENT_COMMANDS_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "client/context.h"
#include "client/edit.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::cli {

// vita page, vita export, vita import, vita edit.
void AddPageCommands(CLI::App& app, Context& context);
// vita profile list|get|create|set|edit|delete.
void AddProfileCommands(CLI::App& app, Context& context);
// vita news list|get|add|edit|rm.
void AddNewsCommands(CLI::App& app, Context& context);
// vita pub list|get|add|edit|rm|import|export.
void AddPublicationCommands(CLI::App& app, Context& context);

// Every item of a list call, following next_page_token.
absl::StatusOr<vita::v1::ListProfilesResponse> ListAllProfiles(
    Connection& connection);
absl::StatusOr<vita::v1::ListNewsItemsResponse> ListAllNewsItems(
    Connection& connection, const std::string& profile);
absl::StatusOr<vita::v1::ListPublicationsResponse> ListAllPublications(
    Connection& connection, const std::string& profile);

// Edit targets for `vita edit` and the `edit` subcommands.
EditTarget ProfileEditTarget(Connection& connection, const std::string& name);
EditTarget NewsItemEditTarget(Connection& connection, const std::string& name);
EditTarget PublicationEditTarget(Connection& connection,
                                 const std::string& name);

// The example block of --help: indented example lines, then the notes (the
// lines that are sentences: ending with "." and not starting with "vita ").
std::string Example(const std::vector<std::string>& lines);

}  // namespace vita::cli

#endif  // VITA_CLIENT_COMMANDS_H_
