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
#include "server/api/rpc_table.h"
#include "server/domain/profile_service.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::api {

class ProfileService final
    : public v1::ProfileService::WithRawCallbackMethod_GetPage<
          v1::ProfileService::Service> {
 public:
  // The generated service, whose sync handlers this class overrides (its
  // base overrides GetPage's).
  using Rpcs = v1::ProfileService::Service;

  // `rules`, the domain half of the service, and `auth` must outlive it.
  ProfileService(domain::ProfileService* rules, const Authorizer* auth);

  // `request` holds a serialized v1::GetPageRequest; `response` receives a
  // serialized v1::Page.
  grpc::ServerUnaryReactor* GetPage(grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;

  // ImportPage, written out: it also returns the import's memory to the
  // system.
  VITA_RPC(Rpcs, ImportPage);

  // The other RPCs, each one line of profile_service.cc's table (rpc_table.h).
  VITA_RPC(Rpcs, ListProfiles);
  VITA_RPC(Rpcs, GetProfile);
  VITA_RPC(Rpcs, CreateProfile);
  VITA_RPC(Rpcs, UpdateProfile);
  VITA_RPC(Rpcs, DeleteProfile);
  VITA_RPC(Rpcs, ListNewsItems);
  VITA_RPC(Rpcs, GetNewsItem);
  VITA_RPC(Rpcs, CreateNewsItem);
  VITA_RPC(Rpcs, UpdateNewsItem);
  VITA_RPC(Rpcs, DeleteNewsItem);
  VITA_RPC(Rpcs, ListPublications);
  VITA_RPC(Rpcs, GetPublication);
  VITA_RPC(Rpcs, CreatePublication);
  VITA_RPC(Rpcs, UpdatePublication);
  VITA_RPC(Rpcs, DeletePublication);
  VITA_RPC(Rpcs, ImportPublications);

 private:
  domain::ProfileService* const rules_;
  const Authorizer* const auth_;
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_PROFILE_SERVICE_H_
