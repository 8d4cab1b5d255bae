#include "reference/journal_state.hpp"

#include <stdexcept>

namespace ulp::reference {

using nlohmann::json;

std::int64_t JournalState::Upload::bytes() const {
  std::int64_t n = 0;
  for (const auto& p : parts) n += p.size;
  return n;
}

void JournalState::apply(const json& r) {
  const std::string op = r.at("op");
  if (op == "repository") {
    repositories[r.at("name")].created = r.at("created");
  } else if (op == "delete-repository") {
    const std::string name = r.at("name");
    repositories.erase(name);
    std::erase_if(uploads, [&](const auto& u) { return u.second.repository == name; });
  } else if (op == "upload") {
    uploads[r.at("id")] = Upload{r.at("repository"), r.at("time"), {}};
  } else if (op == "part") {
    auto it = uploads.find(r.at("id"));
    if (it == uploads.end()) return;  // its repository was deleted since
    it->second.parts.push_back({r.at("size"), r.at("next"), r.at("time")});
    it->second.last_activity = r.at("time");
  } else if (op == "layer") {
    auto repo = repositories.find(r.at("repository"));
    if (repo != repositories.end()) repo->second.layers[r.at("digest")] = r.at("size");
    uploads.erase(r.at("id").get<std::string>());
  } else {
    throw std::invalid_argument("an operation this format does not have: '" + op + "'");
  }
}

std::vector<json> JournalState::records() const {
  std::vector<json> out;
  for (const auto& [name, repo] : repositories) {
    out.push_back({{"op", "repository"}, {"name", name}, {"created", repo.created}});
    for (const auto& [digest, size] : repo.layers)
      out.push_back(
          {{"op", "layer"}, {"id", ""}, {"repository", name}, {"digest", digest}, {"size", size}});
  }
  for (const auto& [id, up] : uploads) {
    out.push_back(
        {{"op", "upload"}, {"id", id}, {"repository", up.repository}, {"time", up.last_activity}});
    for (const auto& p : up.parts)
      out.push_back(
          {{"op", "part"}, {"id", id}, {"size", p.size}, {"next", p.next}, {"time", p.time}});
  }
  return out;
}

}  // namespace ulp::reference
