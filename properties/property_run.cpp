#include "properties/property_run.hpp"

namespace ulp::properties {

PropertyRun& property_run() {
  static PropertyRun run;
  return run;
}

}  // namespace ulp::properties
