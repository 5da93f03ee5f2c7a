// ap_axi_sdata.h — C-simulation model of the AXI4-Stream side-channel types (UG1399 "How AXI4-Stream
// is Implemented"): hls::axis<T, WUser, WId, WDest, EnableSignals, StrictEnablement> with members
// data / keep / strb / user / last / id / dest, and ap_axis / ap_axiu for signed / unsigned data.
//
// A side channel of width 0 is absent from the RTL; in C simulation its member still exists (one bit
// wide) so code that touches it compiles, as it does in C simulation with the vendor headers.
#ifndef HLS_SIM_AP_AXI_SDATA_H
#define HLS_SIM_AP_AXI_SDATA_H

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "hls_sim_common.h"
#include "ap_int.h"

enum {
  AXIS_ENABLE_DATA = 0x01,
  AXIS_ENABLE_DEST = 0x02,
  AXIS_ENABLE_ID = 0x04,
  AXIS_ENABLE_KEEP = 0x08,
  AXIS_ENABLE_LAST = 0x10,
  AXIS_ENABLE_STRB = 0x20,
  AXIS_ENABLE_USER = 0x40,
  AXIS_ENABLE_ALL = 0x7F,
};

namespace hls {

namespace axis_detail {
// Bit width of a data type: ap types expose `width`; everything else is its object size.
template <typename T, typename = void>
struct bit_width : std::integral_constant<std::size_t, sizeof(T) * 8> {};
template <typename T>
struct bit_width<T, decltype(void(T::width))> : std::integral_constant<std::size_t, static_cast<std::size_t>(T::width)> {};

constexpr int side_width(std::size_t w) { return w > 0 ? static_cast<int>(w) : 1; }
}  // namespace axis_detail

template <typename T>
struct bytesof : std::integral_constant<std::size_t, (axis_detail::bit_width<T>::value + 7) / 8> {};

template <typename T, std::size_t WUser = 0, std::size_t WId = 0, std::size_t WDest = 0,
          uint8_t EnableSignals = (AXIS_ENABLE_KEEP | AXIS_ENABLE_LAST | AXIS_ENABLE_STRB), bool StrictEnablement = false>
struct axis {
  static constexpr int kBytes = static_cast<int>(bytesof<T>::value) > 0 ? static_cast<int>(bytesof<T>::value) : 1;
  typedef T Data_t;

  T data;
  ap_uint<kBytes> keep;
  ap_uint<kBytes> strb;
  ap_uint<axis_detail::side_width(WUser)> user;
  ap_uint<1> last;
  ap_uint<axis_detail::side_width(WId)> id;
  ap_uint<axis_detail::side_width(WDest)> dest;

  T get_data() const { return data; }
  void set_data(const T& v) { data = v; }
  ap_uint<kBytes> get_keep() const { return keep; }
  void set_keep(const ap_uint<kBytes>& v) { keep = v; }
  ap_uint<kBytes> get_strb() const { return strb; }
  void set_strb(const ap_uint<kBytes>& v) { strb = v; }
  ap_uint<axis_detail::side_width(WUser)> get_user() const { return user; }
  void set_user(const ap_uint<axis_detail::side_width(WUser)>& v) { user = v; }
  ap_uint<1> get_last() const { return last; }
  void set_last(const ap_uint<1>& v) { last = v; }
  ap_uint<axis_detail::side_width(WId)> get_id() const { return id; }
  void set_id(const ap_uint<axis_detail::side_width(WId)>& v) { id = v; }
  ap_uint<axis_detail::side_width(WDest)> get_dest() const { return dest; }
  void set_dest(const ap_uint<axis_detail::side_width(WDest)>& v) { dest = v; }
};

}  // namespace hls

// Signed / unsigned integer data of WData bits.
template <std::size_t WData, std::size_t WUser = 0, std::size_t WId = 0, std::size_t WDest = 0,
          uint8_t EnableSignals = (AXIS_ENABLE_KEEP | AXIS_ENABLE_LAST | AXIS_ENABLE_STRB), bool StrictEnablement = false>
using ap_axis = hls::axis<ap_int<static_cast<int>(WData)>, WUser, WId, WDest, EnableSignals, StrictEnablement>;

template <std::size_t WData, std::size_t WUser = 0, std::size_t WId = 0, std::size_t WDest = 0,
          uint8_t EnableSignals = (AXIS_ENABLE_KEEP | AXIS_ENABLE_LAST | AXIS_ENABLE_STRB), bool StrictEnablement = false>
using ap_axiu = hls::axis<ap_uint<static_cast<int>(WData)>, WUser, WId, WDest, EnableSignals, StrictEnablement>;

// Older spelling kept by many designs: qdma_axis<D, U, TI, TD> carries data/keep/last only.
template <int D, int U = 0, int TI = 0, int TD = 0>
using qdma_axis = hls::axis<ap_uint<D>, static_cast<std::size_t>(U), static_cast<std::size_t>(TI), static_cast<std::size_t>(TD)>;

#endif  // HLS_SIM_AP_AXI_SDATA_H
