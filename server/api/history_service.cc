#include "server/api/history_service.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/rpc_table.h"

namespace vita::api {
namespace {

// Backup chunks: well under gRPC's default 4 MB message limit.
constexpr size_t kChunkBytes = 1 << 20;

// Streams the file at `path` as BackupChunks.
grpc::Status SendFile(const std::string& path,
                      grpc::ServerWriter<v1::BackupChunk>* writer) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return ToGrpcStatus(
        absl::InternalError(absl::StrCat("cannot read ", path)));
  }
  int64_t total = in.tellg();
  in.seekg(0);
  std::vector<char> buffer(kChunkBytes);
  int64_t offset = 0;
  do {
    in.read(buffer.data(), buffer.size());
    std::streamsize got = in.gcount();
    if (got <= 0 && offset < total) {
      return ToGrpcStatus(
          absl::InternalError(absl::StrCat("cannot read ", path)));
    }
    v1::BackupChunk chunk;
    chunk.set_data(buffer.data(), got);
    chunk.set_offset(offset);
    chunk.set_total_size(total);
    offset += got;
    if (!writer->Write(chunk)) {
      return grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client went away during the backup");
    }
  } while (offset < total);
  return grpc::Status::OK;
}

}  // namespace

// Every history call is authorized before the domain sees it.
HistoryService::HistoryService(domain::HistoryService* rules,
                               const Authorizer* auth, std::string backup_dir)
    : rules_(rules), auth_(auth), backup_dir_(std::move(backup_dir)) {}

VITA_AUTHORIZED_RPC(HistoryService, ListRevisions,
                    auth_->ForProfile(*context, "name", request->name()),
                    rules_->ListRevisions(*request))
VITA_AUTHORIZED_RPC(HistoryService, GetRevision,
                    auth_->ForProfile(*context, "name", request->name()),
                    rules_->GetRevision(*request))
VITA_AUTHORIZED_RPC(HistoryService, RestoreRevision,
                    auth_->ForProfile(*context, "name", request->name()),
                    rules_->RestoreRevision(*request, caller))
VITA_AUTHORIZED_RPC(HistoryService, Undo, auth_->ForAnyToken(*context),
                    rules_->Undo(*request, caller))
VITA_AUTHORIZED_RPC(HistoryService, ListChanges,
                    auth_->ForAdmin(*context, "reading the audit trail"),
                    rules_->ListChanges(*request))

grpc::Status HistoryService::Backup(
    grpc::ServerContext* context, const v1::BackupRequest* request,
    grpc::ServerWriter<v1::BackupChunk>* writer) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, "making a backup"));
  absl::StatusOr<std::string> path = rules_->Backup(backup_dir_);
  if (!path.ok()) return ToGrpcStatus(path.status());
  grpc::Status sent = SendFile(*path, writer);
  std::remove(path->c_str());
  return sent;
}

}  // namespace vita::api
