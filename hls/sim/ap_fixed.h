// Arbitrary-precision fixed point for C simulation (fpga-workbench drop-in for the Vitis HLS header).
//
// ap_fixed_base<W, I, S, Q, O, N> is the class template (W bits, I integer bits including the sign,
// S signed, Q quantisation mode, O overflow mode, N saturation bits); ap_fixed / ap_ufixed derive
// from it. The raw two's complement bits are the public member `V` (an ap_int_base<W, S>): the value
// is V * 2^-(W - I).
// This header also holds every operator shared by ap_int and ap_fixed: the result types follow the
// documented Vitis HLS rules (see ap_detail::bin), C integers act as ap_int of their width, and
// float/double operands turn the expression into float/double arithmetic.
//
// Semantics where the documentation leaves room, as implemented (and tested in tests/unit/hls-sim):
//  - conversion = quantisation (Q) of the exact value, then overflow handling (O, N) of the result;
//    AP_SAT_SYM only acts on overflow (an exact most-negative value is kept);
//    AP_WRAP with N > 0: on overflow the sign is kept and the N - 1 bits below it (N bits for
//    unsigned) take the overflow direction; AP_WRAP_SM: sign = least significant deleted bit, the
//    kept bits inverted when that changes the kept MSB (N > 0 then forces sign and N - 1 bits as for
//    AP_WRAP); AP_WRAP_SM on unsigned types wraps.
//  - shifts keep the operand's type (bits shifted out are lost, no Q/O), a negative signed amount
//    shifts the other way, amounts past the width give 0 / the sign fill;
//  - ap_fixed -> integer (conversion, to_int, ...) truncates toward zero; double -> ap_int too;
//  - division truncates toward zero at the result type's precision; x / 0 gives 0 (no trap);
//  - to_string(radix = 2): 0b / 0o / 0x prefix, value digits (radix 2 shows the raw bits unsigned),
//    radix 10 is the exact decimal value; operator<< prints ints in the stream's base and fixed
//    point as its double value.
#ifndef HLS_SIM_AP_FIXED_H
#define HLS_SIM_AP_FIXED_H

#include "ap_int.h"

