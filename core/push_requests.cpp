#include "core/push_requests.hpp"

#include <nlohmann/json.hpp>

#include "core/aws_json.hpp"
#include "core/base64.hpp"

namespace ulp {

using nlohmann::json;

Request initiate_request(const std::string& repository) {
  return Request::of("InitiateLayerUpload", {{"repositoryName", repository}});
}

Request part_request(const std::string& repository, const std::string& upload_id,
                     std::int64_t first_byte, std::string_view bytes) {
  const auto last_byte = first_byte + static_cast<std::int64_t>(bytes.size()) - 1;
  Request r;
  r.operation = "UploadLayerPart";
  r.body = aws_json::with_blob({{"repositoryName", repository},
                                {"uploadId", upload_id},
                                {"partFirstByte", first_byte},
                                {"partLastByte", last_byte}},
                               "layerPartBlob", base64::encode(bytes));
  return r;
}

Request complete_request(const std::string& repository, const std::string& upload_id,
                         const std::string& digest) {
  return Request::of("CompleteLayerUpload", {{"repositoryName", repository},
                                             {"uploadId", upload_id},
                                             {"layerDigests", json::array({digest})}});
}

Request check_request(const std::string& repository, const std::vector<std::string>& digests) {
  return Request::of("BatchCheckLayerAvailability",
                     {{"repositoryName", repository}, {"layerDigests", digests}});
}

Request create_repository_request(const std::string& repository) {
  return Request::of("CreateRepository", {{"repositoryName", repository}});
}

Request delete_repository_request(const std::string& repository) {
  return Request::of("DeleteRepository", {{"repositoryName", repository}, {"force", true}});
}

}  // namespace ulp
