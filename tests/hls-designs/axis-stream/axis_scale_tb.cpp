// Testbench: three packets of different lengths with distinct side-channel values; float
// reference of each scaled sample; checks data (within 1 LSB of Q16.16), side channels and TLAST.
#include <cmath>
#include <cstdio>

#include "axis_scale.h"

int main() {
  const int lens[3] = {5, 17, 1};
  const gain_t gain = -1.375;
  int bad = 0;
  double max_err = 0;
  unsigned s = 7u;
  for (int p = 0; p < 3; ++p) {
    hls::stream<beat_t> in("in"), out("out");
    double ref[32];
    for (int i = 0; i < lens[p]; ++i) {
      s = s * 1664525u + 1013904223u;
      double x = ((s >> 8) % 200001u) / 1000.0 - 100.0;
      sample_t q = x;
      beat_t b;
      b.data = q.range();
      b.keep = 0xF;
      b.strb = 0xF;
      b.user = (i == 0) ? 1 : 0;  // start-of-frame marker in TUSER
      b.id = p + 3;
      b.dest = 2 * p;
      b.last = (i == lens[p] - 1);
      in.write(b);
      ref[i] = q.to_double() * gain.to_double();
    }
    int n = axis_scale(in, out, gain, 64);
    if (n != lens[p]) {
      std::printf("packet %d: forwarded %d beats, expected %d\n", p, n, lens[p]);
      ++bad;
    }
    for (int i = 0; i < n; ++i) {
      beat_t o = out.read();
      sample_t v;
      v.range() = o.data;
      double err = std::fabs(v.to_double() - ref[i]);
      if (err > max_err) max_err = err;
      if (err > std::ldexp(1.0, -16)) ++bad;
      if (o.keep != 0xF || o.strb != 0xF) ++bad;
      if (o.user != ((i == 0) ? 1u : 0u)) ++bad;
      if (o.id != unsigned(p + 3) || o.dest != unsigned((2 * p) ^ 1)) ++bad;
      if (bool(o.last) != (i == lens[p] - 1)) ++bad;
    }
  }
  std::printf("axis_tb: 3 packets, max error %.3g (1 LSB = %.3g), %d mismatches\n", max_err, std::ldexp(1.0, -16), bad);
  return bad ? 1 : 0;
}
