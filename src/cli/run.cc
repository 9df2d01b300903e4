#include "cli/run.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/hidden_passwords.h"
#include "cli/output.h"
#include "cli/unknown_command.h"
#include "cli/yaml_config.h"

namespace icopilot::cli {

int Run(int argc, char** argv) {
  CLI::App app(
      "Integration Copilot: takes API partners from first look to certified in production.\n"
      "Reads your OpenAPI document; serves the platform, mocks and conformance suites.",
      "icopilot");
  app.set_version_flag("--version", "icopilot " ICOPILOT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --config may follow the subcommand
  app.config_formatter(std::make_shared<YamlConfig>());
  app.set_config("--config", "icopilot.yaml",
                 "Read flags from this YAML file (default ./icopilot.yaml if present)");
  app.footer(
      "\nStart here:\n"
      "  icopilot serve --demo        run the platform with a demo org; open the URL it prints\n"
      "  icopilot admin create-org    first org and owner for a real deployment\n"
      "  icopilot spec inspect FILE   what an OpenAPI document offers, and its problems\n"
      "  icopilot mock FILE           a mock that behaves like the API\n"
      "  icopilot test FILE --base-url URL   the golden conformance suite against an API\n"
      "  icopilot trace import F.har  a HAR file into checked, redacted traces\n"
      "  icopilot certificate verify F --public-key K   a partner's certificate, offline\n"
      "  icopilot db copy --from ./var --to postgres://...   move to PostgreSQL\n"
      "\nEvery command answers --help. Exit codes: 0 ok, 1 problems found, 2 usage or unusable "
      "input.");
  Action action;
  AddServeCommand(app, action);
  AddAdminCommand(app, action);
  AddSpecCommand(app, action);
  AddSchemaCommand(app, action);
  AddMockCommand(app, action);
  AddTestCommand(app, action);
  AddTraceCommand(app, action);
  AddProxyCommand(app, action);
  AddCertificateCommand(app, action);
  AddDbCommand(app, action);
  if (auto unknown = UnknownCommand(app, argc, argv)) return UsageError(*unknown);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;  // CLI11 uses 100+ for usage errors
  }
  if (HidePasswordsInArguments(argc, argv)) {
    std::fputs(
        "icopilot: warning: a database password on the command line is seen by every user of "
        "this machine; put the URL in ICOPILOT_DATABASE, or the password in PGPASSWORD or "
        "~/.pgpass\n",
        stderr);
  }
  return action ? action() : kExitUsage;
}

}  // namespace icopilot::cli
