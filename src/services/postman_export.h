// A spec version as files for Postman and newman (docs/postman.md): the collection, with
// the caller's saved cases (a partner's own and the project's; a vendor's, the project's),
// and an environment file for the hosted mock or one of the project's environments. No
// secret leaves: credential variables are declared and left for the user to fill.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "services/actor.h"
#include "services/mock_service.h"
#include "store/database.h"

namespace icopilot::services {

class PostmanExport {
 public:
  PostmanExport(store::Database& db, MockService& specs) : db_(db), specs_(specs) {}

  // Where this server answers, for the hosted mock's URL. Called before requests are served.
  void SetServerUrl(std::string url) { server_url_ = std::move(url); }

  absl::StatusOr<boost::json::object> Collection(const Actor& actor, std::string_view project_id,
                                                 std::string_view spec_version_id);
  // `environment_id` is one of the project's environments or "mock" (the version's
  // hosted mock); FailedPrecondition when the version has no hosted mock.
  absl::StatusOr<boost::json::object> Environment(const Actor& actor, std::string_view project_id,
                                                  std::string_view spec_version_id,
                                                  std::string_view environment_id);

 private:
  store::Database& db_;
  MockService& specs_;
  std::string server_url_;
};

}  // namespace icopilot::services
