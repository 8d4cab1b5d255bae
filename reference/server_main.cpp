// ulp-reference-server: the reference UploadLayerPart implementation on HTTP.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "core/spec.hpp"
#include "core/validate.hpp"
#include "reference/authenticator.hpp"
#include "reference/server.hpp"

using namespace ulp::reference;

namespace {

// Every open upload with bytes holds its file open, and a repository may have 10,000 open:
// the soft limit (often 1,024) goes up to the hard one.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The reference ECR layer-upload server (AWS JSON 1.1 over HTTP)",
               "ulp-reference-server"};
  std::string host = "127.0.0.1", data_dir, profile_name = "ecr", registry_id, mutant_name = "none",
              auth_file, region, rates_name;
  int port = 0;
  std::vector<std::string> repositories;
  bool list = false;
  std::uint64_t seed = std::random_device{}();
  app.add_option("--host", host, "address to listen on")->capture_default_str();
  app.add_option("--port", port, "port to listen on; 0 picks a free one")->capture_default_str();
  app.add_option("--registry-id", registry_id, "12-digit registry ID (default: the profile's)");
  app.add_option("--data-dir", data_dir,
                 "keep everything here, durably: repositories, open uploads and layers survive "
                 "a restart or a crash (default: a temporary directory, gone at exit)");
  std::string fsync_name = "always";
  app.add_option("--fsync", fsync_name,
                 "when --data-dir reaches the disk: always (before every answer that changed "
                 "something), interval (every second), never (when the kernel likes)")
      ->capture_default_str();
  app.add_option("--repository", repositories, "create this repository at start (repeatable)");
  app.add_option("--profile", profile_name, "limits: ecr, ecr-public, small, or a JSON file")
      ->capture_default_str();
  app.add_option("--auth", auth_file,
                 "verify SigV4 with the keys of this credentials file (aws CLI format)");
  app.add_option("--region", region, "the region signatures must name (default: the profile's)");
  app.add_option("--rates", rates_name,
                 "answer calls beyond these request rates as ECR does (400 ThrottlingException, "
                 "'Rate exceeded'): ecr, ecr-public, or a JSON file with a requestsPerSecond "
                 "object as in spec/profiles; default: no limit");
  app.add_option("--mutant", mutant_name, "break a rule on purpose (see --list-mutants)");
  app.add_option("--seed", seed, "seed for upload IDs");
  app.add_flag("--list-mutants", list, "list the mutants and the requirements each breaks");
  CLI11_PARSE(app, argc, argv);

  if (list) {
    // name, the requirements it breaks, their levels, what it does: tab-separated.
    for (const auto& m : durability_mutants())
      std::cout << m.name << "\t-\t-\t" << m.what << " (ulp-crash-test catches it)\n";
    for (const auto& m : mutants()) {
      std::string ids, levels;
      for (auto id : m.breaks) {
        const ulp::Requirement* r = ulp::Spec::get().requirement(std::string(id));
        ids += (ids.empty() ? "" : ",") + std::string(id);
        levels += (levels.empty() ? "" : ",") + (r ? r->level : std::string("?"));
      }
      std::cout << m.name << "\t" << ids << "\t" << levels << "\t" << m.what << "\n";
    }
    return 0;
  }
  auto fsync = fsync_policy_named(fsync_name);
  if (!fsync) {
    std::cerr << "ulp-reference-server: --fsync " << fsync_name
              << ": one of always, interval, never\n";
    return 2;
  }
  auto mutant = mutant_named(mutant_name);
  if (!mutant) {
    std::cerr << "ulp-reference-server: no mutant named '" << mutant_name
              << "' (see --list-mutants)\n";
    return 2;
  }

  // Signals are taken by a waiting thread rather than a handler, so that stopping is an
  // ordinary call.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    EngineOptions options;
    options.profile = ulp::Profile::load(profile_name);
    if (!registry_id.empty()) options.profile.registry_id = registry_id;
    options.data_dir = data_dir;
    options.fsync = *fsync;
    raise_open_file_limit();
    options.mutant = *mutant;
    options.seed = seed;
    if (auto bad = ulp::validate("RegistryId", options.profile.registry_id)) {
      std::cerr << "ulp-reference-server: --registry-id: " << bad->message() << "\n";
      return 2;
    }
    Engine engine(options);
    if (engine.durable())
      std::cerr << "ulp-reference-server: " << engine.recovery().summary(engine.data_dir())
                << "; fsync " << fsync_policy_name(*fsync) << "\n";
    for (const auto& name : repositories) {
      auto made = engine.create_repository({"", name});
      auto* e = std::get_if<Error>(&made);
      // Kept from the last start of a durable server: what was asked for is there.
      if (e && e->type == "RepositoryAlreadyExistsException" && engine.durable()) continue;
      if (e) {
        std::cerr << "ulp-reference-server: --repository " << name << ": " << e->type << ": "
                  << e->message << "\n";
        return 2;
      }
    }
    if (region.empty()) region = options.profile.region;
    std::unique_ptr<Authenticator> authenticator;
    if (!auth_file.empty())
      authenticator = std::make_unique<Authenticator>(Authenticator::load_keys(auth_file), region);
    Handler handler(engine, authenticator.get());
    std::map<std::string, double> rates;
    if (!rates_name.empty()) rates = ulp::load_rates(rates_name);
    if (!rates.empty()) handler.throttle(rates);
    Server server(handler);
    int bound = server.bind(host, port);
    if (bound < 0) {
      std::cerr << "ulp-reference-server: cannot listen on " << host << ":" << port << "\n";
      return 1;
    }
    std::atomic<bool> served{false};
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.stop();
      // httplib lets every open connection end by itself (up to the 60 s read timeout of a
      // client in mid-request). Stopping must not wait on clients: after a grace second, the
      // process ends here, leaving no temporary directory behind.
      for (int i = 0; i < 100 && !served; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (!served) {
        std::error_code ignored;
        if (data_dir.empty()) std::filesystem::remove_all(engine.data_dir(), ignored);
        std::_Exit(0);
      }
    });
    if (*mutant != Mutant::none)
      std::cerr << "ulp-reference-server: MUTANT " << mutant_name << " is active\n";
    std::cout << "listening on http://" << host << ":" << bound << std::endl;
    // After the listening line, which scripts read first.
    if (authenticator)
      std::cerr << "ulp-reference-server: authentication: SigV4 for service ecr, region " << region
                << ", " << authenticator->keys().size() << " key(s) from " << auth_file << "\n";
    else
      std::cerr << "ulp-reference-server: authentication: off (signed and unsigned requests "
                   "are served; --auth FILE verifies signatures)\n";
    if (!rates_name.empty())
      std::cerr << "ulp-reference-server: throttling: " << ulp::describe_rates(rates) << " ("
                << rates_name << ")\n";
    server.serve();
    served = true;
    // serve() also returns when the server fails; wake the waiter so that it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  } catch (const std::exception& e) {
    std::cerr << "ulp-reference-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
