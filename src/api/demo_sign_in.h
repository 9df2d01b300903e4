// The sign-ins a demo instance shows on its sign-in page (GET /api/v1/instance). A real
// deployment sets none, so its sign-in page shows none. Set once the demo is seeded, read
// by the request threads.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace icopilot::api {

struct DemoLogin {
  std::string who;  // "Vendor owner", "Partner developer"
  std::string email;
  std::string password;
};

class DemoSignIn {
 public:
  void Set(std::vector<DemoLogin> logins) {
    std::lock_guard lock(mutex_);
    logins_ = std::move(logins);
  }
  std::vector<DemoLogin> Get() const {
    std::lock_guard lock(mutex_);
    return logins_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<DemoLogin> logins_;
};

}  // namespace icopilot::api
