// --output text: a port of awscli/text.py. Scalars of a mapping on one tab-separated line
// (keys sorted), nested values below, prefixed by their upper-cased key.
#include <algorithm>
#include <set>

#include "tools/ulp/output.hpp"
#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

bool is_container(const ordered_json& v) {
  return v.is_object() || v.is_array();
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void format(const ordered_json& item, std::string& out, const std::string* identifier,
            const std::vector<std::string>* scalar_keys);

std::vector<std::pair<std::string, const ordered_json*>> sorted_items(const ordered_json& o) {
  std::vector<std::pair<std::string, const ordered_json*>> items;
  for (const auto& [k, v] : o.items()) items.emplace_back(k, &v);
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return items;
}

void format_dict(const std::vector<std::string>* scalar_keys, const ordered_json& item,
                 const std::string* identifier, std::string& out) {
  std::vector<std::string> scalars;
  std::vector<std::pair<std::string, const ordered_json*>> non_scalars;
  if (!scalar_keys) {
    for (const auto& [k, v] : sorted_items(item)) {
      if (is_container(*v))
        non_scalars.emplace_back(k, v);
      else
        scalars.push_back(python_str(*v));
    }
  } else {
    for (const auto& k : *scalar_keys) {
      auto it = item.find(k);
      scalars.push_back(it == item.end() ? "" : python_str(*it));
    }
    for (const auto& [k, v] : sorted_items(item))
      if (std::find(scalar_keys->begin(), scalar_keys->end(), k) == scalar_keys->end())
        non_scalars.emplace_back(k, v);
  }
  if (!scalars.empty()) {
    if (identifier) scalars.insert(scalars.begin(), upper(*identifier));
    for (std::size_t i = 0; i < scalars.size(); ++i) out += (i ? "\t" : "") + scalars[i];
    out += "\n";
  }
  for (const auto& [k, v] : non_scalars) format(*v, out, &k, nullptr);
}

void format_scalar_list(const std::vector<const ordered_json*>& elements,
                        const std::string* identifier, std::string& out) {
  if (identifier) {
    for (const auto* e : elements) out += upper(*identifier) + "\t" + python_str(*e) + "\n";
    return;
  }
  for (std::size_t i = 0; i < elements.size(); ++i)
    out += (i ? "\t" : "") + python_str(*elements[i]);
  out += "\n";
}

void format_list(const ordered_json& item, const std::string* identifier, std::string& out) {
  if (item.empty()) return;
  const bool any_dict =
      std::any_of(item.begin(), item.end(), [](auto& e) { return e.is_object(); });
  const bool any_list = std::any_of(item.begin(), item.end(), [](auto& e) { return e.is_array(); });
  if (any_dict) {
    std::set<std::string> keys;
    for (const auto& e : item)
      if (e.is_object())
        for (const auto& [k, v] : e.items())
          if (!is_container(v)) keys.insert(k);
    const std::vector<std::string> all(keys.begin(), keys.end());
    for (const auto& e : item) format(e, out, identifier, &all);
    return;
  }
  std::vector<const ordered_json*> scalars, non_scalars;
  for (const auto& e : item) (is_container(e) ? non_scalars : scalars).push_back(&e);
  if (any_list) {
    if (!scalars.empty()) format_scalar_list(scalars, identifier, out);
    for (const auto* e : non_scalars) format(*e, out, identifier, nullptr);
    return;
  }
  format_scalar_list(scalars, identifier, out);
}

void format(const ordered_json& item, std::string& out, const std::string* identifier,
            const std::vector<std::string>* scalar_keys) {
  if (item.is_object())
    format_dict(scalar_keys, item, identifier, out);
  else if (item.is_array())
    format_list(item, identifier, out);
  else
    out += python_str(item) + "\n";
}

}  // namespace

std::string format_text(const ordered_json& value) {
  std::string out;
  format(value, out, nullptr, nullptr);
  return out;
}

}  // namespace ulp::cli
