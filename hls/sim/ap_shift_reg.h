// ap_shift_reg.h — C-simulation model of ap_shift_reg<T, Depth> (UG1399 "Shift Registers").
//
// Location 0 receives new data; shift() returns the element at `addr` as it was *before* the shift,
// then (if enabled) moves every element up one place and loads the input into location 0.
#ifndef HLS_SIM_AP_SHIFT_REG_H
#define HLS_SIM_AP_SHIFT_REG_H

#include <cassert>

#include "hls_sim_common.h"

template <typename T, unsigned int Depth = 32>
class ap_shift_reg {
  static_assert(Depth > 0, "ap_shift_reg depth must be positive");

 public:
  ap_shift_reg() {
    for (unsigned int i = 0; i < Depth; ++i) regs_[i] = T();
  }
  explicit ap_shift_reg(const char* /*name*/) : ap_shift_reg() {}

  // Read location `addr`, then shift in `din` when `en` is true.
  T shift(const T& din, unsigned int addr = Depth - 1, bool en = true) {
    assert(addr < Depth && "ap_shift_reg::shift address out of range");
    T out = regs_[addr];
    if (en) {
      for (unsigned int i = Depth - 1; i > 0; --i) regs_[i] = regs_[i - 1];
      regs_[0] = din;
    }
    return out;
  }

  T read(unsigned int addr = Depth - 1) const {
    assert(addr < Depth && "ap_shift_reg::read address out of range");
    return regs_[addr];
  }

 private:
  T regs_[Depth];
};

#endif  // HLS_SIM_AP_SHIFT_REG_H
