// `icopilot certificate verify FILE --public-key KEY`: checks a certificate offline, with
// no server and no data folder, against the key the vendor publishes
// (GET /api/v1/certificate-key; docs/certificates.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "services/certificate_document.h"

namespace icopilot::cli {
namespace {

struct VerifyFlags {
  std::string file;
  std::string public_key;
  std::string format = "text";
};

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Text(const boost::json::object& object, std::string_view key,
                 std::string_view inner = "") {
  const boost::json::value* value = object.if_contains(key);
  if (value != nullptr && !inner.empty() && value->is_object())
    value = value->as_object().if_contains(inner);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

int RunVerify(const VerifyFlags& flags) {
  InitCrypto();
  // The key as text, or a file holding it (the JSON the server publishes, or its base64).
  std::string key_text = flags.public_key;
  std::error_code error;
  if (std::filesystem::is_regular_file(flags.public_key, error)) {
    auto read = ReadWhole(flags.public_key);
    if (!read) return UsageError(StrCat("cannot read the public key file ", flags.public_key));
    key_text = *read;
  }
  auto key = services::ReadPublicKey(key_text);
  if (!key.ok()) return UsageError(key.status());
  auto document =
      flags.file == "-"
          ? std::optional<std::string>(std::string(std::istreambuf_iterator<char>(std::cin), {}))
          : ReadWhole(flags.file);
  if (!document) return UsageError(StrCat("cannot read ", flags.file));

  auto checked = services::VerifyCertificate(*document, *key);
  const bool json = flags.format == "json";
  if (!checked.ok()) {
    if (json) {
      std::cout << boost::json::serialize(boost::json::object{
                       {"valid", false}, {"reason", std::string(checked.status().message())}})
                << "\n";
    } else {
      std::cout << Styled("red", "NOT VALID") << ": " << checked.status().message() << "\n";
    }
    return kExitProblems;
  }
  const auto& facts = checked->facts;
  if (json) {
    std::cout << boost::json::serialize(
                     boost::json::object{{"valid", true},
                                         {"certificate_id", Text(facts, "certificate_id")},
                                         {"statement", Text(facts, "statement")},
                                         {"issued_at", Text(facts, "issued_at")},
                                         {"partner", Text(facts, "partner", "name")},
                                         {"project", Text(facts, "project", "name")},
                                         {"environment", Text(facts, "environment", "name")},
                                         {"run_id", Text(facts, "run", "id")},
                                         {"spec_version_id", Text(facts, "spec_version_id")},
                                         {"sha256", checked->sha256},
                                         {"key_id", checked->key_id}})
              << "\n";
    return kExitOk;
  }
  std::cout << Styled("green", "VALID") << ": " << Text(facts, "statement") << "\n"
            << "  certificate  " << Text(facts, "certificate_id") << "\n"
            << "  issued       " << Text(facts, "issued_at") << "\n"
            << "  run          " << Text(facts, "run", "id") << " on spec version "
            << Text(facts, "spec_version_id") << "\n"
            << "  sha256       " << checked->sha256 << "\n"
            << "  signed by    " << checked->key_id << "\n"
            << Styled("dim",
                      "Signed and unaltered. Whether later evidence made it stale only the issuing "
                      "server knows: its portal, or GET .../certificates/{id}.")
            << "\n";
  return kExitOk;
}

}  // namespace

void AddCertificateCommand(CLI::App& root, Action& action) {
  CLI::App* certificate =
      root.add_subcommand("certificate", "Check a readiness certificate a vendor issued");
  certificate->require_subcommand(1);
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* verify = certificate->add_subcommand(
      "verify", "Check offline that a certificate is unaltered and signed by the given key");
  verify->add_option("FILE", flags->file, "The certificate file ('-' for stdin)")->required();
  verify
      ->add_option("--public-key", flags->public_key,
                   "The vendor's published key: its base64, or a file holding it or the JSON of "
                   "GET /api/v1/certificate-key")
      ->required();
  verify->add_option("--format", flags->format, "Output: text, or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  verify->footer(
      "\nExample:\n"
      "  curl -s https://copilot.example.com/api/v1/certificate-key > vendor-key.json\n"
      "  icopilot certificate verify cert_123.json --public-key vendor-key.json\n"
      "\nExit codes: 0 valid, 1 altered, signed by another key or not a certificate, 2 "
      "unreadable file or key.");
  verify->callback([flags, &action] { action = [flags] { return RunVerify(*flags); }; });
}

}  // namespace icopilot::cli
