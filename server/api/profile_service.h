// api::ProfileService, the gRPC face of vita.v1.ProfileService: it
// authorizes writes (Authorizer: the admin, or an editor token of the
// profile written to), hands each request to domain::ProfileService (the
// rules), and translates the result. No rules live here.
//
// GetPage, the call every page view and `vita page` make, is served raw
// through gRPC's callback API: the request arrives as bytes and is parsed
// here, and the response is the cached page's serialized bytes
// (domain::CachedPage), handed to gRPC without a copy. A cached GetPage thus
// costs about what a bare call (grpc.health.v1.Health/Check) costs: no
// message copy, no serialization, no thread hand-off of the sync server.
// Clients see the same bytes, status codes, messages and initial metadata
// as from a generated sync handler. Every other method is sync.
//
// Ownership: borrows the domain::ProfileService it forwards to. Thread
// safety: gRPC calls its methods from many threads at once, which
// domain::ProfileService and Authorizer allow.
#ifndef VITA_SERVER_API_PROFILE_SERVICE_H_
#define VITA_SERVER_API_PROFILE_SERVICE_H_

#include "server/api/authorizer.h"
#include "server/domain/profile_service.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::api {

class ProfileService final
    : public v1::ProfileService::WithRawCallbackMethod_GetPage<
          v1::ProfileService::Service> {
 public:
  // `rules`, the domain half of the service, and `auth` must outlive it.
  ProfileService(domain::ProfileService* rules, const Authorizer* auth);

  // `request` holds a serialized v1::GetPageRequest; `response` receives a
  // serialized v1::Page.
  grpc::ServerUnaryReactor* GetPage(grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;

  grpc::Status ImportPage(grpc::ServerContext* context,
                          const v1::ImportPageRequest* request,
                          v1::Page* response) override;

  grpc::Status ListProfiles(grpc::ServerContext* context,
                            const v1::ListProfilesRequest* request,
                            v1::ListProfilesResponse* response) override;
  grpc::Status GetProfile(grpc::ServerContext* context,
                          const v1::GetProfileRequest* request,
                          v1::Profile* response) override;
  grpc::Status CreateProfile(grpc::ServerContext* context,
                             const v1::CreateProfileRequest* request,
                             v1::Profile* response) override;
  grpc::Status UpdateProfile(grpc::ServerContext* context,
                             const v1::UpdateProfileRequest* request,
                             v1::Profile* response) override;
  grpc::Status DeleteProfile(grpc::ServerContext* context,
                             const v1::DeleteProfileRequest* request,
                             google::protobuf::Empty* response) override;

  grpc::Status ListNewsItems(grpc::ServerContext* context,
                             const v1::ListNewsItemsRequest* request,
                             v1::ListNewsItemsResponse* response) override;
  grpc::Status GetNewsItem(grpc::ServerContext* context,
                           const v1::GetNewsItemRequest* request,
                           v1::NewsItem* response) override;
  grpc::Status CreateNewsItem(grpc::ServerContext* context,
                              const v1::CreateNewsItemRequest* request,
                              v1::NewsItem* response) override;
  grpc::Status UpdateNewsItem(grpc::ServerContext* context,
                              const v1::UpdateNewsItemRequest* request,
                              v1::NewsItem* response) override;
  grpc::Status DeleteNewsItem(grpc::ServerContext* context,
                              const v1::DeleteNewsItemRequest* request,
                              google::protobuf::Empty* response) override;

  grpc::Status ListPublications(
      grpc::ServerContext* context, const v1::ListPublicationsRequest* request,
      v1::ListPublicationsResponse* response) override;
  grpc::Status GetPublication(grpc::ServerContext* context,
                              const v1::GetPublicationRequest* request,
                              v1::Publication* response) override;
  grpc::Status CreatePublication(grpc::ServerContext* context,
                                 const v1::CreatePublicationRequest* request,
                                 v1::Publication* response) override;
  grpc::Status UpdatePublication(grpc::ServerContext* context,
                                 const v1::UpdatePublicationRequest* request,
                                 v1::Publication* response) override;
  grpc::Status DeletePublication(grpc::ServerContext* context,
                                 const v1::DeletePublicationRequest* request,
                                 google::protobuf::Empty* response) override;
  grpc::Status ImportPublications(
      grpc::ServerContext* context,
      const v1::ImportPublicationsRequest* request,
      v1::ImportPublicationsResponse* response) override;

 private:
  domain::ProfileService* const rules_;
  const Authorizer* const auth_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_PROFILE_SERVICE_H_
