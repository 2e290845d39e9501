// Tells another part of the server that a profile's page changed, so that it
// can act on the new page (server/publish/ writes it to files). The domain
// knows nothing about what observers do with it.
#ifndef VITA_SERVER_DOMAIN_PAGE_OBSERVER_H_
#define VITA_SERVER_DOMAIN_PAGE_OBSERVER_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

class PageObserver {
 public:
  virtual ~PageObserver() = default;

  // Called by domain::ProfileService after every write of `profile_id` that
  // committed, before the write is acknowledged, with the profile's page as
  // read after the commit; null when the profile no longer exists (deleted).
  //
  // Calls are serialized (one at a time, across all profiles), and each
  // page is read inside that serialization, after its write committed, so
  // the last call for a profile always carries its newest committed page.
  //
  // An observer cannot fail the write: the write is durable by then and is
  // acknowledged whatever happens here. An observer that cannot do its work
  // (a full disk) must say so loudly itself (naming the profile); the next
  // write of the profile, or a restart, gives it the page again.
  virtual void PageChanged(absl::string_view profile_id,
                           std::shared_ptr<const v1::Page> page) = 0;

  // Called instead of PageChanged when the page of `profile_id` could not be
  // read after a committed write (`status` says why, never NOT_FOUND). The
  // write stands; the observer must say so loudly, as for its own failures.
  virtual void PageUnreadable(absl::string_view profile_id,
                              const absl::Status& status) = 0;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_OBSERVER_H_
