// Arbitrary-precision integers for C simulation (fpga-workbench drop-in for the Vitis HLS header).
//
// Written from the documented semantics of the Vitis HLS arbitrary-precision types (UG1399):
//   ap_int_base<W, S>  the class template (W bits, S = signed); ap_int<W> / ap_uint<W> derive from it.
// Storage: W <= 64 lives in the smallest native integer that holds it (no heap, no loops); wider
// values are a fixed array of 64-bit limbs, two's complement, kept canonical (bits above W are copies
// of the sign for signed types, zero for unsigned ones).
// Arithmetic is exact in a working integer wide enough for the documented result type: int64 when
// it fits, __int128 next, otherwise a fixed-size limb number (ap_detail::bigv).
// Including this header also provides ap_fixed (as in Vitis HLS).
#ifndef HLS_SIM_AP_INT_H
#define HLS_SIM_AP_INT_H

#include "hls_sim_common.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>

enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

template <int W, bool S> struct ap_int_base;
template <int W> struct ap_int;
template <int W> struct ap_uint;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> struct ap_fixed_base;
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0> struct ap_fixed;
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0> struct ap_ufixed;
template <int W, bool S> struct ap_bit_ref;
template <int W, bool S> struct ap_range_ref;

namespace ap_detail {

typedef std::uint64_t limb;
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr int cmax(int a, int b) { return a > b ? a : b; }
constexpr int cmin(int a, int b) { return a < b ? a : b; }

// ---------------------------------------------------------------------------------------------
// bigv<L>: an L-limb two's complement signed integer; the working type of wide operations.
template <int L> struct bigv {
  limb w[L];
  bigv() : w() {}
  bigv(long long v) {
    w[0] = (limb)v;
    for (int i = 1; i < L; ++i) w[i] = v < 0 ? ~(limb)0 : 0;
  }
  bool neg() const { return (w[L - 1] >> 63) != 0; }
  bool zero() const {
    for (int i = 0; i < L; ++i)
      if (w[i]) return false;
    return true;
  }
};

template <int L> inline bigv<L> operator+(const bigv<L>& a, const bigv<L>& b) {
  bigv<L> r;
  limb c = 0;
  for (int i = 0; i < L; ++i) {
    limb s = a.w[i] + c;
    limb c1 = s < c;
    limb t = s + b.w[i];
    c = c1 + (t < s);
    r.w[i] = t;
  }
  return r;
}
template <int L> inline bigv<L> operator~(const bigv<L>& a) {
  bigv<L> r;
  for (int i = 0; i < L; ++i) r.w[i] = ~a.w[i];
  return r;
}
template <int L> inline bigv<L> operator-(const bigv<L>& a) { return ~a + bigv<L>(1); }
template <int L> inline bigv<L> operator-(const bigv<L>& a, const bigv<L>& b) { return a + (-b); }
template <int L> inline bigv<L> operator*(const bigv<L>& a, const bigv<L>& b) {
  bigv<L> r;
  for (int i = 0; i < L; ++i) {
    if (!a.w[i]) continue;
    limb carry = 0;
    for (int j = 0; i + j < L; ++j) {
      u128 t = (u128)a.w[i] * b.w[j] + r.w[i + j] + carry;
      r.w[i + j] = (limb)t;
      carry = (limb)(t >> 64);
    }
  }
  return r;
}
#define HLS_SIM_BIGV_BITOP(OP)                                             \
  template <int L> inline bigv<L> operator OP(const bigv<L>& a, const bigv<L>& b) { \
    bigv<L> r;                                                             \
    for (int i = 0; i < L; ++i) r.w[i] = a.w[i] OP b.w[i];                 \
    return r;                                                              \
  }
HLS_SIM_BIGV_BITOP(&)
HLS_SIM_BIGV_BITOP(|)
HLS_SIM_BIGV_BITOP(^)
#undef HLS_SIM_BIGV_BITOP
template <int L> inline int bcmp(const bigv<L>& a, const bigv<L>& b) {
  if (a.neg() != b.neg()) return a.neg() ? -1 : 1;
  for (int i = L - 1; i >= 0; --i)
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
  return 0;
}
template <int L> inline bool operator==(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) == 0; }
template <int L> inline bool operator!=(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) != 0; }
template <int L> inline bool operator<(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) < 0; }
template <int L> inline bool operator>(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) > 0; }
template <int L> inline bool operator<=(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) <= 0; }
template <int L> inline bool operator>=(const bigv<L>& a, const bigv<L>& b) { return bcmp(a, b) >= 0; }

