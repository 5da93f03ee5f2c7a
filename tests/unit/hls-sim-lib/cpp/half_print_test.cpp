// hls_half.h: every binary16 value round-trips through float, float->half rounds to nearest-even,
// overflow goes to infinity, subnormals survive; plus the ap_common.h / hls_print.h umbrellas.
#include <cmath>

#include "ap_common.h"
#include "hls_half.h"
#include "hls_print.h"
#include "check.h"

int main() {
  int roundtrip_bad = 0;
  for (unsigned b = 0; b < 65536u; ++b) {
    half h;
    h.set_bits(static_cast<unsigned short>(b));
    const float f = h;
    if (std::isnan(f)) continue;
    if (half(f).get_bits() != b) ++roundtrip_bad;
  }
  CHECK(roundtrip_bad == 0);
  CHECK(half(1.0f).get_bits() == 0x3C00);
  CHECK(half(1.0f + std::ldexp(1.0f, -11)).get_bits() == 0x3C00);      // tie -> even
  CHECK(half(1.0f + 3 * std::ldexp(1.0f, -11)).get_bits() == 0x3C02);  // tie -> even (up)
  CHECK(half(1.0f + 1.1f * std::ldexp(1.0f, -11)).get_bits() == 0x3C01);
  CHECK(half(65504.0f).get_bits() == 0x7BFF);
  CHECK(std::isinf(float(half(65520.0f))));
  CHECK(half(std::ldexp(1.0f, -24)).get_bits() == 0x0001);
  CHECK(half(std::ldexp(1.0f, -25)).get_bits() == 0x0000);  // tie -> even (zero)
  CHECK(float(half(-2.5f)) == -2.5f);
  half a = 1.5f, b = 0.25f;
  CHECK(float(a + b) == 1.75f && float(a * b) == 0.375f && a > b);
  a += b;
  CHECK(float(a) == 1.75f);
  CHECK(float(half(1.0f) / half(3.0f)) == float(half(1.0f / 3.0f)));

  ap_int<9> i = -200;
  ap_fixed<10, 3> x = 1.25;
  CHECK(i == -200 && x.to_double() == 1.25);
  hls::print("hls::print %d\n", 7);
  return TEST_RESULT();
}
