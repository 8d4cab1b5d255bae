// Mutations of a generated call, from spec/: a member removed, null, of another type, just
// outside its shape's length, range or pattern, an unknown member, the protocol's headers
// changed, the body's bytes changed (cut, a character inserted, replaced or deleted, a
// member named twice, a number beyond 64 bits), or the signature spoiled (a wrong secret, the
// body or a header altered after signing, the date, the scope, the key, the token). The ${...}
// names are left whole, so that both sides still bind them; inserted bytes are ASCII or valid
// UTF-8, so that the call can be written as a fixture.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "fuzz/netfuzz/call.hpp"

namespace ulp::netfuzz {

class Mutator {
 public:
  // `signings`: the modes of core/spoiled_signing.hpp the run can spoil a signature in (none
  // for an unsigned run).
  Mutator(std::mt19937_64& rng, std::vector<std::string> signings)
      : rng_(rng), signings_(std::move(signings)) {}

  // Applies one mutation; says which in call.intent.
  void mutate(Call& call);

 private:
  std::size_t below(std::size_t n);
  void member_value(Call& call);
  void member_type(Call& call);
  void remove_member(Call& call, bool as_null);
  void unknown_member(Call& call);
  void header(Call& call);
  void raw_bytes(Call& call);
  void signature(Call& call);

  std::mt19937_64& rng_;
  std::vector<std::string> signings_;
};

}  // namespace ulp::netfuzz