// Multi-limb shifts on raw arrays (n limbs). Left shift fills zeros; right shift fills `fill`.
inline void limbs_shl(limb* r, const limb* a, int n, int sh) {
  int ls = sh / 64, bs = sh % 64;
  for (int i = n - 1; i >= 0; --i) {
    limb v = 0;
    int j = i - ls;
    if (j >= 0) {
      v = a[j] << bs;
      if (bs && j - 1 >= 0) v |= a[j - 1] >> (64 - bs);
    }
    r[i] = v;
  }
}
inline void limbs_shr(limb* r, const limb* a, int n, int sh, limb fill) {
  int ls = sh / 64, bs = sh % 64;
  for (int i = 0; i < n; ++i) {
    int j = i + ls;
    limb lo = j < n ? a[j] : fill;
    limb hi = j + 1 < n ? a[j + 1] : fill;
    r[i] = bs ? ((lo >> bs) | (hi << (64 - bs))) : lo;
  }
}
template <int L> inline bigv<L> shl(const bigv<L>& a, int sh) {
  bigv<L> r;
  if (sh >= 64 * L) return r;
  limbs_shl(r.w, a.w, L, sh);
  return r;
}
template <int L> inline bigv<L> sar(const bigv<L>& a, int sh) {
  bigv<L> r;
  limb fill = a.neg() ? ~(limb)0 : 0;
  if (sh >= 64 * L) {
    for (int i = 0; i < L; ++i) r.w[i] = fill;
    return r;
  }
  limbs_shr(r.w, a.w, L, sh, fill);
  return r;
}
template <int L> inline bool is_neg(const bigv<L>& a) { return a.neg(); }
template <int L> inline bool is_zero(const bigv<L>& a) { return a.zero(); }
template <int L> inline bool bit(const bigv<L>& a, int i) {
  if (i >= 64 * L) return a.neg();
  return (a.w[i / 64] >> (i % 64)) & 1;
}
template <int L> inline bigv<L> set_bit(const bigv<L>& a, int i, bool v) {
  bigv<L> r = a;
  if (i < 64 * L) {
    if (v)
      r.w[i / 64] |= (limb)1 << (i % 64);
    else
      r.w[i / 64] &= ~((limb)1 << (i % 64));
  }
  return r;
}
// unsigned long division of magnitudes, n limbs each; q, rem outputs
inline void limbs_udivmod(limb* q, limb* rem, const limb* a, const limb* b, int n) {
  for (int i = 0; i < n; ++i) q[i] = rem[i] = 0;
  int top = n * 64 - 1;
  while (top >= 0 && !((a[top / 64] >> (top % 64)) & 1)) --top;
  for (int i = top; i >= 0; --i) {
    // rem = rem << 1 | bit
    limb carry = (a[i / 64] >> (i % 64)) & 1;
    for (int k = 0; k < n; ++k) {
      limb nc = rem[k] >> 63;
      rem[k] = (rem[k] << 1) | carry;
      carry = nc;
    }
    // if rem >= b: rem -= b, q bit = 1
    int c = 0;
    for (int k = n - 1; k >= 0; --k)
      if (rem[k] != b[k]) {
        c = rem[k] < b[k] ? -1 : 1;
        break;
      }
    if (c >= 0) {
      limb borrow = 0;
      for (int k = 0; k < n; ++k) {
        limb t = rem[k] - b[k];
        limb b1 = rem[k] < b[k];
        limb t2 = t - borrow;
        limb b2 = t < borrow;
        rem[k] = t2;
        borrow = b1 | b2;
      }
      q[i / 64] |= (limb)1 << (i % 64);
    }
  }
}
// C semantics: quotient truncated toward zero, remainder has the dividend's sign.
template <int L> inline bigv<L> operator/(const bigv<L>& a, const bigv<L>& b) {
  if (b.zero()) return bigv<L>();
  bigv<L> ma = a.neg() ? -a : a, mb = b.neg() ? -b : b, q, r;
  limbs_udivmod(q.w, r.w, ma.w, mb.w, L);
  return (a.neg() != b.neg()) ? -q : q;
}
template <int L> inline bigv<L> operator%(const bigv<L>& a, const bigv<L>& b) {
  if (b.zero()) return bigv<L>();
  bigv<L> ma = a.neg() ? -a : a, mb = b.neg() ? -b : b, q, r;
  limbs_udivmod(q.w, r.w, ma.w, mb.w, L);
  return a.neg() ? -r : r;
}

// Native working integers (int64 / __int128): the same vocabulary as bigv.
template <class T> struct unsigned_of;
template <> struct unsigned_of<std::int64_t> { typedef std::uint64_t type; };
template <> struct unsigned_of<i128> { typedef u128 type; };
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE T shl(T a, int sh) {
  typedef typename unsigned_of<T>::type U;
  return sh >= (int)(8 * sizeof(T)) ? T(0) : (T)((U)a << sh);
}
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE T sar(T a, int sh) {
  return sh >= (int)(8 * sizeof(T)) ? (a < 0 ? T(-1) : T(0)) : (T)(a >> sh);
}
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE bool is_neg(T a) { return a < 0; }
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE bool is_zero(T a) { return a == 0; }
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE bool bit(T a, int i) {
  return i >= (int)(8 * sizeof(T)) ? a < 0 : (((typename unsigned_of<T>::type)a >> i) & 1) != 0;
}
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE T set_bit(T a, int i, bool v) {
  typedef typename unsigned_of<T>::type U;
  if (i >= (int)(8 * sizeof(T))) return a;
  return v ? (T)((U)a | ((U)1 << i)) : (T)((U)a & ~((U)1 << i));
}
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE T wdiv(T a, T b) { return b == 0 ? T(0) : a / b; }
template <class T, class = typename unsigned_of<T>::type> HLS_SIM_INLINE T wmod(T a, T b) { return b == 0 ? T(0) : a % b; }
template <int L> inline bigv<L> wdiv(const bigv<L>& a, const bigv<L>& b) { return a / b; }
template <int L> inline bigv<L> wmod(const bigv<L>& a, const bigv<L>& b) { return a % b; }

// Working integer able to hold B-bit signed values exactly.
template <int B> struct work {
  typedef typename std::conditional<(B <= 63), std::int64_t,
                                    typename std::conditional<(B <= 127), i128, bigv<(B + 64) / 64> >::type>::type type;
};

// ---------------------------------------------------------------------------------------------
// Storage of ap_int_base<W, S>.
template <int W, bool S> struct native_type {
  typedef typename std::conditional<
      (W <= 8), std::int8_t,
      typename std::conditional<(W <= 16), std::int16_t,
                                typename std::conditional<(W <= 32), std::int32_t, std::int64_t>::type>::type>::type st;
  typedef typename std::make_unsigned<st>::type ut;
  typedef typename std::conditional<S, st, ut>::type type;
};

