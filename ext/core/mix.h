/*
** mix.h -- splitmix64's finalizer (nr_mix64 in newsroom.h) as an inline
** function, for the loops that run it once per shingle or probe: a call
** across files costs as much as the mix itself.
*/
#ifndef NEWSROOM_MIX_H
#define NEWSROOM_MIX_H
#include <stdint.h>

static inline uint64_t mix64_inline(uint64_t x){
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
#endif
