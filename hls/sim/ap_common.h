// ap_common.h — umbrella some designs include for the arbitrary-precision types: brings in
// ap_int / ap_uint and ap_fixed / ap_ufixed with their enums (ap_q_mode, ap_o_mode).
#ifndef HLS_SIM_AP_COMMON_H
#define HLS_SIM_AP_COMMON_H

#include "hls_sim_common.h"
#include "ap_int.h"
#include "ap_fixed.h"

#endif  // HLS_SIM_AP_COMMON_H
