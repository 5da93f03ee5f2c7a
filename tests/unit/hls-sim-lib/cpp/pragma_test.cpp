// `#pragma HLS ...` compiles silently, __SYNTHESIS__ is undefined, and the usual headers coexist.
#include "ap_axi_sdata.h"
#include "ap_fixed.h"
#include "ap_int.h"
#include "ap_shift_reg.h"
#include "hls_math.h"
#include "hls_stream.h"
#include "hls_vector.h"

#ifdef __SYNTHESIS__
#error "__SYNTHESIS__ must not be defined in C simulation"
#endif

static int sum(const int a[8]) {
#pragma HLS INLINE off
#pragma HLS ARRAY_PARTITION variable = a complete dim = 1
  int s = 0;
  for (int i = 0; i < 8; ++i) {
#pragma HLS PIPELINE II = 1
#pragma HLS UNROLL factor = 2
    s += a[i];
  }
  return s;
}

int main() {
#pragma HLS DATAFLOW
  const int a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  return sum(a) == 36 ? 0 : 1;
}
