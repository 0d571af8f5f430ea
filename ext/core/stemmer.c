/*
** stemmer.c -- a Snowball stemmer behind a bounded cache.
**
** Word frequencies in news are Zipfian: a few thousand words make up most
** of any text, so remembering their stems makes stemming cheaper than
** libstemmer itself.  A word's hash picks a pair of slots, kept in order
** of last use, and a miss replaces the one used longer ago.  That bounds
** memory with no purge pauses and little bookkeeping on a hit.  Words
** longer than a key (NR_STEM_KEY_BYTES) go straight to libstemmer.  On
** Reuters-21578 (2.45 M words, 39,000 distinct) 16,384 slots of 64 bytes
** missed 4.4% of words, 32,768 of 32 bytes (the same 1 MiB) 2.6%; a miss
** costs a libstemmer call, some 15 times a hit.
**
** At 1 MiB the cache is larger than a core's L2, and a lookup then
** waits on memory, and pushes FTS5's own memory out of the caches during
** an index build.  So a small first level (HOT_SLOTS, 128 KiB) holds the
** words seen lately, as "the", "said" and "mln" are in every sentence
** (it answers 83% of lookups on Reuters; at 512 slots, 61%); a word
** found in the large level is copied up (one seen for the first time is
** not: most of those are rare, and would only push frequent words out).
** A slot is half a cache line, enough for a word of SHORT_WORD_BYTES and
** its stem: halving it from a whole line halved the lines of the large
** level an FTS5 build fetches per word, and made the build 3-7% faster.
** The rare longer word has a table of 64-byte slots of its own, made when
** one first comes (without memory for it, such words are stemmed
** uncached).
*/
#include <string.h>
#include <libstemmer.h>
#include "stemcache.h"

nr_stemmer *nr_stemmer_new(int lang){
  nr_stemmer *st = nr_realloc(NULL, sizeof(*st));
  size_t bytes = sizeof(cache_slot) * (CACHE_SLOTS + HOT_SLOTS) + 63;
  if( st == NULL ) return NULL;
  memset(st, 0, sizeof(*st));
  st->sb = sb_stemmer_new(nr_lang_name(lang), "UTF_8");
  st->mem = nr_realloc(NULL, bytes);
  if( st->sb == NULL || st->mem == NULL ){
    nr_stemmer_free(st);
    return NULL;
  }
  memset(st->mem, 0, bytes);
  /* a slot is a cache line only if the table starts on one */
  st->slots = (cache_slot *)(((uintptr_t)st->mem + 63) & ~(uintptr_t)63);
  st->hot = st->slots + CACHE_SLOTS;
  return st;
}

void nr_stemmer_free(nr_stemmer *st){
  if( st == NULL ) return;
  if( st->sb ) sb_stemmer_delete(st->sb);
  nr_free(st->mem);
  nr_free(st->long_mem);
  nr_free(st);
}

static int stem_uncached(nr_stemmer *st, const char *w, size_t n,
                         const char **out, size_t *outn){
  const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)n);
  if( s == NULL ) return -1;
  *out = (const char *)s;
  *outn = (size_t)sb_stemmer_length(st->sb);
  return 0;
}

/* Where a word of more than SHORT_WORD_BYTES may be: the table is made on
** first use, and NULL comes back if there is no memory for it. */
static long_slot *long_set(nr_stemmer *st, const uint64_t *key){
  uint64_t x;
  if( st->long_slots == NULL ){
    size_t bytes = sizeof(long_slot) * LONG_SETS * CACHE_WAYS + 63;
    st->long_mem = nr_realloc(NULL, bytes);
    if( st->long_mem == NULL ) return NULL;
    memset(st->long_mem, 0, bytes);
    st->long_slots = (long_slot *)(((uintptr_t)st->long_mem + 63)
                                   & ~(uintptr_t)63);
  }
  x = (key[0] * 0x9E3779B97F4A7C15ULL) ^ (key[1] * 0xC2B2AE3D27D4EB4FULL)
    ^ (key[2] * 0x165667B19E3779F9ULL) ^ (key[3] * 0xD6E8FEB86659FD93ULL);
  x ^= x >> 32;
  x *= 0x94D049BB133111EBULL;
  return &st->long_slots[(size_t)((x >> 40) & (LONG_SETS - 1)) * CACHE_WAYS];
}

