/*
** passages.c -- the passages two documents share, from their shingle
** lists (see "Shared passages" in newsroom.h).
**
** A shared passage shows up as a diagonal: shingle i of a equals shingle
** j of b, i+1 equals j+1, and so on.  b's hashes are indexed once; each
** (i, j) whose predecessor (i-1, j-1) is not also equal starts a segment,
** which is followed as far as it goes, so every equal pair is looked at
** once.  Segments whose ends are close in both documents are then chained
** into one passage: one changed word breaks n consecutive shingles, which
** is why the gap is measured in words past the last word of the segment,
** not in shingles.
*/
#include <string.h>
#include "newsroom.h"

#define NONE ((size_t)-1)

typedef struct segment {
  size_t i, j, len;              /* start in a, start in b, shingles */
  int used;
} segment;

typedef struct seg_list {
  segment *v;
  size_t n, cap;
} seg_list;

static int seg_push(seg_list *l, size_t i, size_t j, size_t len){
  if( l->n == l->cap ){
    size_t cap = l->cap ? l->cap * 2 : 32;
    segment *v = nr_realloc(l->v, cap * sizeof(*v));
    if( v == NULL ) return -1;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n].i = i;
  l->v[l->n].j = j;
  l->v[l->n].len = len;
  l->v[l->n].used = 0;
  l->n++;
  return 0;
}

