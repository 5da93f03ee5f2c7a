// hls_half.h — IEEE 754 binary16 `half` for C simulation. Values are stored as 16 bits; every
// conversion from float rounds to nearest-even (with subnormals, infinities and NaN), and arithmetic
// is done in float then rounded back, so each operation gives the correctly rounded half result.
#ifndef HLS_SIM_HLS_HALF_H
#define HLS_SIM_HLS_HALF_H

#include <cmath>
#include <cstdint>
#include <cstring>
#include <istream>
#include <ostream>

#include "hls_sim_common.h"

namespace hls_half_detail {
inline std::uint16_t from_float(float f) {
  std::uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  const std::uint32_t exp = (x >> 23) & 0xFFu;
  std::uint32_t man = x & 0x7FFFFFu;
  if (exp == 0xFFu) return static_cast<std::uint16_t>(sign | 0x7C00u | (man ? (0x200u | (man >> 13)) : 0u));
  const int e = static_cast<int>(exp) - 127 + 15;
  if (e >= 31) return static_cast<std::uint16_t>(sign | 0x7C00u);
  if (e <= 0) {
    if (e < -10) return static_cast<std::uint16_t>(sign);
    man |= 0x800000u;
    const int shift = 14 - e;
    std::uint32_t hm = man >> shift;
    const std::uint32_t rem = man & ((1u << shift) - 1u);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (rem > halfway || (rem == halfway && (hm & 1u))) ++hm;
    return static_cast<std::uint16_t>(sign | hm);
  }
  const std::uint32_t hm = man >> 13;
  const std::uint32_t rem = man & 0x1FFFu;
  std::uint32_t h = sign | (static_cast<std::uint32_t>(e) << 10) | hm;
  if (rem > 0x1000u || (rem == 0x1000u && (hm & 1u))) ++h;  // a carry into the exponent is right
  return static_cast<std::uint16_t>(h);
}

inline float to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exp = (h >> 10) & 0x1Fu;
  const std::uint32_t man = h & 0x3FFu;
  std::uint32_t x;
  if (exp == 0) {
    const float mag = std::ldexp(static_cast<float>(man), -24);
    return sign ? -mag : mag;
  }
  if (exp == 31) x = sign | 0x7F800000u | (man << 13);
  else x = sign | ((exp + 112u) << 23) | (man << 13);
  float f;
  std::memcpy(&f, &x, sizeof f);
  return f;
}
}  // namespace hls_half_detail

class half {
 public:
  half() = default;
  half(float f) : bits_(hls_half_detail::from_float(f)) {}
  half(double d) : bits_(hls_half_detail::from_float(static_cast<float>(d))) {}
  half(int i) : bits_(hls_half_detail::from_float(static_cast<float>(i))) {}
  operator float() const { return hls_half_detail::to_float(bits_); }

  std::uint16_t get_bits() const { return bits_; }
  void set_bits(std::uint16_t b) { bits_ = b; }

  half& operator+=(half o) { return *this = half(float(*this) + float(o)); }
  half& operator-=(half o) { return *this = half(float(*this) - float(o)); }
  half& operator*=(half o) { return *this = half(float(*this) * float(o)); }
  half& operator/=(half o) { return *this = half(float(*this) / float(o)); }
  half operator-() const {
    half r;
    r.bits_ = static_cast<std::uint16_t>(bits_ ^ 0x8000u);
    return r;
  }
  half operator+() const { return *this; }

 private:
  std::uint16_t bits_;
};

inline half operator+(half a, half b) { return half(float(a) + float(b)); }
inline half operator-(half a, half b) { return half(float(a) - float(b)); }
inline half operator*(half a, half b) { return half(float(a) * float(b)); }
inline half operator/(half a, half b) { return half(float(a) / float(b)); }
inline bool operator==(half a, half b) { return float(a) == float(b); }
inline bool operator!=(half a, half b) { return float(a) != float(b); }
inline bool operator<(half a, half b) { return float(a) < float(b); }
inline bool operator>(half a, half b) { return float(a) > float(b); }
inline bool operator<=(half a, half b) { return float(a) <= float(b); }
inline bool operator>=(half a, half b) { return float(a) >= float(b); }
inline std::ostream& operator<<(std::ostream& os, half h) { return os << float(h); }
inline std::istream& operator>>(std::istream& is, half& h) {
  float f;
  if (is >> f) h = half(f);
  return is;
}

#endif  // HLS_SIM_HLS_HALF_H
