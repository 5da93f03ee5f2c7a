// hls::stream, hls::vector and ap_shift_reg behaviour as UG1399 documents it.
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "ap_shift_reg.h"
#include "hls_math.h"
#include "hls_stream.h"
#include "hls_vector.h"
#include "check.h"

typedef hls::vector<float, 4> f4;
typedef hls::vector<int, 8> i8;

struct packet {
  hls::vector<short, 3> v;  // odd size, inside a struct
  int tag;
};

static void stream_fifo() {
  hls::stream<int> s("fifo");
  CHECK(s.empty());
  CHECK(s.size() == 0);
  CHECK(!s.full());
  CHECK(s.name() == std::string("fifo"));
  for (int i = 0; i < 5; ++i) s.write(i * 10);
  s << 50;
  CHECK(s.size() == 6);
  CHECK(s.read() == 0);
  int v = -1;
  s >> v;
  CHECK(v == 10);
  s.read(v);
  CHECK(v == 20);
  CHECK(s.read_nb(v) && v == 30);
  CHECK(s.write_nb(60));
  CHECK(s.size() == 3);
  while (s.read_nb(v)) {
  }
  CHECK(v == 60);
  CHECK(s.empty());
  CHECK(!s.read_nb(v));
  CHECK(v == 60);  // untouched on a failed non-blocking read
  CHECK(s.capacity() >= 1000000u);

  hls::stream<double, 4> d("deep");  // depth is a synthesis hint; C simulation never blocks
  for (int i = 0; i < 100; ++i) d.write(i);
  CHECK(d.size() == 100);
  CHECK(!d.full());
  CHECK(d.read() == 0.0);
  static_assert(std::is_base_of<hls::stream<double>, hls::stream<double, 4>>::value, "sized stream is a stream");
  while (!d.empty()) d.read();

  hls::stream<int> unnamed1, unnamed2;
  CHECK(unnamed1.name() != unnamed2.name());
}

static void vector_layout() {
  static_assert(sizeof(f4) == 4 * sizeof(float), "no padding");
  static_assert(sizeof(hls::vector<short, 3>) == 3 * sizeof(short), "no padding for odd N");
  static_assert(sizeof(hls::vector<char, 5>) == 5, "no padding for char");
  static_assert(std::is_trivially_copyable<f4>::value, "trivially copyable, like the data it holds");
  float w[3][4];
  for (int k = 0; k < 3; ++k)
    for (int n = 0; n < 4; ++n) w[k][n] = k * 10.0f + n;
  const f4* wv = reinterpret_cast<const f4*>(&w[0][0]);
  CHECK(wv[2][3] == 23.0f);
  CHECK(wv[1].reduce_add() == 10 + 11 + 12 + 13);
  f4* out = reinterpret_cast<f4*>(&w[0][0]);
  out[1] = f4(1.5f);
  CHECK(w[1][0] == 1.5f && w[1][3] == 1.5f && w[0][3] == 3.0f && w[2][0] == 20.0f);
  CHECK(f4::size() == 4);
}

static void vector_ops() {
  f4 a = {1, 2, 3, 4};
  f4 b = 2.0f;  // broadcast
  CHECK(b[0] == 2 && b[3] == 2);
  f4 c = a + b;
  CHECK(c[0] == 3 && c[3] == 6);
  c = a - b;
  CHECK(c[1] == 0);
  c = a * b;
  CHECK(c[2] == 6);
  c = a / b;
  CHECK(c[3] == 2);
  c = a * 3.0f;
  CHECK(c[1] == 6);
  c = 10.0f - a;
  CHECK(c[0] == 9 && c[3] == 6);
  c = a;
  c += b;
  c *= 2.0f;
  c -= 1.0f;
  c /= f4(2.0f);
  CHECK(c[0] == 2.5f && c[3] == 5.5f);
  c = -a;
  CHECK(c[2] == -3);
  CHECK(a.reduce_add() == 10);
  CHECK(a.reduce_mul() == 24);
  CHECK(a.reduce_mult() == 24);
  CHECK(a.reduce([](float p, float q) { return p > q ? p : q; }) == 4);
  i8 sq([](std::size_t i) { return static_cast<int>(i * i); });
  CHECK(sq[0] == 0 && sq[3] == 9 && sq[7] == 49);
  i8 seq = i8::iota(-4);
  CHECK(seq[0] == -4 && seq[4] == 0 && seq[7] == 3);
  CHECK(a.reduce_min() == 1);
  CHECK(a.reduce_max() == 4);
  CHECK(hls::reduce_add(a) == 10);

  i8 x = {1, 2, 4, 8, 16, 32, 64, 128};
  CHECK(x.reduce_or() == 255);
  CHECK(x.reduce_and() == 0);
  CHECK(x.reduce_xor() == 255);
  i8 sh = x << 1;
  CHECK(sh[7] == 256);
  sh >>= 2;
  CHECK(sh[7] == 64);
  i8 bits = x & i8(6);
  CHECK(bits[1] == 2 && bits[2] == 4 && bits[3] == 0);
  i8 partial = {7, 8};
  CHECK(partial[0] == 7 && partial[1] == 8 && partial[7] == 0);

  // Comparisons: equality over all elements, ordering lexicographic.
  f4 a2 = {1, 2, 3, 4};
  f4 a3 = {1, 2, 4, 0};
  CHECK(a == a2);
  CHECK(!(a != a2));
  CHECK(a != a3);
  CHECK(a < a3);
  CHECK(a3 > a);
  CHECK(a <= a2 && a >= a2);
}

