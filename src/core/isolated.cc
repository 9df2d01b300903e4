#include "core/isolated.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/strings.h"

namespace icopilot {
namespace {

// The child's report starts with this byte, so a child that died after writing part of
// its output (or a sanitizer's exit code on a crash) is not taken for an answer.
constexpr char kDone = '\x01';

void WriteAll(int fd, const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

absl::StatusOr<IsolatedOutcome> RunIsolated(const std::function<int(std::string&)>& work,
                                            std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return absl::InternalError(StrCat("pipe: ", std::strerror(errno)));
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return absl::InternalError(StrCat("fork: ", std::strerror(errno)));
  }
  if (child == 0) {
    // A crash ends the child quietly: no sanitizer or fuzzer handler reports it as its own.
    for (int signal : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(signal, SIG_DFL);
    ::close(pipe_fds[0]);
    std::string output;
    const int code = work(output);
    std::string report(1, kDone);
    report.append(reinterpret_cast<const char*>(&code), sizeof(code));
    report += output;
    WriteAll(pipe_fds[1], report);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string report;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd wait_for{pipe_fds[0], POLLIN, 0};
    int ready = ::poll(&wait_for, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = ::read(pipe_fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    report.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  if (timed_out) ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return absl::DeadlineExceededError(
        StrCat("did not finish within ", timeout.count(), " ms and was stopped"));
  }
  const bool clean_exit = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!clean_exit || report.size() < 1 + sizeof(int) || report[0] != kDone) {
    return absl::InternalError(
        WIFSIGNALED(status) ? StrCat("crashed (signal ", WTERMSIG(status), ")") : "crashed");
  }
  IsolatedOutcome outcome;
  std::memcpy(&outcome.code, report.data() + 1, sizeof(int));
  outcome.output = report.substr(1 + sizeof(int));
  return outcome;
}

}  // namespace icopilot
