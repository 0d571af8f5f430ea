/*
** shingle.c -- cuts a document into shingles (n consecutive analyzed
** words) with their offsets and a 64-bit hash, and the set operations
** that exact Jaccard and containment are made of.
**
** The hash is defined in newsroom.h and must never change silently:
** signatures stored in databases are made of it.  FNV-1a alone mixes its
** last bytes poorly, which is why each step goes through splitmix64's
** finalizer before the next word is folded in.
*/
#include <stdlib.h>
#include <string.h>
#include "newsroom.h"

uint64_t nr_mix64(uint64_t x){
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t nr_word_hash(const char *s, size_t n){
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i;
  for(i = 0; i < n; i++){
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

/* The last n words kept, as a ring. */
typedef struct word_window {
  uint64_t hash[NR_SHINGLE_N_MAX];
  nr_token tok[NR_SHINGLE_N_MAX];
  size_t seen;                   /* words kept so far */
} word_window;

static int list_push(nr_shingle_list *list, const nr_shingle *sh){
  if( list->n == list->cap ){
    size_t cap = list->cap ? list->cap * 2 : 64;
    nr_shingle *v = nr_realloc(list->v, cap * sizeof(*v));
    if( v == NULL ) return -1;
    list->v = v;
    list->cap = cap;
  }
  list->v[list->n++] = *sh;
  return 0;
}

/* The shingle of the last k words of the window (k <= n). */
static int emit_shingle(const word_window *w, int n, size_t k,
                        nr_shingle_list *list){
  nr_shingle sh;
  size_t first = w->seen - k, i;
  const nr_token *a = &w->tok[first % (size_t)n];
  const nr_token *b = &w->tok[(w->seen - 1) % (size_t)n];
  sh.hash = 0;
  for(i = first; i < w->seen; i++){
    sh.hash = nr_mix64(sh.hash ^ w->hash[i % (size_t)n]);
  }
  sh.start = a->start;
  sh.end = b->end;
  sh.byte_start = a->byte_start;
  sh.byte_end = b->byte_end;
  sh.word = first;
  return list_push(list, &sh);
}

int nr_shingle_text(nr_analyzer *a, int lang, int n, int keep_stopwords,
                    const char *text, size_t len, nr_shingle_list *list){
  nr_scanner sc;
  nr_token tok;
  word_window w;
  w.seen = 0;
  nr_scanner_init(&sc, text, len);
  while( nr_scanner_next(&sc, &tok) ){
    nr_term t;
    if( nr_analyze(a, lang, tok.kind, text + tok.byte_start,
                   tok.byte_end - tok.byte_start, 0, &t) ){
      return -1;
    }
    if( t.stem_n == 0 || (t.stopword && !keep_stopwords) ) continue;
    w.hash[w.seen % (size_t)n] = nr_word_hash(t.stem, t.stem_n);
    w.tok[w.seen % (size_t)n] = tok;
    w.seen++;
    if( w.seen >= (size_t)n && emit_shingle(&w, n, (size_t)n, list) ){
      return -1;
    }
  }
  if( w.seen > 0 && w.seen < (size_t)n ){
    return emit_shingle(&w, n, w.seen, list);
  }
  return 0;
}

void nr_shingle_list_free(nr_shingle_list *list){
  nr_free(list->v);
  memset(list, 0, sizeof(*list));
}

static int compare_u64(const void *pa, const void *pb){
  uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
  return a < b ? -1 : a > b;
}

int nr_shingle_set(const nr_shingle_list *list, uint64_t **set,
                   size_t *count){
  uint64_t *v;
  size_t i, k = 0;
  *set = NULL;
  *count = 0;
  if( list->n == 0 ) return 0;
  v = nr_realloc(NULL, list->n * sizeof(*v));
  if( v == NULL ) return -1;
  for(i = 0; i < list->n; i++) v[i] = list->v[i].hash;
  qsort(v, list->n, sizeof(*v), compare_u64);
  for(i = 0; i < list->n; i++){
    if( k == 0 || v[k - 1] != v[i] ) v[k++] = v[i];
  }
  *set = v;
  *count = k;
  return 0;
}

size_t nr_set_intersection(const uint64_t *a, size_t na,
                           const uint64_t *b, size_t nb){
  size_t i = 0, j = 0, same = 0;
  while( i < na && j < nb ){
    if( a[i] < b[j] ){
      i++;
    }else if( a[i] > b[j] ){
      j++;
    }else{
      same++; i++; j++;
    }
  }
  return same;
}
