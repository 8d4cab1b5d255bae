// How wide the aws CLI's table output counts a character: two columns for East Asian wide,
// fullwidth and ambiguous characters (awscli/table.py's get_text_length), one otherwise.
//
// east_asian_width.cpp is generated from Python's unicodedata:
//   ranges of code points where unicodedata.east_asian_width(chr(cp)) in "WFA"
#pragma once

namespace ulp::cli {

bool counts_two_columns(char32_t code_point);

}  // namespace ulp::cli
