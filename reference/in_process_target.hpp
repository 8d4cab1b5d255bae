// A Target that calls the reference handler directly: no socket, no thread, for fast
// properties and fuzzing.
#pragma once

#include "core/target.hpp"
#include "reference/handler.hpp"

namespace ulp::reference {

class InProcessTarget : public Target {
 public:
  explicit InProcessTarget(Handler& handler) : handler_(handler) {}

  Response send(const Request& request) override {
    HttpRequest http{request.method, request.path, request.wire_headers(), request.body};
    HttpResponse r = handler_.handle(http);
    return Response::decode(r.status, std::move(r.headers), std::move(r.body));
  }
  std::string describe() const override { return "reference (in process)"; }

 private:
  Handler& handler_;
};

}  // namespace ulp::reference
