#include "core/isolated.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/status_macros.h"
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

// A forked child of a threaded process can hang: a lock another thread held at the fork
// (AddressSanitizer's allocator in GCC 12 has no fork handler) stays locked in the child
// forever. So the child first allocates and says it started, and one that does not within
// the start window is killed and forked again; so is one that started but has not finished
// within the stall window (its first allocation of another size than the start's can meet
// such a lock too: a spec upload under ASan waited 60 s on one).
constexpr int kAttempts = 3;
constexpr char kStarted = '\x02';

struct Attempt {
  bool started = false;
  bool timed_out = false;
  bool stuck = false;  // timed out before the deadline: at the start window or the stall
  int status = 0;
  std::string report;  // what the child wrote after its start byte
};

Attempt RunOnce(const std::function<int(std::string&)>& work, std::chrono::milliseconds timeout,
                const IsolatedStart& start, bool last, absl::Status& error) {
  Attempt attempt;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error = absl::InternalError(StrCat("pipe: ", std::strerror(errno)));
    return attempt;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    error = absl::InternalError(StrCat("fork: ", std::strerror(errno)));
    return attempt;
  }
  if (child == 0) {
    // A crash ends the child quietly: no sanitizer or fuzzer handler reports it as its own.
    for (int signal : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(signal, SIG_DFL);
    ::close(pipe_fds[0]);
    std::string output;
    output.reserve(256);  // the allocator works here: say so
    if (start.before_start) start.before_start();
    WriteAll(pipe_fds[1], std::string(1, kStarted));
    const int code = work(output);
    std::string report(1, kDone);
    report.append(reinterpret_cast<const char*>(&code), sizeof(code));
    report += output;
    WriteAll(pipe_fds[1], report);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  const auto began = std::chrono::steady_clock::now();
  const auto deadline = began + timeout;
  char buffer[4096];
  while (true) {
    // A child that is not the last attempt has the start window to say it started, then
    // the stall window to finish; the last one has the whole deadline.
    const auto until =
        last ? deadline
             : std::min(deadline, began + (attempt.started ? start.stall : start.window));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    int ready = 0;
    if (left.count() > 0) {
      pollfd wait_for{pipe_fds[0], POLLIN, 0};
      ready = ::poll(&wait_for, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
    }
    if (ready == 0) {
      attempt.timed_out = true;
      attempt.stuck = until < deadline;
      break;
    }
    ssize_t n = ::read(pipe_fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::size_t from = 0;
    if (!attempt.started) {
      attempt.started = buffer[0] == kStarted;
      from = attempt.started ? 1 : 0;
    }
    attempt.report.append(buffer + from, static_cast<std::size_t>(n) - from);
  }
  ::close(pipe_fds[0]);
  if (attempt.timed_out) ::kill(child, SIGKILL);
  while (::waitpid(child, &attempt.status, 0) < 0 && errno == EINTR) {
  }
  return attempt;
}

}  // namespace

absl::StatusOr<IsolatedOutcome> RunIsolated(const std::function<int(std::string&)>& work,
                                            std::chrono::milliseconds timeout) {
  return RunIsolated(work, timeout, IsolatedStart{});
}

absl::StatusOr<IsolatedOutcome> RunIsolated(const std::function<int(std::string&)>& work,
                                            std::chrono::milliseconds timeout,
                                            const IsolatedStart& start) {
  Attempt attempt;
  for (int i = 1; i <= kAttempts; ++i) {
    absl::Status error;
    attempt = RunOnce(work, timeout, start, i == kAttempts, error);
    RETURN_IF_ERROR(error);
    if (!attempt.stuck) break;
  }
  if (attempt.timed_out) {
    return absl::DeadlineExceededError(
        StrCat("did not finish within ", timeout.count(), " ms and was stopped"));
  }
  const std::string& report = attempt.report;
  const int status = attempt.status;
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
