#include "core/log.h"

#include <boost/json/serialize.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "core/clock.h"

namespace icopilot::log {
namespace {
std::shared_ptr<spdlog::logger> logger;
std::atomic<bool> on{false};
}  // namespace

void Init(bool enabled) {
  if (!logger) {
    logger = spdlog::stdout_logger_mt("icopilot");
    logger->set_pattern("%v");
    logger->flush_on(spdlog::level::warn);
    spdlog::flush_every(std::chrono::seconds(1));
  }
  on = enabled;
}

bool Enabled() { return on && logger; }

void Event(std::string_view level, std::string_view message, boost::json::object fields) {
  if (!on || !logger) return;
  boost::json::object line;
  line["ts"] = FormatTimestamp(SystemClock().NowMillis());
  line["level"] = level;
  line["msg"] = message;
  for (auto& field : fields) line[field.key()] = std::move(field.value());
  logger->log(level == "error" ? spdlog::level::err : level == "warn" ? spdlog::level::warn : spdlog::level::info,
              boost::json::serialize(line));
}

void Flush() {
  if (logger) logger->flush();
}

}  // namespace icopilot::log
