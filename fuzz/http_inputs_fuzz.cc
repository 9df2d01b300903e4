// What the API reads from a request line and headers: the path (router, percent
// decoding), the query (pagination cursor and limit), X-Forwarded-For.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/pagination.h"
#include "net/cidr.h"
#include "net/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const icopilot::net::Router router = [] {
    icopilot::net::Router r;
    auto ok = [](icopilot::net::Request&) { return icopilot::net::Response{}; };
    r.Add("GET", "/api/v1/projects", ok);
    r.Add("GET", "/api/v1/projects/{project_id}", ok);
    r.Add("DELETE", "/api/v1/projects/{project_id}/partners/{partner_org_id}", ok);
    return r;
  }();
  static const auto trusted = *icopilot::net::CidrSet::Parse("127.0.0.0/8,::1");
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('?');
  icopilot::net::Request request;
  request.path = input.substr(0, split);
  if (split != std::string::npos) request.query = input.substr(split + 1);
  (void)router.Find("GET", request.path);
  (void)router.Find("DELETE", request.path);
  (void)icopilot::api::ReadPageRequest(request);
  (void)icopilot::net::ClientAddress("127.0.0.1", input, trusted);
  return 0;
}
