#include "load/client.hpp"

#include "core/sha256.hpp"
#include "load/layer_plan.hpp"

namespace ulp::load {

void push_layers(RunState& run, Session& session, std::uint64_t seed) {
  const Options& o = run.options;
  std::uint64_t state = seed;
  while (run.claim_layer()) {
    const LayerPlan plan = plan_layer(state, o.layer_bytes, o.part_bytes);
    auto upload_id = session.initiate(run.repository);
    if (!upload_id) continue;
    Sha256 sha;
    bool sent = true;
    for (std::size_t i = 0; i < plan.parts.size() && sent && !run.stopping(); ++i) {
      const std::string bytes = plan.bytes(i);
      sha.update(bytes);
      sent = session.put_part(run.repository, *upload_id, plan.first_byte(i), bytes);
    }
    if (sent && !run.stopping())
      session.complete(run.repository, *upload_id, sha.digest(), plan.size());
  }
}

}  // namespace ulp::load
