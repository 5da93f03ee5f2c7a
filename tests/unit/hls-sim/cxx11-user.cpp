// Converter-generated projects (hls4ml and friends) still compile their C simulation with -std=c++0x:
// every sim header must build and behave under C++11 too.
#include "ap_fixed.h"
#include "ap_axi_sdata.h"
#include "ap_shift_reg.h"
#include "hls_math.h"
#include "hls_stream.h"
#include "hls_vector.h"
#include <iostream>

int main() {
  ap_fixed<16, 6> a = 1.25, b = -2.5;
  ap_int<1024> big = 12345;
  big <<= 700;
  ap_uint<8> u = 200;
  u += 100; // wraps to 44
  hls::stream<ap_fixed<16, 6> > s("s");
  s.write(a * b);
  hls::vector<int, 4> v(3);
  ap_fixed<16, 6> r = hls::sqrt(ap_fixed<16, 6>(2.0));
  bool ok = s.read() == -3.125 && u == 44 && v.reduce_add() == 12 && big[700] == 1 && big[699] == 0 &&
            r > 1.414 && r < 1.4145;
  std::cout << (ok ? "OK" : "MISMATCH") << "\n";
  return ok ? 0 : 1;
}
