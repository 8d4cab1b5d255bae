#include "conformance/embedded_reference.hpp"

#include <stdexcept>

namespace ulp::conformance {

namespace {
reference::EngineOptions engine_options(const Profile& limits, reference::Mutant mutant) {
  reference::EngineOptions o;
  o.profile = limits;
  o.mutant = mutant;
  o.seed = 1;
  return o;
}
}  // namespace

EmbeddedReference::EmbeddedReference(const Profile& limits, reference::Mutant mutant)
    : engine_(engine_options(limits, mutant)), handler_(engine_), server_(handler_) {
  int port = server_.bind("127.0.0.1", 0);
  if (port < 0) throw std::runtime_error("cannot listen on a loopback port");
  url_ = "http://127.0.0.1:" + std::to_string(port);
  serving_ = std::thread([this] { server_.serve(); });
}

EmbeddedReference::~EmbeddedReference() {
  server_.stop();
  serving_.join();
}

}  // namespace ulp::conformance
