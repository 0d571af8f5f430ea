/*
** stemmer.c -- a Snowball stemmer behind a bounded cache.
**
** Word frequencies in news are Zipfian: a few thousand words make up most
** of any text, so remembering their stems makes stemming cheaper than
** libstemmer itself.  The cache is direct-mapped: a word's hash picks one
** slot and a miss overwrites it.  That bounds memory (CACHE_SLOTS * 64
** bytes) with no purge pauses and no bookkeeping on a hit.  Words too long
** for a slot go straight to libstemmer.
**
** At 512 KiB the cache is larger than a core's L2, and a lookup then
** waits on memory: profiles of an FTS5 index build put most of the
** stemmer's time on that one load.  So a small first level (HOT_SLOTS,
** 32 KiB) holds the words seen lately, as "the", "said" and "mln" are in
** every sentence; a word found in the large level is copied up (one seen
** for the first time is not: most of those are rare, and would only push
** frequent words out).
*/
#include <string.h>
#include <libstemmer.h>
#include "newsroom.h"

#define CACHE_SLOTS 8192           /* a power of two */
#define HOT_SLOTS   512            /* a power of two */
#define SLOT_BYTES  29

typedef struct cache_slot {
  uint32_t hash;
  uint8_t wlen, slen;              /* wlen 0: empty */
  char word[SLOT_BYTES];
  char stem[SLOT_BYTES];
} cache_slot;

struct nr_stemmer {
  struct sb_stemmer *sb;
  cache_slot *slots;
  cache_slot *hot;                 /* HOT_SLOTS, in front of slots */
  uint64_t hits, misses;
};

nr_stemmer *nr_stemmer_new(int lang){
  nr_stemmer *st = nr_realloc(NULL, sizeof(*st));
  if( st == NULL ) return NULL;
  memset(st, 0, sizeof(*st));
  st->sb = sb_stemmer_new(nr_lang_name(lang), "UTF_8");
  st->slots = nr_realloc(NULL, sizeof(cache_slot) * CACHE_SLOTS);
  st->hot = nr_realloc(NULL, sizeof(cache_slot) * HOT_SLOTS);
  if( st->sb == NULL || st->slots == NULL || st->hot == NULL ){
    nr_stemmer_free(st);
    return NULL;
  }
  memset(st->slots, 0, sizeof(cache_slot) * CACHE_SLOTS);
  memset(st->hot, 0, sizeof(cache_slot) * HOT_SLOTS);
  return st;
}

void nr_stemmer_free(nr_stemmer *st){
  if( st == NULL ) return;
  sb_stemmer_delete(st->sb);
  nr_free(st->slots);
  nr_free(st->hot);
  nr_free(st);
}

static uint32_t hash_word(const char *w, size_t n){
  uint32_t h = 2166136261u;        /* FNV-1a */
  size_t i;
  for(i = 0; i < n; i++){
    h ^= (unsigned char)w[i];
    h *= 16777619u;
  }
  return h;
}

/* Words are short: a loop beats a call into libc's memcmp here. */
static inline int same_word(const char *a, const char *b, size_t n){
  size_t i;
  for(i = 0; i < n; i++){
    if( a[i] != b[i] ) return 0;
  }
  return 1;
}

static int stem_uncached(nr_stemmer *st, const char *w, size_t n,
                         const char **out, size_t *outn){
  const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)n);
  if( s == NULL ) return -1;
  *out = (const char *)s;
  *outn = (size_t)sb_stemmer_length(st->sb);
  return 0;
}

int nr_stemmer_stem(nr_stemmer *st, const char *w, size_t n,
                    const char **out, size_t *outn){
  uint32_t h;
  cache_slot *slot, *hot;
  if( n == 0 || n > NR_STEM_MAX_BYTES ){
    *out = w;
    *outn = n;
    return 0;
  }
  if( n > SLOT_BYTES ) return stem_uncached(st, w, n, out, outn);
  h = hash_word(w, n);
  hot = &st->hot[h & (HOT_SLOTS - 1)];
  if( hot->wlen == n && hot->hash == h && same_word(hot->word, w, n) ){
    st->hits++;
    *out = hot->stem;
    *outn = hot->slen;
    return 0;
  }
  /* the large level is indexed by other bits than the small one, so
  ** that words sharing a hot slot do not share a large one too */
  slot = &st->slots[(h >> 9) & (CACHE_SLOTS - 1)];
  if( slot->wlen == n && slot->hash == h && same_word(slot->word, w, n) ){
    st->hits++;
    *hot = *slot;
    *out = hot->stem;
    *outn = hot->slen;
    return 0;
  }
  st->misses++;
  if( stem_uncached(st, w, n, out, outn) ) return -1;
  if( *outn <= SLOT_BYTES ){
    slot->hash = h;
    slot->wlen = (uint8_t)n;
    slot->slen = (uint8_t)*outn;
    memcpy(slot->word, w, n);
    memcpy(slot->stem, *out, *outn);
  }
  return 0;
}

void nr_stemmer_stats(const nr_stemmer *st, uint64_t *hits, uint64_t *misses){
  *hits = st->hits;
  *misses = st->misses;
}
