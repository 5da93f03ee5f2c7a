// hls_math on ap_fixed / ap_ufixed / ap_int / ap_uint: the result has the argument's type and lies
// within 1 LSB of the exact value (computed here in long double from the argument's exact value),
// wherever the exact value is representable in that type.
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_math.h"
#include "check.h"

static std::uint64_t rng = 0x9E3779B97F4A7C15ull;
static std::uint64_t next_u64() {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

// Width, integer bits and signedness of a fixed-point type, read from its template arguments.
template <typename T>
struct fx;
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct fx<ap_fixed<W, I, Q, O, N>> {
  enum { w = W, i = I, s = 1 };
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct fx<ap_ufixed<W, I, Q, O, N>> {
  enum { w = W, i = I, s = 0 };
};

template <typename T>
struct limits {
  static long double lsb() { return std::ldexp(1.0L, -(fx<T>::w - fx<T>::i)); }
  static long double max() { return std::ldexp(1.0L, fx<T>::i - fx<T>::s) - lsb(); }
  static long double min() { return fx<T>::s ? -std::ldexp(1.0L, fx<T>::i - 1) : 0.0L; }
};

template <typename T>
T random_value() {
  T v;
  for (int i = 0; i < fx<T>::w; ++i) v[i] = static_cast<int>((next_u64() >> 11) & 1);
  return v;
}

static int checked = 0;

template <typename T, typename F, typename R>
void unary(const char* name, F hls_f, R ref, long double lo, long double hi, int n = 3000) {
  long double lsb = limits<T>::lsb();
  for (int i = 0; i < n; ++i) {
    T x = random_value<T>();
    long double xd = x.to_double();
    if (xd < lo || xd > hi) continue;
    long double exact = ref(xd);
    if (!std::isfinite(static_cast<double>(exact)) || exact > limits<T>::max() || exact < limits<T>::min()) continue;
    T y = hls_f(x);
    long double err = std::fabs(static_cast<long double>(y.to_double()) - exact);
    ++checked;
    if (err > lsb) {
      ++g_failures;
      if (g_failures < 20)
        std::printf("%s(%.10Lg) = %.10g, exact %.10Lg: error %.3Lg LSB\n", name, xd, y.to_double(), exact, err / lsb);
    }
  }
}

template <typename T>
void all_unary() {
  static_assert(std::is_same<decltype(hls::exp(T())), T>::value, "exp returns the argument's type");
  static_assert(std::is_same<decltype(hls::sqrt(T())), T>::value, "sqrt returns the argument's type");
  const long double big = 1e30L;
  unary<T>("exp", [](const T& x) { return hls::exp(x); }, [](long double x) { return std::exp(x); }, -big, big);
  unary<T>("exp2", [](const T& x) { return hls::exp2(x); }, [](long double x) { return std::exp2(x); }, -big, big);
  unary<T>("log", [](const T& x) { return hls::log(x); }, [](long double x) { return std::log(x); }, 1e-30L, big);
  unary<T>("log2", [](const T& x) { return hls::log2(x); }, [](long double x) { return std::log2(x); }, 1e-30L, big);
  unary<T>("log10", [](const T& x) { return hls::log10(x); }, [](long double x) { return std::log10(x); }, 1e-30L, big);
  unary<T>("sqrt", [](const T& x) { return hls::sqrt(x); }, [](long double x) { return std::sqrt(x); }, 0, big);
  unary<T>("rsqrt", [](const T& x) { return hls::rsqrt(x); }, [](long double x) { return 1 / std::sqrt(x); }, 1e-30L, big);
  unary<T>("recip", [](const T& x) { return hls::recip(x); }, [](long double x) { return 1 / x; }, -big, big);
  unary<T>("sin", [](const T& x) { return hls::sin(x); }, [](long double x) { return std::sin(x); }, -big, big);
  unary<T>("cos", [](const T& x) { return hls::cos(x); }, [](long double x) { return std::cos(x); }, -big, big);
  unary<T>("tanh", [](const T& x) { return hls::tanh(x); }, [](long double x) { return std::tanh(x); }, -big, big);
  unary<T>("erf", [](const T& x) { return hls::erf(x); }, [](long double x) { return std::erf(x); }, -big, big);
  unary<T>("floor", [](const T& x) { return hls::floor(x); }, [](long double x) { return std::floor(x); }, -big, big);
  unary<T>("ceil", [](const T& x) { return hls::ceil(x); }, [](long double x) { return std::ceil(x); }, -big, big);
  unary<T>("round", [](const T& x) { return hls::round(x); }, [](long double x) { return std::round(x); }, -big, big);
  unary<T>("abs", [](const T& x) { return hls::abs(x); }, [](long double x) { return std::fabs(x); }, -big, big);
  unary<T>("fabs", [](const T& x) { return hls::fabs(x); }, [](long double x) { return std::fabs(x); }, -big, big);
  // Two-argument functions against a fixed second operand.
  const T e = 1.5, third = 0.3;  // both representable in every type tested
  long double e_d = e.to_double(), third_d = third.to_double();
  unary<T>("pow", [&](const T& x) { return hls::pow(x, e); }, [&](long double x) { return std::pow(x, e_d); }, 0, big);
  unary<T>("fmod", [&](const T& x) { return hls::fmod(x, third); }, [&](long double x) { return std::fmod(x, third_d); }, -big, big);
  unary<T>("min", [&](const T& x) { return hls::min(x, third); }, [&](long double x) { return std::fmin(x, third_d); }, -big, big);
  unary<T>("max", [&](const T& x) { return hls::max(x, third); }, [&](long double x) { return std::fmax(x, third_d); }, -big, big);
  unary<T>("copysign", [&](const T& x) { return hls::copysign(third, x); },
           [&](long double x) { return x < 0 ? -third_d : third_d; }, -big, big);
  for (int i = 0; i < 200; ++i) {
    T x = random_value<T>();
    CHECK(hls::signbit(x) == (x.to_double() < 0));
  }
}

int main() {
  all_unary<ap_fixed<16, 6>>();
  all_unary<ap_fixed<24, 8, AP_RND, AP_SAT>>();
  all_unary<ap_fixed<32, 12>>();
  all_unary<ap_ufixed<16, 4>>();
  all_unary<ap_fixed<12, 2>>();

  // Integers: results in the same type, within 1 of the exact value.
  for (unsigned v = 0; v < 5000; v += 7) {
    ap_uint<20> x = v;
    ap_uint<20> r = hls::sqrt(x);
    static_assert(std::is_same<decltype(hls::sqrt(x)), ap_uint<20>>::value, "same type");
    CHECK(std::fabs(r.to_double() - std::sqrt(static_cast<double>(v))) <= 1.0);
  }
  ap_int<12> n = -37;
  CHECK(hls::abs(n) == 37);
  CHECK(hls::min(n, ap_int<12>(5)) == -37 && hls::max(n, ap_int<12>(5)) == 5);
  std::printf("%d values checked\n", checked);
  CHECK(checked > 20000);
  return TEST_RESULT();
}
