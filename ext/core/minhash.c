/*
** minhash.c -- MinHash signatures (in the BLOB format of signature.c) and
** SimHash fingerprints made from shingle hashes.
**
** The signature is one-permutation hashing with optimal densification
** (Shrivastava, ICML 2017), defined in newsroom.h: each shingle is mixed
** once, its high bits pick one of perms bins and the rest is its value,
** and each bin keeps its minimum.  That is one 64-bit mix per shingle
** where k-permutation MinHash needs perms of them (128 at the default),
** and the bins partition the set, so the estimates' error is at most the
** binomial one of independent permutations.
**
** A bin no shingle fell in borrows the value of the first non-empty bin
** along a probe sequence that depends on the bin's index and the seed
** only, so two documents borrow alike wherever their sets agree.  The
** probe count goes into the borrowed value, above the value's bits: the
** ordered comparison of nr_sig_estimate then still tells which document
** holds the union's minimum (the one that found a non-empty bin in
** fewer probes), and a borrowed value never equals a real one.
*/
#include <string.h>
#include "newsroom.h"
#include "mix.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL

/* Bin of a 64-bit mix: the high 32 bits scaled to 0..perms-1. */
static uint32_t bin_of(uint64_t h, int perms){
  return (uint32_t)(((h >> 32) * (uint64_t)perms) >> 32);
}

int nr_minhash_init(nr_minhash *m, int perms, uint32_t seed){
  int i;
  m->perms = perms;
  m->seed = seed;
  m->key = nr_mix64((uint64_t)seed + GOLDEN);
  m->min = nr_realloc(NULL, (size_t)perms * sizeof(*m->min));
  if( m->min == NULL ) return -1;
  for(i = 0; i < perms; i++) m->min[i] = NR_MINHASH_EMPTY;
  return 0;
}

/* The minimum kept without a branch: early in a document the comparison
** goes either way at random, and mispredicting it cost more than the
** store. */
static inline void add_hash(nr_minhash *m, uint64_t hash){
  uint64_t h = mix64_inline(hash ^ m->key);
  uint32_t b = bin_of(h, m->perms), v = (uint32_t)h >> 1;
  uint32_t cur = m->min[b];
  m->min[b] = v < cur ? v : cur;
}

void nr_minhash_add(nr_minhash *m, uint64_t hash){
  add_hash(m, hash);
}

void nr_minhash_densify(int perms, uint32_t seed, uint32_t *bins){
  uint64_t pkey = nr_mix64((uint64_t)seed + 2 * GOLDEN);
  int i, filled = 0;
  for(i = 0; i < perms; i++) filled += bins[i] < NR_MINHASH_BORROWED;
  if( filled == 0 || filled == perms ) return;
  for(i = 0; i < perms; i++){
    uint32_t t, j = 0;
    uint64_t x;
    if( bins[i] < NR_MINHASH_BORROWED ) continue;
    /* random probes first, from a 64-bit LCG started at a mix of the
    ** bin's index (a multiply per probe: short documents probe a lot);
    ** past NR_MINHASH_PROBES the bins that follow the last probe, in
    ** turn, so that the search ends */
    x = mix64_inline(pkey ^ (uint64_t)i);
    for(t = 1; ; t++){
      if( t <= NR_MINHASH_PROBES ){
        j = bin_of(x, perms);
        x = x * NR_MINHASH_LCG_A + 1;
      }else{
        j = j + 1 == (uint32_t)perms ? 0 : j + 1;
      }
      if( bins[j] < NR_MINHASH_BORROWED ) break;
    }
    bins[i] = NR_MINHASH_BORROWED | t << 20 | bins[j] >> 11;
  }
}

void nr_minhash_finish(nr_minhash *m){
  nr_minhash_densify(m->perms, m->seed, m->min);
}

void nr_minhash_free(nr_minhash *m){
  nr_free(m->min);
  m->min = NULL;
}

void nr_minhash_merge(const nr_sig *a, const nr_sig *b, unsigned char *out){
  uint32_t bins[NR_SIG_PERMS_MAX];
  int i;
  for(i = 0; i < a->perms; i++){
    uint32_t u = nr_sig_value(a, i), v = nr_sig_value(b, i);
    if( u >= NR_MINHASH_BORROWED ) u = NR_MINHASH_EMPTY;
    if( v >= NR_MINHASH_BORROWED ) v = NR_MINHASH_EMPTY;
    bins[i] = u < v ? u : v;
  }
  nr_minhash_densify(a->perms, a->seed, bins);
  for(i = 0; i < a->perms; i++) nr_sig_set_value(out, i, bins[i]);
}

