#include "conformance/repositories.hpp"

#include <atomic>
#include <chrono>

#include "conformance/matcher.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

// A repository name from a case ID: lower case, runs of other characters as one '-'.
std::string slug_of(const std::string& id) {
  std::string out;
  for (char c : id) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (keep)
      out += l;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 80);
}

std::string summary(const Response& r) {
  if (r.status == 0) return "no answer (" + r.transport_error + ")";
  return std::to_string(r.status) + " " + (r.error_type.empty() ? "" : r.error_type + " ") +
         (r.json ? short_json(*r.json) : "(" + std::to_string(r.body.size()) + " bytes, not JSON)");
}

}  // namespace

CaseRepositories::CaseRepositories(const RunSettings& settings, Target& target, Recorder record,
                                   const std::string& case_id)
    : settings_(settings), target_(target), record_(std::move(record)) {
  static std::atomic<int> counter{0};
  slug_ = "ulp-conformance-" + settings.run_id + "-" + std::to_string(++counter) + "-" +
          slug_of(case_id);
  if (settings.registry_id) registry_id_ = settings.registry_id;
}

CaseRepositories::~CaseRepositories() {
  cleanup();
}

void CaseRepositories::cleanup() {
  if (cleaned_ || settings_.keep_repositories) return;
  cleaned_ = true;
  for (const auto& name : created_) {
    Request request = Request::of("DeleteRepository", {{"repositoryName", name}, {"force", true}});
    auto start = std::chrono::steady_clock::now();
    Response r = target_.send(request);
    record_(request, r,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    const bool deleted_by_the_case =
        name == disposable_ && r.error_type == "RepositoryNotFoundException";
    if (!r.ok() && !deleted_by_the_case)
      warnings.push_back("could not delete repository " + name + ": " + summary(r));
  }
}

std::string CaseRepositories::create(const std::string& name) {
  Request request = Request::of("CreateRepository", {{"repositoryName", name}});
  auto start = std::chrono::steady_clock::now();
  Response r = target_.send(request);
  record_(request, r,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!r.ok())
    throw SetupError("the runner could not create repository " + name + ": " + summary(r));
  created_.push_back(name);
  if (!registry_id_ && r.json)
    if (const json* id = member_at(*r.json, "repository.registryId"); id && id->is_string())
      registry_id_ = id->get<std::string>();
  return name;
}

std::string CaseRepositories::main() {
  if (!main_) main_ = settings_.repository_name ? *settings_.repository_name : create(slug_);
  return *main_;
}

std::string CaseRepositories::other() {
  if (!other_) {
    if (settings_.other_repository_name)
      other_ = *settings_.other_repository_name;
    else if (settings_.repository_name)
      throw Unavailable(
          "needs a second repository: pass --other-repository-name, or leave out "
          "--repository-name so that the runner creates repositories");
    else
      other_ = create(slug_ + "-other");
  }
  return *other_;
}

std::string CaseRepositories::disposable() {
  if (!disposable_) {
    if (settings_.repository_name)
      throw Unavailable(
          "deletes a repository: leave out --repository-name so that the runner creates one it "
          "may delete");
    disposable_ = create(slug_ + "-disposable");
  }
  return *disposable_;
}

std::string CaseRepositories::unknown() {
  return slug_ + "-unknown";
}

std::string CaseRepositories::registry_id() {
  if (!registry_id_ && !settings_.repository_name) main();  // CreateRepository tells it
  if (!registry_id_)
    throw Unavailable("needs the registry ID: pass --registry-id (the target did not tell it)");
  return *registry_id_;
}

}  // namespace ulp::conformance
