// FuzzedDataProvider's byte layout, both ways. Fuzz targets read structured inputs with
// FuzzedDataProvider; the corpus generator writes seeds that read back as the values it
// means. A structure lists its fields once, in a visit function templated on the direction:
//
//   template <class Io> void visit(Io& io, Step& s) { io.integral(s.size, 0, 64); ... }
//   FdpReader<FuzzedDataProvider> in(provider);  visit(in, step);   // fuzz target
//   FdpWriter out;  visit(out, step);  out.bytes();                 // corpus generator
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace ulp::fuzz {

template <class Provider>
class FdpReader {
 public:
  explicit FdpReader(Provider& provider) : provider_(provider) {}

  template <class T>
  void integral(T& field, T min, T max) {
    field = provider_.template ConsumeIntegralInRange<T>(min, max);
  }
  template <class E>
  void enumerated(E& field, E last) {
    using U = std::underlying_type_t<E>;
    U v = 0;
    integral<U>(v, 0, static_cast<U>(last));
    field = static_cast<E>(v);
  }
  void boolean(bool& field) { field = provider_.ConsumeBool(); }
  bool exhausted() const { return provider_.remaining_bytes() == 0; }

 private:
  Provider& provider_;
};

// Writes what FdpReader reads. FuzzedDataProvider takes integral values from the end of the
// input, most significant byte first, as many bytes as the range needs.
class FdpWriter {
 public:
  template <class T>
  void integral(const T& value, T min, T max) {
    const std::uint64_t range = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    const std::uint64_t offset =
        static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(min);
    int bytes = 0;
    while (bytes < static_cast<int>(sizeof(T)) && (range >> (8 * bytes)) > 0) ++bytes;
    for (int i = bytes - 1; i >= 0; --i)
      taken_from_end_.push_back(static_cast<char>((offset >> (8 * i)) & 0xFF));
  }
  template <class E>
  void enumerated(const E& field, E last) {
    using U = std::underlying_type_t<E>;
    integral<U>(static_cast<U>(field), 0, static_cast<U>(last));
  }
  void boolean(const bool& field) {  // ConsumeBool reads one byte and keeps its low bit
    integral<std::uint8_t>(field ? 1 : 0, 0, std::numeric_limits<std::uint8_t>::max());
  }
  bool exhausted() const { return false; }

  // The input: bytes are consumed from its end, so they are stored reversed.
  std::string bytes() const {
    return std::string(taken_from_end_.rbegin(), taken_from_end_.rend());
  }

 private:
  std::string taken_from_end_;  // in the order they are consumed
};

}  // namespace ulp::fuzz
