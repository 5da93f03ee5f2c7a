// Hostile: user templates written against the documented base class templates must deduce when
// given the derived types, as they do with the vendor headers.
#include <iostream>
#include <sstream>
#include <type_traits>

#include "ap_fixed.h"
#include "ap_int.h"
#include "check.h"

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
void read(std::istream& in, ap_fixed_base<W, I, S, Q, O, N>& v) {
  double d;
  in >> d;
  v = d;
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
int width_of(const ap_fixed_base<W, I, S, Q, O, N>&) {
  return W * 100 + I;
}

template <int W, bool S>
int int_width(const ap_int_base<W, S>&) {
  return S ? -W : W;
}

int main() {
  ap_fixed<16, 2> a;
  std::istringstream in("0.75 -1.5 3");
  read(in, a);
  CHECK(a.to_double() == 0.75);
  ap_ufixed<12, 4, AP_RND, AP_SAT> b;
  read(in, b);
  CHECK(b.to_double() == 0.0);  // saturates at 0 for an unsigned type
  CHECK(width_of(a) == 1602);
  CHECK(width_of(b) == 1204);
  CHECK(int_width(ap_int<7>(3)) == -7);
  CHECK(int_width(ap_uint<9>(3)) == 9);
  static_assert(std::is_base_of<ap_fixed_base<16, 2, true, AP_TRN, AP_WRAP, 0>, ap_fixed<16, 2>>::value, "base");
  static_assert(std::is_base_of<ap_int_base<8, false>, ap_uint<8>>::value, "base");
  return TEST_RESULT();
}
