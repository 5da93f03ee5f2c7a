// User kernel code with HLS pragmas: must compile silently under -Wall -Wextra -Werror (see
// hls_sim_common.h for how, per compiler).
#include <ap_fixed.h>

#include <cstdio>

void kernel(const ap_fixed<16, 6> in[8], ap_fixed<16, 6> out[8]) {
#pragma HLS INTERFACE mode=m_axi port=in
#pragma HLS ARRAY_PARTITION variable=out complete
  for (int i = 0; i < 8; ++i) {
#pragma HLS PIPELINE II=1
#pragma HLS UNROLL factor=2
    out[i] = in[i] * ap_fixed<16, 6>(0.5);
  }
}

int main() {
#ifdef __SYNTHESIS__
  std::printf("__SYNTHESIS__ defined\n");
  return 1;
#else
  ap_fixed<16, 6> in[8], out[8];
  for (int i = 0; i < 8; ++i) in[i] = i;
  kernel(in, out);
  std::printf(out[7] == 3.5 ? "OK\n" : "FAIL\n");
  return out[7] == 3.5 ? 0 : 1;
#endif
}
