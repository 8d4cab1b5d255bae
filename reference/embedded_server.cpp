#include "reference/embedded_server.hpp"

#include <random>
#include <stdexcept>
#include <string_view>

namespace ulp::reference {

namespace {
EngineOptions engine_options(const Profile& limits, Mutant mutant) {
  EngineOptions o;
  o.profile = limits;
  o.mutant = mutant;
  o.seed = 1;
  return o;
}
}  // namespace

sigv4::Key generated_key(const Profile& limits) {
  std::random_device random;
  auto text = [&](std::string_view alphabet, std::size_t length) {
    std::string out;
    while (out.size() < length) out += alphabet[random() % alphabet.size()];
    return out;
  };
  constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  constexpr std::string_view kAny =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  sigv4::Key key;
  key.credentials.access_key_id = "ASIA" + text(kUpper, 16);  // ASIA: temporary credentials
  key.credentials.secret_access_key = text(kAny, 40);
  key.credentials.session_token = text(kAny, 64);
  key.account = limits.registry_id;
  return key;
}

EmbeddedServer::EmbeddedServer(const Profile& limits, Mutant mutant, std::optional<sigv4::Key> key)
    : engine_(engine_options(limits, mutant)),
      authenticator_(
          key ? std::make_unique<Authenticator>(std::vector<sigv4::Key>{*key}, limits.region)
              : nullptr),
      handler_(engine_, authenticator_.get()),
      server_(handler_) {
  int port = server_.bind("127.0.0.1", 0);
  if (port < 0) throw std::runtime_error("cannot listen on a loopback port");
  url_ = "http://127.0.0.1:" + std::to_string(port);
  serving_ = std::thread([this] { server_.serve(); });
}

EmbeddedServer::~EmbeddedServer() {
  server_.stop();
  serving_.join();
}

}  // namespace ulp::reference
