#include "support/process.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

// fork + exec with stdout/stderr to files; returns the pid.
// On the suites' PostgreSQL variant, an icopilot command on a data folder (`--data DIR`)
// gets that folder's database in ICOPILOT_DATABASE, as an operator would set it.
std::map<std::string, std::string> WithDatabase(const std::vector<std::string>& args,
                                                std::map<std::string, std::string> env) {
  if (!OnPostgres() || env.contains("ICOPILOT_DATABASE")) return env;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--database" || args[i].starts_with("--database=")) return env;
  }
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--data") env["ICOPILOT_DATABASE"] = DatabaseUrlFor(args[i + 1]);
  }
  return env;
}

pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& given_env,
            const std::filesystem::path& out, const std::filesystem::path& err,
            const std::filesystem::path& cwd, const std::string& program = {}) {
  const std::map<std::string, std::string> env = program.empty() ? WithDatabase(args, given_env) : given_env;
  std::vector<std::string> argv_storage{program.empty() ? ICOPILOT_BINARY : program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  pid_t pid = ::fork();
  if (pid == 0) {
    int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::dup2(null_fd, STDIN_FILENO);
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

CommandResult RunIcopilot(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const std::filesystem::path& cwd) {
  TempDir dir;
  auto out = dir.path() / "out";
  auto err = dir.path() / "err";
  pid_t pid = Spawn(args, env, out, err, cwd);
  CommandResult result;
  result.exit_code = WaitExit(pid);
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

ServerProcess::ServerProcess(const std::filesystem::path& data_dir,
                             const std::vector<std::string>& extra_args,
                             const std::map<std::string, std::string>& env) {
  out_path_ = data_dir.parent_path() / (data_dir.filename().string() + ".out");
  err_path_ = data_dir.parent_path() / (data_dir.filename().string() + ".err");
  // A previous server on the same folder left these; its first line must not be read.
  std::error_code ignored;
  std::filesystem::remove(out_path_, ignored);
  std::filesystem::remove(err_path_, ignored);
  std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0", "--data", data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  Launch(args, env);
}

ServerProcess::ServerProcess(const std::filesystem::path& scratch, const Command& command,
                             const std::map<std::string, std::string>& env) {
  out_path_ = scratch.string() + ".out";
  err_path_ = scratch.string() + ".err";
  Launch(command.args, env, command.program);
}

void ServerProcess::Launch(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::string& program) {
  pid_ = Spawn(args, env, out_path_, err_path_, {}, program);
  // The first line appears once the port is bound; sanitizer builds start slowly.
  for (int attempt = 0; attempt < 600; ++attempt) {
    std::string out = ReadFile(out_path_);
    std::size_t newline = out.find('\n');
    if (newline != std::string::npos) {
      first_line_ = out.substr(0, newline);
      std::size_t http = first_line_.find("http://");
      if (http != std::string::npos) {
        url_ = first_line_.substr(http);
        std::size_t end = url_.find_first_of("\" ");
        if (end != std::string::npos) url_ = url_.substr(0, end);
      }
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "icopilot " << args.front() << " exited early: " << ReadFile(err_path_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "icopilot " << args.front() << " printed no listening line in 30s";
}

ServerProcess::~ServerProcess() { Stop(); }

int ServerProcess::port() const { return std::atoi(url_.substr(url_.rfind(':') + 1).c_str()); }

std::string ServerProcess::Stdout() const { return ReadFile(out_path_); }
std::string ServerProcess::Stderr() const { return ReadFile(err_path_); }

int ServerProcess::Kill() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGKILL);
  int code = WaitExit(pid_);
  pid_ = -1;
  return code;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int code = WaitExit(pid_);
  pid_ = -1;
  return code;
}

}  // namespace icopilot::testing
