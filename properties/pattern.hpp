// Strings that match a pattern of the ECR model, generated from the pattern itself, so that a
// pattern is written once (spec/model.json) and the generators follow it.
//
//   rc::Gen<std::string> ids = ulp::properties::matching(spec.shape("UploadId").pattern);
//
// The syntax is the subset the model uses: literals, escapes (\. \/ \d \w), '.', [classes]
// with ranges, groups ( ) and (?: ) with '|', and the quantifiers ? * + {n} {n,} {n,m}; a
// leading '^' and a trailing '$' are ignored, as the whole value must match anyway.
#pragma once

#include <rapidcheck.h>

#include <string>

namespace ulp::properties {

// Throws std::invalid_argument for syntax outside that subset.
rc::Gen<std::string> matching(const std::string& pattern);

}  // namespace ulp::properties