template <int W, bool S, bool Native = (W <= 64)> struct store;
template <int W, bool S> struct store<W, S, true> {
  typedef typename native_type<W, S>::type type;
  static constexpr int L = 1;
  static HLS_SIM_INLINE constexpr type canon64(std::uint64_t b) {
    return S ? (type)((std::int64_t)(b << (64 - W)) >> (64 - W)) : (type)(b & (~(std::uint64_t)0 >> (64 - W)));
  }
  static HLS_SIM_INLINE constexpr std::uint64_t raw64(type v) { return (std::uint64_t)(std::int64_t)v; }
  static HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 void set_i64(type& v, std::int64_t x) { v = canon64((std::uint64_t)x); }
  static HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 void set_u64(type& v, std::uint64_t x) { v = canon64(x); }
  static HLS_SIM_INLINE void get_limbs(type v, limb* out, int n) {
    out[0] = S ? (limb)(std::int64_t)v : (limb)v;
    limb fill = (S && v < 0) ? ~(limb)0 : 0;
    for (int i = 1; i < n; ++i) out[i] = fill;
  }
  static HLS_SIM_INLINE void set_limbs(type& v, const limb* in, int) { v = canon64(in[0]); }
  static HLS_SIM_INLINE bool get_bit(type v, int i) { return ((std::uint64_t)v >> i) & 1; }
  static HLS_SIM_INLINE void put_bit(type& v, int i, bool b) {
    std::uint64_t u = (std::uint64_t)v;
    u = b ? (u | ((std::uint64_t)1 << i)) : (u & ~((std::uint64_t)1 << i));
    v = canon64(u);
  }
  static HLS_SIM_INLINE bool is_zero(type v) { return v == 0; }
  static HLS_SIM_INLINE bool is_neg(type v) { return S && v < 0; }
};
template <int W, bool S> struct store<W, S, false> {
  static constexpr int L = (W + 63) / 64, TOPB = W - 64 * ((W + 63) / 64 - 1);
  struct type {
    limb w[L];
  };
  static HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 void canon(type& v) {
    limb t = v.w[L - 1];
    v.w[L - 1] = S ? (limb)((std::int64_t)(t << (64 - TOPB)) >> (64 - TOPB)) : (t & (~(limb)0 >> (64 - TOPB)));
  }
  static HLS_SIM_INLINE constexpr std::uint64_t raw64(const type& v) { return v.w[0]; }
  static HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 void set_i64(type& v, std::int64_t x) {
    v.w[0] = (limb)x;
    for (int i = 1; i < L; ++i) v.w[i] = x < 0 ? ~(limb)0 : 0;
    canon(v);
  }
  static HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 void set_u64(type& v, std::uint64_t x) {
    v.w[0] = x;
    for (int i = 1; i < L; ++i) v.w[i] = 0;
    canon(v);
  }
  static HLS_SIM_INLINE void get_limbs(const type& v, limb* out, int n) {
    limb fill = (S && (v.w[L - 1] >> 63)) ? ~(limb)0 : 0;
    for (int i = 0; i < n; ++i) out[i] = i < L ? v.w[i] : fill;
  }
  static HLS_SIM_INLINE void set_limbs(type& v, const limb* in, int n) {
    limb fill = (in[n - 1] >> 63) ? ~(limb)0 : 0;
    for (int i = 0; i < L; ++i) v.w[i] = i < n ? in[i] : fill;
    canon(v);
  }
  static HLS_SIM_INLINE bool get_bit(const type& v, int i) { return (v.w[i / 64] >> (i % 64)) & 1; }
  static HLS_SIM_INLINE void put_bit(type& v, int i, bool b) {
    if (b)
      v.w[i / 64] |= (limb)1 << (i % 64);
    else
      v.w[i / 64] &= ~((limb)1 << (i % 64));
    canon(v);
  }
  static HLS_SIM_INLINE bool is_zero(const type& v) {
    for (int i = 0; i < L; ++i)
      if (v.w[i]) return false;
    return true;
  }
  static HLS_SIM_INLINE bool is_neg(const type& v) { return S && (v.w[L - 1] >> 63); }
};

// Load an ap_int_base into / store it from a working integer.
template <class T> struct io;
template <> struct io<std::int64_t> {
  template <int W, bool S> static HLS_SIM_INLINE std::int64_t ld(const ap_int_base<W, S>& x);
  template <int W, bool S> static HLS_SIM_INLINE void st(ap_int_base<W, S>& x, std::int64_t v);
};
template <> struct io<i128> {
  template <int W, bool S> static HLS_SIM_INLINE i128 ld(const ap_int_base<W, S>& x);
  template <int W, bool S> static HLS_SIM_INLINE void st(ap_int_base<W, S>& x, i128 v);
};
template <int L> struct io<bigv<L> > {
  template <int W, bool S> static HLS_SIM_INLINE bigv<L> ld(const ap_int_base<W, S>& x);
  template <int W, bool S> static HLS_SIM_INLINE void st(ap_int_base<W, S>& x, const bigv<L>& v);
};

// Classification of operand types (C integers, our classes, proxies) used by every operator.
template <class...> struct voider { typedef void type; };
template <class T, class = void> struct kind_of { static constexpr int value = 0; };
template <class T> struct kind_of<T, typename voider<decltype(T::ap_kind)>::type> { static constexpr int value = T::ap_kind; };