static void vector_streams_and_structs() {
  hls::stream<f4> vs("vectors");
  vs.write(f4(1.0f));
  vs << f4{1, 2, 3, 4};
  CHECK(vs.read()[3] == 1.0f);
  CHECK(vs.read().reduce_add() == 10);

  hls::stream<packet> ps("packets");
  packet p;
  p.v = hls::vector<short, 3>{5, 6, 7};
  p.tag = 9;
  ps.write(p);
  packet q = ps.read();
  CHECK(q.tag == 9 && q.v[2] == 7);
  packet arr[2];
  std::memset(arr, 0, sizeof arr);
  CHECK(reinterpret_cast<char*>(&arr[1]) - reinterpret_cast<char*>(&arr[0]) == sizeof(packet));
}

static void shift_reg() {
  ap_shift_reg<int, 4> sr;
  // shift returns the element at addr before shifting.
  CHECK(sr.shift(1) == 0);
  CHECK(sr.shift(2) == 0);
  CHECK(sr.shift(3) == 0);
  CHECK(sr.shift(4) == 0);
  CHECK(sr.shift(5) == 1);  // location 3 held the first value written
  CHECK(sr.read(0) == 5 && sr.read(3) == 2);
  CHECK(sr.shift(6, 0, false) == 5);  // disabled: read only
  CHECK(sr.read(0) == 5);
  CHECK(sr.shift(7, 1) == 4);
  CHECK(sr.read(0) == 7 && sr.read(1) == 5);
}

static void float_math() {
  const float xs[] = {-3.5f, -1.0f, -0.25f, 0.0f, 0.3f, 1.0f, 2.75f};
  for (float x : xs) {
    CHECK(hls::exp(x) == std::exp(x));
    CHECK(hls::tanh(x) == std::tanh(x));
    CHECK(hls::erf(x) == std::erf(x));
    CHECK(hls::abs(x) == std::fabs(x));
    CHECK(hls::floor(x) == std::floor(x));
    CHECK(hls::round(x) == std::round(x));
    if (x > 0) {
      CHECK(std::fabs(hls::rsqrt(x) - 1.0f / std::sqrt(x)) <= 1e-6f * hls::rsqrt(x));
      CHECK(std::fabs(hls::recip(x) - 1.0f / x) <= 1e-6f * hls::recip(x));
      CHECK(hls::log(x) == std::log(x));
      CHECK(hls::log2(x) == std::log2(x));
      CHECK(hls::sqrt(x) == std::sqrt(x));
    }
  }
  static_assert(std::is_same<decltype(hls::exp(1.0f)), float>::value, "float in, float out");
  static_assert(std::is_same<decltype(hls::exp(1.0)), double>::value, "double in, double out");
  CHECK(hls::pow(2.0f, 10.0f) == 1024.0f);
  CHECK(hls::fmod(7.5, 2.0) == 1.5);
  CHECK(hls::signbit(-0.0f) && !hls::signbit(1.0f));
  CHECK(hls::copysign(2.0f, -1.0f) == -2.0f);
  CHECK(hls::min(3.0f, 2.0f) == 2.0f && hls::max(3, 7) == 7);
  CHECK(hls::expf(0.0f) == 1.0f && hls::sqrtf(4.0f) == 2.0f);
  CHECK(std::fabs(hls::sin(0.5) - std::sin(0.5)) == 0 && hls::cos(0.0f) == 1.0f);
  CHECK(hls::exp2(3.0f) == 8.0f && hls::log10(1000.0) == 3.0 && hls::ceil(1.2f) == 2.0f);
}

int main() {
#ifdef __SYNTHESIS__
  CHECK(false);  // C simulation never defines __SYNTHESIS__
#endif
  stream_fifo();
  vector_layout();
  vector_ops();
  vector_streams_and_structs();
  shift_reg();
  float_math();
  return TEST_RESULT();
}