static void write_signature(const nr_sign_opts *o, size_t count,
                            const uint32_t *bins, unsigned char *out){
  nr_sig sig;
  int p;
  memset(&sig, 0, sizeof(sig));
  sig.algorithm = NR_SIG_ALGO_MINHASH;
  sig.n = o->n;
  sig.flags = o->keep_stopwords ? NR_SIG_STOPWORDS : 0;
  sig.perms = o->perms;
  sig.seed = o->seed;
  sig.count = count > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)count;
  strncpy(sig.lang, nr_lang_name(o->lang), NR_SIG_LANG_MAX);
  nr_sig_write_header(&sig, out);
  for(p = 0; p < o->perms; p++){
    nr_sig_set_value(out + NR_SIG_HEADER, p, bins[p]);
  }
}

int nr_minhash_set(const nr_sign_opts *o, const uint64_t *set, size_t count,
                   unsigned char *out){
  nr_minhash m;
  size_t i;
  if( nr_minhash_init(&m, o->perms, o->seed) ) return -1;
  for(i = 0; i < count; i++) nr_minhash_add(&m, set[i]);
  nr_minhash_finish(&m);
  write_signature(o, count, m.min, out);
  nr_minhash_free(&m);
  return 0;
}

/* Signing text: each distinct shingle hash goes to the bins once, and is
** counted, through an open-addressing set (sorting the hashes to count
** them was a fifth of minhash()'s time).  0 marks a free slot; the hash 0
** is kept aside. */
typedef struct sign_state {
  nr_minhash m;
  uint64_t *slot;
  size_t mask, used;
  int zero;
} sign_state;

static int set_grow(sign_state *s){
  size_t size = (s->mask + 1) * 2, i, k;
  uint64_t *v = nr_realloc(NULL, size * sizeof(*v));
  if( v == NULL ) return -1;
  memset(v, 0, size * sizeof(*v));
  for(i = 0; i <= s->mask; i++){
    if( s->slot[i] == 0 ) continue;
    for(k = (size_t)s->slot[i] & (size - 1); v[k]; k = (k + 1) & (size - 1)){}
    v[k] = s->slot[i];
  }
  nr_free(s->slot);
  s->slot = v;
  s->mask = size - 1;
  return 0;
}

static int sign_one(void *ctx, uint64_t h){
  sign_state *s = ctx;
  size_t k;
  if( h == 0 ){
    if( !s->zero ) add_hash(&s->m, 0);
    s->zero = 1;
    return 0;
  }
  /* shingle hashes are mix outputs: their low bits are a fine index */
  for(k = (size_t)h & s->mask; s->slot[k]; k = (k + 1) & s->mask){
    if( s->slot[k] == h ) return 0;
  }
  s->slot[k] = h;
  add_hash(&s->m, h);
  if( 2 * ++s->used > s->mask ) return set_grow(s);
  return 0;
}

int nr_minhash_text(nr_analyzer *a, const nr_sign_opts *o, const char *text,
                    size_t len, unsigned char *out){
  sign_state s;
  size_t size = 64;
  int rc = -1;
  memset(&s, 0, sizeof(s));
  /* room for a word every 4 bytes before the first growth (news text
  ** has one every 6 or so): growing costs more than clearing the table */
  while( size < len / 2 && size < ((size_t)1 << 20) ) size *= 2;
  s.slot = nr_realloc(NULL, size * sizeof(*s.slot));
  if( s.slot != NULL && nr_minhash_init(&s.m, o->perms, o->seed) == 0 ){
    s.mask = size - 1;
    memset(s.slot, 0, size * sizeof(*s.slot));
    if( nr_shingle_each(a, o->lang, o->n, o->keep_stopwords, text, len,
                        sign_one, &s) == 0 ){
      nr_minhash_finish(&s.m);
      write_signature(o, s.used + (size_t)s.zero, s.m.min, out);
      rc = 0;
    }
  }
  nr_minhash_free(&s.m);
  nr_free(s.slot);
  return rc;
}

uint64_t nr_simhash(const nr_shingle_list *list){
  int64_t votes[64];
  uint64_t out = 0;
  size_t i;
  int b;
  memset(votes, 0, sizeof(votes));
  for(i = 0; i < list->n; i++){
    uint64_t h = list->v[i].hash;
    for(b = 0; b < 64; b++) votes[b] += (h >> b) & 1 ? 1 : -1;
  }
  for(b = 0; b < 64; b++){
    if( votes[b] > 0 ) out |= (uint64_t)1 << b;
  }
  return out;
}