template <class T, class = void> struct tr {
  static constexpr int kind = 0, ours = 0;
};
template <class T> struct tr<T, typename std::enable_if<std::is_integral<T>::value>::type> {
  static constexpr int
    kind = 1,
    ours = 0,
    W = std::is_same<T, bool>::value ? 1 : (int)(8 * sizeof(T)),
    I = W,
    F = 0;
  static const bool S = std::is_signed<T>::value && !std::is_same<T, bool>::value;
  typedef ap_int_base<W, S> raw_type;
  static HLS_SIM_INLINE raw_type raw(T v) { return raw_type(v); }
};
template <class T> struct tr<T, typename std::enable_if<kind_of<T>::value == 1>::type> {
  static constexpr int kind = 1, ours = 1, W = T::ap_W, I = W, F = 0;
  static const bool S = T::ap_S;
  typedef ap_int_base<W, S> raw_type;
  static HLS_SIM_INLINE auto raw(const T& v) -> decltype(v.ap_raw()) { return v.ap_raw(); }
};
template <class T> struct tr<T, typename std::enable_if<kind_of<T>::value == 2>::type> {
  static constexpr int kind = 2, ours = 1, W = T::ap_W, I = T::ap_I, F = W - I, N = T::ap_N;
  static const bool S = T::ap_S;
  static const ap_q_mode Q = T::ap_Q;
  static const ap_o_mode O = T::ap_O;
  typedef ap_int_base<W, S> raw_type;
  static HLS_SIM_INLINE const raw_type& raw(const T& v) { return v.V; }
};

// ---------------------------------------------------------------------------------------------
// Quantisation and overflow: v is an exact value with d more fraction bits than the target
// (d may be negative); returns the target's raw value (not yet truncated to Wt bits when wrapping).
template <class T, int Wt, bool St, ap_q_mode Q, ap_o_mode O, int N>
HLS_SIM_INLINE T fx_cvt(T v, int d, int Ws, bool may_ovf) {
  T q;
  if (d > 0) {
    if (d > Ws + 1) d = Ws + 1;  // the whole value is below the target LSB: same outcome
    q = sar(v, d);
    if (Q != AP_TRN) {
      T r = v - shl(q, d);  // 0 <= r < 2^d
      bool neg = is_neg(v);
      // branch-free increment decision (rounding data is random: branches would mispredict)
      bool inc;
      if (Q == AP_TRN_ZERO) {
        inc = ((int)neg & (int)!is_zero(r)) != 0;
      } else {
        const T half = shl(T(1), d - 1);
        bool tie_up;
        switch (Q) {
          case AP_RND: tie_up = true; break;
          case AP_RND_ZERO: tie_up = neg; break;
          case AP_RND_INF: tie_up = !neg; break;
          case AP_RND_CONV: tie_up = bit(q, 0); break;
          default: tie_up = false; break;  // AP_RND_MIN_INF
        }
        inc = ((int)(r > half) | ((int)(r == half) & (int)tie_up)) != 0;
      }
      q = q + T((long long)inc);
    }
  } else if (d < 0) {
    int sh = -d;
    if (sh > Wt + 2) sh = Wt + 2;  // every non-zero value overflows; low bits are zero either way
    q = shl(v, sh);
  } else {
    q = v;
  }
  if ((O == AP_WRAP && N == 0) || !may_ovf) return q;  // plain wrap = truncation at store
  const T one(1);
  const T maxv = St ? shl(one, Wt - 1) - one : shl(one, Wt) - one;
  const T minv = St ? -shl(one, Wt - 1) : T(0);
  const bool pos_ovf = q > maxv, neg_ovf = q < minv;
  if (!pos_ovf && !neg_ovf) return q;
  switch (O) {
    case AP_SAT: return pos_ovf ? maxv : minv;
    case AP_SAT_ZERO: return T(0);
    case AP_SAT_SYM: return pos_ovf ? maxv : (St ? -maxv : T(0));
    case AP_WRAP: {
      // N saturation bits: the sign is kept, the N bits below it take the overflow direction.
      T r = q;
      const int n = N > Wt ? Wt : N;
      if (St) {
        r = set_bit(r, Wt - 1, neg_ovf);
        for (int k = 2; k <= n; ++k) r = set_bit(r, Wt - k, !neg_ovf);
      } else {
        for (int k = 1; k <= n; ++k) r = set_bit(r, Wt - k, !neg_ovf);
      }
      return r;
    }
    case AP_WRAP_SM: {
      T r = q;
      if (!St) return r;
      // sign-magnitude wrap: the sign becomes the least significant deleted bit; the remaining bits
      // are inverted when that changes the MSB of what was kept.
      const bool lD = bit(q, Wt), ro = bit(q, Wt - 1);
      if (lD != ro) {
        r = ~q;
        r = set_bit(r, Wt - 1, lD);
      }
      if (N > 0) {
        const int n = N > Wt ? Wt : N;
        r = set_bit(r, Wt - 1, neg_ovf);
        for (int k = 2; k <= n; ++k) r = set_bit(r, Wt - k, !neg_ovf);
      }
      return r;
    }
  }
  return q;
}

// Can converting a (Ws, Is, Ss) value with quantisation to (Wt, It, St) overflow?
constexpr bool can_ovf(int Is, bool Ss, int It, bool St, bool rounds) {
  return (Ss && !St) ? true : (It - ((St && !Ss) ? 1 : 0) < Is + (rounds ? 1 : 0));
}

// dst (Wt bits, Ft fraction bits) = src (Ws bits, Fs fraction bits) with quantisation and overflow.
template <int Wt, int Ft, bool St, ap_q_mode Q, ap_o_mode O, int N, int Ws, int Fs, bool Ss>
HLS_SIM_INLINE void fx_assign(ap_int_base<Wt, St>& dst, const ap_int_base<Ws, Ss>& src) {
  constexpr int d = Fs - Ft, lsh = d < 0 ? cmin(-d, Wt + 2) : 0, B = cmax(cmax(Ws + lsh, Ws + 2), Wt + 2) + 1;
  typedef typename work<B>::type T;
  const bool rounds = d > 0 && Q != AP_TRN && Q != AP_TRN_ZERO;
  const bool may = can_ovf(Ws - Fs, Ss, Wt - Ft, St, rounds);
  io<T>::st(dst, fx_cvt<T, Wt, St, Q, O, N>(io<T>::ld(src), d, Ws, may));
}

