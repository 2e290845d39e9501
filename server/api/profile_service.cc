#include "server/api/profile_service.h"

#include <malloc.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/slice.h"
#include "server/api/grpc_status.h"

namespace vita::api {

ProfileService::ProfileService(domain::ProfileService* rules,
                               const Authorizer* auth)
    : rules_(rules), auth_(auth) {}

grpc::ServerUnaryReactor* ProfileService::GetPage(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // Parsed as the generated sync handler parses it, with the same error for
  // bytes that do not parse.
  grpc::ByteBuffer request_bytes(*request);  // shares the slices
  v1::GetPageRequest parsed;
  grpc::Status status =
      grpc::GenericDeserialize<grpc::ProtoBufferReader, v1::GetPageRequest>(
          &request_bytes, &parsed);
  if (!status.ok()) {
    reactor->Finish(status);
    return reactor;
  }
  absl::StatusOr<std::shared_ptr<const domain::CachedPage>> page =
      rules_->GetCachedPage(parsed);
  if (!page.ok()) {
    reactor->Finish(ToGrpcStatus(page.status()));
    return reactor;
  }
  // Through Envoy's transcoder these become HTTP response headers, so the
  // page can revalidate cheaply instead of trusting a stale copy.
  context->AddInitialMetadata("etag",
                              absl::StrCat("\"", (*page)->page().etag(), "\""));
  context->AddInitialMetadata("cache-control", "no-cache");
  // The slice borrows the cached bytes; it owns a reference to the cached
  // page until gRPC has sent them and releases the slice.
  const std::string& bytes = (*page)->serialized();
  auto* owner = new std::shared_ptr<const domain::CachedPage>(*std::move(page));
  grpc::Slice slice(
      const_cast<char*>(bytes.data()), bytes.size(),
      [](void* owner) {
        delete static_cast<std::shared_ptr<const domain::CachedPage>*>(owner);
      },
      owner);
  *response = grpc::ByteBuffer(&slice, 1);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::Status ProfileService::ImportPage(grpc::ServerContext* context,
                                        const v1::ImportPageRequest* request,
                                        v1::Page* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, "importing pages"));
  grpc::Status status = Reply(rules_->ImportPage(*request, caller), response);
  // An import parses, validates and stores a whole page: megabytes of small
  // allocations for a large one, freed now. glibc keeps freed memory inside
  // its arenas (it returns only the top of a heap), so without this the
  // server's resident size would stay at the import's peak for good.
  malloc_trim(0);
  return status;
}

grpc::Status ProfileService::ListProfiles(
    grpc::ServerContext* context, const v1::ListProfilesRequest* request,
    v1::ListProfilesResponse* response) {
  return Reply(rules_->ListProfiles(*request), response);
}

grpc::Status ProfileService::GetProfile(grpc::ServerContext* context,
                                        const v1::GetProfileRequest* request,
                                        v1::Profile* response) {
  return Reply(rules_->GetProfile(*request), response);
}

grpc::Status ProfileService::CreateProfile(
    grpc::ServerContext* context, const v1::CreateProfileRequest* request,
    v1::Profile* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, "creating profiles"));
  return Reply(rules_->CreateProfile(*request, caller), response);
}

grpc::Status ProfileService::UpdateProfile(
    grpc::ServerContext* context, const v1::UpdateProfileRequest* request,
    v1::Profile* response) {
  VITA_AUTHORIZE(caller, auth_->ForProfile(*context, "profile.name",
                                           request->profile().name()));
  return Reply(rules_->UpdateProfile(*request, caller), response);
}

grpc::Status ProfileService::DeleteProfile(
    grpc::ServerContext* context, const v1::DeleteProfileRequest* request,
    google::protobuf::Empty* response) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, "deleting profiles"));
  return Reply(rules_->DeleteProfile(*request, caller));
}

grpc::Status ProfileService::ListNewsItems(
    grpc::ServerContext* context, const v1::ListNewsItemsRequest* request,
    v1::ListNewsItemsResponse* response) {
  return Reply(rules_->ListNewsItems(*request), response);
}

grpc::Status ProfileService::GetNewsItem(grpc::ServerContext* context,
                                         const v1::GetNewsItemRequest* request,
                                         v1::NewsItem* response) {
  return Reply(rules_->GetNewsItem(*request), response);
}

grpc::Status ProfileService::CreateNewsItem(
    grpc::ServerContext* context, const v1::CreateNewsItemRequest* request,
    v1::NewsItem* response) {
  VITA_AUTHORIZE(caller,
                 auth_->ForProfile(*context, "parent", request->parent()));
  return Reply(rules_->CreateNewsItem(*request, caller), response);
}

grpc::Status ProfileService::UpdateNewsItem(
    grpc::ServerContext* context, const v1::UpdateNewsItemRequest* request,
    v1::NewsItem* response) {
  VITA_AUTHORIZE(caller, auth_->ForProfile(*context, "news_item.name",
                                           request->news_item().name()));
  return Reply(rules_->UpdateNewsItem(*request, caller), response);
}

grpc::Status ProfileService::DeleteNewsItem(
    grpc::ServerContext* context, const v1::DeleteNewsItemRequest* request,
    google::protobuf::Empty* response) {
  VITA_AUTHORIZE(caller, auth_->ForProfile(*context, "name", request->name()));
  return Reply(rules_->DeleteNewsItem(*request, caller));
}

grpc::Status ProfileService::ListPublications(
    grpc::ServerContext* context, const v1::ListPublicationsRequest* request,
    v1::ListPublicationsResponse* response) {
  return Reply(rules_->ListPublications(*request), response);
}

grpc::Status ProfileService::GetPublication(
    grpc::ServerContext* context, const v1::GetPublicationRequest* request,
    v1::Publication* response) {
  return Reply(rules_->GetPublication(*request), response);
}

grpc::Status ProfileService::CreatePublication(
    grpc::ServerContext* context, const v1::CreatePublicationRequest* request,
    v1::Publication* response) {
  VITA_AUTHORIZE(caller,
                 auth_->ForProfile(*context, "parent", request->parent()));
  return Reply(rules_->CreatePublication(*request, caller), response);
}

grpc::Status ProfileService::UpdatePublication(
    grpc::ServerContext* context, const v1::UpdatePublicationRequest* request,
    v1::Publication* response) {
  VITA_AUTHORIZE(caller, auth_->ForProfile(*context, "publication.name",
                                           request->publication().name()));
  return Reply(rules_->UpdatePublication(*request, caller), response);
}

grpc::Status ProfileService::DeletePublication(
    grpc::ServerContext* context, const v1::DeletePublicationRequest* request,
    google::protobuf::Empty* response) {
  VITA_AUTHORIZE(caller, auth_->ForProfile(*context, "name", request->name()));
  return Reply(rules_->DeletePublication(*request, caller));
}

grpc::Status ProfileService::ImportPublications(
    grpc::ServerContext* context, const v1::ImportPublicationsRequest* request,
    v1::ImportPublicationsResponse* response) {
  VITA_AUTHORIZE(caller,
                 auth_->ForProfile(*context, "parent", request->parent()));
  return Reply(rules_->ImportPublications(*request, caller), response);
}

}  // namespace vita::api
