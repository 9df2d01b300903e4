// What an identity provider sends: an ID token and a JWK Set. The input is split at its
// first newline into a JWK Set and a token; whatever parses is checked against every key,
// which must refuse or accept without crashing. A token decoded then re-split keeps its
// signing input (the part before the last dot).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/jwt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = text.find('\n');
  const std::string_view keys_text =
      newline == std::string_view::npos ? text : text.substr(0, newline);
  const std::string_view token_text =
      newline == std::string_view::npos ? text : text.substr(newline + 1);
  auto keys = icopilot::jwt::KeySet::Parse(keys_text);
  auto token = icopilot::jwt::Decode(token_text);
  if (!token.ok()) return 0;
  if (token->signing_input != token_text.substr(0, token_text.rfind('.'))) std::abort();
  if (keys.ok()) {
    if (const auto* key = keys->Find(token->kid); key != nullptr)
      (void)icopilot::jwt::VerifySignature(*token, *key);
  }
  return 0;
}
