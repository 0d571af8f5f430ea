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
**
** Across outlets that is not enough: quotes of different statements share
** the words everybody says ("I think this is going to ...": think, go).
** Where a language has a list of stem weights (ext/data/quoteidf/, the
** inverse document frequency of each stem in news), the score is scaled
** down unless the shared stems together carry EVIDENCE_NATS of weight.
** Scaling the old score, rather than weighting Dice and overlap by
** rarity, keeps pairs from being raised: in a set of reports of one event
** the event's own rare words ("bandits") are shared by different
** statements, and a weighted Dice joined those.
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

/* About three content words of news (a stem in 1 of 30 stories weighs
** ln 30 = 3.4); "think" and "go" together weigh 6.8.  Chosen on the seed
** gold (it keeps every pair the unweighted score joins there) and on how
** many cross-article PolNeAR pairs it leaves, before any pair was
** labelled. */
#define EVIDENCE_NATS 10.0

struct nr_quote_weights {
  const char **stems;   /* into the list compiled in; NULL: empty slot */
  uint32_t *lens;
  double *weights;
  uint32_t mask;
  size_t count;
  double unlisted;      /* a stem not listed is rarer than every listed one */
};

extern const struct nr_data_file nr_quoteidf_files[];

static uint32_t weights_slot(const nr_quote_weights *w, const char *s,
                             size_t n){
  uint32_t i = (uint32_t)(nr_word_hash(s, n) & w->mask);
  while( w->stems[i]
      && !(w->lens[i] == n && memcmp(w->stems[i], s, n) == 0) ){
    i = (i + 1) & w->mask;
  }
  return i;
}

/* "12.345" as the generator writes it; strtod would follow the host
** program's locale, where the decimal mark may be a comma. */
static double parse_weight(const char *p, const char *end){
  double v = 0.0, scale = 1.0;
  int frac = 0;
  for(; p < end; p++){
    if( *p == '.' ){ frac = 1; continue; }
    if( *p < '0' || *p > '9' ) break;
    if( frac ){ scale /= 10.0; v += (*p - '0') * scale; }
    else v = v * 10.0 + (*p - '0');
  }
  return v;
}

nr_quote_weights *nr_quote_weights_new(int lang){
  const char *p = nr_data_source(nr_quoteidf_files, lang), *q;
  size_t lines = 0;
  uint32_t size = 16;
  nr_quote_weights *w = nr_realloc(NULL, sizeof(*w));
  if( w == NULL ) return NULL;
  memset(w, 0, sizeof(*w));
  for(q = p; q && *q; q++) if( *q == '\n' ) lines++;
  while( size < lines * 2 + 2 ) size *= 2;
  w->mask = size - 1;
  w->stems = nr_realloc(NULL, size * sizeof(*w->stems));
  w->lens = nr_realloc(NULL, size * sizeof(*w->lens));
  w->weights = nr_realloc(NULL, size * sizeof(*w->weights));
  if( w->stems == NULL || w->lens == NULL || w->weights == NULL ){
    nr_quote_weights_free(w);
    return NULL;
  }
  memset(w->stems, 0, size * sizeof(*w->stems));
  while( p && *p ){
    const char *eol = strchr(p, '\n'), *sp = memchr(p, ' ', (size_t)(eol - p));
    if( sp && sp > p ){
      uint32_t i = weights_slot(w, p, (size_t)(sp - p));
      double v = parse_weight(sp + 1, eol);
      if( w->stems[i] == NULL ){
        w->stems[i] = p;
        w->lens[i] = (uint32_t)(sp - p);
        w->count++;
      }
      w->weights[i] = v;
      if( v > w->unlisted ) w->unlisted = v;
    }
    p = eol + 1;
  }
  return w;
}

void nr_quote_weights_free(nr_quote_weights *w){
  if( w == NULL ) return;
  nr_free(w->stems);
  nr_free(w->lens);
  nr_free(w->weights);
  nr_free(w);
}

size_t nr_quote_weights_count(const nr_quote_weights *w){
  return w ? w->count : 0;
}

double nr_quote_weight(const nr_quote_weights *w, const char *stem, size_t n){
  uint32_t i;
  if( w == NULL || w->count == 0 ) return 0.0;
  i = weights_slot(w, stem, n);
  return w->stems[i] ? w->weights[i] : w->unlisted;
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
                        const nr_quote_weights *w, double *score){
  size_t na = 0, nb = 0, i = 0, j = 0, common = 0, small;
  term_ref *ta, *tb;
  double dice, overlap, evidence = 0.0;
  int weighted = w != NULL && w->count > 0;
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
    if( c == 0 ){
      if( weighted ) evidence += nr_quote_weight(w, ta[i].p, ta[i].n);
      common++; i++; j++;
    }
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
  if( weighted && evidence < EVIDENCE_NATS ){
    *score *= evidence / EVIDENCE_NATS;
  }
  return 0;
}