// dst = double value with quantisation and overflow (ap_int targets use Ft = 0, AP_TRN_ZERO).
template <int Wt, int Ft, bool St, ap_q_mode Q, ap_o_mode O, int N>
inline void fx_from_double(ap_int_base<Wt, St>& dst, double x);

template <int W, bool S> inline double to_double_raw(const ap_int_base<W, S>& x, int F);
template <int W, bool S> inline float to_float_raw(const ap_int_base<W, S>& x, int F);
template <int W, bool S> inline std::string to_string_raw(const ap_int_base<W, S>& x, int F, int radix, bool sign);
template <int W, bool S> inline void from_string_raw(ap_int_base<W, S>& x, const char* s, int radix);

}  // namespace ap_detail

// =============================================================================================
template <int W, bool S> struct ap_int_base {
  static_assert(W >= 1, "ap_int width must be at least 1");
  typedef ap_detail::store<W, S> store_ops;
  typedef typename store_ops::type store_type;
  static constexpr int ap_kind = 1, ap_W = W, width = W;
  static constexpr bool ap_S = S, sign_flag = S;
  // Native conversion type (as for a C integer holding the value).
  typedef typename std::conditional<(W <= 32), typename std::conditional<S, int, unsigned>::type,
                                    typename std::conditional<S, long long, unsigned long long>::type>::type RetType;

  store_type V;

  HLS_SIM_INLINE constexpr ap_int_base() : V() {}
  template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  HLS_SIM_INLINE HLS_SIM_CONSTEXPR14 ap_int_base(T v) : V() {
    if (std::is_signed<T>::value)
      store_ops::set_i64(V, (std::int64_t)v);
    else
      store_ops::set_u64(V, (std::uint64_t)v);
  }
  template <int W2, bool S2>
  HLS_SIM_INLINE ap_int_base(const ap_int_base<W2, S2>& o) {
    assign_from(o);
  }
  // Any other operand kind (proxies, ap_fixed: truncation toward zero).
  template <class T, typename std::enable_if<(ap_detail::kind_of<T>::value != 0), int>::type = 0>
  HLS_SIM_INLINE ap_int_base(const T& o) {
    convert_from(o, std::integral_constant<int, ap_detail::kind_of<T>::value>());
  }
  ap_int_base(double d) { ap_detail::fx_from_double<W, 0, S, AP_TRN_ZERO, AP_WRAP, 0>(*this, d); }
  ap_int_base(float f) { ap_detail::fx_from_double<W, 0, S, AP_TRN_ZERO, AP_WRAP, 0>(*this, (double)f); }
  ap_int_base(long double f) { ap_detail::fx_from_double<W, 0, S, AP_TRN_ZERO, AP_WRAP, 0>(*this, (double)f); }
  explicit ap_int_base(const char* s) : V() { ap_detail::from_string_raw(*this, s, 0); }
  ap_int_base(const char* s, signed char radix) : V() { ap_detail::from_string_raw(*this, s, radix); }

  // --- raw access used by the operator machinery
  HLS_SIM_INLINE const ap_int_base& ap_raw() const { return *this; }
  HLS_SIM_INLINE constexpr std::uint64_t raw64() const { return store_ops::raw64(V); }
  HLS_SIM_INLINE void get_limbs(ap_detail::limb* out, int n) const { store_ops::get_limbs(V, out, n); }
  HLS_SIM_INLINE void set_limbs(const ap_detail::limb* in, int n) { store_ops::set_limbs(V, in, n); }
  HLS_SIM_INLINE void set_i64(std::int64_t v) { store_ops::set_i64(V, v); }

  // --- conversions
  HLS_SIM_INLINE constexpr operator RetType() const { return (RetType)raw64(); }
  HLS_SIM_INLINE bool to_bool() const { return !store_ops::is_zero(V); }
  HLS_SIM_INLINE char to_char() const { return (char)raw64(); }
  HLS_SIM_INLINE signed char to_schar() const { return (signed char)raw64(); }
  HLS_SIM_INLINE unsigned char to_uchar() const { return (unsigned char)raw64(); }
  HLS_SIM_INLINE short to_short() const { return (short)raw64(); }
  HLS_SIM_INLINE unsigned short to_ushort() const { return (unsigned short)raw64(); }
  HLS_SIM_INLINE constexpr int to_int() const { return (int)raw64(); }
  HLS_SIM_INLINE constexpr unsigned to_uint() const { return (unsigned)raw64(); }
  HLS_SIM_INLINE long to_long() const { return (long)raw64(); }
  HLS_SIM_INLINE unsigned long to_ulong() const { return (unsigned long)raw64(); }
  HLS_SIM_INLINE constexpr long long to_int64() const { return (long long)raw64(); }
  HLS_SIM_INLINE constexpr unsigned long long to_uint64() const { return (unsigned long long)raw64(); }
  HLS_SIM_INLINE double to_double() const { return ap_detail::to_double_raw(*this, 0); }
  HLS_SIM_INLINE float to_float() const { return ap_detail::to_float_raw(*this, 0); }
  std::string to_string(signed char radix = 2, bool sign = S) const {
    return ap_detail::to_string_raw(*this, 0, radix, radix == 2 ? false : sign);
  }
  HLS_SIM_INLINE int length() const { return W; }
  HLS_SIM_INLINE bool iszero() const { return store_ops::is_zero(V); }
  HLS_SIM_INLINE bool is_zero() const { return store_ops::is_zero(V); }
  HLS_SIM_INLINE bool sign() const { return store_ops::is_neg(V); }
  HLS_SIM_INLINE bool is_neg() const { return store_ops::is_neg(V); }

  // --- bits
  HLS_SIM_INLINE bool get_bit(int i) const { return store_ops::get_bit(V, i); }
  HLS_SIM_INLINE void set_bit(int i, bool b) { store_ops::put_bit(V, i, b); }
  HLS_SIM_INLINE bool test(int i) const { return get_bit(i); }
  HLS_SIM_INLINE void set(int i) { set_bit(i, true); }
  HLS_SIM_INLINE void set(int i, bool b) { set_bit(i, b); }
  HLS_SIM_INLINE void clear(int i) { set_bit(i, false); }
  HLS_SIM_INLINE void invert(int i) { set_bit(i, !get_bit(i)); }
  HLS_SIM_INLINE void flip(int i) { invert(i); }
  HLS_SIM_INLINE void flip() { *this = ~*this; }
  HLS_SIM_INLINE void b_not() { *this = ~*this; }
  HLS_SIM_INLINE ap_bit_ref<W, S> operator[](int i) { return ap_bit_ref<W, S>(this, i); }
  HLS_SIM_INLINE bool operator[](int i) const { return get_bit(i); }
  template <int W2, bool S2>
  HLS_SIM_INLINE ap_bit_ref<W, S> operator[](const ap_int_base<W2, S2>& i) { return ap_bit_ref<W, S>(this, i.to_int()); }
  template <int W2, bool S2>
  HLS_SIM_INLINE bool operator[](const ap_int_base<W2, S2>& i) const { return get_bit(i.to_int()); }
  HLS_SIM_INLINE ap_bit_ref<W, S> bit(int i) { return ap_bit_ref<W, S>(this, i); }
  HLS_SIM_INLINE bool bit(int i) const { return get_bit(i); }
  HLS_SIM_INLINE ap_range_ref<W, S> range(int hi, int lo) { return ap_range_ref<W, S>(this, hi, lo); }
  HLS_SIM_INLINE ap_range_ref<W, S> range() { return ap_range_ref<W, S>(this, W - 1, 0); }
  HLS_SIM_INLINE ap_range_ref<W, S> operator()(int hi, int lo) { return range(hi, lo); }
  HLS_SIM_INLINE ap_int_base<W, false> range(int hi, int lo) const {
    return ap_range_ref<W, S>(const_cast<ap_int_base*>(this), hi, lo).get();
  }
  HLS_SIM_INLINE ap_int_base<W, false> range() const { return range(W - 1, 0); }
  HLS_SIM_INLINE ap_int_base<W, false> operator()(int hi, int lo) const { return range(hi, lo); }
  template <int W2, bool S2, int W3, bool S3>
  HLS_SIM_INLINE ap_range_ref<W, S> range(const ap_int_base<W2, S2>& hi, const ap_int_base<W3, S3>& lo) {
    return range(hi.to_int(), lo.to_int());
  }
  template <int W2, bool S2, int W3, bool S3>
  HLS_SIM_INLINE ap_range_ref<W, S> operator()(const ap_int_base<W2, S2>& hi, const ap_int_base<W3, S3>& lo) {
    return range(hi.to_int(), lo.to_int());
  }
  template <class T> HLS_SIM_INLINE ap_int_base<W + ap_detail::tr<T>::W, false> concat(const T& o) const;

  // --- reductions
  bool and_reduce() const {
    for (int i = 0; i < W; ++i)
      if (!get_bit(i)) return false;
    return true;
  }
  bool or_reduce() const { return !iszero(); }
  bool xor_reduce() const {
    bool r = false;
    for (int i = 0; i < W; ++i) r ^= get_bit(i);
    return r;
  }
  bool nand_reduce() const { return !and_reduce(); }
  bool nor_reduce() const { return !or_reduce(); }
  bool xnor_reduce() const { return !xor_reduce(); }
  int countLeadingZeros() const {
    int n = 0;
    for (int i = W - 1; i >= 0 && !get_bit(i); --i) ++n;
    return n;
  }
  int countTrailingZeros() const {
    int n = 0;
    for (int i = 0; i < W && !get_bit(i); ++i) ++n;
    return n;
  }
  int countPopulation() const {
    int n = 0;
    for (int i = 0; i < W; ++i) n += get_bit(i);
    return n;
  }
  void reverse() {
    ap_int_base r;
    for (int i = 0; i < W; ++i) r.set_bit(W - 1 - i, get_bit(i));
    *this = r;
  }
  void lrotate(int n) {
    n %= W;
    if (n < 0) n += W;
    ap_int_base r;
    for (int i = 0; i < W; ++i) r.set_bit((i + n) % W, get_bit(i));
    *this = r;
  }
  void rrotate(int n) { lrotate(W - (n % W)); }

  // --- compound assignment, increment, unary
  template <class T> HLS_SIM_INLINE ap_int_base& operator+=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator-=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator*=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator/=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator%=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator&=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator|=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator^=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator<<=(const T& o);
  template <class T> HLS_SIM_INLINE ap_int_base& operator>>=(const T& o);
  HLS_SIM_INLINE ap_int_base& operator++() {
    *this += 1;
    return *this;
  }
  HLS_SIM_INLINE ap_int_base& operator--() {
    *this -= 1;
    return *this;
  }
  HLS_SIM_INLINE const ap_int_base operator++(int) {
    ap_int_base t = *this;
    *this += 1;
    return t;
  }
  HLS_SIM_INLINE const ap_int_base operator--(int) {
    ap_int_base t = *this;
    *this -= 1;
    return t;
  }
  HLS_SIM_INLINE ap_int_base operator+() const { return *this; }
  HLS_SIM_INLINE ap_int_base<W + 1, true> operator-() const;
  HLS_SIM_INLINE ap_int_base operator~() const {
    ap_detail::limb t[store_ops::L];
    get_limbs(t, store_ops::L);
    for (int i = 0; i < store_ops::L; ++i) t[i] = ~t[i];
    ap_int_base r;
    r.set_limbs(t, store_ops::L);
    return r;
  }
  HLS_SIM_INLINE bool operator!() const { return iszero(); }

 private:
  template <int W2, bool S2> HLS_SIM_INLINE void assign_from(const ap_int_base<W2, S2>& o) {
    if (W <= 64) {
      store_ops::set_i64(V, (std::int64_t)o.raw64());
    } else {
      ap_detail::limb t[store_ops::L];
      o.get_limbs(t, store_ops::L);
      store_ops::set_limbs(V, t, store_ops::L);
    }
  }
  template <class T> HLS_SIM_INLINE void convert_from(const T& o, std::integral_constant<int, 1>) {
    assign_from(o.ap_raw());
  }
  template <class T> HLS_SIM_INLINE void convert_from(const T& o, std::integral_constant<int, 2>) {
    typedef ap_detail::tr<T> TT;
    // to an integer: truncation toward zero (as a C conversion), then wrap to W bits
    ap_detail::fx_assign<W, 0, S, AP_TRN_ZERO, AP_WRAP, 0, TT::W, TT::F, TT::S>(*this, o.V);
  }
};

