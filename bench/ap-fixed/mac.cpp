// 16-bit ap_fixed multiply-accumulate (384x384 matrix-vector product, repeated) against the same
// loop in float. Prints: "<fixed seconds> <float seconds> <fixed, 16-bit accumulator, seconds> <checksum>".
#include <ap_fixed.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

typedef ap_fixed<16, 6> data_t;  // weights and activations
typedef ap_fixed<32, 12> acc_t;  // full-precision products accumulate here
static const int N = 384;
static data_t Wq[N][N], xq[N], yq[N];
static float Wf[N][N], xf[N], yf[N], xsrc[N];

__attribute__((noinline)) void mv_fixed() {
  for (int i = 0; i < N; ++i) {
    acc_t acc = 0;
    for (int j = 0; j < N; ++j) acc += Wq[i][j] * xq[j];
    yq[i] = acc;
  }
}
// The same product accumulated in the 16-bit type itself (a conversion per step).
__attribute__((noinline)) void mv_fixed16() {
  for (int i = 0; i < N; ++i) {
    data_t acc = 0;
    for (int j = 0; j < N; ++j) acc += Wq[i][j] * xq[j];
    yq[i] = acc;
  }
}
__attribute__((noinline)) void mv_float() {
  for (int i = 0; i < N; ++i) {
    float acc = 0;
    for (int j = 0; j < N; ++j) acc += Wf[i][j] * xf[j];
    yf[i] = acc;
  }
}

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 1000;
  std::srand(7);
  for (int i = 0; i < N; ++i) {
    xsrc[i] = (std::rand() % 2000 - 1000) / 1000.0f;
    xf[i] = xsrc[i];
    xq[i] = xsrc[i];
    for (int j = 0; j < N; ++j) {
      Wf[i][j] = (std::rand() % 2000 - 1000) / 8000.0f;
      Wq[i][j] = Wf[i][j];
    }
  }
  // The three loops run interleaved in 10 slices so machine load affects them alike.
  double cs = 0, tq = 0, tf = 0, t16 = 0;
  typedef std::chrono::steady_clock clk;
  const int slices = 10;
  for (int sl = 0; sl < slices; ++sl) {
    const int r0 = sl * reps / slices, r1 = (sl + 1) * reps / slices;
    auto t0 = clk::now();
    for (int r = r0; r < r1; ++r) {
      mv_fixed();
      cs += yq[r % N].to_double();
      xq[r % N] = xsrc[(r * 7) % N];  // keep every repetition live
    }
    auto t1 = clk::now();
    for (int r = r0; r < r1; ++r) {
      mv_float();
      cs -= yf[r % N];
      xf[r % N] = xsrc[(r * 7) % N];
    }
    auto t2 = clk::now();
    for (int r = r0; r < r1; ++r) {
      mv_fixed16();
      cs += yq[r % N].to_double();
      xq[r % N] = xsrc[(r * 5) % N];
    }
    auto t3 = clk::now();
    tq += std::chrono::duration<double>(t1 - t0).count();
    tf += std::chrono::duration<double>(t2 - t1).count();
    t16 += std::chrono::duration<double>(t3 - t2).count();
  }
  std::printf("%.6f %.6f %.6f %.6f\n", tq, tf, t16, cs);
  return 0;
}
