/*
** runs.h -- the end of a run of ASCII letters, eight bytes at a time, for
** the walks over a whole document (scanner.c, quotes.c).
**
** A loop that tests one byte at a time leaves it at the end of each word
** through a mispredicted branch, and on news text that was the largest
** single cost of both walks.  Here the bytes of the class are found in a
** 64-bit word with a few arithmetic operations and the run's length read
** off with a count of trailing zeros: the branch is taken once per eight
** letters, and a word shorter than that costs no misprediction.
*/
#ifndef NR_RUNS_H
#define NR_RUNS_H

#include <stdint.h>
#include <string.h>

#define NR_ONES 0x0101010101010101ULL
#define NR_HIGH 0x8080808080808080ULL

/* The high bit of each byte of x set where lo <= byte <= hi (hi < 0x7F).
** Setting every high bit first keeps the subtractions from borrowing
** across bytes; bytes of 0x80 and above are left out.  Pure arithmetic:
** the byte order only matters to whoever loads x (fastscan.h too). */
static inline uint64_t nr_bytes_in(uint64_t x, unsigned lo, unsigned hi){
  uint64_t y = x | NR_HIGH;
  return (y - NR_ONES * lo) & ~(y - NR_ONES * (hi + 1)) & ~x & NR_HIGH;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) \
    && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NR_RUNS_SWAR 1

static inline uint64_t nr_load64(const unsigned char *p){
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}
#endif

/* The end of the run of a-z starting at pos (pos itself if none). */
static inline size_t nr_lower_run(const unsigned char *t, size_t pos,
                                  size_t n){
#ifdef NR_RUNS_SWAR
  while( pos + 8 <= n ){
    uint64_t out = ~nr_bytes_in(nr_load64(t + pos), 'a', 'z') & NR_HIGH;
    if( out ) return pos + ((size_t)__builtin_ctzll(out) >> 3);
    pos += 8;
  }
#endif
  while( pos < n && t[pos] >= 'a' && t[pos] <= 'z' ) pos++;
  return pos;
}

/* The end of the run of a-z, A-Z and 0-9 starting at pos. */
static inline size_t nr_alnum_run(const unsigned char *t, size_t pos,
                                  size_t n){
#ifdef NR_RUNS_SWAR
  while( pos + 8 <= n ){
    uint64_t x = nr_load64(t + pos);
    uint64_t in = nr_bytes_in(x, 'a', 'z') | nr_bytes_in(x, 'A', 'Z')
                | nr_bytes_in(x, '0', '9');
    uint64_t out = ~in & NR_HIGH;
    if( out ) return pos + ((size_t)__builtin_ctzll(out) >> 3);
    pos += 8;
  }
#endif
  while( pos < n && ((t[pos] >= 'a' && t[pos] <= 'z')
                  || (t[pos] >= 'A' && t[pos] <= 'Z')
                  || (t[pos] >= '0' && t[pos] <= '9')) ) pos++;
  return pos;
}

#endif
