#include "reference/tests/crash/server_process.hpp"

#include <sys/wait.h>

namespace ulp::crash {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

ServerProcess::Started ServerProcess::start(int port, Clock::time_point deadline) {
  Started out;
  ChildProcess::Options o;
  o.argv = {command_.binary, "--port", std::to_string(port)};
  o.argv.insert(o.argv.end(), command_.args.begin(), command_.args.end());
  o.stderr_to = ChildProcess::Stderr::file;
  o.stderr_file = command_.log;
  if (!child_.spawn(o, &out.why)) return out;
  const auto first = child_.read_line(std::max(deadline - Clock::now(), Clock::duration::zero()));
  if (first)
    if (auto p = listening_port(*first)) {
      out.port = *p;
      return out;
    }
  // No listening line: it ended (a busy port, a held lock), or it hangs and is killed.
  if (auto status = child_.wait_exit(1s)) {
    out.exited = true;
    out.exit_code = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
    out.why = "it ended before listening: " + describe_wait_status(*status);
    return out;
  }
  child_.kill();
  out.why = !first || first->empty() ? "it printed no `listening on` line in time"
                                     : "its first line is not `listening on ...`: '" + *first + "'";
  return out;
}

std::optional<int> ServerProcess::terminate(std::chrono::milliseconds grace) {
  if (!child_.running()) return std::nullopt;
  if (auto status = child_.terminate(grace)) return status;
  child_.kill();
  return std::nullopt;
}

}  // namespace ulp::crash
