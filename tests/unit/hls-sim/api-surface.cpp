// Compile-and-run check of the ap_int / ap_fixed API surface as user code writes it: built with
// -Wall -Wextra -Werror at -std=c++14 and -std=c++17 (and clang++ when present); hostile widths
// (W = 1, W = 1024); templates written against the documented class templates. Prints "OK".
#include <ap_fixed.h>
#include <ap_int.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <type_traits>

static int failures = 0;
#define CHECK(...)                                                \
  do {                                                            \
    if (!(__VA_ARGS__)) {                                         \
      std::printf("FAIL line %d: %s\n", __LINE__, #__VA_ARGS__);  \
      ++failures;                                                 \
    }                                                             \
  } while (0)

// User templates against the class templates (issue 13).
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
double read_fixed(std::istream& is, ap_fixed_base<W, I, S, Q, O, N>& x) {
  double d;
  is >> d;
  x = d;
  return x.to_double();
}
template <int W, bool S> int width_of(const ap_int_base<W, S>&) { return W; }
template <int W, int I> int int_bits(const ap_fixed<W, I>&) { return I; }

struct Packet {
  ap_uint<8> tag;
  ap_fixed<16, 6> v[4];
};

constexpr ap_uint<8> kByte = 200;
constexpr ap_int<100> kWide = -3;
static_assert(kByte.to_uint() == 200 && kWide.to_int64() == -3 && ap_uint<4>(0x1F).to_uint() == 0xF,
              "integer constants are constexpr");
static_assert(sizeof(ap_fixed<16, 6>) == 2, "16-bit fixed is 2 bytes");
static_assert(sizeof(ap_uint<8>) == 1, "8-bit int is 1 byte");
static_assert(sizeof(ap_int<33>) == 8, "33-bit int is 8 bytes");
static_assert(sizeof(ap_uint<1024>) == 128, "1024-bit int is 16 limbs");
static_assert(std::is_trivially_copyable<ap_fixed<16, 6> >::value, "memcpy-able");
static_assert(std::is_trivially_copyable<ap_uint<512> >::value, "memcpy-able");
static_assert(std::is_same<decltype(ap_fixed<16, 6>() * ap_fixed<16, 6>()), ap_fixed_base<32, 12, true, AP_TRN, AP_WRAP, 0> >::value,
              "product type");
static_assert(std::is_same<decltype(ap_uint<8>() + ap_uint<8>()), ap_int_base<9, false> >::value, "sum type");
static_assert(std::is_same<decltype(ap_uint<8>() - ap_uint<8>()), ap_int_base<9, true> >::value, "difference type");
static_assert(std::is_same<decltype(ap_int<8>() + 1), ap_int_base<33, true> >::value, "int is ap_int<32>");
static_assert(std::is_same<decltype(ap_fixed<8, 3>() + ap_int<8>()), ap_fixed_base<14, 9, true, AP_TRN, AP_WRAP, 0> >::value,
              "ap_int is ap_fixed<W, W>");

int main() {
  // construction from every C type, strings, floating point
  ap_int<12> a = (char)5;
  a = (signed char)-3;
  a = (unsigned char)200;
  a = (short)-7;
  a = (unsigned short)9;
  a = 1000;
  a = 7u;
  a = -8L;
  a = 9UL;
  a = -10LL;
  a = 11ULL;
  a = true;
  a = 3.9;
  CHECK(a == 3);
  a = -3.9f;
  CHECK(a == -3);
  ap_uint<64> h("0xFFFFFFFFFFFFFFFF", 16);
  CHECK(h.to_uint64() == ~0ULL);
  ap_int<70> big("-123456789012345678901");
  CHECK(big.to_string(10) == "-123456789012345678901");
  ap_fixed<20, 8> s = "3.25";
  CHECK(s == 3.25);

  // arithmetic with mixed operands, compound assignment, increments
  ap_uint<8> u = 250;
  ap_int<8> i8 = -100;
  CHECK(u + i8 == 150);
  CHECK(u * 2 == 500);
  CHECK(2 * u == 500);
  CHECK(u / 3 == 83 && u % 7 == 5);
  CHECK((u & 0xF) == 10 && (u | 1) == 251 && (u ^ 0xFF) == 5);
  u += 10;
  CHECK(u == 4);  // wraps at 8 bits
  u -= 5;
  CHECK(u == 255);
  u++;
  ++u;
  CHECK(u == 1);
  u--;
  --u;
  CHECK(u == 255);
  u *= 2;
  u /= 3;
  u %= 50;
  u &= 0x3F;
  u |= 0x40;
  u ^= 1;
  u <<= 1;
  u >>= 2;
  CHECK(u.to_uint() == (((((((254 / 3) % 50) & 0x3F) | 0x40) ^ 1) << 1) & 0xFF) >> 2);
  ap_fixed<16, 6, AP_RND_CONV, AP_SAT> acc = 0;
  for (int k = 0; k < 100; ++k) acc += ap_fixed<8, 4>(1.75) * ap_fixed<8, 4>(1.5);
  CHECK(acc == acc.to_double());
  CHECK(acc.to_double() == 32 - 1.0 / 1024);  // saturated at the maximum
  ap_fixed<16, 6> f = 1.5;
  f *= 2;
  f /= 4;
  f -= 0.25;
  f += 1;
  f++;
  --f;
  CHECK(f == 1.5);
  CHECK(-f == -1.5 && +f == 1.5);
  CHECK(f * 2.0 == 3.0 && 2.0f * f == 3.0f && f / 2 == 0.75 && f - 1 == 0.5);
  CHECK(f > 1 && f >= 1.5 && f < 2.0f && f <= 1.5 && f != 0 && !(f == 2));
  ap_fixed<5, 9> coarse = 32;  // steps of 16
  coarse += 17;
  CHECK(coarse == 48);
  ap_fixed<8, 4> fine = 1;
  fine += ap_fixed<12, 2>(-0.00390625);
  CHECK(fine == 0.9375);
  f <<= 1;
  CHECK(f == 3);
  f >>= 2;
  CHECK(f == 0.75);

  // conversions
  float fl = f;
  double db = f;
  int in = ap_fixed<8, 6>(-2.75);
  CHECK(fl == 0.75f && db == 0.75 && in == -2);
  CHECK(ap_fixed<8, 6>(-2.75).to_int() == -2 && ap_fixed<8, 6>(-2.75).to_int64() == -2);
  CHECK(ap_ufixed<8, 4>(3.5).to_uint() == 3 && ap_ufixed<8, 4>(3.5).to_float() == 3.5f);
  CHECK(ap_int<8>(-1).to_uint() == 0xFFFFFFFFu && ap_uint<8>(255).to_int() == 255);
  CHECK(ap_int<8>(-5).to_long() == -5 && ap_uint<40>(1ULL << 39).to_ulong() == (1UL << 39));
  int arr[4] = {1, 2, 3, 4};
  ap_uint<2> idx = 3;
  CHECK(arr[idx] == 4);
  switch (idx) {
    case 3: break;
    default: CHECK(false);
  }
  if (!idx) CHECK(false);
  CHECK(std::abs(ap_fixed<8, 4>(-1.5)) == 1.5);
  CHECK(std::sqrt(ap_fixed<8, 4>(2.25)) == 1.5);
  ap_int<16> fromfix = ap_fixed<12, 8>(-7.5);
  CHECK(fromfix == -7);

  // bits, ranges, concatenation, reductions
  ap_uint<16> r = 0xABCD;
  CHECK(r[0] == 1 && r[1] == 0 && r.bit(2) && r.test(3));
  r[1] = 1;
  r[0] = false;
  CHECK(r == 0xABCE);
  r.set(0);
  r.clear(1);
  r.invert(2);
  CHECK(r == 0xABC9);
  CHECK(r.range(15, 8) == 0xAB && r(7, 4) == 0xC);
  r.range(7, 0) = 0x12;
  r(15, 12) = ap_uint<4>(0xF);
  CHECK(r == 0xFB12);
  unsigned low = r.range(3, 0);
  CHECK(low == 2);
  CHECK(r.range(0, 3) == 4);  // reversed
  ap_uint<4> hi4 = 0xA, lo4 = 0x5;
  ap_uint<8> cat = (hi4, lo4);
  CHECK(cat == 0xA5 && hi4.concat(lo4) == 0xA5);
  CHECK((ap_uint<4>(0xA), (unsigned char)0x5) == 0xA05);
  (hi4, lo4) = ap_uint<8>(0x3C);
  CHECK(hi4 == 3 && lo4 == 12);
  CHECK(ap_uint<4>(0xF).and_reduce() && ap_uint<4>(1).or_reduce() && ap_uint<4>(7).xor_reduce());
  CHECK(ap_uint<4>(0).nor_reduce() && ap_uint<4>(5).nand_reduce() && ap_uint<4>(5).xnor_reduce());
  ap_fixed<8, 4> fb = -0.5;
  CHECK(fb[7] == 1 && fb.range(7, 4) == 0xF && fb.range() == 0xF8);
  fb[7] = 0;
  CHECK(fb == 7.5);
  CHECK(ap_uint<8>(1).countLeadingZeros() == 7);
  CHECK((ap_uint<8>(0x81) << 1) == 2 && (ap_int<8>(-128) >> 10) == -1 && (ap_uint<8>(0x80) >> 7) == 1);
  CHECK(~ap_uint<4>(5) == 10 && !ap_uint<4>(0));
  CHECK(ap_uint<8>(3).length() == 8 && ap_fixed<8, 4>().length() == 8);

  // output and text
  std::ostringstream os;
  os << ap_int<8>(-5) << ' ' << ap_uint<8>(200) << ' ' << std::hex << ap_uint<12>(0xABC) << std::dec << ' '
     << ap_fixed<8, 4>(-1.25) << ' ' << r.range(3, 0);
  CHECK(os.str() == "-5 200 abc -1.25 2");
  CHECK(ap_fixed<8, 4>(-1.25).to_string(10) == "-1.25" && ap_uint<8>(5).to_string(2) == "0b101");
  CHECK(ap_uint<8>(255).to_string(16) == "0xff");
  std::istringstream is("2.5 -7");
  ap_fixed<8, 4> rd;
  CHECK(read_fixed(is, rd) == 2.5);
  ap_int<8> ri;
  is >> ri;
  CHECK(ri == -7);

  // hostile widths and deduction against the documented templates
  ap_int<1> one = -1;
  ap_uint<1> bit1 = 1;
  CHECK(one == -1 && bit1 == 1 && one + bit1 == 0 && width_of(one) == 1 && width_of(bit1) == 1);
  ap_fixed<1, 1> f1 = -1;
  ap_ufixed<1, 0> uf1 = 0.5;
  CHECK(f1 == -1 && uf1 == 0.5 && f1 * uf1 == -0.5);
  ap_int<1024> w1024 = -1;
  ap_uint<1024> u1024 = w1024;
  CHECK(u1024.and_reduce() && (u1024 + 1) == ap_uint<1025>(ap_uint<1024>(0)) + ap_uint<1025>("0x1" "0000000000000000000000000000000000000000000000000000000000000000"
                                                                                             "0000000000000000000000000000000000000000000000000000000000000000"
                                                                                             "0000000000000000000000000000000000000000000000000000000000000000"
                                                                                             "0000000000000000000000000000000000000000000000000000000000000000", 16));
  CHECK(width_of(w1024) == 1024 && int_bits(ap_fixed<16, 2>()) == 2);
  ap_fixed<1024, 512, AP_RND_CONV, AP_SAT> wf = 3.5;
  wf *= wf;
  CHECK(wf == 12.25);
  ap_fixed<16, 2> fx16 = 0.5;
  std::istringstream is2("1.25");
  CHECK(read_fixed(is2, fx16) == 1.25);
  Packet p = {};
  p.tag = 3;
  p.v[2] = -1.5;
  Packet q = p;
  CHECK(q.tag == 3 && q.v[2] == -1.5);
  const ap_uint<8> cu = 0x5A;
  CHECK(cu[1] && cu.range(3, 0) == 0xA && cu(7, 4) == 5);

  // comparisons with double are exact also past 53 bits
  ap_fixed<80, 60> wide("9007199254740993");  // 2^53 + 1
  CHECK(wide > 9007199254740992.0 && wide != 9007199254740992.0 && !(wide <= 9007199254740992.0));
  CHECK(9007199254740994.0 > wide && -wide < -9007199254740992.0 && wide < 1e300 && !(wide == 1.0 / 0.0));
  ap_fixed<80, 10> tinyf = ap_fixed<80, 10>("0.1");  // floor(0.1 * 2^70) / 2^70 < 0.1 < double(0.1)
  CHECK(tinyf != 0.1 && tinyf < 0.1 && tinyf.to_double() == 0.1);
  CHECK(ap_int<100>(-5) < -4.5 && ap_int<100>(-5) == -5.0 && ap_uint<70>(3) >= 3.0f);

  // static members generic code reads (hls4ml-style), also bound by reference
  typedef ap_fixed<18, 7, AP_RND, AP_SAT> acc_t;
  static_assert(acc_t::width == 18 && acc_t::iwidth == 7 && acc_t::qmode == AP_RND && acc_t::omode == AP_SAT &&
                    acc_t::sign_flag && ap_uint<9>::width == 9 && !ap_uint<9>::sign_flag,
                "static members");
  CHECK(std::max(acc_t::width, 3) == 18 && std::max(ap_int<5>::width, 1) == 5);

  if (failures == 0) std::printf("OK\n");
  return failures ? 1 : 0;
}
