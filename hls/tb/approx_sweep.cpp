// approx_sweep.cpp — sweeps the softmax exponent (softmax_exp.h) and GELU (gelu.h) approximations over
// their input ranges with the types given by -D (FWB_SM_W/I/S, FWB_ACT_W/I/S) and prints, per point,
// the input, the approximation and the exact value (double-precision libm): one line per point,
//   E x approx exact      (exp, x in [-FWB_EXP_RANGE, 0])
//   G x approx exact      (GELU, x in [-FWB_GELU_SPAN, FWB_GELU_SPAN])
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include "../softmax_exp.h"
#include "../gelu.h"

#if FWB_SM_S
typedef ap_fixed<FWB_SM_W, FWB_SM_I, AP_RND, AP_SAT> sm_t;
#else
typedef ap_ufixed<FWB_SM_W, FWB_SM_I, AP_RND, AP_SAT> sm_t;
#endif
#if FWB_ACT_S
typedef ap_fixed<FWB_ACT_W, FWB_ACT_I, AP_RND, AP_SAT> act_t;
#else
typedef ap_ufixed<FWB_ACT_W, FWB_ACT_I, AP_RND, AP_SAT> act_t;
#endif
typedef ap_fixed<48, 18> in_t;  // inputs as the accumulators feed them

int main(int argc, char **argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20001;
  const double er = argc > 2 ? std::atof(argv[2]) : 16.0;
  const double gs = argc > 3 ? std::atof(argv[3]) : 8.0;
  for (int i = 0; i < n; i++) {
    in_t x = -er + er * i / (n - 1);
    double xd = x.to_double();
    std::printf("E %.17g %.17g %.17g\n", xd, fwb::exp_neg<sm_t>(x).to_double(), std::exp(xd));
  }
  for (int i = 0; i < n; i++) {
    in_t x = -gs + 2 * gs * i / (n - 1);
    double xd = x.to_double();
    std::printf("G %.17g %.17g %.17g\n", xd, fwb::gelu<act_t>(x).to_double(), 0.5 * xd * (1.0 + std::erf(xd / std::sqrt(2.0))));
  }
  return 0;
}
