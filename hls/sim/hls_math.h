// hls_math.h — C-simulation model of the Vitis HLS math library (namespace hls).
//
// float and double arguments use the C library (results may differ from the synthesised cores by a
// few ULP, as UG1399 warns). Arbitrary-precision arguments (ap_fixed / ap_ufixed / ap_int / ap_uint,
// recognised by their to_double() member so any width and mode works) are evaluated in double and
// converted back to the argument's own type, which applies that type's quantisation and overflow
// modes: with AP_TRN the result is within 1 LSB of the exact value (for W up to ~50 bits, where
// double still carries every bit). min/max/abs/signbit/copysign on those types are exact.
#ifndef HLS_SIM_HLS_MATH_H
#define HLS_SIM_HLS_MATH_H

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <type_traits>
#include <utility>

#include "hls_sim_common.h"
#if __has_include("ap_fixed.h")
#include "ap_fixed.h"
#endif
#if __has_include("ap_int.h")
#include "ap_int.h"
#endif

namespace hls {

namespace math_detail {
template <typename T, typename = void>
struct is_ap : std::false_type {};
template <typename T>
struct is_ap<T, decltype(void(std::declval<const T&>().to_double()))>
    : std::integral_constant<bool, !std::is_arithmetic<T>::value> {};

template <typename T>
using if_ap = typename std::enable_if<is_ap<T>::value, int>::type;
template <typename T>
using if_int = typename std::enable_if<std::is_integral<T>::value, int>::type;

template <typename T>
double to_d(const T& x) {
  return x.to_double();
}
}  // namespace math_detail

// ---- one-argument functions: float, double, integers (as double, like <cmath>), ap types ----
#define HLS_SIM_MATH_UNARY(NAME, EXPR_D)                                                      \
  inline float NAME(float x) { return static_cast<float>(EXPR_D(x)); }                       \
  inline double NAME(double x) { return EXPR_D(x); }                                         \
  inline float NAME##f(float x) { return static_cast<float>(EXPR_D(x)); }                    \
  template <typename I, math_detail::if_int<I> = 0>                                          \
  double NAME(I x) {                                                                          \
    return EXPR_D(static_cast<double>(x));                                                    \
  }                                                                                           \
  template <typename T, math_detail::if_ap<T> = 0>                                           \
  T NAME(const T& x) {                                                                        \
    return T(EXPR_D(math_detail::to_d(x)));                                                   \
  }

namespace math_detail {
inline double rsqrt_d(double x) { return 1.0 / std::sqrt(x); }
inline double recip_d(double x) { return 1.0 / x; }
inline double exp10_d(double x) { return std::pow(10.0, x); }
}  // namespace math_detail

HLS_SIM_MATH_UNARY(exp, std::exp)
HLS_SIM_MATH_UNARY(exp2, std::exp2)
HLS_SIM_MATH_UNARY(exp10, math_detail::exp10_d)
HLS_SIM_MATH_UNARY(expm1, std::expm1)
HLS_SIM_MATH_UNARY(log, std::log)
HLS_SIM_MATH_UNARY(log2, std::log2)
HLS_SIM_MATH_UNARY(log10, std::log10)
HLS_SIM_MATH_UNARY(log1p, std::log1p)
HLS_SIM_MATH_UNARY(sqrt, std::sqrt)
HLS_SIM_MATH_UNARY(rsqrt, math_detail::rsqrt_d)
HLS_SIM_MATH_UNARY(recip, math_detail::recip_d)
HLS_SIM_MATH_UNARY(cbrt, std::cbrt)
HLS_SIM_MATH_UNARY(sin, std::sin)
HLS_SIM_MATH_UNARY(cos, std::cos)
HLS_SIM_MATH_UNARY(tan, std::tan)
HLS_SIM_MATH_UNARY(asin, std::asin)
HLS_SIM_MATH_UNARY(acos, std::acos)
HLS_SIM_MATH_UNARY(atan, std::atan)
HLS_SIM_MATH_UNARY(sinh, std::sinh)
HLS_SIM_MATH_UNARY(cosh, std::cosh)
HLS_SIM_MATH_UNARY(tanh, std::tanh)
HLS_SIM_MATH_UNARY(erf, std::erf)
HLS_SIM_MATH_UNARY(erfc, std::erfc)
HLS_SIM_MATH_UNARY(floor, std::floor)
HLS_SIM_MATH_UNARY(ceil, std::ceil)
HLS_SIM_MATH_UNARY(round, std::round)
HLS_SIM_MATH_UNARY(trunc, std::trunc)
HLS_SIM_MATH_UNARY(rint, std::rint)
HLS_SIM_MATH_UNARY(nearbyint, std::nearbyint)
#undef HLS_SIM_MATH_UNARY

// sinpi / cospi: sin(pi x), cos(pi x). (M_PI is not defined under strict -std=c++14.)
namespace math_detail {
constexpr double kPi = 3.14159265358979323846;
}
inline float sinpi(float x) { return static_cast<float>(std::sin(math_detail::kPi * static_cast<double>(x))); }
inline double sinpi(double x) { return std::sin(math_detail::kPi * x); }
inline float cospi(float x) { return static_cast<float>(std::cos(math_detail::kPi * static_cast<double>(x))); }
inline double cospi(double x) { return std::cos(math_detail::kPi * x); }

// ---- two-argument functions ----
#define HLS_SIM_MATH_BINARY(NAME, EXPR_D)                                                              \
  inline float NAME(float x, float y) { return static_cast<float>(EXPR_D(x, y)); }                   \
  inline double NAME(double x, double y) { return EXPR_D(x, y); }                                    \
  inline float NAME##f(float x, float y) { return static_cast<float>(EXPR_D(x, y)); }                \
  template <typename T, math_detail::if_ap<T> = 0>                                                   \
  T NAME(const T& x, const T& y) {                                                                    \
    return T(EXPR_D(math_detail::to_d(x), math_detail::to_d(y)));                                     \
  }

HLS_SIM_MATH_BINARY(pow, std::pow)
HLS_SIM_MATH_BINARY(fmod, std::fmod)
HLS_SIM_MATH_BINARY(remainder, std::remainder)
HLS_SIM_MATH_BINARY(atan2, std::atan2)
HLS_SIM_MATH_BINARY(hypot, std::hypot)
HLS_SIM_MATH_BINARY(fdim, std::fdim)
#undef HLS_SIM_MATH_BINARY

// ---- sign, magnitude and selection: exact for every type ----
inline float fabs(float x) { return std::fabs(x); }
inline double fabs(double x) { return std::fabs(x); }
inline float fabsf(float x) { return std::fabs(x); }
inline float abs(float x) { return std::fabs(x); }
inline double abs(double x) { return std::fabs(x); }
inline int abs(int x) { return std::abs(x); }
inline long abs(long x) { return std::labs(x); }
inline long long abs(long long x) { return std::llabs(x); }
template <typename T, math_detail::if_ap<T> = 0>
T abs(const T& x) {
  return x < 0 ? T(-x) : x;
}
template <typename T, math_detail::if_ap<T> = 0>
T fabs(const T& x) {
  return x < 0 ? T(-x) : x;
}

inline bool signbit(float x) { return std::signbit(x); }
inline bool signbit(double x) { return std::signbit(x); }
template <typename T, math_detail::if_ap<T> = 0>
bool signbit(const T& x) {
  return x < 0;
}

inline float copysign(float x, float y) { return std::copysign(x, y); }
inline double copysign(double x, double y) { return std::copysign(x, y); }
inline float copysignf(float x, float y) { return std::copysign(x, y); }
template <typename T, math_detail::if_ap<T> = 0>
T copysign(const T& x, const T& y) {
  T m = abs(x);
  return y < 0 ? T(-m) : m;
}

inline float fmin(float x, float y) { return std::fmin(x, y); }
inline double fmin(double x, double y) { return std::fmin(x, y); }
inline float fmax(float x, float y) { return std::fmax(x, y); }
inline double fmax(double x, double y) { return std::fmax(x, y); }
inline float fminf(float x, float y) { return std::fmin(x, y); }
inline float fmaxf(float x, float y) { return std::fmax(x, y); }

// hls::min / hls::max: the result has the first argument's type.
template <typename T, typename U>
T min(const T& x, const U& y) {
  const T yy = static_cast<T>(y);
  return yy < x ? yy : x;
}
template <typename T, typename U>
T max(const T& x, const U& y) {
  const T yy = static_cast<T>(y);
  return x < yy ? yy : x;
}

inline float fma(float x, float y, float z) { return std::fma(x, y, z); }
inline double fma(double x, double y, double z) { return std::fma(x, y, z); }

inline bool isnan(float x) { return std::isnan(x); }
inline bool isnan(double x) { return std::isnan(x); }
inline bool isinf(float x) { return std::isinf(x); }
inline bool isinf(double x) { return std::isinf(x); }
inline bool isfinite(float x) { return std::isfinite(x); }
inline bool isfinite(double x) { return std::isfinite(x); }

inline float ldexp(float x, int e) { return std::ldexp(x, e); }
inline double ldexp(double x, int e) { return std::ldexp(x, e); }
inline float frexp(float x, int* e) { return std::frexp(x, e); }
inline double frexp(double x, int* e) { return std::frexp(x, e); }
inline float modf(float x, float* i) { return std::modf(x, i); }
inline double modf(double x, double* i) { return std::modf(x, i); }

inline void sincos(float x, float* s, float* c) {
  *s = std::sin(x);
  *c = std::cos(x);
}
inline void sincos(double x, double* s, double* c) {
  *s = std::sin(x);
  *c = std::cos(x);
}

}  // namespace hls

#endif  // HLS_SIM_HLS_MATH_H