static int passage_push(nr_passage_list *l, const nr_passage *p){
  if( l->n == l->cap ){
    size_t cap = l->cap ? l->cap * 2 : 16;
    nr_passage *v = nr_realloc(l->v, cap * sizeof(*v));
    if( v == NULL ) return -1;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *p;
  return 0;
}

/* b's shingles by hash: head[slot] is the first index of b with that hash
** (NONE if empty), next[j] the following index of b with the same hash.
** Open addressing over the distinct hashes, chains in b's order. */
typedef struct b_index {
  size_t mask;
  size_t *head;
  size_t *next;
} b_index;

static size_t slot_of(const b_index *x, const nr_shingle_list *b, uint64_t h){
  size_t s = (size_t)(nr_mix64(h) & x->mask);
  while( x->head[s] != NONE && b->v[x->head[s]].hash != h ){
    s = (s + 1) & x->mask;
  }
  return s;
}

static int index_build(b_index *x, const nr_shingle_list *b){
  size_t size = 16, s, j;
  size_t *tail;
  while( size < 2 * b->n ) size *= 2;
  x->mask = size - 1;
  x->head = nr_realloc(NULL, size * sizeof(size_t));
  x->next = nr_realloc(NULL, (b->n ? b->n : 1) * sizeof(size_t));
  tail = nr_realloc(NULL, size * sizeof(size_t));
  if( x->head == NULL || x->next == NULL || tail == NULL ){
    nr_free(tail);
    return -1;
  }
  for(s = 0; s < size; s++) x->head[s] = NONE;
  for(j = 0; j < b->n; j++){
    s = slot_of(x, b, b->v[j].hash);
    x->next[j] = NONE;
    if( x->head[s] == NONE ){
      x->head[s] = j;
    }else{
      x->next[tail[s]] = j;
    }
    tail[s] = j;
  }
  nr_free(tail);
  return 0;
}

static void index_free(b_index *x){
  nr_free(x->head);
  nr_free(x->next);
}

/* covered_a / covered_b mark the shingles already inside a segment.  A
** start whose both ends are covered is another alignment of text already
** matched (a document that repeats itself matches itself at every shift);
** following each would make the work quadratic in the repeats, for
** passages that say nothing new. */
static int find_segments(const nr_shingle_list *a, const nr_shingle_list *b,
                         const b_index *x, seg_list *segs){
  unsigned char *covered_a = nr_realloc(NULL, a->n);
  unsigned char *covered_b = nr_realloc(NULL, b->n);
  size_t i, t;
  int rc = -1;
  if( covered_a == NULL || covered_b == NULL ) goto done;
  memset(covered_a, 0, a->n);
  memset(covered_b, 0, b->n);
  for(i = 0; i < a->n; i++){
    size_t j = x->head[slot_of(x, b, a->v[i].hash)];
    int seen = 0;
    for(; j != NONE && seen < NR_PASSAGE_MAX_REPEATS; j = x->next[j], seen++){
      size_t len = 1;
      if( i > 0 && j > 0 && a->v[i - 1].hash == b->v[j - 1].hash ) continue;
      if( covered_a[i] && covered_b[j] ) continue;
      while( i + len < a->n && j + len < b->n
          && a->v[i + len].hash == b->v[j + len].hash ) len++;
      for(t = 0; t < len; t++){
        covered_a[i + t] = 1;
        covered_b[j + t] = 1;
      }
      if( seg_push(segs, i, j, len) ) goto done;
    }
  }
  rc = 0;
done:
  nr_free(covered_a);
  nr_free(covered_b);
  return rc;
}

/* Words of document d between the end of shingle `last` and the start of
** shingle `next` (0 when they overlap). */
static size_t words_between(const nr_shingle_list *d, int n, size_t last,
                            size_t next){
  size_t end = d->v[last].word + (size_t)n;
  return d->v[next].word > end ? d->v[next].word - end : 0;
}

int nr_shared_passages(const nr_shingle_list *a, const nr_shingle_list *b,
                       int n, int gap, int min_words, nr_passage_list *out){
  b_index x = {0, NULL, NULL};
  seg_list segs = {NULL, 0, 0};
  size_t k;
  int rc = -1;
  if( a->n == 0 || b->n == 0 ) return 0;
  if( index_build(&x, b) ) goto done;
  if( find_segments(a, b, &x, &segs) ) goto done;
  for(k = 0; k < segs.n; k++){
    nr_passage p;
    size_t ai, bj, q;
    if( segs.v[k].used ) continue;
    segs.v[k].used = 1;
    p.a_first = segs.v[k].i;
    p.b_first = segs.v[k].j;
    ai = segs.v[k].i + segs.v[k].len - 1;
    bj = segs.v[k].j + segs.v[k].len - 1;
    /* segments are in the order of their start in a: the next one to
    ** chain starts after ai and at most gap words past its end */
    for(;;){
      size_t best = NONE, best_cost = 0;
      for(q = k + 1; q < segs.n; q++){
        const segment *s = &segs.v[q];
        size_t ga, gb;
        if( s->i <= ai ) continue;
        ga = words_between(a, n, ai, s->i);
        if( ga > (size_t)gap ) break;
        if( s->used || s->j <= bj ) continue;
        gb = words_between(b, n, bj, s->j);
        if( gb > (size_t)gap ) continue;
        if( best == NONE || ga + gb < best_cost ){
          best = q;
          best_cost = ga + gb;
        }
      }
      if( best == NONE ) break;
      segs.v[best].used = 1;
      ai = segs.v[best].i + segs.v[best].len - 1;
      bj = segs.v[best].j + segs.v[best].len - 1;
    }
    p.a_last = ai;
    p.b_last = bj;
    p.words = a->v[ai].word + (size_t)n - a->v[p.a_first].word;
    if( p.words < (size_t)min_words ) continue;
    p.a_start = a->v[p.a_first].start;
    p.a_end = a->v[ai].end;
    p.a_byte_start = a->v[p.a_first].byte_start;
    p.a_byte_end = a->v[ai].byte_end;
    p.b_start = b->v[p.b_first].start;
    p.b_end = b->v[bj].end;
    p.b_byte_start = b->v[p.b_first].byte_start;
    p.b_byte_end = b->v[bj].byte_end;
    if( passage_push(out, &p) ) goto done;
  }
  rc = 0;
done:
  nr_free(segs.v);
  index_free(&x);
  return rc;
}

void nr_passage_list_free(nr_passage_list *list){
  nr_free(list->v);
  memset(list, 0, sizeof(*list));
}
