// The run worker's guard on outbound hosts: an environment that resolves to a loopback or
// private address is refused with the reason; a public one is pinned to the address that
// was checked. Literal addresses, so no DNS is needed.
#include "services/send_target.h"

#include <gtest/gtest.h>

namespace icopilot::services {
namespace {

TEST(CheckPublicTarget, RefusesLoopbackAndPrivateAddressesSayingWhy) {
  for (std::string url : {"http://127.0.0.1:8080/v1", "https://10.1.2.3/", "http://192.168.0.7",
                          "http://169.254.169.254/latest/meta-data", "http://[::1]:9000/x",
                          "http://[fd00::5]/", "http://0.0.0.0/"}) {
    auto checked = CheckPublicTarget("base_url", url);
    ASSERT_FALSE(checked.ok()) << url;
    EXPECT_TRUE(absl::IsPermissionDenied(checked.status())) << url;
    EXPECT_NE(checked.status().message().find("--allow-private-targets"), std::string::npos);
    EXPECT_NE(checked.status().message().find("base_url"), std::string::npos);
  }
}

TEST(CheckPublicTarget, PinsAPublicHostToTheCheckedAddress) {
  auto checked = CheckPublicTarget("base_url", "https://93.184.216.34/v2/orders");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(*checked, "93.184.216.34:443:93.184.216.34");
  auto with_port = CheckPublicTarget("oauth2.token_url", "http://8.8.8.8:8443/token");
  ASSERT_TRUE(with_port.ok()) << with_port.status();
  EXPECT_EQ(*with_port, "8.8.8.8:8443:8.8.8.8");
  EXPECT_FALSE(CheckPublicTarget("base_url", "https:///nohost").ok());
}

}  // namespace
}  // namespace icopilot::services
