// Caller: who makes a call, as authorization decided it at the API boundary.
//
// The gRPC layer (api/) turns the call's credentials into a Caller before
// the domain sees the call; the domain records it with every write (the
// audit trail and record revisions name it) and never checks credentials
// itself.
//
// Example:
//
//   domain::Caller caller = domain::Caller::Admin();
//   absl::StatusOr<v1::NewsItem> item =
//       profiles.CreateItem(request.parent(), request.news_item_id(),
//                           request.news_item(), caller);
//
// Thread safety: a plain value type.
#ifndef VITA_SERVER_DOMAIN_CALLER_H_
#define VITA_SERVER_DOMAIN_CALLER_H_

#include <string>

namespace vita::domain {

struct Caller {
  // The token id that authorized the call: "admin" for the admin token, the
  // editor token's id otherwise. Never the token's secret.
  std::string token_id;
  // The token's label, e.g. "ann's laptop"; empty when it has none.
  std::string label;

  // The holder of the admin token.
  static Caller Admin() { return Caller{"admin", ""}; }
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_CALLER_H_
