// ap_axi_sdata.h: ap_axis / ap_axiu / hls::axis members and widths, through streams.
#include <type_traits>

#include "ap_axi_sdata.h"
#include "hls_stream.h"
#include "check.h"

int main() {
  typedef ap_axiu<32, 2, 5, 6> beat;
  static_assert(std::is_same<decltype(beat().data), ap_uint<32>>::value, "TDATA is ap_uint<32>");
  static_assert(decltype(beat().keep)::width == 4 && decltype(beat().strb)::width == 4, "one keep/strb bit per byte");
  static_assert(decltype(beat().user)::width == 2 && decltype(beat().id)::width == 5 && decltype(beat().dest)::width == 6,
                "side channels have the requested widths");
  static_assert(decltype(beat().last)::width == 1, "TLAST is one bit");
  static_assert(std::is_same<decltype(ap_axis<24, 1, 1, 1>().data), ap_int<24>>::value, "ap_axis data is signed");
  static_assert(decltype(hls::axis<float>().keep)::width == 4, "keep covers sizeof(float) bytes");
  static_assert(decltype(hls::axis<ap_uint<17>>().keep)::width == 3, "keep covers ceil(17/8) bytes");

  hls::stream<beat> s("axis");
  for (int i = 0; i < 4; ++i) {
    beat b;
    b.data = 0xFFFFFFF0u + i;
    b.keep = 0xF;
    b.strb = 0x3;
    b.user = i;
    b.id = 17;
    b.dest = 63;
    b.last = (i == 3);
    s.write(b);
  }
  int n = 0;
  for (;;) {
    beat b = s.read();
    CHECK(b.data == 0xFFFFFFF0u + n);
    CHECK(b.user == unsigned(n) && b.id == 17u && b.dest == 63u && b.strb == 3u);
    ++n;
    if (b.last) break;
  }
  CHECK(n == 4 && s.empty());

  hls::axis<float, 0, 0, 0> f;
  f.set_data(1.25f);
  f.set_last(1);
  CHECK(f.get_data() == 1.25f && f.get_last() == 1);
  ap_axis<8, 0, 0, 0> z;
  z.data = -3;
  z.user = 0;  // width-0 side channels still exist in C simulation
  CHECK(z.data == -3);
  return TEST_RESULT();
}
