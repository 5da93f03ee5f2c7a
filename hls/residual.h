// residual.h — x[t][d] = x[t][d] + y[t][d] (the skip connection), saturating in the activation type.
#ifndef FWB_RESIDUAL_H
#define FWB_RESIDUAL_H

#include <ap_fixed.h>

namespace fwb {

template <int T, int D, typename X_T, typename Y_T>
void residual_add(X_T x[T][D], const Y_T y[T][D], int rows) {
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      x[t][d] = x[t][d] + y[t][d];
    }
  }
}

}  // namespace fwb

#endif