#if __cplusplus < 201703L  // C++14: static constexpr members that user code may bind by reference
template <int W, bool S> constexpr int ap_int_base<W, S>::width;
template <int W, bool S> constexpr bool ap_int_base<W, S>::sign_flag;
#endif

template <int W> struct ap_int : ap_int_base<W, true> {
  typedef ap_int_base<W, true> Base;
  HLS_SIM_INLINE constexpr ap_int() {}
  template <class T, typename std::enable_if<std::is_constructible<Base, const T&>::value, int>::type = 0>
  HLS_SIM_INLINE constexpr ap_int(const T& v) : Base(v) {}
  ap_int(const char* s) : Base(s, 0) {}
  ap_int(const char* s, signed char radix) : Base(s, radix) {}
};
template <int W> struct ap_uint : ap_int_base<W, false> {
  typedef ap_int_base<W, false> Base;
  HLS_SIM_INLINE constexpr ap_uint() {}
  template <class T, typename std::enable_if<std::is_constructible<Base, const T&>::value, int>::type = 0>
  HLS_SIM_INLINE constexpr ap_uint(const T& v) : Base(v) {}
  ap_uint(const char* s) : Base(s, 0) {}
  ap_uint(const char* s, signed char radix) : Base(s, radix) {}
};

// ---------------------------------------------------------------------------------------------
// Bit and range proxies (read and write).
template <int W, bool S> struct ap_bit_ref {
  static constexpr int ap_kind = 1, ap_W = 1;
  static const bool ap_S = false;
  ap_int_base<W, S>* p;
  int i;
  HLS_SIM_INLINE ap_bit_ref(ap_int_base<W, S>* b, int idx) : p(b), i(idx) {}
  ap_bit_ref(const ap_bit_ref&) = default;
  HLS_SIM_INLINE bool get() const { return p->get_bit(i); }
  HLS_SIM_INLINE operator bool() const { return get(); }
  HLS_SIM_INLINE bool to_bool() const { return get(); }
  HLS_SIM_INLINE int to_int() const { return get(); }
  HLS_SIM_INLINE ap_int_base<1, false> ap_raw() const { return ap_int_base<1, false>(get()); }
  HLS_SIM_INLINE ap_bit_ref& operator=(const ap_bit_ref& o) {
    p->set_bit(i, o.get());
    return *this;
  }
  template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  HLS_SIM_INLINE ap_bit_ref& operator=(T v) {
    p->set_bit(i, v != 0);
    return *this;
  }
  template <class T, typename std::enable_if<(ap_detail::kind_of<T>::value != 0), int>::type = 0>
  HLS_SIM_INLINE ap_bit_ref& operator=(const T& v) {
    p->set_bit(i, ap_detail::tr<T>::raw(v).to_bool());
    return *this;
  }
  HLS_SIM_INLINE bool operator~() const { return !get(); }
  HLS_SIM_INLINE bool operator!() const { return !get(); }
  HLS_SIM_INLINE int length() const { return 1; }
};

