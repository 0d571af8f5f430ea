/*
** quotekey.c -- the same quote across articles: nr_quote_terms gives a
** quote's stems without stopwords (and without accents, which
** transliterations and translations add or drop), and
** nr_quote_similarity compares two such lists.
**
** Translations of one statement keep most content words but change their
** form and some function words ("I have given the order" / "I gave the
** order"), and outlets often quote only part of it.  The score is the
** mean of the Dice coefficient of the two sets of stems (how alike they
** are as wholes) and their overlap coefficient (how much of the shorter
** one the longer holds), the second counting only when the shorter has
** three stems or more, so that one shared word is no evidence.
*/
#include <stdlib.h>
#include <string.h>
#include "newsroom.h"

int nr_quote_terms(nr_analyzer *a, int lang, const char *text, size_t n,
                   nr_buf *out){
  nr_scanner sc;
  nr_token tok;
  out->n = 0;
  nr_scanner_init(&sc, text, n);
  while( nr_scanner_next(&sc, &tok) ){
    nr_term t;
    if( nr_analyze(a, lang, tok.kind, text + tok.byte_start,
                   tok.byte_end - tok.byte_start, NR_OPT_STRIP_DIACRITICS,
                   &t) ) return -1;
    if( t.stopword || t.stem_n == 0 ) continue;
    if( out->n && nr_buf_append(out, " ", 1) ) return -1;
    if( nr_buf_append(out, t.stem, t.stem_n) ) return -1;
  }
  return 0;
}

typedef struct term_ref {
  const char *p;
  size_t n;
} term_ref;

static int cmp_term(const void *x, const void *y){
  const term_ref *a = x, *b = y;
  size_t m = a->n < b->n ? a->n : b->n;
  int c = memcmp(a->p, b->p, m);
  if( c ) return c;
  return (a->n > b->n) - (a->n < b->n);
}

/* Splits a space-separated list into sorted distinct terms. */
static term_ref *split_terms(const char *s, size_t n, size_t *count){
  size_t cap = 1, i, k = 0, m = 0;
  term_ref *t;
  for(i = 0; i < n; i++) if( s[i] == ' ' ) cap++;
  t = nr_realloc(NULL, cap * sizeof(*t));
  if( t == NULL ) return NULL;
  i = 0;
  while( i < n ){
    size_t j = i;
    while( j < n && s[j] != ' ' ) j++;
    if( j > i ){
      t[k].p = s + i;
      t[k].n = j - i;
      k++;
    }
    i = j + 1;
  }
  if( k ) qsort(t, k, sizeof(*t), cmp_term);
  for(i = 0; i < k; i++){
    if( m == 0 || cmp_term(&t[m-1], &t[i]) != 0 ) t[m++] = t[i];
  }
  *count = m;
  return t;
}

int nr_quote_similarity(const char *a, size_t an, const char *b, size_t bn,
                        double *score){
  size_t na = 0, nb = 0, i = 0, j = 0, common = 0, small;
  term_ref *ta, *tb;
  double dice, overlap;
  *score = 0.0;
  ta = split_terms(a, an, &na);
  if( ta == NULL ) return -1;
  tb = split_terms(b, bn, &nb);
  if( tb == NULL ){
    nr_free(ta);
    return -1;
  }
  while( i < na && j < nb ){
    int c = cmp_term(&ta[i], &tb[j]);
    if( c == 0 ){ common++; i++; j++; }
    else if( c < 0 ) i++;
    else j++;
  }
  nr_free(ta);
  nr_free(tb);
  if( na == 0 || nb == 0 ) return 0;
  dice = 2.0 * (double)common / (double)(na + nb);
  small = na < nb ? na : nb;
  overlap = small >= 3 ? (double)common / (double)small : dice;
  *score = (dice + overlap) / 2;
  return 0;
}
