#include "load/run.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/races.hpp"
#include "core/splitmix64.hpp"
#include "core/target_options.hpp"
#include "load/client.hpp"
#include "load/races.hpp"
#include "reference/embedded_server.hpp"

namespace ulp::load {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int) {
  g_interrupted = 1;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

std::string random_suffix() {
  std::random_device random;
  const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 8; ++i) out += alphabet[random() % 36];
  return out;
}

void print_progress(const Progress& p, double seconds) {
  const double mb = static_cast<double>(p.bytes.load()) / 1e6;
  std::fprintf(stderr, "\r%6.1f s  %6lld layers  %8.1f MB/s  %7.0f requests/s  %lld errors  ",
               seconds, static_cast<long long>(p.layers.load()), seconds > 0 ? mb / seconds : 0.0,
               seconds > 0 ? static_cast<double>(p.requests.load()) / seconds : 0.0,
               static_cast<long long>(p.errors.load()));
}

}  // namespace

bool RunState::claim_layer() {
  if (stop.load()) return false;
  if (options.layers > 0 && layers_begun.fetch_add(1) >= options.layers) return false;
  return true;
}

std::unique_ptr<Session> RunState::session() {
  return std::make_unique<Session>(std::make_unique<HttpTarget>(http), progress, limiter.get());
}

Outcome run(const Options& o) {
  for (const auto& id : race_requirements())
    if (!race_rule(id)) throw std::runtime_error("spec/requirements.json states no race for " + id);

  Outcome out;
  RunState state(o);
  std::unique_ptr<reference::EmbeddedServer> server;
  if (o.target.endpoint_url.empty()) {
    const auto mutant = reference::mutant_named(o.mutant.empty() ? "none" : o.mutant);
    std::optional<sigv4::Key> key;
    if (!o.target.no_sign_request) key = reference::generated_key(o.profile);
    server = std::make_unique<reference::EmbeddedServer>(o.profile, *mutant, key);
    state.http.endpoint_url = server->url();
    state.http.region = o.profile.region;
    if (key) state.http.credentials = key->credentials;
    state.http.connect_timeout_seconds = o.target.connect_timeout_seconds;
    state.http.read_timeout_seconds = o.target.read_timeout_seconds;
    out.target = "the embedded reference server (" + server->url() +
                 (o.mutant.empty() ? "" : ", mutant " + o.mutant) + ")";
  } else {
    std::string why;
    auto resolved = resolve_target(o.target, aws_config::Environment::from_process(), &why);
    if (!resolved) throw std::runtime_error(why);
    state.http = resolved->http;
    state.limiter = std::make_unique<RateLimiter>(o.profile.requests_per_second);
    out.target = state.http.endpoint_url;
  }

  // The run's repository, and a session to make and delete it.
  auto admin = state.session();
  state.repository = "ulp-load-" + random_suffix();
  const Request create = create_repository_request(state.repository);
  const Response created = admin->send(create);
  if (!created.ok())
    throw std::runtime_error("cannot create repository " + state.repository + " at " + out.target +
                             ": " + describe(create, created));

  // Closed while the clients run: an idle connection may hold one of the server's workers.
  out.stats.merge(admin->stats);
  out.findings.merge(admin->findings);
  admin.reset();

  out.racers = static_cast<int>(o.clients * o.race_fraction + 0.5);
  out.pushers = o.clients - out.racers;
  std::vector<std::unique_ptr<Session>> sessions;
  std::vector<std::thread> clients;
  std::uint64_t seeds = o.seed;
  for (int i = 0; i < o.clients; ++i) {
    const std::uint64_t seed = splitmix64_next(seeds);
    if (i < out.pushers) {
      sessions.push_back(state.session());
      clients.emplace_back(push_layers, std::ref(state), std::ref(*sessions.back()), seed);
    } else {
      sessions.push_back(state.session());
      sessions.push_back(state.session());
      Session& a = *sessions[sessions.size() - 2];
      Session& b = *sessions.back();
      clients.emplace_back(race_layers, std::ref(state), std::ref(a), std::ref(b), i - out.pushers,
                           seed);
    }
  }

  // Watch the clock, the layer count and Ctrl-C; the clients end their step and stop.
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::thread watcher([&] {
    auto last = std::chrono::steady_clock::now();
    while (!state.stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const double s = seconds();
      if (g_interrupted) {
        out.interrupted = "Ctrl-C";
        state.stop = true;
      } else if (s >= o.ceiling_seconds) {
        out.interrupted = "the ceiling of " + std::to_string(int(o.ceiling_seconds)) + " s";
        state.stop = true;
      } else if (o.layers == 0 && s >= o.duration_seconds) {
        state.stop = true;
      }
      if (o.progress && std::chrono::steady_clock::now() - last > std::chrono::milliseconds(250)) {
        print_progress(state.progress, s);
        last = std::chrono::steady_clock::now();
      }
    }
  });
  for (auto& c : clients) c.join();
  out.seconds = seconds();
  state.stop = true;
  watcher.join();
  if (o.progress) {
    print_progress(state.progress, out.seconds);
    std::fputc('\n', stderr);
  }
  std::signal(SIGINT, SIG_DFL);

  for (const auto& s : sessions) {
    out.stats.merge(s->stats);
    out.findings.merge(s->findings);
  }
  sessions.clear();  // closes every connection
  admin = state.session();
  const Request remove = delete_repository_request(state.repository);
  if (const Response r = admin->send(remove); !r.ok())
    std::cerr << "ulp-load: could not delete repository " << state.repository << ": "
              << describe(remove, r) << "\n";
  out.stats.merge(admin->stats);
  out.findings.merge(admin->findings);
  admin.reset();  // every connection closed before the server stops
  out.layers = state.progress.layers;
  out.layer_bytes = state.progress.bytes;
  return out;
}

}  // namespace ulp::load
