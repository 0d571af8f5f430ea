/*
** minhash.c -- MinHash signatures (in the BLOB format of signature.c) and
** SimHash fingerprints made from shingle hashes.
**
** Each permutation is a full 64-bit mix of the shingle hash with its own
** key rather than the textbook (a*h + b) mod p: the mix costs the same,
** needs no prime, and its outputs for different keys behave as
** independent, so the estimate's error stays the binomial one that the
** accuracy test holds it to.
*/
#include <string.h>
#include "newsroom.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL

int nr_minhash_init(nr_minhash *m, int perms, uint32_t seed){
  int i;
  m->perms = perms;
  m->keys = nr_realloc(NULL, (size_t)perms * sizeof(*m->keys));
  m->min = nr_realloc(NULL, (size_t)perms * sizeof(*m->min));
  if( m->keys == NULL || m->min == NULL ){
    nr_minhash_free(m);
    return -1;
  }
  for(i = 0; i < perms; i++){
    m->keys[i] = nr_mix64((uint64_t)seed + (uint64_t)(i + 1) * GOLDEN);
    m->min[i] = 0xFFFFFFFFu;
  }
  return 0;
}

void nr_minhash_add(nr_minhash *m, uint64_t hash){
  int i;
  for(i = 0; i < m->perms; i++){
    uint32_t v = (uint32_t)(nr_mix64(hash ^ m->keys[i]) >> 32);
    if( v < m->min[i] ) m->min[i] = v;
  }
}

void nr_minhash_free(nr_minhash *m){
  nr_free(m->keys);
  nr_free(m->min);
  m->keys = NULL;
  m->min = NULL;
}

int nr_minhash_set(const nr_sign_opts *o, const uint64_t *set, size_t count,
                   unsigned char *out){
  nr_minhash m;
  nr_sig sig;
  size_t i;
  int p;
  if( nr_minhash_init(&m, o->perms, o->seed) ) return -1;
  for(i = 0; i < count; i++) nr_minhash_add(&m, set[i]);
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
    nr_sig_set_value(out + NR_SIG_HEADER, p, m.min[p]);
  }
  nr_minhash_free(&m);
  return 0;
}

int nr_minhash_text(nr_analyzer *a, const nr_sign_opts *o, const char *text,
                    size_t len, unsigned char *out){
  nr_shingle_list list = {0};
  uint64_t *set = NULL;
  size_t count = 0;
  int rc = -1;
  if( nr_shingle_text(a, o->lang, o->n, o->keep_stopwords, text, len, &list)
   == 0
   && nr_shingle_set(&list, &set, &count) == 0 ){
    rc = nr_minhash_set(o, set, count, out);
  }
  nr_free(set);
  nr_shingle_list_free(&list);
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
