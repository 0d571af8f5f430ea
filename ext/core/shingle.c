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
#include "mix.h"

uint64_t nr_mix64(uint64_t x){
  return mix64_inline(x);
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

/* The last n words kept, as a ring; next is seen % n, kept without a
** division (a 64-bit division per word was a tenth of minhash()'s time). */
typedef struct word_window {
  uint64_t hash[NR_SHINGLE_N_MAX];
  nr_token tok[NR_SHINGLE_N_MAX];
  size_t seen;                   /* words kept so far */
  int next;                      /* ring slot of the next word */
} word_window;

/* What to do with each shingle: its hash, and the window it ends (the
** last k words, at ring slots first .. last). */
typedef int (*shingle_fn)(void *ctx, uint64_t hash, const word_window *w,
                          int first, int last, size_t k);

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

static int to_list(void *ctx, uint64_t hash, const word_window *w, int first,
                   int last, size_t k){
  nr_shingle sh;
  const nr_token *a = &w->tok[first];
  const nr_token *b = &w->tok[last];
  sh.hash = hash;
  sh.start = a->start;
  sh.byte_start = a->byte_start;
  sh.end = b->end;
  sh.byte_end = b->byte_end;
  sh.word = w->seen - k;
  return list_push((nr_shingle_list *)ctx, &sh);
}

/* Walks text's words and calls fn for each shingle. */
static int walk(nr_analyzer *a, int lang, int n, int keep_stopwords,
                const char *text, size_t len, shingle_fn fn, void *ctx,
                int want_tokens){
  nr_scanner sc;
  nr_token tok;
  word_window w;
  /* every slot is written before it is read (seen >= n), which the
  ** static analyzer cannot tell */
  memset(w.hash, 0, sizeof(w.hash));
  w.seen = 0;
  w.next = 0;
  nr_scanner_init(&sc, text, len);
  sc.words_only = 1;             /* shingles need no sentence numbers */
  while( nr_scanner_next(&sc, &tok) ){
    nr_term t;
    int first, i;
    uint64_t h = 0;
    if( nr_analyze(a, lang, tok.kind, text + tok.byte_start,
                   tok.byte_end - tok.byte_start,
                   keep_stopwords ? NR_OPT_NO_STOPWORDS : 0, &t) ){
      return -1;
    }
    if( t.stem_n == 0 || (t.stopword && !keep_stopwords) ) continue;
    w.hash[w.next] = nr_word_hash(t.stem, t.stem_n);
    if( want_tokens ) w.tok[w.next] = tok;
    w.seen++;
    if( ++w.next == n ) w.next = 0;
    if( w.seen < (size_t)n ) continue;
    /* the ring is full: its oldest word is at next */
    for(first = i = w.next; ; ){
      h = mix64_inline(h ^ w.hash[i]);
      if( ++i == n ) i = 0;
      if( i == w.next ) break;
    }
    if( fn(ctx, h, &w, first, (w.next ? w.next : n) - 1, (size_t)n) ){
      return -1;
    }
  }
  if( w.seen > 0 && w.seen < (size_t)n ){
    /* fewer words than n: one shingle of all of them, from slot 0 */
    uint64_t h = 0;
    size_t i;
    for(i = 0; i < w.seen; i++) h = mix64_inline(h ^ w.hash[i]);
    return fn(ctx, h, &w, 0, (int)w.seen - 1, w.seen);
  }
  return 0;
}

int nr_shingle_text(nr_analyzer *a, int lang, int n, int keep_stopwords,
                    const char *text, size_t len, nr_shingle_list *list){
  return walk(a, lang, n, keep_stopwords, text, len, to_list, list, 1);
}

typedef struct each_ctx {
  int (*fn)(void *, uint64_t);
  void *ctx;
} each_ctx;

static int to_fn(void *ctx, uint64_t hash, const word_window *w, int first,
                 int last, size_t k){
  const each_ctx *e = ctx;
  (void)w; (void)first; (void)last; (void)k;
  return e->fn(e->ctx, hash);
}

int nr_shingle_each(nr_analyzer *a, int lang, int n, int keep_stopwords,
                    const char *text, size_t len,
                    int (*fn)(void *ctx, uint64_t hash), void *ctx){
  each_ctx e;
  e.fn = fn;
  e.ctx = ctx;
  return walk(a, lang, n, keep_stopwords, text, len, to_fn, &e, 0);
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
