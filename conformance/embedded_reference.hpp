// The reference server inside the runner, on a loopback port: the default target of
// tools/conform, reached over real HTTP like any other endpoint. It can carry a mutant.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/sigv4_verify.hpp"
#include "reference/authenticator.hpp"
#include "reference/server.hpp"

namespace ulp::conformance {

// Fresh temporary credentials (key ID, secret, session token) of the limits' registry, for a
// reference that verifies signatures and the runner that signs for it.
sigv4::Key generated_key(const Profile& limits);

class EmbeddedReference {
 public:
  // Throws std::runtime_error when no loopback port can be had. With a key, the server verifies
  // every signature with it (ulp-reference-server --auth), in the limits' region.
  EmbeddedReference(const Profile& limits, reference::Mutant mutant,
                    std::optional<sigv4::Key> key = std::nullopt);
  ~EmbeddedReference();  // stops the server; every connection to it must be closed before

  const std::string& url() const { return url_; }

 private:
  reference::Engine engine_;
  std::unique_ptr<reference::Authenticator> authenticator_;
  reference::Handler handler_;
  reference::Server server_;
  std::thread serving_;
  std::string url_;
};

}  // namespace ulp::conformance
