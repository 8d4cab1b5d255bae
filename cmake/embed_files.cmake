# Writes OUT: a C++ source defining ulp::embedded_file(name) over FILES, each
# named by its path relative to ROOT. Run with cmake -P.
string(REPLACE " " ";" FILES "${FILES}")
set(arrays "")
set(entries "")
set(i 0)
foreach(f ${FILES})
  file(RELATIVE_PATH name ${ROOT} ${f})
  file(READ ${f} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," content "${content}")
  string(APPEND arrays "const char file${i}[] = {${content}0};\n")
  string(APPEND entries "      {\"${name}\", std::string_view(file${i}, sizeof(file${i}) - 1)},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT} "// Generated from spec/ by cmake/embed_files.cmake; do not edit.
#include \"spec/embedded.hpp\"

#include <map>

namespace ulp {
namespace {
${arrays}}  // namespace

std::optional<std::string_view> embedded_file(std::string_view name) {
  static const std::map<std::string_view, std::string_view> files = {
${entries}  };
  auto it = files.find(name);
  if (it == files.end()) return std::nullopt;
  return it->second;
}
}  // namespace ulp
")
