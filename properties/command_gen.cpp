// Which commands a sequence is made of, and how often: mostly the right next part, so that
// uploads grow and complete, with every way of getting a part, a completion or a request
// wrong mixed in.
#include <algorithm>

#include "core/spoiled_signing.hpp"
#include "properties/command_gen.hpp"
#include "properties/field_values.hpp"
#include "properties/weighted.hpp"

namespace ulp::properties {

namespace {

std::vector<int> usable_slots(const Model& m) {
  std::vector<int> out;
  for (std::size_t i = 0; i < m.uploads.size(); ++i)
    if (m.uploads[i].usable()) out.push_back(static_cast<int>(i));
  return out;
}

// Part sizes around the profile's limits: a few bytes (a last part), at least the minimum (a
// part others may follow), just under it, the largest, anything up to the largest.
rc::Gen<std::int64_t> part_size(const Limits& l) {
  const Profile& p = l.profile;
  Weighted<std::int64_t> choices = {
      {6, rc::gen::inRange<std::int64_t>(1, std::min(p.min_part_bytes, kFew) + 1)},
      {3, rc::gen::inRange<std::int64_t>(p.min_part_bytes,
                                         std::min(p.min_part_bytes + kFew, p.max_part_bytes) + 1)},
      {1, rc::gen::just(p.max_part_bytes)},
      {1, rc::gen::inRange<std::int64_t>(1, p.max_part_bytes + 1)}};
  if (p.min_part_bytes > 1) choices.push_back({1, rc::gen::just(p.min_part_bytes - 1)});
  return weighted(choices);
}

rc::Gen<int> content_seed() {
  return rc::gen::inRange(0, kContentSeeds);
}

rc::Gen<std::string> other_registry(const Model& m) {
  return rc::gen::suchThat(valid_value("RegistryId"),
                           [id = m.registry_id](const std::string& v) { return v != id; });
}

rc::Gen<std::string> unknown_repository(const Model& m) {
  return rc::gen::suchThat(valid_value("RepositoryName"),
                           [names = m.settings().repositories](const std::string& v) {
                             return v != names[0] && v != names[1];
                           });
}

rc::Gen<Addressing> addressing(const Model& m, bool to_upload) {
  using K = Addressing::Kind;
  auto kind = [](K k) { return rc::gen::just(Addressing{k, ""}); };
  auto with = [](K k, rc::Gen<std::string> value) {
    return rc::gen::map(std::move(value), [k](std::string v) { return Addressing{k, v}; });
  };
  Weighted<Addressing> choices = {{20, kind(K::as_is)},
                                  {2, kind(K::own_registry)},
                                  {1, with(K::other_registry, other_registry(m))},
                                  {1, with(K::unknown_repository, unknown_repository(m))}};
  if (to_upload) {
    choices.push_back({1, kind(K::other_repository)});
    choices.push_back({1, with(K::unknown_upload, unknown_upload_id(m))});
  }
  return weighted(choices);
}

rc::Gen<CommandPtr> initiate(const Model& m) {
  return steps(rc::gen::exec([m] {
    InitiateIntent in;
    in.repository = *rc::gen::inRange(0, 2);
    in.addressing = *addressing(m, false);
    return in;
  }));
}

rc::Gen<std::int64_t> wrong_length_offset(std::int64_t next, std::int64_t size) {
  Weighted<std::int64_t> choices = {{3, rc::gen::inRange<std::int64_t>(1, kFew)}};  // too long
  if (size > 1)  // too short, still at least one byte
    choices.push_back({3, rc::gen::map(rc::gen::inRange<std::int64_t>(1, size),
                                       [](std::int64_t k) { return -k; })});
  if (next > 0)  // ending before it starts
    choices.push_back({1, rc::gen::map(rc::gen::inRange<std::int64_t>(0, std::min(next, kFew)),
                                       [size](std::int64_t k) { return -(size + k); })});
  return weighted(choices);
}

rc::Gen<CommandPtr> upload_part(const Model& m, std::vector<int> slots) {
  return steps(rc::gen::exec([m, slots] {
    using K = PartIntent::Kind;
    PartIntent in;
    in.slot = *rc::gen::elementOf(slots);
    const Upload& u = m.uploads[static_cast<std::size_t>(in.slot)];
    const std::int64_t next = u.next_byte();
    const Limits& l = m.limits();
    Weighted<K> kinds = {{12, rc::gen::just(K::next)},
                         {2, rc::gen::just(K::gap)},
                         {2, rc::gen::just(K::wrong_length)},
                         {1, rc::gen::just(K::oversize)},
                         {1, rc::gen::just(K::empty)}};
    if (next > 0) {
      kinds.push_back({2, rc::gen::just(K::overlap)});
      kinds.push_back({1, rc::gen::just(K::rewind)});
      kinds.push_back({1, rc::gen::just(K::resend)});
    }
    in.kind = *weighted(kinds);
    in.size = *part_size(l);
    in.seed = *content_seed();
    // Now and then the same bytes as another upload, to make a layer twice: most often one
    // completed in the same repository, which makes LayerAlreadyExistsException.
    Weighted<int> copies;
    for (std::size_t i = 0; i < m.uploads.size(); ++i) {
      const Upload& other = m.uploads[i];
      if (static_cast<int>(i) == in.slot || other.parts.size() <= u.parts.size()) continue;
      const bool same_layer_again =
          other.state == UploadState::completed && other.repository == u.repository;
      copies.push_back({same_layer_again ? 4u : 1u, rc::gen::just(static_cast<int>(i))});
    }
    if (in.kind == K::next && !copies.empty() &&
        *weighted<bool>({{1, rc::gen::just(false)}, {1, rc::gen::just(true)}}))
      in.copy_of = *weighted(copies);
    switch (in.kind) {
      case K::gap: {
        // A few bytes, or anywhere up to the largest position a part can start at.
        const std::int64_t farthest = l.position_max - next - (in.size - 1);
        RC_PRE(farthest >= 1);
        Weighted<std::int64_t> offsets = {
            {4, rc::gen::inRange<std::int64_t>(1, std::min(farthest, kFew) + 1)},
            {1, rc::gen::just(farthest)}};
        if (farthest > 1) offsets.push_back({1, rc::gen::inRange<std::int64_t>(1, farthest)});
        in.offset = *weighted(offsets);
        break;
      }
      case K::overlap:
        in.offset = *rc::gen::inRange<std::int64_t>(1, next + 1);
        break;
      case K::wrong_length:
        in.offset = *wrong_length_offset(next, in.size);
        break;
      case K::oversize:
        in.offset = *rc::gen::inRange<std::int64_t>(1, kFew);
        break;
      case K::empty:
        in.offset = next > 0 ? *rc::gen::inRange<std::int64_t>(0, 2) : 1;
        break;
      default:
        break;
    }
    in.addressing = *addressing(m, true);
    in.unknown_member = *weighted<bool>({{19, rc::gen::just(false)}, {1, rc::gen::just(true)}});
    return in;
  }));
}

rc::Gen<CommandPtr> complete(const Model& m, std::vector<int> slots) {
  return steps(rc::gen::exec([m, slots] {
    using D = CompleteIntent::Digests;
    CompleteIntent in;
    // Mostly an upload that may complete: open, with parts.
    Weighted<int> targets;
    for (int slot : slots) {
      const Upload& u = m.uploads[static_cast<std::size_t>(slot)];
      const bool may_complete = u.state == UploadState::open && !u.parts.empty();
      targets.push_back({may_complete ? 4u : 1u, rc::gen::just(slot)});
    }
    in.slot = *weighted(targets);
    in.digests = *weighted<D>({{6, rc::gen::just(D::right)},
                               {2, rc::gen::just(D::wrong)},
                               {1, rc::gen::just(D::several_right)},
                               {1, rc::gen::just(D::right_and_wrong)}});
    const std::int64_t most = std::min<std::int64_t>(m.limits().digests_max, 4);
    in.count =
        static_cast<int>(*rc::gen::inRange<std::int64_t>(2, std::max<std::int64_t>(most, 2) + 1));
    in.wrong_digest = *valid_value("LayerDigest");
    in.wrong_first = *rc::gen::inRange(0, 2) == 1;
    in.addressing = *addressing(m, true);
    return in;
  }));
}

// The right next part of an open upload, signed wrongly in one of the spec's ways.
rc::Gen<CommandPtr> spoiled_part(const Model& m, std::vector<int> slots) {
  return steps(rc::gen::exec([m, slots] {
    SpoiledPartIntent in;
    in.signing = *rc::gen::elementOf(spoiled_signing_modes());
    in.part.slot = *rc::gen::elementOf(slots);
    in.part.size = *part_size(m.limits());
    in.part.seed = *content_seed();
    return in;
  }));
}

}  // namespace

rc::Gen<std::string> unknown_upload_id(const Model& m) {
  std::vector<std::string> ids;
  for (const auto& u : m.uploads) ids.push_back(u.id);
  return rc::gen::suchThat(valid_value("UploadId"), [ids](const std::string& v) {
    return std::find(ids.begin(), ids.end(), v) == ids.end();
  });
}

rc::Gen<CommandPtr> next_command(const Model& m) {
  const std::vector<int> slots = usable_slots(m);
  Weighted<CommandPtr> choices = {{3, initiate(m)}};
  if (!slots.empty()) {
    choices.push_back({12, upload_part(m, slots)});
    choices.push_back({3, complete(m, slots)});
  }
  choices.push_back({1, invalid_field(m, slots)});
  choices.push_back({1, malformed_body(m, slots)});
  if (!slots.empty() && m.settings().credentials) choices.push_back({1, spoiled_part(m, slots)});
  // RapidCheck's size grows with the cases run and bounds the length of a sequence; each
  // command, though, is drawn from the whole of its ranges from the first case on.
  return rc::gen::resize(rc::kNominalSize, weighted(choices));
}

rc::Gen<std::array<std::string, 2>> repository_pair() {
  return rc::gen::resize(rc::kNominalSize, rc::gen::exec([] {
                           std::string first = *valid_value("RepositoryName");
                           std::string second = *rc::gen::suchThat(
                               valid_value("RepositoryName"),
                               [first](const std::string& v) { return v != first; });
                           return std::array<std::string, 2>{first, second};
                         }));
}

}  // namespace ulp::properties
