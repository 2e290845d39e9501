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

VITA_RPC_DEFINITION(ProfileService, ImportPage) {
  VITA_AUTHORIZE(caller, auth_->ForAdmin(*context, "importing pages"));
  grpc::Status status = Reply(rules_->ImportPage(*request, caller), response);
  // An import parses, validates and stores a whole page: megabytes of small
  // allocations for a large one, freed now. glibc keeps freed memory inside
  // its arenas (it returns only the top of a heap), so without this the
  // server's resident size would stay at the import's peak for good.
  malloc_trim(0);
  return status;
}

// Reads are public. A write is the admin's, or that of the admin or an
// editor token of the profile that the named request field belongs to.
VITA_PUBLIC_RPC(ProfileService, ListProfiles, rules_->ListProfiles(*request))
VITA_PUBLIC_RPC(ProfileService, GetProfile, rules_->GetProfile(*request))
VITA_AUTHORIZED_RPC(ProfileService, CreateProfile,
                    auth_->ForAdmin(*context, "creating profiles"),
                    rules_->CreateProfile(*request, caller))
VITA_AUTHORIZED_RPC(ProfileService, UpdateProfile,
                    auth_->ForProfile(*context, "profile.name",
                                      request->profile().name()),
                    rules_->UpdateProfile(*request, caller))
VITA_AUTHORIZED_RPC(ProfileService, DeleteProfile,
                    auth_->ForAdmin(*context, "deleting profiles"),
                    rules_->DeleteProfile(*request, caller))

// The item RPCs, verb by verb: each verb is one template of the domain for
// both collections, which differ only in the request field of the record.
VITA_PUBLIC_RPC(ProfileService, ListNewsItems,
                rules_->ListItems<v1::NewsItem, v1::ListNewsItemsResponse>(
                    request->parent(), request->page_size(),
                    request->page_token()))
VITA_PUBLIC_RPC(
    ProfileService, ListPublications,
    rules_->ListItems<v1::Publication, v1::ListPublicationsResponse>(
        request->parent(), request->page_size(), request->page_token()))
VITA_PUBLIC_RPC(ProfileService, GetNewsItem,
                rules_->GetItem<v1::NewsItem>(request->name()))
VITA_PUBLIC_RPC(ProfileService, GetPublication,
                rules_->GetItem<v1::Publication>(request->name()))
VITA_AUTHORIZED_RPC(ProfileService, CreateNewsItem,
                    auth_->ForProfile(*context, "parent", request->parent()),
                    rules_->CreateItem(request->parent(),
                                       request->news_item_id(),
                                       request->news_item(), caller))
VITA_AUTHORIZED_RPC(ProfileService, CreatePublication,
                    auth_->ForProfile(*context, "parent", request->parent()),
                    rules_->CreateItem(request->parent(),
                                       request->publication_id(),
                                       request->publication(), caller))
VITA_AUTHORIZED_RPC(ProfileService, UpdateNewsItem,
                    auth_->ForProfile(*context, "news_item.name",
                                      request->news_item().name()),
                    rules_->UpdateItem(request->news_item(),
                                       request->update_mask(), caller))
VITA_AUTHORIZED_RPC(ProfileService, UpdatePublication,
                    auth_->ForProfile(*context, "publication.name",
                                      request->publication().name()),
                    rules_->UpdateItem(request->publication(),
                                       request->update_mask(), caller))
VITA_AUTHORIZED_RPC(ProfileService, DeleteNewsItem,
                    auth_->ForProfile(*context, "name", request->name()),
                    rules_->DeleteItem<v1::NewsItem>(request->name(), caller))
VITA_AUTHORIZED_RPC(ProfileService, DeletePublication,
                    auth_->ForProfile(*context, "name", request->name()),
                    rules_->DeleteItem<v1::Publication>(request->name(),
                                                        caller))
VITA_AUTHORIZED_RPC(ProfileService, ImportPublications,
                    auth_->ForProfile(*context, "parent", request->parent()),
                    rules_->ImportPublications(*request, caller))

}  // namespace vita::api
