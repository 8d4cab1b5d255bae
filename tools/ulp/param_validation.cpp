#include "tools/ulp/param_validation.hpp"

#include "tools/ulp/cli_input.hpp"
#include "tools/ulp/command_table.hpp"
#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

class Validator {
 public:
  explicit Validator(const CallParameters& p) : parameters_(p) {}
  std::vector<std::string> errors;

  void check(const ordered_json& v, const Shape& s, const std::string& name) {
    const std::string& t = s.type;
    if (t == "structure") return structure(v, s, name);
    if (t == "list") {
      if (!v.is_array()) return invalid_type(v, name, "<class 'list'>, <class 'tuple'>");
      range(static_cast<long long>(v.size()), s, name, "length");
      const Shape& item = Spec::get().shape(s.member);
      for (std::size_t i = 0; i < v.size(); ++i)
        check(v[i], item, name + "[" + std::to_string(i) + "]");
      return;
    }
    if (t == "string") {
      if (!v.is_string()) return invalid_type(v, name, "<class 'str'>");
      range(static_cast<long long>(code_points(v.get_ref<const std::string&>())), s, name,
            "length");
      return;
    }
    if (t == "long" || t == "integer") {
      // bool is an int in Python, so true passes as 1.
      if (!v.is_number_integer() && !v.is_boolean()) return invalid_type(v, name, "<class 'int'>");
      if (v.is_number_unsigned()) return;  // beyond any minimum
      range(v.is_boolean() ? v.get<bool>() : v.get<long long>(), s, name, "value");
      return;
    }
    if (t == "float" || t == "double") {
      if (!v.is_number() && !v.is_boolean())
        return invalid_type(v, name, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>");
      return;
    }
    if (t == "boolean") {
      if (!v.is_boolean()) invalid_type(v, name, "<class 'bool'>");
      return;
    }
    if (t == "blob") {
      if (!v.is_string())
        invalid_type(v, name, "<class 'bytes'>, <class 'bytearray'>, file-like object");
      return;
    }
    if (t == "timestamp") {
      if (!v.is_string() && !v.is_number())
        invalid_type(v, name, "<class 'datetime.datetime'>, timestamp-string");
      return;
    }
  }

 private:
  static std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }
  static std::string display(const std::string& name) {
    if (name.empty()) return "input";
    return name[0] == '.' ? name.substr(1) : name;
  }
  void invalid_type(const ordered_json& v, const std::string& name, const std::string& valid) {
    errors.push_back("Invalid type for parameter " + display(name) + ", value: " + python_str(v) +
                     ", type: " + python_type_name(v) + ", valid types: " + valid);
  }
  void range(long long n, const Shape& s, const std::string& name, const char* what) {
    if (!s.min || n >= *s.min) return;
    errors.push_back(std::string("Invalid ") + (what[0] == 'l' ? "length" : "value") +
                     " for parameter " + display(name) + ", value: " + std::to_string(n) +
                     ", valid min " + what + ": " + std::to_string(*s.min));
  }
  void structure(const ordered_json& v, const Shape& s, const std::string& name) {
    if (!v.is_object()) return invalid_type(v, name, "<class 'dict'>");
    for (const auto& r : s.required)
      if (!v.contains(r) && !(name.empty() && parameters_.binary_blobs.count(r)))
        errors.push_back("Missing required parameter in " + display(name) + ": \"" + r + "\"");
    const auto& members = CommandTable::get().members_of(s);
    std::string valid;
    for (const auto& [m, _] : members) valid += (valid.empty() ? "" : ", ") + m;
    for (const auto& [key, _] : v.items())
      if (!s.member_shape(key))
        errors.push_back("Unknown parameter in " + display(name) + ": \"" + key +
                         "\", must be one of: " + valid);
    for (const auto& [key, value] : v.items())
      if (const std::string* shape = s.member_shape(key)) {
        if (name.empty() && parameters_.binary_blobs.count(key)) continue;  // bytes
        check(value, Spec::get().shape(*shape), name + "." + key);
      }
  }

  const CallParameters& parameters_;
};

}  // namespace

std::vector<std::string> validate_parameters(const CallParameters& parameters, const Shape& input) {
  Validator v(parameters);
  v.check(parameters.values, input, "");
  return std::move(v.errors);
}

}  // namespace ulp::cli