#include <vector>

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> struct ap_fixed_base {
  static_assert(W >= 1, "ap_fixed width must be at least 1");
  static constexpr int ap_kind = 2, ap_W = W, ap_I = I, ap_N = N, width = W, iwidth = I, fwidth = W - I;
  static constexpr bool ap_S = S, sign_flag = S;
  static constexpr ap_q_mode ap_Q = Q, qmode = Q;
  static constexpr ap_o_mode ap_O = O, omode = O;
  typedef ap_int_base<W, S> raw_type;

  raw_type V;  // raw bits

  HLS_SIM_INLINE ap_fixed_base() : V() {}
  template <class T, typename std::enable_if<(ap_detail::tr<T>::kind != 0), int>::type = 0>
  HLS_SIM_INLINE ap_fixed_base(const T& v) {
    typedef ap_detail::tr<T> TT;
    ap_detail::fx_assign<W, W - I, S, Q, O, N, TT::W, TT::F, TT::S>(V, TT::raw(v));
  }
  ap_fixed_base(double d) { ap_detail::fx_from_double<W, W - I, S, Q, O, N>(V, d); }
  ap_fixed_base(float f) { ap_detail::fx_from_double<W, W - I, S, Q, O, N>(V, (double)f); }
  ap_fixed_base(long double f) { ap_detail::fx_from_double<W, W - I, S, Q, O, N>(V, (double)f); }
  explicit ap_fixed_base(const char* s) { from_string(s, 0); }
  ap_fixed_base(const char* s, signed char radix) { from_string(s, radix); }

  // Build from raw bits (no conversion).
  template <int W2, bool S2> HLS_SIM_INLINE ap_fixed_base& setBits(const ap_int_base<W2, S2>& bits) {
    V = raw_type(bits);
    return *this;
  }
  HLS_SIM_INLINE ap_fixed_base& setBits(unsigned long long bits) {
    V = raw_type(bits);
    return *this;
  }
  static HLS_SIM_INLINE ap_fixed_base bitsToFixed(unsigned long long bits) {
    ap_fixed_base r;
    r.V = raw_type(bits);
    return r;
  }

  // --- conversions
  HLS_SIM_INLINE operator double() const { return to_double(); }
  HLS_SIM_INLINE double to_double() const { return ap_detail::to_double_raw(V, W - I); }
  HLS_SIM_INLINE float to_float() const { return ap_detail::to_float_raw(V, W - I); }
  // To an integer: truncation toward zero, as a C conversion from double.
  HLS_SIM_INLINE ap_int_base<(I > 1 ? I : 1), S> to_ap_int_base() const {
    return ap_int_base<(I > 1 ? I : 1), S>(*this);
  }
  HLS_SIM_INLINE ap_int_base<64, true> to_i64_trunc() const { return ap_int_base<64, true>(*this); }
  HLS_SIM_INLINE bool to_bool() const { return !V.iszero(); }
  HLS_SIM_INLINE char to_char() const { return (char)to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE int to_int() const { return (int)to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE unsigned to_uint() const { return (unsigned)to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE long to_long() const { return (long)to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE unsigned long to_ulong() const { return (unsigned long)to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE long long to_int64() const { return to_i64_trunc().to_int64(); }
  HLS_SIM_INLINE unsigned long long to_uint64() const { return (unsigned long long)to_i64_trunc().to_int64(); }
  std::string to_string(unsigned char radix = 2, bool sign = S) const {
    return ap_detail::to_string_raw(V, W - I, radix, radix == 2 ? false : sign);
  }
  HLS_SIM_INLINE int length() const { return W; }
  HLS_SIM_INLINE bool is_neg() const { return V.is_neg(); }
  HLS_SIM_INLINE bool iszero() const { return V.iszero(); }
  HLS_SIM_INLINE int countLeadingZeros() const { return V.countLeadingZeros(); }

  // --- bits of the raw representation
  HLS_SIM_INLINE ap_bit_ref<W, S> operator[](int i) { return ap_bit_ref<W, S>(&V, i); }
  HLS_SIM_INLINE bool operator[](int i) const { return V.get_bit(i); }
  template <int W2, bool S2> HLS_SIM_INLINE ap_bit_ref<W, S> operator[](const ap_int_base<W2, S2>& i) {
    return ap_bit_ref<W, S>(&V, i.to_int());
  }
  template <int W2, bool S2> HLS_SIM_INLINE bool operator[](const ap_int_base<W2, S2>& i) const {
    return V.get_bit(i.to_int());
  }
  HLS_SIM_INLINE ap_bit_ref<W, S> bit(int i) { return ap_bit_ref<W, S>(&V, i); }
  HLS_SIM_INLINE bool bit(int i) const { return V.get_bit(i); }
  HLS_SIM_INLINE bool get_bit(int i) const { return V.get_bit(i); }
  HLS_SIM_INLINE void set_bit(int i, bool b) { V.set_bit(i, b); }
  HLS_SIM_INLINE ap_range_ref<W, S> range(int hi, int lo) { return ap_range_ref<W, S>(&V, hi, lo); }
  HLS_SIM_INLINE ap_range_ref<W, S> range() { return ap_range_ref<W, S>(&V, W - 1, 0); }
  HLS_SIM_INLINE ap_range_ref<W, S> operator()(int hi, int lo) { return range(hi, lo); }
  HLS_SIM_INLINE ap_int_base<W, false> range(int hi, int lo) const { return V.range(hi, lo); }
  HLS_SIM_INLINE ap_int_base<W, false> range() const { return V.range(); }
  HLS_SIM_INLINE ap_int_base<W, false> operator()(int hi, int lo) const { return V.range(hi, lo); }
  bool and_reduce() const { return V.and_reduce(); }
  bool or_reduce() const { return V.or_reduce(); }
  bool xor_reduce() const { return V.xor_reduce(); }
  bool nand_reduce() const { return V.nand_reduce(); }
  bool nor_reduce() const { return V.nor_reduce(); }
  bool xnor_reduce() const { return V.xnor_reduce(); }

  // --- compound assignment (result converted back with this type's Q and O), unary
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator+=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator-=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator*=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator/=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator&=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator|=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator^=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator<<=(const T& o);
  template <class T> HLS_SIM_INLINE ap_fixed_base& operator>>=(const T& o);
  HLS_SIM_INLINE ap_fixed_base& operator++() {
    *this += 1;
    return *this;
  }
  HLS_SIM_INLINE ap_fixed_base& operator--() {
    *this -= 1;
    return *this;
  }
  HLS_SIM_INLINE const ap_fixed_base operator++(int) {
    ap_fixed_base t = *this;
    *this += 1;
    return t;
  }
  HLS_SIM_INLINE const ap_fixed_base operator--(int) {
    ap_fixed_base t = *this;
    *this -= 1;
    return t;
  }
  HLS_SIM_INLINE ap_fixed_base operator+() const { return *this; }
  HLS_SIM_INLINE ap_fixed_base<W + 1, I + 1, true, AP_TRN, AP_WRAP, 0> operator-() const {
    ap_fixed_base<W + 1, I + 1, true, AP_TRN, AP_WRAP, 0> r;
    r.V = -V;
    return r;
  }
  HLS_SIM_INLINE ap_fixed_base operator~() const {
    ap_fixed_base r;
    r.V = ~V;
    return r;
  }
  HLS_SIM_INLINE bool operator!() const { return V.iszero(); }

 private:
  void from_string(const char* s, int radix);
};

#if __cplusplus < 201703L  // C++14: static constexpr members that user code may bind by reference
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr int ap_fixed_base<W, I, S, Q, O, N>::width;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr int ap_fixed_base<W, I, S, Q, O, N>::iwidth;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr int ap_fixed_base<W, I, S, Q, O, N>::fwidth;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr bool ap_fixed_base<W, I, S, Q, O, N>::sign_flag;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr ap_q_mode ap_fixed_base<W, I, S, Q, O, N>::qmode;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> constexpr ap_o_mode ap_fixed_base<W, I, S, Q, O, N>::omode;
#endif

template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct ap_fixed : ap_fixed_base<W, I, true, Q, O, N> {
  typedef ap_fixed_base<W, I, true, Q, O, N> Base;
  HLS_SIM_INLINE ap_fixed() {}
  template <class T, typename std::enable_if<std::is_constructible<Base, const T&>::value, int>::type = 0>
  HLS_SIM_INLINE ap_fixed(const T& v) : Base(v) {}
  ap_fixed(const char* s) : Base(s, 0) {}
  ap_fixed(const char* s, signed char radix) : Base(s, radix) {}
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct ap_ufixed : ap_fixed_base<W, I, false, Q, O, N> {
  typedef ap_fixed_base<W, I, false, Q, O, N> Base;
  HLS_SIM_INLINE ap_ufixed() {}
  template <class T, typename std::enable_if<std::is_constructible<Base, const T&>::value, int>::type = 0>
  HLS_SIM_INLINE ap_ufixed(const T& v) : Base(v) {}
  ap_ufixed(const char* s) : Base(s, 0) {}
  ap_ufixed(const char* s, signed char radix) : Base(s, radix) {}
};

// =============================================================================================
namespace ap_detail {

// --- working-integer load/store
template <int W, bool S> HLS_SIM_INLINE std::int64_t io<std::int64_t>::ld(const ap_int_base<W, S>& x) {
  return (std::int64_t)x.raw64();
}
template <int W, bool S> HLS_SIM_INLINE void io<std::int64_t>::st(ap_int_base<W, S>& x, std::int64_t v) {
  x.set_i64(v);
}
template <int W, bool S> HLS_SIM_INLINE i128 io<i128>::ld(const ap_int_base<W, S>& x) {
  if (W <= 64) return S ? (i128)(std::int64_t)x.raw64() : (i128)x.raw64();
  limb t[2];
  x.get_limbs(t, 2);
  return (i128)(((u128)t[1] << 64) | t[0]);
}
template <int W, bool S> HLS_SIM_INLINE void io<i128>::st(ap_int_base<W, S>& x, i128 v) {
  if (W <= 64) {
    x.set_i64((std::int64_t)v);
  } else {
    limb t[2] = {(limb)v, (limb)((u128)v >> 64)};
    x.set_limbs(t, 2);
  }
}
template <int L> template <int W, bool S> HLS_SIM_INLINE bigv<L> io<bigv<L> >::ld(const ap_int_base<W, S>& x) {
  bigv<L> r;
  x.get_limbs(r.w, L);
  return r;
}
template <int L>
template <int W, bool S>
HLS_SIM_INLINE void io<bigv<L> >::st(ap_int_base<W, S>& x, const bigv<L>& v) {
  x.set_limbs(v.w, L);
}

template <int W, bool S> HLS_SIM_INLINE ap_int_base<W, S>& raw_ref(ap_int_base<W, S>& r) { return r; }
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
HLS_SIM_INLINE ap_int_base<W, S>& raw_ref(ap_fixed_base<W, I, S, Q, O, N>& r) {
  return r.V;
}

// --- result types of binary operators (Vitis HLS rules; an ap_int<W> is an ap_fixed<W, W>)
template <bool Fx, int W, int I, bool S> struct mk { typedef ap_int_base<W, S> type; };
template <int W, int I, bool S> struct mk<true, W, I, S> { typedef ap_fixed_base<W, I, S, AP_TRN, AP_WRAP, 0> type; };

template <class A, class B> struct bin_ok {
  static constexpr int value = tr<A>::kind != 0 && tr<B>::kind != 0 && (tr<A>::ours || tr<B>::ours);
};
// % exists for integer operands only. Decided from the operand kinds alone, so that a class with its
// own operator% (hls::vector, user types) never instantiates bin<> — that would be a hard error, not SFINAE.
template <class A, class B> struct mod_ok {
  static constexpr bool value = bin_ok<A, B>::value && tr<A>::kind != 2 && tr<B>::kind != 2;
};
template <class A, class B> struct bin {
  typedef tr<A> TA;
  typedef tr<B> TB;
  static constexpr int
    fx = TA::kind == 2 || TB::kind == 2,
    W1 = TA::W, I1 = TA::I, F1 = W1 - I1, S1 = TA::S,
    W2 = TB::W, I2 = TB::I, F2 = W2 - I2, S2 = TB::S,
    // + and -
    pi = cmax(I1 + (S2 && !S1), I2 + (S1 && !S2)) + 1,
    pf = cmax(F1, F2),
    pw = pi + pf,
    psa = pf - F1,
    psb = pf - F2,
    // *
    mw = W1 + W2,
    mi = I1 + I2,
    // /
    dw = S2 + W1 + cmax(F2, 0),
    di = S2 + I1 + F2,
    dsa = cmax(F2, 0),
    dbits = cmax(cmax(W1 + dsa, W2), dw) + 1,
    // & | ^
    li = pi - 1,
    lw = li + pf,
    // % (integers)
    rw = cmin(W1, W2 + (S1 && !S2)),
    rbits = cmax(W1, W2) + 1;
  typedef typename mk<fx, pw, pi, (S1 || S2)>::type plus_t;
  typedef typename mk<fx, pw, pi, true>::type minus_t;
  typedef typename mk<fx, mw, mi, (S1 || S2)>::type mult_t;
  typedef typename mk<fx, dw, di, (S1 || S2)>::type div_t;
  typedef typename mk<fx, lw, li, (S1 || S2)>::type logic_t;
  typedef ap_int_base<rw, (bool)S1> mod_t;
};

enum { K_ADD, K_SUB, K_MUL, K_DIV, K_MOD, K_AND, K_OR, K_XOR };
enum { R_EQ, R_NE, R_LT, R_LE, R_GT, R_GE };

template <int K, int sa, int sb, int B, int Wr, bool Sr, int W1, bool S1, int W2, bool S2>
HLS_SIM_INLINE void arith(ap_int_base<Wr, Sr>& r, const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {
  typedef typename work<B>::type T;
  const T x = shl(io<T>::ld(a), sa), y = shl(io<T>::ld(b), sb);
  T z;
  switch (K) {
    case K_ADD: z = x + y; break;
    case K_SUB: z = x - y; break;
    case K_MUL: z = x * y; break;
    case K_DIV: z = wdiv(x, y); break;
    case K_MOD: z = wmod(x, y); break;
    case K_AND: z = x & y; break;
    case K_OR: z = x | y; break;
    default: z = x ^ y; break;
  }
  io<T>::st(r, z);
}
template <int K, int sa, int sb, int B, int W1, bool S1, int W2, bool S2>
HLS_SIM_INLINE bool rel(const ap_int_base<W1, S1>& a, const ap_int_base<W2, S2>& b) {
  typedef typename work<B>::type T;
  const T x = shl(io<T>::ld(a), sa), y = shl(io<T>::ld(b), sb);
  switch (K) {
    case R_EQ: return x == y;
    case R_NE: return x != y;
    case R_LT: return x < y;
    case R_LE: return x <= y;
    case R_GT: return x > y;
    default: return x >= y;
  }
}

template <class A> HLS_SIM_INLINE double as_double(const A& a) { return to_double_raw(tr<A>::raw(a), tr<A>::F); }
template <class A> HLS_SIM_INLINE float as_float(const A& a) { return to_float_raw(tr<A>::raw(a), tr<A>::F); }

// --- shifts: same type as the shifted operand; a negative signed amount shifts the other way.
template <class A, bool Fx = (tr<A>::kind == 2)> struct shift_res {
  typedef ap_int_base<tr<A>::W, tr<A>::S> type;
};
template <class A> struct shift_res<A, true> {
  typedef ap_fixed_base<tr<A>::W, tr<A>::I, tr<A>::S, tr<A>::Q, tr<A>::O, tr<A>::N> type;
};
template <int W, bool S> HLS_SIM_INLINE long long shift_amount(const ap_int_base<W, S>& n) {
  if (W <= 64) return (long long)n.raw64() < 0 && !S ? (1LL << 40) : (long long)n.raw64();
  limb t[(W + 63) / 64];
  n.get_limbs(t, (W + 63) / 64);
  const limb fill = (S && n.is_neg()) ? ~(limb)0 : 0;
  for (int i = 1; i < (W + 63) / 64; ++i)
    if (t[i] != fill) return fill ? -(1LL << 40) : (1LL << 40);
  return (long long)t[0];
}
template <int W, bool S> HLS_SIM_INLINE ap_int_base<W, S> raw_shl(const ap_int_base<W, S>& a, long long n) {
  ap_int_base<W, S> r;
  if (n >= W) return r;
  if (W <= 64) {
    r.set_i64((std::int64_t)(a.raw64() << n));
  } else {
    constexpr int L = (W + 63) / 64;
    limb t[L], u[L];
    a.get_limbs(t, L);
    limbs_shl(u, t, L, (int)n);
    r.set_limbs(u, L);
  }
  return r;
}
template <int W, bool S> HLS_SIM_INLINE ap_int_base<W, S> raw_shr(const ap_int_base<W, S>& a, long long n) {
  ap_int_base<W, S> r;
  const bool neg = a.is_neg();
  if (n >= W) {
    if (neg) r.set_i64(-1);
    return r;
  }
  if (W <= 64) {
    r.set_i64(S ? (std::int64_t)((std::int64_t)a.raw64() >> n) : (std::int64_t)(a.raw64() >> n));
  } else {
    constexpr int L = (W + 63) / 64;
    limb t[L], u[L];
    a.get_limbs(t, L);
    limbs_shr(u, t, L, (int)n, neg ? ~(limb)0 : 0);
    r.set_limbs(u, L);
  }
  return r;
}
template <class A> HLS_SIM_INLINE typename shift_res<A>::type make_shift_res(const A& a, long long n, bool left) {
  typename shift_res<A>::type r;
  const typename tr<A>::raw_type& x = tr<A>::raw(a);
  if (n < 0) {
    n = -n;
    left = !left;
  }
  raw_ref(r) = left ? raw_shl(x, n) : raw_shr(x, n);
  return r;
}

// --- concatenation of raw bits
template <int WA, bool SA, int WB, bool SB>
HLS_SIM_INLINE ap_int_base<WA + WB, false> concat_raw(const ap_int_base<WA, SA>& a, const ap_int_base<WB, SB>& b) {
  const ap_int_base<WA + WB, false> hi = ap_int_base<WA, false>(a), lo = ap_int_base<WB, false>(b);
  ap_int_base<WA + WB, false> r;
  if (WA + WB <= 64) {
    r.set_i64((std::int64_t)((hi.raw64() << (WB % 64)) | lo.raw64()));
  } else {
    constexpr int L = (WA + WB + 63) / 64;
    limb h[L], l[L], u[L];
    hi.get_limbs(h, L);
    lo.get_limbs(l, L);
    limbs_shl(u, h, L, WB);
    for (int i = 0; i < L; ++i) u[i] |= l[i];
    r.set_limbs(u, L);
  }
  return r;
}
template <class A> struct is_int_lvalue {
  template <class T> static std::true_type test(const ap_int_base<T::ap_W, T::ap_S>*);
  template <class T> static std::false_type test(...);
  static constexpr int value = kind_of<A>::value == 1 && !std::is_const<A>::value && decltype(test<A>((A*)0))::value;
};

// --- floating point <-> raw
template <int Wt, int Ft, bool St, ap_q_mode Q, ap_o_mode O, int N>
inline void fx_from_double(ap_int_base<Wt, St>& dst, double x) {
  typedef typename work<Wt + 60>::type T;
  if (x != x) {
    dst = ap_int_base<Wt, St>();
    return;
  }
  std::int64_t m;
  int d;
  if (std::isinf(x)) {
    m = x > 0 ? 1 : -1;
    d = -(Wt + 2);
  } else {
    int e = 0;
    const double fr = std::frexp(x, &e);
    m = (std::int64_t)std::ldexp(fr, 53);  // exact: |m| < 2^53
    d = 53 - e - Ft;                        // x = m * 2^(e - 53)
  }
  io<T>::st(dst, fx_cvt<T, Wt, St, Q, O, N>(T((long long)m), d, 54, true));
}

// Magnitude of the raw value (as unsigned limbs) and its sign.
template <int W, bool S> inline void magnitude(const ap_int_base<W, S>& x, bool sign, std::vector<limb>& mag, bool& neg) {
  constexpr int L = (W + 63) / 64 + 1;
  limb t[L];
  x.get_limbs(t, L);
  neg = sign && x.is_neg();
  if (!sign && S && x.is_neg()) {  // reinterpret the W bits as unsigned
    ap_int_base<W, false> u(x);
    u.get_limbs(t, L);
  }
  if (neg) {
    limb c = 1;
    for (int i = 0; i < L; ++i) {
      t[i] = ~t[i] + c;
      c = (c && t[i] == 0) ? 1 : 0;
    }
  }
  mag.assign(t, t + L);
}
inline int mag_bitlen(const std::vector<limb>& m) {
  for (int i = (int)m.size() - 1; i >= 0; --i)
    if (m[i]) {
      int b = 63;
      while (!((m[i] >> b) & 1)) --b;
      return i * 64 + b + 1;
    }
  return 0;
}
inline bool mag_bit(const std::vector<limb>& m, int i) {
  return i >= 0 && i / 64 < (int)m.size() && ((m[i / 64] >> (i % 64)) & 1);
}
template <class FT> inline FT mag_to_float(const std::vector<limb>& m, bool neg, int F) {
  const int n = mag_bitlen(m);
  FT v;
  if (n <= 64) {
    v = (FT)(m.empty() ? 0 : m[0]);
    v = std::ldexp(v, -F);
  } else {
    const int lo = n - 64;
    limb top = 0;
    for (int k = 0; k < 64; ++k) top |= (limb)mag_bit(m, lo + k) << k;
    bool sticky = false;
    for (int k = 0; k < lo && !sticky; ++k) sticky = mag_bit(m, k);
    if (sticky) top |= 1;
    v = std::ldexp((FT)top, lo - F);
  }
  return neg ? -v : v;
}
template <int W, bool S> inline double to_double_raw(const ap_int_base<W, S>& x, int F) {
  if (W <= 64) {
    const double v = S ? (double)(std::int64_t)x.raw64() : (double)x.raw64();
    return F == 0 ? v : std::ldexp(v, -F);
  }
  std::vector<limb> m;
  bool neg;
  magnitude(x, true, m, neg);
  return mag_to_float<double>(m, neg, F);
}
template <int W, bool S> inline float to_float_raw(const ap_int_base<W, S>& x, int F) {
  if (W <= 64) {
    const float v = S ? (float)(std::int64_t)x.raw64() : (float)x.raw64();
    return F == 0 ? v : std::ldexp(v, -F);
  }
  std::vector<limb> m;
  bool neg;
  magnitude(x, true, m, neg);
  return mag_to_float<float>(m, neg, F);
}

// Unsigned big number (little-endian 32-bit digits) for text conversion; not on any hot path.
struct dbig {
  std::vector<std::uint32_t> d;
  bool zero() const {
    for (size_t i = 0; i < d.size(); ++i)
      if (d[i]) return false;
    return true;
  }
  void mul_add(std::uint32_t m, std::uint32_t a) {
    std::uint64_t c = a;
    for (size_t i = 0; i < d.size(); ++i) {
      std::uint64_t t = (std::uint64_t)d[i] * m + c;
      d[i] = (std::uint32_t)t;
      c = t >> 32;
    }
    if (c) d.push_back((std::uint32_t)c);
  }
  std::uint32_t divmod(std::uint32_t m) {
    std::uint64_t r = 0;
    for (size_t i = d.size(); i-- > 0;) {
      std::uint64_t t = (r << 32) | d[i];
      d[i] = (std::uint32_t)(t / m);
      r = t % m;
    }
    return (std::uint32_t)r;
  }
  int bitlen() const {
    for (size_t i = d.size(); i-- > 0;)
      if (d[i]) {
        int b = 31;
        while (!((d[i] >> b) & 1)) --b;
        return (int)i * 32 + b + 1;
      }
    return 0;
  }
  bool bit(int i) const { return i >= 0 && (size_t)(i / 32) < d.size() && ((d[i / 32] >> (i % 32)) & 1); }
  void set_bit(int i) {
    if ((size_t)(i / 32) >= d.size()) d.resize(i / 32 + 1, 0);
    d[i / 32] |= 1u << (i % 32);
  }
  dbig shl(int n) const {
    dbig r;
    const int nb = bitlen();
    for (int i = 0; i < nb; ++i)
      if (bit(i)) r.set_bit(i + n);
    return r;
  }
  dbig shr(int n) const {
    dbig r;
    const int nb = bitlen();
    for (int i = n; i < nb; ++i)
      if (bit(i)) r.set_bit(i - n);
    return r;
  }
  static int cmp(const dbig& a, const dbig& b) {
    const int la = a.bitlen(), lb = b.bitlen();
    if (la != lb) return la < lb ? -1 : 1;
    for (int i = la - 1; i >= 0; --i)
      if (a.bit(i) != b.bit(i)) return a.bit(i) ? 1 : -1;
    return 0;
  }
  void sub(const dbig& b) {  // requires *this >= b
    std::int64_t br = 0;
    for (size_t i = 0; i < d.size(); ++i) {
      std::int64_t t = (std::int64_t)d[i] - (i < b.d.size() ? b.d[i] : 0) - br;
      br = t < 0;
      d[i] = (std::uint32_t)(t + (br ? ((std::int64_t)1 << 32) : 0));
    }
  }
  // floor(a / b), remainder-is-nonzero flag
  static dbig div(const dbig& a, const dbig& b, bool& inexact) {
    dbig q, r;
    for (int i = a.bitlen() - 1; i >= 0; --i) {
      r = r.shl(1);
      if (a.bit(i)) r.set_bit(0);
      if (cmp(r, b) >= 0) {
        r.sub(b);
        q.set_bit(i);
      }
    }
    inexact = !r.zero();
    return q;
  }
};

inline int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Parses [-+][0b|0o|0x]digits[.digits] into magnitude numerator / radix^frac_digits.
inline void parse_number(const char* s, int radix, bool& neg, dbig& num, int& radix_out, int& frac_digits) {
  while (*s == ' ' || *s == '\t') ++s;
  neg = false;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && (radix == 0 || radix == 2)) {
    radix = 2;
    s += 2;
  } else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O') && (radix == 0 || radix == 8)) {
    radix = 8;
    s += 2;
  } else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && (radix == 0 || radix == 16)) {
    radix = 16;
    s += 2;
  }
  if (radix == 0) radix = 10;
  frac_digits = 0;
  bool in_frac = false;
  for (; *s; ++s) {
    if (*s == '.' && !in_frac) {
      in_frac = true;
      continue;
    }
    if (*s == '\'' || *s == '_') continue;
    const int v = digit_value(*s);
    if (v >= radix) break;
    num.mul_add((std::uint32_t)radix, (std::uint32_t)v);
    if (in_frac) ++frac_digits;
  }
  if (radix == 10 && (*s == 'e' || *s == 'E')) {  // decimal exponent: 1.5e-3
    ++s;
    bool eneg = false;
    if (*s == '-' || *s == '+') eneg = *s++ == '-';
    int e = 0;
    while (*s >= '0' && *s <= '9' && e < 100000) e = e * 10 + (*s++ - '0');
    if (eneg) {
      frac_digits += e;
    } else {
      const int up = e < frac_digits ? 0 : e - frac_digits;
      frac_digits = e < frac_digits ? frac_digits - e : 0;
      for (int i = 0; i < up; ++i) num.mul_add(10, 0);
    }
  }
  radix_out = radix;
}

template <int W, bool S> inline void from_string_raw(ap_int_base<W, S>& x, const char* s, int radix) {
  bool neg;
  dbig num;
  int rdx, fd;
  parse_number(s, radix, neg, num, rdx, fd);
  for (int i = 0; i < fd; ++i) num.divmod((std::uint32_t)rdx);  // integers drop the fraction
  constexpr int L = (W + 63) / 64 + 1;
  limb t[L] = {};
  for (int i = 0; i < 64 * L; ++i)
    if (num.bit(i)) t[i / 64] |= (limb)1 << (i % 64);
  if (neg) {
    limb c = 1;
    for (int i = 0; i < L; ++i) {
      t[i] = ~t[i] + c;
      c = (c && t[i] == 0) ? 1 : 0;
    }
  }
  x.set_limbs(t, L);
}

template <int W, bool S> inline std::string to_string_raw(const ap_int_base<W, S>& x, int F, int radix, bool sign) {
  if (radix != 2 && radix != 8 && radix != 16) radix = 10;
  std::vector<limb> m;
  bool neg;
  magnitude(x, sign, m, neg);
  dbig ip, fp;  // integer part, fraction part (fp / 2^F)
  const int nb = mag_bitlen(m);
  const int fbits = F > 0 ? F : 0;
  for (int i = 0; i < nb; ++i)
    if (mag_bit(m, i)) {
      const int pos = i - F;  // weight 2^pos
      if (pos >= 0)
        ip.set_bit(pos);
      else
        fp.set_bit(i);
    }
  std::string digits;
  if (ip.zero()) digits = "0";
  while (!ip.zero()) {
    const std::uint32_t dgt = ip.divmod((std::uint32_t)radix);
    digits.insert(digits.begin(), "0123456789abcdef"[dgt]);
  }
  std::string frac;
  while (!fp.zero()) {
    fp.mul_add((std::uint32_t)radix, 0);
    dbig q = fp.shr(fbits);
    std::uint32_t dgt = q.zero() ? 0 : q.d[0];
    frac.push_back("0123456789abcdef"[dgt]);
    dbig keep;
    for (int i = 0; i < fbits; ++i)
      if (fp.bit(i)) keep.set_bit(i);
    fp = keep;
  }
  std::string out = neg ? "-" : "";
  if (radix == 2) out += "0b";
  if (radix == 8) out += "0o";
  if (radix == 16) out += "0x";
  out += digits;
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace ap_detail

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
void ap_fixed_base<W, I, S, Q, O, N>::from_string(const char* s, int radix) {
  using namespace ap_detail;
  bool neg;
  dbig num;
  int rdx, fd;
  parse_number(s, radix, neg, num, rdx, fd);
  // value = num / rdx^fd; X = floor(value * 2^(F+1)) with a sticky bit: V = 2X + sticky has F+2
  // fraction bits and rounds exactly like the decimal value.
  dbig den;
  den.d.push_back(1);
  for (int i = 0; i < fd; ++i) den.mul_add((std::uint32_t)rdx, 0);
  const int sh = (W - I) + 1;
  dbig a = sh >= 0 ? num.shl(sh) : num, b = sh >= 0 ? den : den.shl(-sh);
  bool inexact = false;
  dbig X = dbig::div(a, b, inexact);
  X = X.shl(1);
  if (inexact) X.set_bit(0);
  // keep enough low bits; a larger magnitude overflows any way it is cut
  const int keep = W + 6;
  if (X.bitlen() > keep) {
    dbig c;
    for (int i = 0; i < keep - 1; ++i)
      if (X.bit(i)) c.set_bit(i);
    c.set_bit(keep - 1);
    X = c;
  }
  constexpr int L = (W + 8 + 63) / 64 + 1;
  ap_int_base<64 * L, true> raw;
  limb t[L] = {};
  for (int i = 0; i < 64 * L; ++i)
    if (X.bit(i)) t[i / 64] |= (limb)1 << (i % 64);
  raw.set_limbs(t, L);
  if (neg) raw = -raw;
  fx_assign<W, W - I, S, Q, O, N, 64 * L, (W - I) + 2, true>(V, raw);
}

// =============================================================================================
// Operators shared by every type. A, B: our classes, proxies or C integers (at least one ours).
#define HLS_SIM_ARITH_OP(OP, KIND, RT, SA, SB, BITS)                                                          \
  template <class A, class B, typename std::enable_if<ap_detail::bin_ok<A, B>::value, int>::type = 0>         \
  HLS_SIM_INLINE typename ap_detail::bin<A, B>::RT operator OP(const A& a, const B& b) {                       \
    typedef ap_detail::bin<A, B> P;                                                                           \
    typename P::RT r;                                                                                         \
    ap_detail::arith<ap_detail::KIND, SA, SB, BITS>(ap_detail::raw_ref(r), ap_detail::tr<A>::raw(a),          \
                                                    ap_detail::tr<B>::raw(b));                                \
    return r;                                                                                                 \
  }
HLS_SIM_ARITH_OP(+, K_ADD, plus_t, P::psa, P::psb, P::pw + 1)
HLS_SIM_ARITH_OP(-, K_SUB, minus_t, P::psa, P::psb, P::pw + 1)
HLS_SIM_ARITH_OP(*, K_MUL, mult_t, 0, 0, P::mw + 1)
HLS_SIM_ARITH_OP(/, K_DIV, div_t, P::dsa, 0, P::dbits)
HLS_SIM_ARITH_OP(&, K_AND, logic_t, P::psa, P::psb, P::pw + 1)
HLS_SIM_ARITH_OP(|, K_OR, logic_t, P::psa, P::psb, P::pw + 1)
HLS_SIM_ARITH_OP(^, K_XOR, logic_t, P::psa, P::psb, P::pw + 1)
#undef HLS_SIM_ARITH_OP

template <class A, class B,
          typename std::enable_if<ap_detail::mod_ok<A, B>::value, int>::type = 0>
HLS_SIM_INLINE typename ap_detail::bin<A, B>::mod_t operator%(const A& a, const B& b) {
  typedef ap_detail::bin<A, B> P;
  typename P::mod_t r;
  ap_detail::arith<ap_detail::K_MOD, 0, 0, P::rbits>(r, ap_detail::tr<A>::raw(a), ap_detail::tr<B>::raw(b));
  return r;
}

#define HLS_SIM_REL_OP(OP, KIND)                                                                       \
  template <class A, class B, typename std::enable_if<ap_detail::bin_ok<A, B>::value, int>::type = 0>  \
  HLS_SIM_INLINE bool operator OP(const A& a, const B& b) {                                           \
    typedef ap_detail::bin<A, B> P;                                                                    \
    return ap_detail::rel<ap_detail::KIND, P::psa, P::psb, P::pw + 1>(ap_detail::tr<A>::raw(a),        \
                                                                      ap_detail::tr<B>::raw(b));       \
  }
HLS_SIM_REL_OP(==, R_EQ)
HLS_SIM_REL_OP(!=, R_NE)
HLS_SIM_REL_OP(<, R_LT)
HLS_SIM_REL_OP(<=, R_LE)
HLS_SIM_REL_OP(>, R_GT)
HLS_SIM_REL_OP(>=, R_GE)
#undef HLS_SIM_REL_OP

// With float / double: the expression is evaluated in floating point (float operands give float
// arithmetic; comparisons are exact against the double value).
#define HLS_SIM_FLOAT_OP(OP)                                                                        \
  template <class A, typename std::enable_if<(ap_detail::tr<A>::ours != 0), int>::type = 0>         \
  HLS_SIM_INLINE double operator OP(const A& a, double b) {                                         \
    return ap_detail::as_double(a) OP b;                                                            \
  }                                                                                                 \
  template <class A, typename std::enable_if<(ap_detail::tr<A>::ours != 0), int>::type = 0>         \
  HLS_SIM_INLINE double operator OP(double b, const A& a) {                                         \
    return b OP ap_detail::as_double(a);                                                            \
  }                                                                                                 \
  template <class A, typename std::enable_if<(ap_detail::tr<A>::ours != 0), int>::type = 0>         \
  HLS_SIM_INLINE float operator OP(const A& a, float b) {                                           \
    return ap_detail::as_float(a) OP b;                                                             \
  }                                                                                                 \
  template <class A, typename std::enable_if<(ap_detail::tr<A>::ours != 0), int>::type = 0>         \
  HLS_SIM_INLINE float operator OP(float b, const A& a) {                                           \
    return b OP ap_detail::as_float(a);                                                             \
  }
HLS_SIM_FLOAT_OP(+)
HLS_SIM_FLOAT_OP(-)
HLS_SIM_FLOAT_OP(*)
HLS_SIM_FLOAT_OP(/)
#undef HLS_SIM_FLOAT_OP
namespace ap_detail {
// Exact three-way comparison of a value wider than a double's mantissa with a finite double.
template <class A> inline int cmp_exact(const A& a, double b) {
  std::vector<limb> mag;
  bool neg;
  magnitude(tr<A>::raw(a), tr<A>::S, mag, neg);
  dbig x, y;
  const int nx = mag_bitlen(mag);
  for (int i = 0; i < nx; ++i)
    if (mag_bit(mag, i)) x.set_bit(i);
  int e = 0;
  const std::uint64_t m = (std::uint64_t)std::ldexp(std::frexp(std::fabs(b), &e), 53);  // |b| = m 2^(e-53)
  for (int i = 0; i < 64; ++i)
    if ((m >> i) & 1) y.set_bit(i);
  const int sa = x.zero() ? 0 : neg ? -1 : 1, sb = m == 0 ? 0 : b < 0 ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  const int ex = -tr<A>::F, ey = e - 53, lo = ex < ey ? ex : ey;
  const int c = dbig::cmp(x.shl(ex - lo), y.shl(ey - lo));
  return sa < 0 ? -c : c;
}
// a OP b for a floating b: through double when that is exact (<= 53 bits), else exactly.
template <class A> HLS_SIM_INLINE int cmp_float(const A& a, double b, std::true_type) {
  const double x = as_double(a);
  return x < b ? -1 : x > b ? 1 : 0;
}
template <class A> inline int cmp_float(const A& a, double b, std::false_type) { return cmp_exact(a, b); }
}  // namespace ap_detail
#define HLS_SIM_FLOAT_REL(OP)                                                                       \
  template <class A, class F,                                                                       \
            typename std::enable_if<(ap_detail::tr<A>::ours != 0 && std::is_floating_point<F>::value), int>::type = 0> \
  HLS_SIM_INLINE bool operator OP(const A& a, F b) {                                                \
    if (!std::isfinite((double)b)) return 0.0 OP(double) b; /* a is finite */                       \
    return ap_detail::cmp_float(a, (double)b, std::integral_constant<bool, (ap_detail::tr<A>::W <= 53)>()) OP 0; \
  }                                                                                                 \
  template <class A, class F,                                                                       \
            typename std::enable_if<(ap_detail::tr<A>::ours != 0 && std::is_floating_point<F>::value), int>::type = 0> \
  HLS_SIM_INLINE bool operator OP(F b, const A& a) {                                                \
    if (!std::isfinite((double)b)) return (double)b OP 0.0;                                         \
    return 0 OP ap_detail::cmp_float(a, (double)b, std::integral_constant<bool, (ap_detail::tr<A>::W <= 53)>()); \
  }
HLS_SIM_FLOAT_REL(==)
HLS_SIM_FLOAT_REL(!=)
HLS_SIM_FLOAT_REL(<)
HLS_SIM_FLOAT_REL(<=)
HLS_SIM_FLOAT_REL(>)
HLS_SIM_FLOAT_REL(>=)
#undef HLS_SIM_FLOAT_REL

// Shifts.
template <class A, class B,
          typename std::enable_if<(ap_detail::tr<A>::ours != 0 && ap_detail::tr<B>::kind == 1), int>::type = 0>
HLS_SIM_INLINE typename ap_detail::shift_res<A>::type operator<<(const A& a, const B& b) {
  return ap_detail::make_shift_res(a, ap_detail::shift_amount(ap_detail::tr<B>::raw(b)), true);
}
template <class A, class B,
          typename std::enable_if<(ap_detail::tr<A>::ours != 0 && ap_detail::tr<B>::kind == 1), int>::type = 0>
HLS_SIM_INLINE typename ap_detail::shift_res<A>::type operator>>(const A& a, const B& b) {
  return ap_detail::make_shift_res(a, ap_detail::shift_amount(ap_detail::tr<B>::raw(b)), false);
}

// Concatenation: (a, b) and a.concat(b); writable when both sides are ap_int lvalues.
// A C integer operand counts with its own width (cast literals to the wanted ap_uint<N> first).
template <class A, class B, typename std::enable_if<ap_detail::bin_ok<A, B>::value, int>::type = 0>
HLS_SIM_INLINE ap_int_base<ap_detail::tr<A>::W + ap_detail::tr<B>::W, false> operator,(const A& a, const B& b) {
  return ap_detail::concat_raw(ap_detail::tr<A>::raw(a), ap_detail::tr<B>::raw(b));
}
template <class A, class B,
          typename std::enable_if<(ap_detail::is_int_lvalue<A>::value && ap_detail::is_int_lvalue<B>::value), int>::type = 0>
HLS_SIM_INLINE ap_concat_ref<A, B> operator,(A& a, B& b) {
  return ap_concat_ref<A, B>(a, b);
}
template <int W, bool S>
template <class T>
HLS_SIM_INLINE ap_int_base<W + ap_detail::tr<T>::W, false> ap_int_base<W, S>::concat(const T& o) const {
  return ap_detail::concat_raw(*this, ap_detail::tr<T>::raw(o));
}
template <class A, class B> HLS_SIM_INLINE ap_int_base<ap_concat_ref<A, B>::ap_W, false> ap_concat_ref<A, B>::get() const {
  return ap_detail::concat_raw(ap_detail::tr<A>::raw(a), ap_detail::tr<B>::raw(b));
}
template <class A, class B>
template <class T, typename std::enable_if<(ap_detail::tr<T>::kind != 0), int>::type>
HLS_SIM_INLINE ap_concat_ref<A, B>& ap_concat_ref<A, B>::operator=(const T& v) {
  const ap_int_base<ap_W, false> bits(ap_detail::tr<T>::raw(v));
  b = ap_int_base<B::ap_W, false>(bits);
  a = ap_int_base<A::ap_W, false>(ap_detail::raw_shr(bits, B::ap_W));
  return *this;
}

// Stream output: decimal (or the stream's hex/oct base) for integers, the value for fixed point.
template <class T, typename std::enable_if<(ap_detail::tr<T>::ours != 0 && ap_detail::tr<T>::kind == 1), int>::type = 0>
inline std::ostream& operator<<(std::ostream& os, const T& x) {
  const std::ios_base::fmtflags bf = os.flags() & std::ios_base::basefield;
  const int radix = bf == std::ios_base::hex ? 16 : bf == std::ios_base::oct ? 8 : 10;
  std::string s = ap_detail::to_string_raw(ap_detail::tr<T>::raw(x), 0, radix, ap_detail::tr<T>::S);
  if (radix != 10 && !(os.flags() & std::ios_base::showbase)) {
    const size_t p = s.find('0', s[0] == '-' ? 1 : 0);
    s.erase(p, 2);
  }
  return os << s;
}
template <class T, typename std::enable_if<(ap_detail::tr<T>::kind == 2), int>::type = 0>
inline std::ostream& operator<<(std::ostream& os, const T& x) {
  return os << x.to_double();
}
template <class T, typename std::enable_if<(ap_detail::tr<T>::ours != 0), int>::type = 0>
inline std::istream& operator>>(std::istream& is, T& x) {
  std::string s;
  is >> s;
  x = T(s.c_str(), 0);
  return is;
}

// --- members defined after the operators they use
template <int W, bool S> HLS_SIM_INLINE ap_int_base<W + 1, true> ap_int_base<W, S>::operator-() const {
  ap_int_base<W + 1, true> r;
  ap_detail::arith<ap_detail::K_SUB, 0, 0, W + 2>(r, ap_int_base<1, false>(0), *this);
  return r;
}
#define HLS_SIM_INT_COMPOUND(OP, BIN)                                                          \
  template <int W, bool S>                                                                    \
  template <class T>                                                                          \
  HLS_SIM_INLINE ap_int_base<W, S>& ap_int_base<W, S>::operator OP(const T& o) {              \
    *this = ap_int_base<W, S>(*this BIN o);                                                   \
    return *this;                                                                             \
  }
HLS_SIM_INT_COMPOUND(+=, +)
HLS_SIM_INT_COMPOUND(-=, -)
HLS_SIM_INT_COMPOUND(*=, *)
HLS_SIM_INT_COMPOUND(/=, /)
HLS_SIM_INT_COMPOUND(%=, %)
HLS_SIM_INT_COMPOUND(&=, &)
HLS_SIM_INT_COMPOUND(|=, |)
HLS_SIM_INT_COMPOUND(^=, ^)
HLS_SIM_INT_COMPOUND(<<=, <<)
HLS_SIM_INT_COMPOUND(>>=, >>)
#undef HLS_SIM_INT_COMPOUND
#define HLS_SIM_FIX_COMPOUND(OP, BIN)                                                          \
  template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>                           \
  template <class T>                                                                          \
  HLS_SIM_INLINE ap_fixed_base<W, I, S, Q, O, N>& ap_fixed_base<W, I, S, Q, O, N>::operator OP(const T& o) { \
    *this = ap_fixed_base<W, I, S, Q, O, N>(*this BIN o);                                     \
    return *this;                                                                             \
  }
HLS_SIM_FIX_COMPOUND(-=, -)
namespace ap_detail {
// x += o with truncation (AP_TRN): floor(x + o) == x + floor(o) at x's precision, so o is truncated
// first. Same bits, but an accumulation loop no longer carries the wide alignment shift in its
// dependency chain.
template <class X, class T> HLS_SIM_INLINE void fix_add_assign(X& x, const T& o, std::false_type) { x = X(x + o); }
template <class X, class T> HLS_SIM_INLINE void fix_add_assign(X& x, const T& o, std::true_type) {
  typedef ap_fixed_base<tr<T>::I + X::fwidth, tr<T>::I, tr<T>::S, AP_TRN, AP_WRAP, 0> Tt;
  x = X(x + Tt(o));
}
}  // namespace ap_detail
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
template <class T>
HLS_SIM_INLINE ap_fixed_base<W, I, S, Q, O, N>& ap_fixed_base<W, I, S, Q, O, N>::operator+=(const T& o) {
  ap_detail::fix_add_assign(
      *this, o,
      std::integral_constant<bool, (Q == AP_TRN && ap_detail::tr<T>::kind != 0 && ap_detail::tr<T>::F > W - I &&
                                    ap_detail::tr<T>::I + (W - I) >= 2)>());
  return *this;
}
HLS_SIM_FIX_COMPOUND(*=, *)
HLS_SIM_FIX_COMPOUND(/=, /)
HLS_SIM_FIX_COMPOUND(&=, &)
HLS_SIM_FIX_COMPOUND(|=, |)
HLS_SIM_FIX_COMPOUND(^=, ^)
HLS_SIM_FIX_COMPOUND(<<=, <<)
HLS_SIM_FIX_COMPOUND(>>=, >>)
#undef HLS_SIM_FIX_COMPOUND

#endif  // HLS_SIM_AP_FIXED_H