template <int W, bool S> struct ap_range_ref {
  static constexpr int ap_kind = 1, ap_W = W;
  static const bool ap_S = false;
  ap_int_base<W, S>* p;
  int hi, lo;
  HLS_SIM_INLINE ap_range_ref(ap_int_base<W, S>* b, int h, int l) : p(b), hi(h), lo(l) {}
  ap_range_ref(const ap_range_ref&) = default;
  // Bits hi..lo right-aligned (reversed when hi < lo).
  HLS_SIM_INLINE ap_int_base<W, false> get() const {
    ap_int_base<W, false> r;
    if (hi >= lo) {
      if (W <= 64) {
        const int n = hi - lo + 1;
        std::uint64_t b = p->raw64() >> lo;
        if (n < 64) b &= ~(std::uint64_t)0 >> (64 - n);
        r.set_i64((std::int64_t)b);
      } else {
        const int L = ap_detail::store<W, S>::L, n = hi - lo + 1;
        ap_detail::limb t[ap_detail::store<W, S>::L], u[ap_detail::store<W, S>::L];
        p->get_limbs(t, L);
        ap_detail::limbs_shr(u, t, L, lo, 0);
        for (int i = 0; i < L; ++i) {
          const int b = n - 64 * i;  // bits of limb i that belong to the range
          if (b <= 0) u[i] = 0;
          else if (b < 64) u[i] &= ~(ap_detail::limb)0 >> (64 - b);
        }
        r.set_limbs(u, L);
      }
    } else {
      for (int k = hi; k <= lo; ++k) r.set_bit(k - hi, p->get_bit(lo - (k - hi)));
    }
    return r;
  }
  HLS_SIM_INLINE ap_int_base<W, false> ap_raw() const { return get(); }
  HLS_SIM_INLINE operator unsigned long long() const { return get().to_uint64(); }
  template <int W2, bool S2> HLS_SIM_INLINE void put(const ap_int_base<W2, S2>& v) {
    if (hi >= lo) {
      const int n = hi - lo + 1;
      if (W <= 64 && W2 <= 64) {
        std::uint64_t m = (n >= 64 ? ~(std::uint64_t)0 : ((std::uint64_t)1 << n) - 1) << lo;
        std::uint64_t b = (p->raw64() & ~m) | ((v.raw64() << lo) & m);
        p->set_i64((std::int64_t)b);
      } else {
        const int L = ap_detail::store<W, S>::L;
        ap_detail::limb t[ap_detail::store<W, S>::L], x[ap_detail::store<W, S>::L], xs[ap_detail::store<W, S>::L],
            m[ap_detail::store<W, S>::L], ms[ap_detail::store<W, S>::L];
        p->get_limbs(t, L);
        v.get_limbs(x, L);
        for (int i = 0; i < L; ++i) {
          const int b = n - 64 * i;
          m[i] = b <= 0 ? 0 : b >= 64 ? ~(ap_detail::limb)0 : (~(ap_detail::limb)0 >> (64 - b));
        }
        ap_detail::limbs_shl(xs, x, L, lo);
        ap_detail::limbs_shl(ms, m, L, lo);
        for (int i = 0; i < L; ++i) t[i] = (t[i] & ~ms[i]) | (xs[i] & ms[i]);
        p->set_limbs(t, L);
      }
    } else {
      const int n = lo - hi + 1;
      for (int k = 0; k < n; ++k) p->set_bit(lo - k, k < W2 ? v.get_bit(k) : (S2 && v.is_neg()));
    }
  }
  HLS_SIM_INLINE ap_range_ref& operator=(const ap_range_ref& o) {
    put(o.get());
    return *this;
  }
  template <class T, typename std::enable_if<(ap_detail::tr<T>::kind != 0), int>::type = 0>
  HLS_SIM_INLINE ap_range_ref& operator=(const T& v) {
    put(ap_detail::tr<T>::raw(v));
    return *this;
  }
  HLS_SIM_INLINE int length() const { return (hi >= lo ? hi - lo : lo - hi) + 1; }
  HLS_SIM_INLINE int to_int() const { return get().to_int(); }
  HLS_SIM_INLINE unsigned to_uint() const { return get().to_uint(); }
  HLS_SIM_INLINE long to_long() const { return get().to_long(); }
  HLS_SIM_INLINE unsigned long to_ulong() const { return get().to_ulong(); }
  HLS_SIM_INLINE long long to_int64() const { return get().to_int64(); }
  HLS_SIM_INLINE unsigned long long to_uint64() const { return get().to_uint64(); }
  HLS_SIM_INLINE bool to_bool() const { return get().to_bool(); }
  HLS_SIM_INLINE double to_double() const { return get().to_double(); }
  std::string to_string(signed char radix = 2) const { return get().to_string(radix, false); }
  bool and_reduce() const {
    for (int k = (hi < lo ? hi : lo); k <= (hi < lo ? lo : hi); ++k)
      if (!p->get_bit(k)) return false;
    return true;
  }
  bool or_reduce() const { return get().or_reduce(); }
  bool xor_reduce() const { return get().xor_reduce(); }
  bool nand_reduce() const { return !and_reduce(); }
  bool nor_reduce() const { return !or_reduce(); }
  bool xnor_reduce() const { return !xor_reduce(); }
  HLS_SIM_INLINE bool operator[](int k) const { return get().get_bit(k); }
};

