// hls::vector % scalar / vector in a translation unit that also includes ap_fixed.h (as real designs do).
#include "ap_fixed.h"
#include "hls_vector.h"
#include "check.h"

int main() {
  hls::vector<int, 8> x = {1, 2, 4, 8, 16, 32, 64, 128};
  hls::vector<int, 8> m = x % 3;
  CHECK(m[2] == 1 && m[7] == 2);
  m = x % hls::vector<int, 8>(5);
  CHECK(m[3] == 3);
  m %= 2;
  CHECK(m[3] == 1);
  return TEST_RESULT();
}
