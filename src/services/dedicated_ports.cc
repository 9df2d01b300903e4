#include "services/dedicated_ports.h"

#include "core/strings.h"
#include "net/server.h"

namespace icopilot::services {

// Every request on the port is for the one mock, its paths the API's own.
class MockPortHandler final : public net::RequestHandler {
 public:
  MockPortHandler(HostedMocks& hosted, std::string mock_id)
      : hosted_(hosted), mock_id_(std::move(mock_id)) {}
  net::Response Handle(net::Request& request) override {
    return hosted_.ServeMock(request, mock_id_, "");
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

 private:
  HostedMocks& hosted_;
  std::string mock_id_;
};

struct DedicatedPorts::Listener {
  int port = 0;
  std::unique_ptr<MockPortHandler> handler;
  std::unique_ptr<net::Server> server;
  std::thread runner;
  ~Listener() {
    if (server != nullptr) server->Shutdown();
    if (runner.joinable()) runner.join();
  }
};

DedicatedPorts::DedicatedPorts(HostedMocks& hosted, std::string host)
    : hosted_(hosted), host_(std::move(host)) {}

DedicatedPorts::~DedicatedPorts() {
  std::lock_guard lock(mutex_);
  listeners_.clear();
}

absl::Status DedicatedPorts::Open(const std::string& mock_id, int port) {
  if (PortOf(mock_id) == port) return absl::OkStatus();
  auto listener = std::make_unique<Listener>();
  listener->port = port;
  listener->handler = std::make_unique<MockPortHandler>(hosted_, mock_id);
  net::ServerOptions options;
  options.host = host_;
  options.port = static_cast<std::uint16_t>(port);
  options.io_threads = 1;
  options.worker_threads = 2;
  auto server = net::Server::Listen(options, *listener->handler);
  if (!server.ok()) {
    return absl::FailedPreconditionError(
        StrCat("port ", port, " cannot be used: ", server.status().message()));
  }
  listener->server = std::move(*server);
  listener->runner = std::thread([server = listener->server.get()] { server->Run(); });
  // The new port is bound: only now does the old one close, outside the lock.
  {
    std::lock_guard lock(mutex_);
    std::swap(listeners_[mock_id], listener);
  }
  return absl::OkStatus();
}

void DedicatedPorts::Close(const std::string& mock_id) {
  std::unique_ptr<Listener> closing;
  {
    std::lock_guard lock(mutex_);
    auto it = listeners_.find(mock_id);
    if (it == listeners_.end()) return;
    closing = std::move(it->second);
    listeners_.erase(it);
  }
}

int DedicatedPorts::PortOf(const std::string& mock_id) const {
  std::lock_guard lock(mutex_);
  auto it = listeners_.find(mock_id);
  return it == listeners_.end() ? 0 : it->second->port;
}

}  // namespace icopilot::services
