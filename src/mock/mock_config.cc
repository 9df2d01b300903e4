#include "mock/mock_config.h"

#include "core/strings.h"
#include "core/units.h"

namespace icopilot::mock {
namespace {

absl::Status FieldError(std::string_view where, std::string_view message) {
  return absl::InvalidArgumentError(StrCat(where, ": ", message));
}

// latency, rate_limit and chaos, at the top or for one operation.
absl::Status ApplyBehaviour(std::string_view where, std::string_view key,
                            const boost::json::value& value, BehaviourOptions& behaviours) {
  std::string field = StrCat(where, where.empty() ? "" : ".", key);
  if (key == "latency") {
    if (!value.is_string()) return FieldError(field, "must be a string such as \"50ms\"");
    auto latency = ParseLatency(value.as_string());
    if (!latency.ok()) return FieldError(field, std::string(latency.status().message()));
    behaviours.latency = *latency;
  } else if (key == "rate_limit") {
    if (value.is_null()) {
      behaviours.rate_limit.reset();
      return absl::OkStatus();
    }
    if (!value.is_string()) return FieldError(field, "must be a string such as \"100/min\"");
    auto rate = ParseRate(value.as_string());
    if (!rate.ok()) return FieldError(field, std::string(rate.status().message()));
    behaviours.rate_limit = *rate;
  } else if (key == "chaos") {
    std::string text = value.is_string()   ? std::string(value.as_string())
                       : value.is_number() ? StrCat(value.to_number<double>())
                                           : "";
    auto chaos = ParseChaos(text);
    if (!chaos.ok()) return FieldError(field, std::string(chaos.status().message()));
    behaviours.chaos = *chaos;
  } else {
    return FieldError(field, "unknown setting (an operation takes latency, rate_limit and chaos)");
  }
  return absl::OkStatus();
}

absl::Status Bool(std::string_view field, const boost::json::value& value, bool& out) {
  if (!value.is_bool()) return FieldError(field, "must be true or false");
  out = value.as_bool();
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMockConfig(const boost::json::value& config, MockOptions& options) {
  if (!config.is_object()) return absl::InvalidArgumentError("the configuration must be an object");
  for (const auto& field : config.as_object()) {
    std::string_view key = field.key();
    const boost::json::value& value = field.value();
    absl::Status status;
    if (key == "stateful") {
      status = Bool(key, value, options.stateful);
    } else if (key == "dynamic") {
      status = Bool(key, value, options.dynamic);
    } else if (key == "cors") {
      status = Bool(key, value, options.cors);
    } else if (key == "seed") {
      if (value.is_uint64()) {
        options.seed = value.as_uint64();
      } else if (value.is_int64() && value.as_int64() >= 0) {
        options.seed = static_cast<std::uint64_t>(value.as_int64());
      } else {
        return FieldError(key, "must be a non-negative integer");
      }
    } else if (key == "max_resources") {
      if (!value.is_int64() || value.as_int64() < 1 || value.as_int64() > 10'000'000)
        return FieldError(key, "must be an integer from 1 to 10000000");
      options.state_limits.max_resources = static_cast<std::size_t>(value.as_int64());
    } else if (key == "latency" || key == "rate_limit" || key == "chaos") {
      status = ApplyBehaviour("", key, value, options.behaviours);
    } else if (key == "operations") {
      if (!value.is_object())
        return FieldError(key, "must map operationIds to {latency, rate_limit, chaos}");
      for (const auto& op : value.as_object()) {
        std::string where = StrCat("operations.", std::string_view(op.key()));
        if (!op.value().is_object()) return FieldError(where, "must be an object");
        BehaviourOptions behaviours;
        for (const auto& setting : op.value().as_object()) {
          if (auto s = ApplyBehaviour(where, setting.key(), setting.value(), behaviours); !s.ok())
            return s;
        }
        options.operation_behaviours[std::string(op.key())] = behaviours;
      }
    } else {
      return FieldError(key,
                        "unknown setting (stateful, dynamic, seed, cors, max_resources, latency, "
                        "rate_limit, chaos, operations)");
    }
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace icopilot::mock