// Writable concatenation of two lvalues: (hi, lo) = value.
template <class A, class B> struct ap_concat_ref {
  static constexpr int ap_kind = 1, ap_W = A::ap_W + B::ap_W;
  static const bool ap_S = false;
  A& a;
  B& b;
  HLS_SIM_INLINE ap_concat_ref(A& x, B& y) : a(x), b(y) {}
  ap_concat_ref(const ap_concat_ref&) = default;
  HLS_SIM_INLINE ap_int_base<ap_W, false> get() const;
  HLS_SIM_INLINE ap_int_base<ap_W, false> ap_raw() const { return get(); }
  HLS_SIM_INLINE operator ap_int_base<ap_W, false>() const { return get(); }
  template <class T, typename std::enable_if<(ap_detail::tr<T>::kind != 0), int>::type = 0>
  HLS_SIM_INLINE ap_concat_ref& operator=(const T& v);
  HLS_SIM_INLINE ap_concat_ref& operator=(const ap_concat_ref& o) { return operator=(o.get()); }
  HLS_SIM_INLINE int length() const { return ap_W; }
  HLS_SIM_INLINE int to_int() const { return get().to_int(); }
  HLS_SIM_INLINE unsigned to_uint() const { return get().to_uint(); }
  HLS_SIM_INLINE long long to_int64() const { return get().to_int64(); }
  HLS_SIM_INLINE unsigned long long to_uint64() const { return get().to_uint64(); }
};

#include "ap_fixed.h"

#endif  // HLS_SIM_AP_INT_H
