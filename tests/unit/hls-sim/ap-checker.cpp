// Runs the cases written by ap-types.test.ts through hls/sim/ap_fixed.h and prints one result line
// per case; the TypeScript side holds the expected values (exact BigInt rational arithmetic).
// `ap-checker --list` prints the type lists so both sides agree on what each index means.
#include "ap_fixed.h"

#ifndef AP_CHECKER_PART
#define AP_CHECKER_PART 1
#endif

#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>

namespace {

template <class... Ts> struct tlist {};
template <class L, int I> struct at;
template <class T0, class... Ts> struct at<tlist<T0, Ts...>, 0> { typedef T0 type; };
template <class T0, class... Ts, int I> struct at<tlist<T0, Ts...>, I> { typedef typename at<tlist<Ts...>, I - 1>::type type; };
template <class L> struct len;
template <class... Ts> struct len<tlist<Ts...> > { static constexpr int value = sizeof...(Ts); };

// Dispatch a runtime index to f.template run<I>().
template <class F, int I> void call_one(F& f) { f.template run<I>(); }
template <class F, int... Is> void dispatch_seq(int k, F& f, std::integer_sequence<int, Is...>) {
  typedef void (*fn)(F&);
  static const fn tbl[] = {&call_one<F, Is>...};
  tbl[k](f);
}
template <int N, class F> void dispatch(int k, F& f) {
  if (k < 0 || k >= N) {
    std::printf("bad-index\n");
    return;
  }
  dispatch_seq(k, f, std::make_integer_sequence<int, N>());
}

// ---- types under test
typedef tlist<ap_fixed<8, 4>, ap_ufixed<8, 4>, ap_fixed<16, 6>, ap_fixed<12, -2>, ap_ufixed<10, 12>, ap_fixed<5, 9>,
              ap_fixed<40, 20>, ap_fixed<70, 35>, ap_ufixed<64, 32>, ap_int<8>, ap_uint<8>, ap_int<33>, ap_uint<64>,
              ap_int<100>, ap_fixed<1, 1>, ap_ufixed<1, 0>, ap_fixed<130, 60>, ap_int<1024>, ap_uint<1>,
              int, unsigned, long long, short>
    OPS;
constexpr int N_OURS = 19;  // OPS[0 .. N_OURS) are our classes, the rest C integers
constexpr int N_OPS = len<OPS>::value;
constexpr int pair_step(int r) { return r == 0 ? 0 : r == 1 ? 1 : r == 2 ? 5 : r == 3 ? 11 : r == 4 ? 19 : 20; }
constexpr int pair_a(int k) { return k / 4; }
constexpr int pair_b0(int k) { return (pair_a(k) + pair_step(1 + k % 4)) % N_OPS; }
constexpr int pair_b(int k) { return (pair_a(k) >= N_OURS && pair_b0(k) >= N_OURS) ? (k % N_OURS) : pair_b0(k); }
constexpr int N_PAIRS = N_OPS * 4;

typedef tlist<ap_int<8>, ap_uint<8>, ap_int<33>, ap_uint<64>, ap_int<100>, ap_uint<1>, ap_int<1024>, ap_uint<7>, int,
              unsigned, long long, short>
    INTS;
constexpr int N_IOURS = 8;
constexpr int N_INTS = len<INTS>::value;
constexpr int ipair_a(int k) { return k / 3; }
constexpr int ipair_b0(int k) { return (ipair_a(k) + pair_step(k % 3)) % N_INTS; }
constexpr int ipair_b(int k) { return (ipair_a(k) >= N_IOURS && ipair_b0(k) >= N_IOURS) ? (k % N_IOURS) : ipair_b0(k); }
constexpr int N_IPAIRS = N_INTS * 3;

// Conversion targets: shapes 0 and 1 (signed / unsigned 8.4) take every Q x O; shapes 2..4
// (negative I, I > W, 70 bits) take every Q with AP_WRAP and every O with AP_RND; then
// saturation-bit variants (N = 1..3 for AP_WRAP, 1..2 for AP_WRAP_SM).
constexpr int shape_w(int s) { return s == 0 ? 8 : s == 1 ? 8 : s == 2 ? 6 : s == 3 ? 5 : 70; }
constexpr int shape_i(int s) { return s == 0 ? 4 : s == 1 ? 4 : s == 2 ? -2 : s == 3 ? 8 : 33; }
constexpr bool shape_s(int s) { return s != 1; }
constexpr int N_TGT_CROSS = 2 * 35;
constexpr int N_TGT_MAIN = N_TGT_CROSS + 3 * 12;
constexpr int N_TGT = N_TGT_MAIN + 2 * 2 * 5;
constexpr int tgt_shape(int k) {
  return k < N_TGT_CROSS ? k / 35 : k < N_TGT_MAIN ? 2 + (k - N_TGT_CROSS) / 12 : (k - N_TGT_MAIN) / 10;
}
constexpr ap_q_mode tgt_q(int k) {
  return k < N_TGT_CROSS ? (ap_q_mode)((k / 5) % 7)
         : k < N_TGT_MAIN ? ((k - N_TGT_CROSS) % 12 < 7 ? (ap_q_mode)((k - N_TGT_CROSS) % 12) : AP_RND)
                          : (((k - N_TGT_MAIN) / 5) % 2 ? AP_RND_CONV : AP_TRN);
}
constexpr ap_o_mode tgt_o(int k) {
  return k < N_TGT_CROSS ? (ap_o_mode)(k % 5)
         : k < N_TGT_MAIN ? ((k - N_TGT_CROSS) % 12 < 7 ? AP_WRAP : (ap_o_mode)((k - N_TGT_CROSS) % 12 - 7))
                          : ((k - N_TGT_MAIN) % 5 < 3 ? AP_WRAP : AP_WRAP_SM);
}
constexpr int tgt_n(int k) {
  return k < N_TGT_MAIN ? 0 : ((k - N_TGT_MAIN) % 5 < 3 ? (k - N_TGT_MAIN) % 5 + 1 : (k - N_TGT_MAIN) % 5 - 2);
}
template <int K> struct tgt {
  typedef ap_fixed_base<shape_w(tgt_shape(K)), shape_i(tgt_shape(K)), shape_s(tgt_shape(K)), tgt_q(K), tgt_o(K), tgt_n(K)>
      type;
};
constexpr int N_CAS = N_TGT_CROSS;  // compound assignment and string targets
typedef tlist<ap_fixed<24, 10>, ap_fixed<90, 40>, ap_ufixed<20, 12> > SRCS;
constexpr int N_SRCS = len<SRCS>::value;
// integer targets of double conversion
typedef tlist<ap_int<8>, ap_uint<8>, ap_int<64>, ap_uint<100>, ap_int<1> > DINTS;
constexpr int N_DINTS = len<DINTS>::value;

// ---- raw access
template <class T> using TR = ap_detail::tr<T>;
template <class T, typename std::enable_if<TR<T>::kind == 2, int>::type = 0> void set_raw(T& x, const std::string& s) {
  x.V = typename TR<T>::raw_type(s.c_str(), 10);
}
template <class T, typename std::enable_if<TR<T>::kind == 1 && TR<T>::ours, int>::type = 0>
void set_raw(T& x, const std::string& s) {
  x = typename TR<T>::raw_type(s.c_str(), 10);
}
template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0> void set_raw(T& x, const std::string& s) {
  x = std::is_signed<T>::value ? (T)std::stoll(s) : (T)std::stoull(s);
}
template <class T> std::string raw_str(const T& x) {
  return ap_detail::to_string_raw(TR<T>::raw(x), 0, 10, TR<T>::S);
}
template <class T> std::string desc() {
  std::ostringstream o;
  o << TR<T>::W << ' ' << TR<T>::I << ' ' << (TR<T>::S ? 1 : 0);
  return o.str();
}
template <class T, bool Fx = (TR<T>::kind == 2)> struct qon {
  static constexpr int q = AP_TRN, o = AP_WRAP, n = 0;
};
template <class T> struct qon<T, true> {
  static constexpr int q = TR<T>::Q, o = TR<T>::O, n = TR<T>::N;
};
template <class T> std::string full_desc() {
  std::ostringstream o;
  o << desc<T>() << ' ' << qon<T>::q << ' ' << qon<T>::o << ' ' << qon<T>::n << ' ' << TR<T>::ours;
  return o.str();
}
template <class T> std::string res(const T& x) { return desc<T>() + ":" + raw_str(x); }
std::string hex64(std::uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "%016llx", (unsigned long long)v);
  return b;
}
std::string dbits(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, 8);
  return hex64(u);
}
std::string fbits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return hex64(u);
}

}  // namespace
// The current input line (shared by both parts of the checker).
#if AP_CHECKER_PART == 2
extern std::istringstream* g_in;
#else
std::istringstream* g_in;
#endif
namespace {
std::string word() {
  std::string s;
  *g_in >> s;
  return s;
}

// ---- families
struct Cvt {
  int s;
  template <int K> struct inner {
    template <class S> static void go() {
      S src;
      set_raw(src, word());
      typename tgt<K>::type t = src;
      std::printf("%s\n", raw_str(t).c_str());
    }
  };
  template <int K> struct SrcRun {
    template <int I> void run() { inner<K>::template go<typename at<SRCS, I>::type>(); }
  };
  template <int K> void run() {
    SrcRun<K> r;
    dispatch<N_SRCS>(s, r);
  }
};
struct Dbl {
  template <int K> void run() {
    std::uint64_t u = std::stoull(word(), nullptr, 16);
    double d;
    std::memcpy(&d, &u, 8);
    typename tgt<K>::type t = d;
    std::printf("%s\n", raw_str(t).c_str());
  }
};
struct DblInt {
  template <int K> void run() {
    std::uint64_t u = std::stoull(word(), nullptr, 16);
    double d;
    std::memcpy(&d, &u, 8);
    typename at<DINTS, K>::type t = d;
    std::printf("%s\n", raw_str(t).c_str());
  }
};
struct Bin {
  template <int K> void run() {
    typedef typename at<OPS, pair_a(K)>::type A;
    typedef typename at<OPS, pair_b(K)>::type B;
    A a;
    B b;
    set_raw(a, word());
    set_raw(b, word());
    const bool bz = TR<B>::raw(b).iszero();
    std::string d = bz ? std::string("-") : res(a / b);
    std::printf("%s %s %s %s %d%d%d%d%d%d\n", res(a + b).c_str(), res(a - b).c_str(), res(a * b).c_str(), d.c_str(),
                (int)(a == b), (int)(a != b), (int)(a < b), (int)(a <= b), (int)(a > b), (int)(a >= b));
  }
};
struct IBin {
  template <int K> void run() {
    typedef typename at<INTS, ipair_a(K)>::type A;
    typedef typename at<INTS, ipair_b(K)>::type B;
    A a;
    B b;
    set_raw(a, word());
    set_raw(b, word());
    const bool bz = TR<B>::raw(b).iszero();
    std::string m = bz ? std::string("-") : res(a % b);
    std::printf("%s %s %s %s\n", m.c_str(), res(a & b).c_str(), res(a | b).c_str(), res(a ^ b).c_str());
  }
};
struct ICompound {  // integer a op= b wraps to a's width; ++ / --
  template <class A, class B> static void go(std::false_type) {
    word();
    word();
    std::printf("-\n");
  }
  template <class A, class B> static void go(std::true_type) {
    A a0;
    B b;
    set_raw(a0, word());
    set_raw(b, word());
    A r[8] = {a0, a0, a0, a0, a0, a0, a0, a0};
    r[0] += b;
    r[1] -= b;
    r[2] *= b;
    r[3] &= b;
    r[4] |= b;
    r[5] ^= b;
    ++r[6];
    r[7]--;
    std::string d = "-", m = "-";
    if (!TR<B>::raw(b).iszero()) {
      A q = a0, s = a0;
      q /= b;
      s %= b;
      d = raw_str(q);
      m = raw_str(s);
    }
    std::printf("%s %s %s %s %s %s %s %s %s %s\n", raw_str(r[0]).c_str(), raw_str(r[1]).c_str(), raw_str(r[2]).c_str(),
                raw_str(r[3]).c_str(), raw_str(r[4]).c_str(), raw_str(r[5]).c_str(), raw_str(r[6]).c_str(),
                raw_str(r[7]).c_str(), d.c_str(), m.c_str());
  }
  template <int K> void run() {
    typedef typename at<INTS, ipair_a(K)>::type A;
    typedef typename at<INTS, ipair_b(K)>::type B;
    go<A, B>(std::integral_constant<bool, (bool)TR<A>::ours>());
  }
};
struct Compound {  // a op= b keeps a's type, quantisation and overflow modes
  template <int K> void run() {
    typedef typename tgt<K>::type A;
    typedef ap_fixed<12, 5> B;
    A a0;
    B b;
    set_raw(a0, word());
    set_raw(b, word());
    A a1 = a0, a2 = a0, a3 = a0, a4 = a0;
    a1 += b;
    a2 -= b;
    a3 *= b;
    std::string d = "-";
    if (!b.V.iszero()) {
      a4 /= b;
      d = raw_str(a4);
    }
    std::printf("%s %s %s %s\n", raw_str(a1).c_str(), raw_str(a2).c_str(), raw_str(a3).c_str(), d.c_str());
  }
};
struct Shift {
  template <int K> void run() {
    typedef typename at<OPS, K>::type A;
    A a;
    set_raw(a, word());
    const int n = std::stoi(word());
    std::string x = res(a << n), y = res(a >> n), z = "-", w = "-";
    if (n >= 0 && n < 128) z = res(a << ap_uint<7>(n));
    if (n >= -128 && n < 128) w = res(a >> ap_int<8>(n));
    std::printf("%s %s %s %s\n", x.c_str(), y.c_str(), z.c_str(), w.c_str());
  }
};
struct Unary {
  template <int K> void run() {
    typedef typename at<OPS, K>::type A;
    A a;
    set_raw(a, word());
    std::string ts = a.to_string(10);
    std::printf("%s %s %s %s %d %s %d%d%d%d %lld\n", res(-a).c_str(), raw_str(A(~a)).c_str(), dbits(a.to_double()).c_str(),
                fbits(a.to_float()).c_str(), a.to_int(), ts.c_str(), (int)a.and_reduce(), (int)a.or_reduce(),
                (int)a.xor_reduce(), (int)!a, (long long)a.to_int64());
  }
};
struct Range {
  template <int K> void run() {
    typedef typename at<OPS, K>::type A;
    A a;
    set_raw(a, word());
    const int hi = std::stoi(word()), lo = std::stoi(word());
    const ap_uint<1100> nv(word().c_str(), 10);
    const std::string rd = ap_detail::to_string_raw(TR<A>::raw(a).range(hi, lo), 0, 10, false);
    A b = a;
    b.range(hi, lo) = nv;
    A c = a;
    const int bit = (int)c[lo];
    c[hi] = !c[hi];
    A d = a;
    d(hi, lo) = a.range(lo, hi);  // reversed read, forward write
    std::printf("%s %s %d %s %s\n", rd.c_str(), raw_str(b).c_str(), bit, raw_str(c).c_str(), raw_str(d).c_str());
  }
};
struct Concat {
  template <class A, class B> static void go(std::false_type) { std::printf("-\n"); }
  template <class A, class B> static void go(std::true_type) {
    A a;
    B b;
    set_raw(a, word());
    set_raw(b, word());
    std::printf("%s\n", res((a, b)).c_str());
  }
  template <int K> void run() {
    typedef typename at<OPS, pair_a(K)>::type A;
    typedef typename at<OPS, pair_b(K)>::type B;
    go<A, B>(std::integral_constant<bool, (TR<A>::ours && TR<B>::ours)>());
  }
};
struct Str {
  template <int K> void run() {
    typename tgt<K>::type t(word().c_str(), 10);
    std::printf("%s\n", raw_str(t).c_str());
  }
};
struct ListOps {
  template <int K> void run() { std::printf("OPS %d %s\n", K, full_desc<typename at<OPS, K>::type>().c_str()); }
};
struct ListInts {
  template <int K> void run() { std::printf("INTS %d %s\n", K, full_desc<typename at<INTS, K>::type>().c_str()); }
};
struct ListTgt {
  template <int K> void run() { std::printf("TGT %d %s\n", K, full_desc<typename tgt<K>::type>().c_str()); }
};
struct ListSrc {
  template <int K> void run() { std::printf("SRC %d %s\n", K, full_desc<typename at<SRCS, K>::type>().c_str()); }
};
struct ListDints {
  template <int K> void run() { std::printf("DINTS %d %s\n", K, full_desc<typename at<DINTS, K>::type>().c_str()); }
};

}  // namespace

