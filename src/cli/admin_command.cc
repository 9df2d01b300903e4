// `icopilot admin`: first start and maintenance from the command line.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/strings.h"
#include "services/identity_service.h"

namespace icopilot::cli {
namespace {

struct CreateOrgFlags {
  std::string data = "./var";
  std::string database;
  std::string name;
  std::string owner_email;
  std::string format = "text";
};

struct BackupFlags {
  std::string data = "./var";
  std::string database;
  std::string to;
  bool force = false;
  std::string format = "text";
};

int RunCreateOrg(const CreateOrgFlags& flags) {
  InitCrypto();
  auto folder = OpenDataFolder(flags.data, flags.database);
  if (!folder.ok()) return UsageError(folder.status());
  SystemClock clock;
  services::IdentityService identity(*folder->db, clock);
  auto created = identity.CreateOrg(flags.name, "vendor", flags.owner_email, std::nullopt, "cli");
  if (!created.ok()) return UsageError(created.status());
  if (flags.format == "json") {
    boost::json::object out{{"org_id", created->org.id},
                            {"org_name", created->org.name},
                            {"user_id", created->owner.id},
                            {"email", created->owner.email},
                            {"password", created->password},
                            {"api_key", created->api_key.secret},
                            {"api_key_id", created->api_key.key.id}};
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else {
    std::printf("%s %s (%s)\n", Styled("green", "Created org").c_str(), created->org.name.c_str(),
                created->org.id.c_str());
    std::printf("  Owner     %s (%s)\n", created->owner.email.c_str(), created->owner.id.c_str());
    std::printf("  Password  %s\n", created->password.c_str());
    std::printf("  API key   %s\n", created->api_key.secret.c_str());
    std::printf("%s\n",
                Styled("dim", "The password and the key are shown once; store them now.").c_str());
  }
  return kExitOk;
}

int RunBackup(const BackupFlags& flags) {
  std::error_code ec;
  if (std::filesystem::exists(flags.to, ec) && !flags.force) {
    return UsageError(StrCat("--to: ", flags.to, " exists; pass --force to overwrite it"));
  }
  if (flags.force) std::filesystem::remove(flags.to, ec);
  InitCrypto();
  auto folder = OpenDataFolder(flags.data, flags.database);
  if (!folder.ok()) return UsageError(folder.status());
  absl::Status status = folder->db->Backup(flags.to);
  if (absl::IsUnimplemented(status)) return UsageError(status);
  if (!status.ok()) {
    std::fprintf(stderr, "icopilot: backup failed: %s\n", std::string(status.message()).c_str());
    return kExitProblems;
  }
  std::error_code size_error;
  auto bytes = std::filesystem::file_size(flags.to, size_error);
  if (flags.format == "json") {
    boost::json::object out{
        {"data", flags.data}, {"backup", flags.to}, {"bytes", size_error ? 0 : bytes}};
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else {
    std::printf("%s %s to %s (%ju bytes)\n", Styled("green", "Backed up").c_str(),
                flags.data.c_str(), flags.to.c_str(),
                static_cast<std::uintmax_t>(size_error ? 0 : bytes));
  }
  return kExitOk;
}

}  // namespace

void AddAdminCommand(CLI::App& root, Action& action) {
  CLI::App* admin = root.add_subcommand("admin", "First start and maintenance of a data folder");
  admin->require_subcommand(1);
  admin->footer(
      "\nExamples:\n"
      "  icopilot admin create-org --data ./var --name 'Acme Payments' --owner-email "
      "owner@acme.example\n"
      "  icopilot admin backup --data ./var --to backup.db");

  auto org = std::make_shared<CreateOrgFlags>();
  CLI::App* create = admin->add_subcommand("create-org",
                                           "Create a vendor org and its owner; prints the owner's "
                                           "password and an API key once");
  create->footer(
      "\nExample:\n  icopilot admin create-org --data ./var --name 'Acme Payments' "
      "--owner-email owner@acme.example");
  create->add_option("--data", org->data, "Data folder")
      ->capture_default_str()
      ->envname("ICOPILOT_DATA");
  create
      ->add_option("--database", org->database,
                   "sqlite:PATH (default DATA/icopilot.db) or postgres://USER@HOST:PORT/DB")
      ->envname("ICOPILOT_DATABASE");
  create->add_option("--name", org->name, "The org's name")->required();
  create->add_option("--owner-email", org->owner_email, "The owner's email (their login)")
      ->required();
  create->add_option("--format", org->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  create->callback([org, &action] { action = [org] { return RunCreateOrg(*org); }; });

  auto backup = std::make_shared<BackupFlags>();
  CLI::App* copy =
      admin->add_subcommand("backup", "Copy the database consistently, even while the server runs");
  copy->footer("\nExample:\n  icopilot admin backup --data ./var --to backup-2026-11-26.db");
  copy->add_option("--data", backup->data, "Data folder")
      ->capture_default_str()
      ->envname("ICOPILOT_DATA");
  copy->add_option("--database", backup->database, "sqlite:PATH (default DATA/icopilot.db)")
      ->envname("ICOPILOT_DATABASE");
  copy->add_option("--to", backup->to, "Where to write the copy")->required();
  copy->add_flag("--force", backup->force, "Overwrite --to when it exists");
  copy->add_option("--format", backup->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  copy->callback([backup, &action] { action = [backup] { return RunBackup(*backup); }; });
}

}  // namespace icopilot::cli
