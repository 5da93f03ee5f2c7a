// hls::stream_of_blocks: blocks travel in order, 1-D and 2-D blocks, locks release at scope end.
#include "hls_streamofblocks.h"
#include "check.h"

constexpr int N = 8;
typedef int buf[N];
typedef float tile[2][4];

static void producer(hls::stream_of_blocks<buf>& out, int blocks) {
  for (int j = 0; j < blocks; ++j) {
    hls::write_lock<buf> b(out);
    for (int i = 0; i < N; ++i) b[N - 1 - i] = j * 100 + i;  // any order inside a block
  }
}

static int consumer(hls::stream_of_blocks<buf>& in, int blocks) {
  int bad = 0;
  for (int j = 0; j < blocks; ++j) {
    hls::read_lock<buf> b(in);
    for (int i = 0; i < N; ++i) bad += b[N - 1 - i] != j * 100 + i;
  }
  return bad;
}

int main() {
  hls::stream_of_blocks<buf> s("blocks");
  CHECK(s.empty() && !s.full());
  producer(s, 5);
  CHECK(!s.empty());
  CHECK(consumer(s, 5) == 0);
  CHECK(s.empty());

  hls::stream_of_blocks<tile, 4> t;
  {
    hls::write_lock<tile> w(t);
    w[1][3] = 2.5f;
    w[0][0] = -1.0f;
  }
  {
    hls::read_lock<tile> r(t);
    CHECK(r[1][3] == 2.5f && r[0][0] == -1.0f);
  }
  CHECK(t.empty());
  return TEST_RESULT();
}
