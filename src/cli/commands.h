// Subcommands register themselves on the root app and set the action main runs.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace icopilot::cli {

using Action = std::function<int()>;

void AddServeCommand(CLI::App& root, Action& action);
void AddAdminCommand(CLI::App& root, Action& action);
void AddSpecCommand(CLI::App& root, Action& action);
void AddSchemaCommand(CLI::App& root, Action& action);
void AddMockCommand(CLI::App& root, Action& action);
void AddTestCommand(CLI::App& root, Action& action);
void AddTraceCommand(CLI::App& root, Action& action);
void AddProxyCommand(CLI::App& root, Action& action);
void AddCertificateCommand(CLI::App& root, Action& action);
void AddDbCommand(CLI::App& root, Action& action);

}  // namespace icopilot::cli
