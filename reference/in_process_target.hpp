// A Target that calls the reference handler directly: no socket, no thread, for fast
// properties and fuzzing.
#pragma once

#include <optional>
#include <string>

#include "core/request_signing.hpp"
#include "core/spec.hpp"
#include "core/target.hpp"
#include "reference/handler.hpp"

namespace ulp::reference {

class InProcessTarget : public Target {
 public:
  explicit InProcessTarget(Handler& handler) : handler_(handler) {}
  // Signs every request as HttpTarget does (for a handler with an authenticator).
  InProcessTarget(Handler& handler, sigv4::Credentials credentials, std::string region)
      : handler_(handler), credentials_(std::move(credentials)), region_(std::move(region)) {}

  Response send(const Request& request) override {
    HttpRequest http{request.method, request.path, request.wire_headers(), request.body};
    if (http.headers.find("Host") == http.headers.end())
      http.headers.emplace("Host", host_header());
    if (credentials_ && request.sign && !http.headers.count("Authorization")) {
      sigv4::Scope scope{region_, Spec::get().protocol.signing_name, unix_now()};
      for (auto& [name, value] :
           signature_headers(request, host_header(), request.path, *credentials_, scope))
        http.headers.emplace(name, value);
    }
    HttpResponse r = handler_.handle(http);
    return Response::decode(r.status, std::move(r.headers), std::move(r.body));
  }
  std::string describe() const override { return "reference (in process)"; }

 private:
  Handler& handler_;
  std::optional<sigv4::Credentials> credentials_;
  std::string region_;
};

}  // namespace ulp::reference
