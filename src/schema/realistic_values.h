// Values that look real, by `format` and by property name: what makes a mock response
// read like the API's own ("ana.silva@example.com", "EUR", "2024-05-01T09:30:00Z")
// rather than "string". Deterministic for a random engine's state.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "schema/formats.h"

namespace icopilot::schema {

// A string for `format`, or nullopt for formats that say nothing about shape.
std::optional<std::string> StringForFormat(Format format, std::string_view name,
                                           std::mt19937_64& rng);

// A string for a property called `name` ("customer_email", "currency", "city"), or a
// plain word when the name says nothing.
std::string StringForName(std::string_view name, std::mt19937_64& rng);

// A number's preferred magnitude by name ("amount" 42.5, "age" 34, "year" 2024), when
// the name suggests one.
std::optional<double> NumberForName(std::string_view name, bool integer, std::mt19937_64& rng);

}  // namespace icopilot::schema
