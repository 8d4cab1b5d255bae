#include "properties/pattern.hpp"

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace ulp::properties {

namespace {

// A pattern as a tree: a set of characters, a sequence, alternatives, or a repetition.
struct Node {
  enum class Kind { characters, sequence, alternatives, repetition } kind = Kind::sequence;
  std::string characters;
  std::vector<Node> children;
  int min = 1, max = 1;  // repetition; max -1: unbounded

  static Node of_characters(std::string set) {
    Node n;
    n.kind = Kind::characters;
    n.characters = std::move(set);
    return n;
  }
  static Node of(Kind kind, std::vector<Node> children = {}) {
    Node n;
    n.kind = kind;
    n.children = std::move(children);
    return n;
  }
};

std::string printable_ascii() {
  std::string out;
  for (char c = ' '; c <= '~'; ++c) out += c;
  return out;
}

class Parser {
 public:
  explicit Parser(const std::string& pattern) : p_(pattern) {
    if (!p_.empty() && p_.front() == '^') p_.erase(0, 1);
    if (!p_.empty() && p_.back() == '$' && (p_.size() < 2 || p_[p_.size() - 2] != '\\'))
      p_.pop_back();
  }

  Node parse() {
    Node n = alternatives();
    if (i_ != p_.size()) fail("unexpected '" + std::string(1, p_[i_]) + "'");
    return n;
  }

 private:
  Node alternatives() {
    Node first = sequence();
    if (!at('|')) return first;
    Node out = Node::of(Node::Kind::alternatives);
    out.children.push_back(std::move(first));
    while (at('|')) {
      ++i_;
      out.children.push_back(sequence());
    }
    return out;
  }

  Node sequence() {
    Node out = Node::of(Node::Kind::sequence);
    while (i_ < p_.size() && !at('|') && !at(')')) out.children.push_back(quantified(atom()));
    return out;
  }

  Node atom() {
    char c = p_[i_++];
    if (c == '(') {
      if (p_.compare(i_, 2, "?:") == 0) i_ += 2;
      Node inner = alternatives();
      if (!at(')')) fail("unclosed group");
      ++i_;
      return inner;
    }
    if (c == '[') return Node::of_characters(character_class());
    if (c == '.') return Node::of_characters(printable_ascii());
    if (c == '\\') return Node::of_characters(escape());
    if (c == '*' || c == '+' || c == '?' || c == '{') fail("quantifier without an operand");
    return Node::of_characters(std::string(1, c));
  }

  Node quantified(Node operand) {
    int min = 1, max = 1;
    if (at('?')) {
      min = 0;
    } else if (at('*')) {
      min = 0, max = -1;
    } else if (at('+')) {
      max = -1;
    } else if (at('{')) {
      ++i_;
      min = max = number();
      if (at(',')) {
        ++i_;
        max = at('}') ? -1 : number();
      }
      if (!at('}')) fail("unclosed {");
    } else {
      return operand;
    }
    ++i_;
    Node out = Node::of(Node::Kind::repetition);
    out.children.push_back(std::move(operand));
    out.min = min;
    out.max = max;
    return out;
  }

  std::string character_class() {
    if (at('^')) fail("negated classes are not supported");
    std::string set;
    while (i_ < p_.size() && !at(']')) {
      std::string lo = p_[i_] == '\\' ? (++i_, escape()) : std::string(1, p_[i_++]);
      // "a-z" is a range; a '-' first, last or right after a range stands for itself.
      if (lo.size() == 1 && at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        char hi = p_[i_] == '\\' ? (++i_, escape().front()) : p_[i_++];
        if (hi < lo[0]) fail("reversed range");
        for (char c = lo[0];; ++c) {
          set += c;
          if (c == hi) break;
        }
      } else {
        set += lo;
      }
    }
    if (!at(']')) fail("unclosed [");
    ++i_;
    if (set.empty()) fail("empty class");
    return set;
  }

  std::string escape() {
    if (i_ >= p_.size()) fail("trailing backslash");
    char c = p_[i_++];
    if (c == 'd') return "0123456789";
    if (c == 'w') return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    if (std::isalnum(static_cast<unsigned char>(c))) fail(std::string("escape \\") + c);
    return std::string(1, c);
  }

  int number() {
    std::size_t start = i_;
    while (i_ < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i_]))) ++i_;
    if (start == i_) fail("expected a number");
    return std::stoi(p_.substr(start, i_ - start));
  }

  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }
  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("pattern '" + p_ + "' at " + std::to_string(i_) + ": " + why);
  }

  std::string p_;
  std::size_t i_ = 0;
};

// An unbounded repetition repeats at most this many times beyond its minimum: nested
// repetitions then stay within the lengths the model allows, and shrink quickly.
constexpr int kUnboundedExtra = 4;

rc::Gen<std::string> generator(const Node& n) {
  switch (n.kind) {
    case Node::Kind::characters:
      return rc::gen::map(rc::gen::elementOf(n.characters),
                          [](char c) { return std::string(1, c); });
    case Node::Kind::sequence: {
      std::vector<rc::Gen<std::string>> parts;
      for (const auto& child : n.children) parts.push_back(generator(child));
      return rc::gen::exec([parts] {
        std::string out;
        for (const auto& part : parts) out += *part;
        return out;
      });
    }
    case Node::Kind::alternatives: {
      std::vector<rc::Gen<std::string>> options;
      for (const auto& child : n.children) options.push_back(generator(child));
      return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, options.size()),
                             [options](std::size_t i) { return options[i]; });
    }
    case Node::Kind::repetition: {
      rc::Gen<std::string> item = generator(n.children.front());
      int max = n.max < 0 ? n.min + kUnboundedExtra : n.max;
      return rc::gen::mapcat(rc::gen::inRange(n.min, max + 1), [item](int count) {
        return rc::gen::map(rc::gen::container<std::vector<std::string>>(count, item),
                            [](const std::vector<std::string>& items) {
                              std::string out;
                              for (const auto& s : items) out += s;
                              return out;
                            });
      });
    }
  }
  throw std::logic_error("unknown pattern node");
}

}  // namespace

rc::Gen<std::string> matching(const std::string& pattern) {
  return generator(Parser(pattern).parse());
}

}  // namespace ulp::properties