static int long_equal(const long_slot *s, const uint64_t *k, size_t n){
  return s->wlen == n
      && ((s->key[0] ^ k[0]) | (s->key[1] ^ k[1]) | (s->key[2] ^ k[2])
          | (s->key[3] ^ k[3])) == 0;
}

/* The stem of a word of more than SHORT_WORD_BYTES, cached like a short
** one but in one level. */
static int stem_long(nr_stemmer *st, const uint64_t *key, size_t n,
                     const char **out, size_t *outn){
  long_slot *slot = long_set(st, key);
  if( slot == NULL ){
    st->misses++;
    return stem_uncached(st, (const char *)key, n, out, outn);
  }
  if( long_equal(&slot[1], key, n) ){
    long_slot used = slot[1];
    slot[1] = slot[0];
    slot[0] = used;
  }else if( !long_equal(&slot[0], key, n) ){
    st->misses++;
    if( stem_uncached(st, (const char *)key, n, out, outn) ) return -1;
    if( *outn <= LONG_SLOT_STEM ){
      slot[1] = slot[0];
      memcpy(slot->key, key, NR_STEM_KEY_BYTES);
      slot->wlen = (uint8_t)n;
      slot->slen = (uint8_t)*outn;
      memcpy(slot->stem, *out, *outn);
    }
    return 0;
  }
  st->hits++;
  *out = slot->stem;
  *outn = slot->slen;
  return 0;
}

int nr_stemmer_stem_key(nr_stemmer *st, const uint64_t *key, size_t n,
                        uint32_t h, const char **out, size_t *outn){
  cache_slot *slot, *hot;
  if( n > SHORT_WORD_BYTES ) return stem_long(st, key, n, out, outn);
  hot = &st->hot[h & (HOT_SLOTS - 1)];
  if( stem_key_equal(hot, key, n) ){
    st->hits++;
    *out = hot->stem;
    *outn = hot->slen;
    return 0;
  }
  /* the large level is indexed by other bits than the small one, so
  ** that words sharing a hot slot do not share a large one too */
  slot = stem_cache_set(st, h);
  if( stem_key_equal(&slot[0], key, n) ){
    st->hits++;
    *hot = slot[0];
  }else if( stem_key_equal(&slot[1], key, n) ){
    /* the pair is kept in order of last use */
    cache_slot used = slot[1];
    st->hits++;
    slot[1] = slot[0];
    slot[0] = used;
    *hot = used;
  }else{
    st->misses++;
    if( stem_uncached(st, (const char *)key, n, out, outn) ) return -1;
    if( *outn <= SLOT_STEM ){
      slot[1] = slot[0];
      memcpy(slot->key, key, sizeof(slot->key));
      slot->wlen = (uint8_t)n;
      slot->slen = (uint8_t)*outn;
      memcpy(slot->stem, *out, *outn);
    }
    return 0;
  }
  *out = hot->stem;
  *outn = hot->slen;
  return 0;
}

int nr_stemmer_stem(nr_stemmer *st, const char *w, size_t n,
                    const char **out, size_t *outn){
  uint64_t key[NR_STEM_KEY_WORDS];
  if( n == 0 || n > NR_STEM_MAX_BYTES ){
    *out = w;
    *outn = n;
    return 0;
  }
  if( n > NR_STEM_KEY_BYTES ) return stem_uncached(st, w, n, out, outn);
  stem_key_set(key, w, n);
  return nr_stemmer_stem_key(st, key, n, stem_key_hash(key, n), out, outn);
}

void nr_stemmer_stats(const nr_stemmer *st, uint64_t *hits, uint64_t *misses){
  *hits = st->hits;
  *misses = st->misses;
}
