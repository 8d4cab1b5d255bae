// The reference server inside a driver's own process, on a loopback port, reached over real
// HTTP like any other endpoint: the default target of ulp-conformance and ulp-load. It can
// carry a mutant.
//
//   ulp::reference::EmbeddedServer server(ulp::Profile::load("ecr"), ulp::reference::Mutant::none);
//   ulp::HttpTargetOptions http;
//   http.endpoint_url = server.url();  // http://127.0.0.1:<port>
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/sigv4_verify.hpp"
#include "reference/authenticator.hpp"
#include "reference/server.hpp"

namespace ulp::reference {

// Fresh temporary credentials (key ID, secret, session token) of the limits' registry, for a
// server that verifies signatures and the driver that signs for it.
sigv4::Key generated_key(const Profile& limits);

class EmbeddedServer {
 public:
  // Throws std::runtime_error when no loopback port can be had. With a key, the server verifies
  // every signature with it (ulp-reference-server --auth), in the limits' region.
  EmbeddedServer(const Profile& limits, Mutant mutant,
                 std::optional<sigv4::Key> key = std::nullopt);
  ~EmbeddedServer();  // stops the server; every connection to it must be closed before

  const std::string& url() const { return url_; }

 private:
  Engine engine_;
  std::unique_ptr<Authenticator> authenticator_;
  Handler handler_;
  Server server_;
  std::thread serving_;
  std::string url_;
};

}  // namespace ulp::reference