// Built in two parts (compiled in parallel, then linked): part 1 holds main, the lists and the
// conversion families; part 2 the operator families.
bool run_part2(const std::string& fam, int k);
#if AP_CHECKER_PART == 2
bool run_part2(const std::string& fam, int k) {
  static Bin bin;
  static IBin ibin;
  static Compound cmp;
  static Shift sh;
  static Unary un;
  static Range rng;
  static Concat cat;
  static Str str;
  static ICompound icas;
  if (fam == "icas") {
    dispatch<N_IPAIRS>(k, icas);
  } else if (fam == "bin") {
    dispatch<N_PAIRS>(k, bin);
  } else if (fam == "ibin") {
    dispatch<N_IPAIRS>(k, ibin);
  } else if (fam == "cas") {
    dispatch<N_CAS>(k, cmp);
  } else if (fam == "sh") {
    dispatch<N_OURS>(k, sh);
  } else if (fam == "un") {
    dispatch<N_OURS>(k, un);
  } else if (fam == "rng") {
    dispatch<N_OURS>(k, rng);
  } else if (fam == "cat") {
    dispatch<N_PAIRS>(k, cat);
  } else if (fam == "str") {
    dispatch<N_CAS>(k, str);
  } else {
    return false;
  }
  return true;
}
#else
int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--list") == 0) {
    ListOps lo;
    for (int k = 0; k < N_OPS; ++k) dispatch<N_OPS>(k, lo);
    std::printf("N_OURS %d\n", N_OURS);
    for (int k = 0; k < N_PAIRS; ++k) std::printf("PAIR %d %d %d\n", k, pair_a(k), pair_b(k));
    ListInts li;
    for (int k = 0; k < N_INTS; ++k) dispatch<N_INTS>(k, li);
    for (int k = 0; k < N_IPAIRS; ++k) std::printf("IPAIR %d %d %d\n", k, ipair_a(k), ipair_b(k));
    ListTgt lt;
    for (int k = 0; k < N_TGT; ++k) dispatch<N_TGT>(k, lt);
    ListSrc ls;
    for (int k = 0; k < N_SRCS; ++k) dispatch<N_SRCS>(k, ls);
    ListDints ld;
    for (int k = 0; k < N_DINTS; ++k) dispatch<N_DINTS>(k, ld);
    return 0;
  }
  std::string line;
  Cvt cvt;
  Dbl dbl;
  DblInt dblint;
  while (std::getline(std::cin, line)) {
    std::istringstream ls(line);
    g_in = &ls;
    const std::string fam = word();
    const int k = std::stoi(word());
    if (fam == "cvt") {
      cvt.s = std::stoi(word());
      dispatch<N_TGT>(k, cvt);
    } else if (fam == "dbl") {
      dispatch<N_TGT>(k, dbl);
    } else if (fam == "dint") {
      dispatch<N_DINTS>(k, dblint);
    } else if (!run_part2(fam, k)) {
      std::printf("bad-family\n");
    }
  }
  return 0;
}
#endif
