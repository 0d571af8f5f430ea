/*
** stemcache.h -- the stem cache's layout and its first-level lookup, for
** the files of the core that look words up once per token (stemmer.c,
** analyzer.c): a call across files per token costs as much as a hit.
**
** A word is looked up by its key: the case-folded bytes, zero-padded to
** NR_STEM_KEY_BYTES, so that comparing and hashing it take two 8-byte
** words (four for a long word) rather than a loop over its bytes.
** Folding ASCII while scanning writes the key directly (fastscan.h).
** Nothing here is part of the public interface.
*/
#ifndef NEWSROOM_STEMCACHE_H
#define NEWSROOM_STEMCACHE_H
#include <stdint.h>
#include "newsroom.h"

#define NR_STEM_KEY_BYTES 32
#define NR_STEM_KEY_WORDS (NR_STEM_KEY_BYTES / 8)

/* Words of up to SHORT_WORD_BYTES (all but 0.07% of the words of
** Reuters-21578) live in slots of half a cache line, two levels of them;
** longer ones in a table of their own, made when the first one comes.  A
** short slot's key would hold two more bytes, but its stem would not, and
** a word is often its own stem. */
#define SHORT_WORD_BYTES 14
#define SHORT_KEY_WORDS 2
#define CACHE_SETS  16384          /* a power of two */
#define CACHE_WAYS  2
#define CACHE_SLOTS ((size_t)CACHE_SETS * CACHE_WAYS)
#define HOT_SLOTS   4096           /* a power of two */
#define HOT_BITS    12             /* log2(HOT_SLOTS) */
#define SLOT_STEM   SHORT_WORD_BYTES
#define LONG_SETS   4096           /* a power of two */
#define LONG_SLOT_STEM 30

/* Half a cache line: the key, the lengths and the stem.  A set of the
** large level is one line. */
typedef struct cache_slot {
  uint64_t key[SHORT_KEY_WORDS];
  uint8_t wlen, slen;              /* wlen 0: empty */
  char stem[SLOT_STEM];
} cache_slot;

/* One cache line, for a word of more than SHORT_WORD_BYTES. */
typedef struct long_slot {
  uint64_t key[NR_STEM_KEY_WORDS];
  uint8_t wlen, slen;
  char stem[LONG_SLOT_STEM];
} long_slot;

struct nr_stemmer {
  struct sb_stemmer *sb;
  cache_slot *slots;               /* CACHE_SETS pairs, 64-byte aligned */
  cache_slot *hot;                 /* HOT_SLOTS, in front of slots */
  void *mem;                       /* what was allocated for both */
  long_slot *long_slots;           /* LONG_SETS pairs; NULL until needed */
  void *long_mem;
  uint64_t hits, misses;
};

/* Multiplying spreads each 8 bytes over the high half; folding that down
** and multiplying again leaves every bit of the result depending on every
** byte, which the two levels' index bits need.  Only the first
** SHORT_KEY_WORDS count: a longer word's place is another hash's. */
static inline uint32_t stem_key_hash(const uint64_t *k, size_t n){
  uint64_t x = (k[0] * 0x9E3779B97F4A7C15ULL) ^ (k[1] * 0xC2B2AE3D27D4EB4FULL)
             ^ (uint64_t)n;
  x ^= x >> 32;
  x *= 0x94D049BB133111EBULL;
  return (uint32_t)(x >> 32);
}

/* Whether slot s holds the word in key k, n bytes: a word longer than a
** slot's key never matches, as no slot's wlen is that large. */
static inline int stem_key_equal(const cache_slot *s, const uint64_t *k,
                                 size_t n){
  return s->wlen == n && ((s->key[0] ^ k[0]) | (s->key[1] ^ k[1])) == 0;
}

/* The first level's answer, or NULL: then ask nr_stemmer_stem_key. */
static inline const cache_slot *stem_cache_hot(nr_stemmer *st,
                                               const uint64_t *k, size_t n,
                                         uint32_t h){
  const cache_slot *hot = &st->hot[h & (HOT_SLOTS - 1)];
  if( stem_key_equal(hot, k, n) ){
    st->hits++;
    return hot;
  }
  return 0;
}

/* The pair of slots of the large level a word of hash h may be in. */
static inline cache_slot *stem_cache_set(const nr_stemmer *st,
                                         uint32_t h){
  return &st->slots[(size_t)((h >> HOT_BITS) & (CACHE_SETS - 1)) * CACHE_WAYS];
}

/* Asks for the memory a lookup of a word of hash h will read (a set is
** one line): issued a word ahead, it hides the large level's latency (a
** 1 MiB table misses the L2 cache on most lookups).  A macro: GCC takes
** a function that only prefetches for one without effects, and drops the
** call. */
#if defined(__GNUC__)
#define STEM_CACHE_PREFETCH(st, h) do{ \
    const cache_slot *set_ = stem_cache_set((st), (h)); \
    __builtin_prefetch(&(st)->hot[(h) & (HOT_SLOTS - 1)]); \
    __builtin_prefetch(set_); \
  }while( 0 )
#else
#define STEM_CACHE_PREFETCH(st, h) ((void)(st), (void)(h))
#endif

/* The stem of the word in key (n bytes, 1 <= n <= NR_STEM_KEY_BYTES) whose
** stem_key_hash is h, as nr_stemmer_stem gives it.  -1: out of memory. */
int nr_stemmer_stem_key(nr_stemmer *st, const uint64_t *key, size_t n,
                        uint32_t h, const char **out, size_t *outn);

/* Fills key with the n bytes of w (n <= NR_STEM_KEY_BYTES), zero-padded. */
static inline void stem_key_set(uint64_t *key, const char *w, size_t n){
  size_t i;
  unsigned char *kb = (unsigned char *)key;
  for(i = 0; i < NR_STEM_KEY_WORDS; i++) key[i] = 0;
  for(i = 0; i < n; i++) kb[i] = (unsigned char)w[i];
}

#endif
