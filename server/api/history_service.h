// api::HistoryService, the gRPC face of vita.v1.HistoryService: the history
// of a record (list, get, restore) needs the admin token or an editor token
// of the record's profile; Undo any valid token (it reverts that token's own
// last write); ListChanges (the audit trail) and Backup the admin token. It
// hands the request to
// domain::HistoryService and translates the result. Backup streams the
// snapshot file the domain made, then removes it.
//
// Example (vita_server.cc):
//
//   api::HistoryService history_api(&history, &authorizer, "/tmp");
//   builder.RegisterService(&history_api);
//
// Ownership: borrows the domain::HistoryService. Thread safety: gRPC calls
// its methods from many threads at once, which the domain allows.
#ifndef VITA_SERVER_API_HISTORY_SERVICE_H_
#define VITA_SERVER_API_HISTORY_SERVICE_H_

#include <string>

#include "server/api/authorizer.h"
#include "server/api/rpc_table.h"
#include "server/domain/history_service.h"
#include "vita/v1/history_service.grpc.pb.h"

namespace vita::api {

class HistoryService final : public v1::HistoryService::Service {
 public:
  // `rules` and `auth` must outlive it; backups are made in `backup_dir` (a
  // directory with room for a copy of the database) and removed once sent.
  HistoryService(domain::HistoryService* rules, const Authorizer* auth,
                 std::string backup_dir);

  // Each one line of history_service.cc's table (rpc_table.h).
  VITA_RPC(v1::HistoryService::Service, ListRevisions);
  VITA_RPC(v1::HistoryService::Service, GetRevision);
  VITA_RPC(v1::HistoryService::Service, RestoreRevision);
  VITA_RPC(v1::HistoryService::Service, Undo);
  VITA_RPC(v1::HistoryService::Service, ListChanges);
  // Streams the backup file.
  grpc::Status Backup(grpc::ServerContext* context,
                      const v1::BackupRequest* request,
                      grpc::ServerWriter<v1::BackupChunk>* writer) override;

 private:
  domain::HistoryService* const rules_;
  const Authorizer* const auth_;
  const std::string backup_dir_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_HISTORY_SERVICE_H_
