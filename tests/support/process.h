// The real `icopilot` binary, run as a child process.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace icopilot::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `icopilot ARGS...` to completion. `env` entries are added to the environment.
CommandResult RunIcopilot(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::filesystem::path& cwd = {});

// `icopilot serve --listen 127.0.0.1:0 --data DIR ARGS...`, stdout and stderr in files,
// started on construction and stopped with SIGTERM on destruction.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& data_dir,
                const std::vector<std::string>& extra_args = {},
                const std::map<std::string, std::string>& env = {});
  // Any serving command (`mock SPEC --port 0`, ...): `args` whole; output files are
  // named after `scratch` (a path in a temporary folder).
  struct Command {
    std::vector<std::string> args;
    // Another program than icopilot, found on PATH ("node" for the reference APIs).
    std::string program = {};
  };
  ServerProcess(const std::filesystem::path& scratch, const Command& command,
                const std::map<std::string, std::string>& env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // "http://127.0.0.1:PORT", read from the first stdout line.
  const std::string& url() const { return url_; }
  int port() const;
  // The process id while it runs (for /proc/PID/status).
  pid_t pid() const { return pid_; }
  // The first stdout line as printed.
  const std::string& first_line() const { return first_line_; }
  std::string Stdout() const;
  std::string Stderr() const;
  // SIGTERM, then waits; returns the exit code (or 128+signal).
  int Stop();
  // SIGKILL, as a crash or the OOM killer would, then waits.
  int Kill();

 private:
  void Launch(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
              const std::string& program = {});

  pid_t pid_ = -1;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
  std::string url_;
  std::string first_line_;
};

}  // namespace icopilot::testing
