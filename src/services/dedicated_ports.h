// Hosted mocks that also answer on a port of their own (`http://host:PORT/...` as if the
// mock were the API itself), besides /mocks/{mock_id} on the main port. One small server
// per such mock, on the main server's host (loopback unless told otherwise), forwarding
// to HostedMocks. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "services/hosted_mocks.h"

namespace icopilot::net {
class Server;
}

namespace icopilot::services {

class DedicatedPorts {
 public:
  DedicatedPorts(HostedMocks& hosted, std::string host);
  ~DedicatedPorts();
  DedicatedPorts(const DedicatedPorts&) = delete;
  DedicatedPorts& operator=(const DedicatedPorts&) = delete;

  // Serves the mock on `port` (closing a port it had before). FailedPrecondition naming
  // the port when it cannot be bound.
  absl::Status Open(const std::string& mock_id, int port);
  void Close(const std::string& mock_id);
  // The port a mock is served on; 0 when none.
  int PortOf(const std::string& mock_id) const;

 private:
  struct Listener;
  HostedMocks& hosted_;
  std::string host_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Listener>> listeners_;
};

}  // namespace icopilot::services
