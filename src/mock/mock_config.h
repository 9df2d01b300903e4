// A mock's settings as JSON: the configuration of a hosted mock in the REST API, and the
// file `icopilot mock --config` reads. One reader for both, so they cannot differ:
//
//   {"stateful": true, "max_resources": 10000, "dynamic": false, "seed": 7, "cors": true,
//    "latency": "20-200ms", "rate_limit": "100/min", "chaos": 0.05,
//    "operations": {"createPet": {"latency": "1s", "rate_limit": "5/min", "chaos": 0.5}}}
#pragma once

#include <boost/json/value.hpp>

#include "absl/status/status.h"
#include "mock/mock_engine.h"

namespace icopilot::mock {

// Sets what `config` names on `options`, leaving the rest. InvalidArgument naming the
// field ("operations.createPet.latency: ...") for unknown fields and bad values.
absl::Status ApplyMockConfig(const boost::json::value& config, MockOptions& options);

}  // namespace icopilot::mock
