// Python's renderings of values that appear in the aws CLI's messages and text output:
// repr() of a string in argparse errors, str() of a float in text and table output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ulp::cli {

// repr(s): 'abc', "it's", with \n, \t, \\ and \xNN escapes.
std::string python_repr(std::string_view s);

// repr(float) / str(float): the shortest text that reads back exactly, "1.0", "1e+20".
std::string python_float(double value);

// str(v) of the Python value a JSON value loads as: abc, 5, True, None, ['a', 1], {'k': 'v'}.
std::string python_str(const nlohmann::ordered_json& value);

}  // namespace ulp::cli
