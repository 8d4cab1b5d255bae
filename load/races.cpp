#include "load/races.hpp"

#include <latch>
#include <thread>

#include "core/races.hpp"
#include "core/sha256.hpp"
#include "load/layer_plan.hpp"

namespace ulp::load {

using nlohmann::json;

namespace {

struct Pair {
  Response a, b;
};

// `ra` on `a` and `rb` on `b` at the same instant: two threads released together.
Pair at_once(Session& a, const Request& ra, Session& b, const Request& rb) {
  Pair out;
  std::latch go(2);
  std::thread other([&] {
    go.arrive_and_wait();
    out.b = b.send(rb);
  });
  go.arrive_and_wait();
  out.a = a.send(ra);
  other.join();
  return out;
}

// Judges the pair by the rule of `requirement`, tallies its outcome; whether it was allowed.
bool judge(Session& s, const std::string& requirement, const Pair& p, const std::string& where) {
  const RaceRule* rule = race_rule(requirement);
  s.findings.races[requirement][outcome_of(p.a) + ", " + outcome_of(p.b)]++;
  if (auto why = rule->breach({p.a, p.b})) {
    s.findings.add(requirement, where + ": " + *why);
    return false;
  }
  return true;
}

// The repository's first parts sent plainly; the running digest of them in *sha.
bool send_parts(RunState& run, Session& s, const std::string& repository, const std::string& id,
                const LayerPlan& plan, std::size_t from, std::size_t to, Sha256& sha) {
  for (std::size_t i = from; i < to; ++i) {
    if (run.stopping()) return false;
    const std::string bytes = plan.bytes(i);
    sha.update(bytes);
    if (!s.put_part(repository, id, plan.first_byte(i), bytes)) return false;
  }
  return true;
}

// Keeps `b`'s connection open (and opens it the first time), so that the race starts at once.
void warm(Session& b, const std::string& repository) {
  b.send(check_request(repository, {"sha256:" + std::string(64, '0')}));
}

void same_part_twice(RunState& run, Session& a, Session& b, std::uint64_t& state) {
  const std::string& repo = run.repository;
  const LayerPlan plan = plan_parts(state, 3, run.options.part_bytes);
  const std::size_t racing = static_cast<std::size_t>(draw(state, 0, 2));
  auto id = a.initiate(repo);
  Sha256 sha;
  if (!id || !send_parts(run, a, repo, *id, plan, 0, racing, sha)) return;
  warm(b, repo);
  const std::string bytes = plan.bytes(racing);
  const Request part = part_request(repo, *id, plan.first_byte(racing), bytes);
  const Pair p = at_once(a, part, b, part);
  const std::string where = "upload " + *id + ", part " + std::to_string(racing);
  const bool allowed = judge(a, "LIFE-RACE", p, where);
  sha.update(bytes);
  if (!send_parts(run, a, repo, *id, plan, racing + 1, plan.parts.size(), sha)) return;
  if (allowed) {
    a.complete(repo, *id, sha.digest(), plan.size());
    return;
  }
  // What the broken race did to the layer, told under the rule it broke: the layer of the bytes
  // sent is refused, or named otherwise, when the registry kept the part twice.
  const Request completion = complete_request(repo, *id, sha.digest());
  const Response r = a.send(completion);
  const json* digest = r.ok() && r.json ? &(*r.json)["layerDigest"] : nullptr;
  if (r.error_type == "LayerAlreadyExistsException") return;  // another client's same bytes
  if (digest && digest->is_string() && digest->get<std::string>() == sha.digest()) return;
  a.findings.lost_bytes += plan.size();
  a.findings.add("LIFE-RACE", where + ": both copies accepted, then the layer of the " +
                                  std::to_string(plan.size()) +
                                  " bytes sent: " + describe(completion, r));
}

void part_against_completion(RunState& run, Session& a, Session& b, std::uint64_t& state) {
  const std::string& repo = run.repository;
  const std::size_t count = static_cast<std::size_t>(draw(state, 2, 3));
  const LayerPlan plan = plan_parts(state, count, run.options.part_bytes);
  const std::size_t racing = count - 1;
  auto id = a.initiate(repo);
  Sha256 sha;
  if (!id || !send_parts(run, a, repo, *id, plan, 0, racing, sha)) return;
  const std::string before = sha.digest();
  const std::int64_t before_size = plan.first_byte(racing);
  warm(b, repo);
  const std::string bytes = plan.bytes(racing);
  const Request part = part_request(repo, *id, before_size, bytes);
  const Request completion = complete_request(repo, *id, before);
  const Pair p = at_once(a, part, b, completion);
  const bool allowed = judge(a, "LIFE-RACE-PART-COMPLETE", p, "upload " + *id);
  if (p.a.ok() && p.b.ok()) a.findings.lost_bytes += static_cast<std::int64_t>(bytes.size());
  if (!allowed) return;
  if (p.b.ok()) {  // the completion came first: the layer is the bytes before the part
    if (b.judge_completion(completion, p.b, before, before_size))
      b.check_available(repo, before, before_size);
    return;
  }
  sha.update(bytes);  // the part was taken: the layer includes it
  a.complete(repo, *id, sha.digest(), plan.size());
}

void completion_twice(RunState& run, Session& a, Session& b, std::uint64_t& state) {
  const std::string& repo = run.repository;
  const LayerPlan plan = plan_parts(state, 2, run.options.part_bytes);
  auto id = a.initiate(repo);
  Sha256 sha;
  if (!id || !send_parts(run, a, repo, *id, plan, 0, plan.parts.size(), sha)) return;
  warm(b, repo);
  const Request completion = complete_request(repo, *id, sha.digest());
  const Pair p = at_once(a, completion, b, completion);
  judge(a, "LIFE-RACE-COMPLETE-TWICE", p, "upload " + *id);
  bool completed = false;
  for (const auto* r : {&p.a, &p.b})
    if (r->ok()) completed = a.judge_completion(completion, *r, sha.digest(), plan.size());
  if (completed) a.check_available(repo, sha.digest(), plan.size());
}

void part_against_delete(RunState& run, Session& a, Session& b, std::uint64_t& state,
                         const std::string& repo) {
  if (!a.send(create_repository_request(repo)).ok()) return;
  const LayerPlan plan = plan_parts(state, 3, run.options.part_bytes);
  auto id = a.initiate(repo);
  Sha256 sha;
  if (!id || !send_parts(run, a, repo, *id, plan, 0, 1, sha)) {
    a.send(delete_repository_request(repo));
    return;
  }
  warm(b, repo);
  const std::string bytes = plan.bytes(1);
  const Pair p = at_once(a, part_request(repo, *id, plan.first_byte(1), bytes), b,
                         delete_repository_request(repo));
  judge(a, "LIFE-PROBE-DELETE-RACE", p, "repository " + repo + ", upload " + *id);
  if (!p.b.ok()) {  // still there: the rest cannot be judged
    a.send(delete_repository_request(repo));
    return;
  }
  if (!a.send(create_repository_request(repo)).ok()) return;
  const std::size_t next = p.a.ok() ? 2 : 1;
  const Request late = part_request(repo, *id, plan.first_byte(next), plan.bytes(next));
  const Response r = a.send(late);
  if (r.error_type != "UploadNotFoundException" && r.status != 0 && r.status < 500)
    a.findings.add("LIFE-DELETE-ENDS-UPLOADS", "repository " + repo +
                                                   " deleted and created again; upload " + *id +
                                                   " begun before: " + describe(late, r) +
                                                   " (expected UploadNotFoundException)");
  a.send(delete_repository_request(repo));
}

}  // namespace

const std::vector<std::string>& race_requirements() {
  static const std::vector<std::string> ids = {
      "LIFE-RACE", "LIFE-RACE-PART-COMPLETE", "LIFE-RACE-COMPLETE-TWICE", "LIFE-PROBE-DELETE-RACE"};
  return ids;
}

void race_layers(RunState& run, Session& a, Session& b, int index, std::uint64_t seed) {
  std::uint64_t state = seed;
  const std::string own = run.repository + "-racer-" + std::to_string(index);
  for (std::size_t turn = static_cast<std::size_t>(index); run.claim_layer(); ++turn) {
    switch (turn % 4) {
      case 0:
        same_part_twice(run, a, b, state);
        break;
      case 1:
        part_against_completion(run, a, b, state);
        break;
      case 2:
        completion_twice(run, a, b, state);
        break;
      default:
        part_against_delete(run, a, b, state, own);
        break;
    }
  }
}

}  // namespace ulp::load
