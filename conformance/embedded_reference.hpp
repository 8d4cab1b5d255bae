// The reference server inside the runner, on a loopback port: the default target of
// tools/conform, reached over real HTTP like any other endpoint. It can carry a mutant.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "reference/server.hpp"

namespace ulp::conformance {

class EmbeddedReference {
 public:
  // Throws std::runtime_error when no loopback port can be had.
  EmbeddedReference(const Profile& limits, reference::Mutant mutant);
  ~EmbeddedReference();  // stops the server; every connection to it must be closed before

  const std::string& url() const { return url_; }

 private:
  reference::Engine engine_;
  reference::Handler handler_;
  reference::Server server_;
  std::thread serving_;
  std::string url_;
};

}  // namespace ulp::conformance
