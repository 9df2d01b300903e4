// Structured logs: one JSON object per line on standard output (after the `listening on`
// line), buffered and flushed each second and at exit. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace icopilot::log {

// Sets the sink up; call once at start. `enabled` false silences everything.
void Init(bool enabled);

// False when logging is off: lets hot paths skip building the fields.
bool Enabled();

// {"ts": ..., "level": ..., "msg": ..., ...fields}
void Event(std::string_view level, std::string_view message, boost::json::object fields = {});

// Writes out buffered lines now (before exit, and in tests).
void Flush();

}  // namespace icopilot::log
