// hls_streamofblocks.h — C-simulation model of hls::stream_of_blocks<block_type, depth> with
// hls::write_lock / hls::read_lock (UG1399 "HLS Stream of Blocks Library"). A write_lock gives the
// producer a fresh block and appends it to the stream when it goes out of scope; a read_lock gives
// the consumer the oldest block and releases it when it goes out of scope. As with hls::stream,
// C simulation never blocks on a full stream, and acquiring a read lock on an empty stream stops
// the program with a message naming the stream.
#ifndef HLS_SIM_HLS_STREAMOFBLOCKS_H
#define HLS_SIM_HLS_STREAMOFBLOCKS_H

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>

#include "hls_sim_common.h"

namespace hls {

namespace sob_detail {
inline unsigned next_id() {
  static unsigned id = 0;
  return id++;
}
template <typename B>
struct holder {
  B data;
};
}  // namespace sob_detail

// The part of a stream of blocks the locks need, independent of its depth.
template <typename B>
class stream_of_blocks_base {
  static_assert(std::is_array<B>::value, "hls::stream_of_blocks holds arrays: use e.g. hls::stream_of_blocks<int[N]>");

 public:
  explicit stream_of_blocks_base(const std::string& name) : name_(name) {}
  virtual ~stream_of_blocks_base() {
    if (!blocks_.empty())
      std::cerr << "WARNING [HLS SIM]: hls::stream_of_blocks '" << name_ << "' contains " << blocks_.size()
                << " leftover block(s)." << std::endl;
  }
  stream_of_blocks_base(const stream_of_blocks_base&) = delete;
  stream_of_blocks_base& operator=(const stream_of_blocks_base&) = delete;

  bool empty() const { return blocks_.empty(); }
  bool full() const { return false; }
  const std::string& name() const { return name_; }

  B* acquire_read() {
    if (blocks_.empty()) {
      std::fflush(stdout);
      std::cerr << "ERROR [HLS SIM]: hls::stream_of_blocks '" << name_
                << "' has no block to read (read_lock on an empty stream), which would hang the RTL." << std::endl;
      std::exit(1);
    }
    return &blocks_.front()->data;
  }
  void release_read() { blocks_.pop_front(); }
  void commit(std::unique_ptr<sob_detail::holder<B>> block) { blocks_.push_back(std::move(block)); }

 private:
  std::string name_;
  std::deque<std::unique_ptr<sob_detail::holder<B>>> blocks_;
};

template <typename B, int DEPTH = 2>
class stream_of_blocks : public stream_of_blocks_base<B> {
 public:
  stream_of_blocks() : stream_of_blocks_base<B>("hls::stream_of_blocks." + std::to_string(sob_detail::next_id())) {}
  explicit stream_of_blocks(const char* name) : stream_of_blocks_base<B>(name ? name : "hls::stream_of_blocks") {}
};

template <typename B>
class write_lock {
 public:
  typedef typename std::remove_extent<B>::type element_type;
  explicit write_lock(stream_of_blocks_base<B>& s) : s_(s), block_(new sob_detail::holder<B>()) {}
  ~write_lock() { s_.commit(std::move(block_)); }
  write_lock(const write_lock&) = delete;
  write_lock& operator=(const write_lock&) = delete;

  element_type& operator[](std::size_t i) { return block_->data[i]; }
  operator B&() { return block_->data; }

 private:
  stream_of_blocks_base<B>& s_;
  std::unique_ptr<sob_detail::holder<B>> block_;
};

template <typename B>
class read_lock {
 public:
  typedef typename std::remove_extent<B>::type element_type;
  explicit read_lock(stream_of_blocks_base<B>& s) : s_(s), block_(s.acquire_read()) {}
  ~read_lock() { s_.release_read(); }
  read_lock(const read_lock&) = delete;
  read_lock& operator=(const read_lock&) = delete;

  const element_type& operator[](std::size_t i) const { return (*block_)[i]; }
  element_type& operator[](std::size_t i) { return (*block_)[i]; }
  operator B&() { return *block_; }

 private:
  stream_of_blocks_base<B>& s_;
  B* block_;
};

}  // namespace hls

#endif  // HLS_SIM_HLS_STREAMOFBLOCKS_H
