// The request to create a publication that the tests of the domain and of
// the API send, before each sets what its case is about.
//
//   v1::CreatePublicationRequest request =
//       test_records::CreatePublicationRequest("profiles/ann", "T", "A", 2024);
//   request.mutable_publication()->set_citation_key("ann2024t");
//
// Plain data; use from any thread.
#ifndef VITA_TESTS_SUPPORT_PUBLICATION_REQUEST_H_
#define VITA_TESTS_SUPPORT_PUBLICATION_REQUEST_H_

#include <string>

#include "vita/v1/profile_service.pb.h"

namespace vita::test_records {

// A CreatePublicationRequest under `parent` ("profiles/{profile}"), without a
// publication id (the server picks one), of a PUBLISHED publication titled
// `title` by the one author `author`, of `year` (0: not known): all a
// publication needs to pass validation.
inline v1::CreatePublicationRequest CreatePublicationRequest(
    const std::string& parent, const std::string& title,
    const std::string& author, int year) {
  v1::CreatePublicationRequest request;
  request.set_parent(parent);
  v1::Publication* publication = request.mutable_publication();
  publication->set_title(title);
  publication->add_authors()->set_name(author);
  publication->set_status(v1::Publication::PUBLISHED);
  publication->set_year(year);
  return request;
}

}  // namespace vita::test_records

#endif  // VITA_TESTS_SUPPORT_PUBLICATION_REQUEST_H_
