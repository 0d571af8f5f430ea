/*
** attrib.c -- who said each quote (nr_quotes_attribute): speaker, cue and
** confidence, by rules over the words around the quote.
**
** The cue words are data (ext/data/cues/<language>.txt, embedded at build
** time): speech verbs in all their forms, "according to" and its kin,
** pronouns, the head words of organisations and the titles of people.
** For each quote, in order:
**   1. after it: `Q, S said` / `Q, said S` / `Q," he added`;
**   2. before it, the nearest cue in its sentence: `according to S` takes
**      the words after the cue; a verb takes its subject, found by walking
**      back past adverbs, other quotes, other cue verbs of the same subject
**      (`declared that ... and denounced`) and asides between commas
**      (`Abliazov, a political refugee in France, declared`);
**   3. `For S, ...` opening the sentence;
**   4. the subject of the sentence, with less confidence.
** A pronoun is the last speaker found; a description ("the Kazakh leader")
** the last person named; a name is mapped to its fullest form in the
** document ("Tokayev" to "Kassym Jomart Tokayev").  Words inside quotes and
** in boilerplate lines (author bios, captions with "|") are never
** speakers.  Every search looks at a bounded number of words, so the work
** stays linear in the document.
*/
#include <string.h>
#include <utf8proc.h>
#include "newsroom.h"

extern const struct nr_data_file nr_cue_files[];

enum cue_type {
  T_NONE = 0, T_VERB, T_POST, T_ACCORDING, T_FOR, T_PRONOUN, T_ORG, T_ROLE,
  T_NONNAME, T_AUX, T_ARTICLE, T_SELF, T_OBJECT, T_NOUN, T_POSSESSIVE,
  T_MIDCAP, T_NAME, T_TITLE
};

#define BACK_LIMIT 40      /* words looked at before a quote */
#define AFTER_LIMIT 10     /* words looked at after a quote */
#define MAX_PHRASE 3       /* words in the longest cue */

const char *nr_cue_source(int lang){
  return nr_data_source(nr_cue_files, lang);
}

/* ---- a small string -> type hash table -------------------------------- */

typedef struct entry {
  size_t off, len;     /* into the table's text */
  int type;
} entry;

/* filter: one bit per value of the hash's top bits, set for every key.
** Most words asked about are in no table, and a clear bit says so from a
** 2 KB array that stays in the cache, without a probe of the slots and a
** comparison of the text (which were most of the lookups' cost). */
#define FILTER_BITS 16384
typedef struct table {
  nr_buf text;
  entry *slots;
  size_t mask, used;
  uint64_t filter[FILTER_BITS / 64];
} table;

static size_t filter_bit(uint64_t h){
  return (size_t)(h >> 50) & (FILTER_BITS - 1);
}

/* h: nr_word_hash(w, n), which a word's lookups in several tables share */
static entry *find_slot_h(const table *t, const char *w, size_t n, uint64_t h){
  size_t i = (size_t)(h & t->mask);
  while( t->slots[i].type != T_NONE ){
    entry *e = &t->slots[i];
    if( e->len == n && (n == 0 || (t->text.p && memcmp(t->text.p + e->off, w, n) == 0)) ){
      return e;
    }
    i = (i + 1) & t->mask;
  }
  return &t->slots[i];
}

static entry *find_slot(const table *t, const char *w, size_t n){
  return find_slot_h(t, w, n, nr_word_hash(w, n));
}

static int table_grow(table *t){
  size_t cap = t->mask ? (t->mask + 1) * 2 : 256, i;
  entry *old = t->slots;
  size_t old_cap = t->mask ? t->mask + 1 : 0;
  t->slots = nr_realloc(NULL, cap * sizeof(entry));
  if( t->slots == NULL ){ t->slots = old; return -1; }
  memset(t->slots, 0, cap * sizeof(entry));
  t->mask = cap - 1;
  for(i = 0; i < old_cap; i++){
    if( old[i].type != T_NONE ){
      *find_slot(t, t->text.p + old[i].off, old[i].len) = old[i];
    }
  }
  nr_free(old);
  return 0;
}

/* Adds w unless it is there; an existing entry keeps its type. */
static int table_add_h(table *t, const char *w, size_t n, uint64_t h, int type){
  entry *e;
  if( (t->used + 1) * 2 > (t->mask ? t->mask + 1 : 0) && table_grow(t) ){
    return -1;
  }
  e = find_slot_h(t, w, n, h);
  if( e->type != T_NONE ) return 0;
  e->off = t->text.n;
  e->len = n;
  e->type = type;
  t->filter[filter_bit(h) / 64] |= (uint64_t)1 << (filter_bit(h) % 64);
  if( nr_buf_append(&t->text, w, n) ){
    e->type = T_NONE;
    return -1;
  }
  t->used++;
  return 0;
}

static int table_add(table *t, const char *w, size_t n, int type){
  return table_add_h(t, w, n, nr_word_hash(w, n), type);
}

static int table_get_h(const table *t, const char *w, size_t n, uint64_t h){
  if( t->mask == 0 ) return T_NONE;
  if( !(t->filter[filter_bit(h) / 64] & ((uint64_t)1 << (filter_bit(h) % 64))) ){
    return T_NONE;
  }
  return find_slot_h(t, w, n, h)->type;
}

static int table_get(const table *t, const char *w, size_t n){
  return table_get_h(t, w, n, nr_word_hash(w, n));
}

static void table_free(table *t){
  nr_buf_free(&t->text);
  nr_free(t->slots);
}

static int load_cues(table *t, const char *src){
  static const struct { const char *tag; int type; } tags[] = {
    {"@post ", T_POST}, {"@according ", T_ACCORDING}, {"@for ", T_FOR},
    {"@pronoun ", T_PRONOUN}, {"@org ", T_ORG}, {"@role ", T_ROLE},
    {"@nonname ", T_NONNAME}, {"@aux ", T_AUX}, {"@article ", T_ARTICLE},
    {"@self ", T_SELF}, {"@object ", T_OBJECT}, {"@noun ", T_NOUN},
    {"@possessive ", T_POSSESSIVE}, {"@title ", T_TITLE},
  };
  while( src && *src ){
    const char *eol = strchr(src, '\n');
    const char *w = src;
    size_t n = eol ? (size_t)(eol - src) : strlen(src);
    int type = T_VERB;
    size_t k;
    if( *w == '@' ){
      for(k = 0; k < sizeof(tags) / sizeof(tags[0]); k++){
        size_t l = strlen(tags[k].tag);
        if( n > l && memcmp(w, tags[k].tag, l) == 0 ){
          type = tags[k].type;
          w += l;
          n -= l;
          break;
        }
      }
    }
    if( n && table_add(t, w, n, type) ) return -1;
    src = eol ? eol + 1 : w + n;
  }
  return 0;
}

/* ---- a language's cue words, built once per owner ---------------------- */

struct nr_cues {
  table words;
  table heads;     /* the first words of the cues of several words */
  nr_stopwords *stop;
};

/* Most words begin no cue phrase: knowing which do spares cue_at() the
** lookups of the phrases that start at every other word. */
static int load_heads(nr_cues *cu){
  size_t i, cap = cu->words.mask ? cu->words.mask + 1 : 0;
  for(i = 0; i < cap; i++){
    const entry *e = &cu->words.slots[i];
    const char *w, *sp;
    if( e->type == T_NONE ) continue;
    w = cu->words.text.p + e->off;
    sp = memchr(w, ' ', e->len);
    if( sp && table_add(&cu->heads, w, (size_t)(sp - w), T_VERB) ) return -1;
  }
  return 0;
}

nr_cues *nr_cues_new(int lang){
  const char *src = nr_cue_source(lang);
  nr_cues *cu;
  if( src == NULL ){
    lang = nr_lang_find("english", 7);
    src = nr_cue_source(lang);
  }
  cu = nr_realloc(NULL, sizeof(*cu));
  if( cu == NULL ) return NULL;
  memset(cu, 0, sizeof(*cu));
  if( load_cues(&cu->words, src) || load_heads(cu) ){
    nr_cues_free(cu);
    return NULL;
  }
  cu->stop = nr_stopwords_new(lang);
  if( cu->stop == NULL ){
    nr_cues_free(cu);
    return NULL;
  }
  return cu;
}

void nr_cues_free(nr_cues *cu){
  if( cu == NULL ) return;
  table_free(&cu->words);
  table_free(&cu->heads);
  nr_stopwords_free(cu->stop);
  nr_free(cu);
}

/* ---- the document's words ------------------------------------------------ */

typedef struct word {
  nr_token tok;
  size_t fold_off, fold_len;   /* into the folded text, once folded */
  uint64_t hash;               /* nr_word_hash of the fold, with it */
  int folded;
  /* single_type() + 1 and is_stop() + 1, 0 until looked up: a word is
  ** asked about again and again by the walks around each quote */
  signed char type1, stop1, head1;   /* head1: may begin a cue phrase */
  int quote;       /* index of the depth-0 quote holding it, or -1 */
  int skip;        /* in a quote or in boilerplate: never a speaker */
  int cap;         /* starts with a capital */
  int initial;     /* first word of its sentence */
  int glued;       /* no gap before it (KazakhstanKassym) */
  int line;
} word;

typedef struct ctx {
  const char *text;
  size_t n;
  word *w;
  size_t nw;
  const table *cues;   /* cue words */
  const table *heads;  /* the first words of cue phrases */
  table midcap;    /* words written with a capital inside a sentence */
  table names;     /* surname -> the fullest name (as T_NAME, index in fullest) */
  nr_buf folded;
  nr_buf scratch;
  const nr_stopwords *stop;
  nr_quotes *qs;
  /* fullest names: one span of words per surname */
  struct fullest { size_t first, last; } *full;
  size_t nfull, capfull;
  size_t cur_b;    /* the first word of the quote being attributed */
  int tl_line, tl_value;   /* the last line title_case_line() looked at */
  int oom;
} ctx;

static int ascii_word(const char *w, size_t n){
  size_t k;
  for(k = 0; k < n; k++){
    if( (unsigned char)w[k] & 0x80 ) return 0;
  }
  return 1;
}

/* The folded form of word i, folded once and kept.  The pointer is valid
** until the next call: folding another word may move the buffer. */
static const char *fold_word(ctx *c, size_t i, size_t *n){
  word *w = &c->w[i];
  if( !w->folded && ascii_word(c->text + w->tok.byte_start,
                               w->tok.byte_end - w->tok.byte_start) ){
    /* ASCII folds to its lower case: written straight into the folded
    ** text (most words of most news) */
    const char *src = c->text + w->tok.byte_start;
    size_t len = w->tok.byte_end - w->tok.byte_start, k;
    char *dst;
    if( nr_buf_reserve(&c->folded, len + 1) ){
      c->oom = 1;
      *n = 0;
      return "";
    }
    dst = c->folded.p + c->folded.n;
    for(k = 0; k < len; k++){
      char ch = src[k];
      dst[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
    }
    w->fold_off = c->folded.n;
    w->fold_len = len;
    w->hash = nr_word_hash(dst, len);
    c->folded.n += len;
    w->folded = 1;
  }
  if( !w->folded ){
    if( nr_fold(c->text + w->tok.byte_start, w->tok.byte_end - w->tok.byte_start,
                &c->scratch) ){
      c->oom = 1;
      *n = 0;
      return "";
    }
    w->fold_off = c->folded.n;
    w->fold_len = c->scratch.n;
    w->hash = nr_word_hash(c->scratch.p ? c->scratch.p : "", c->scratch.n);
    if( nr_buf_append(&c->folded, c->scratch.p ? c->scratch.p : "",
                      c->scratch.n) ){
      c->oom = 1;
      *n = 0;
      return "";
    }
    w->folded = 1;
  }
  *n = w->fold_len;
  return c->folded.p ? c->folded.p + w->fold_off : "";
}

static int single_type(ctx *c, size_t i);
static int begins_phrase(ctx *c, size_t i);

/* The cue starting at word i: its type, and *len the words it covers. */
static int cue_at(ctx *c, size_t i, int *len){
  char key[256];
  size_t kn = 0;
  int k, best = T_NONE;
  *len = 0;
  if( i > 0 && c->w[i].tok.byte_start == c->w[i-1].tok.byte_end + 1
   && c->text[c->w[i-1].tok.byte_end] == '-' ){
    return T_NONE;      /* so-called, self-declared */
  }
  if( c->w[i].cap && !c->w[i].initial ){
    int t = single_type(c, i);
    /* "the State Department", "Call of Duty": a name, not a verb */
    if( t == T_VERB || t == T_POST ) return T_NONE;
  }
  for(k = 0; k < MAX_PHRASE && i + (size_t)k < c->nw; k++){
    size_t n;
    const char *f;
    int t;
    if( k == 1 && !begins_phrase(c, i) ) break;
    f = fold_word(c, i + (size_t)k, &n);
    if( k > 0 && c->w[i + (size_t)k].quote != c->w[i].quote ) break;
    if( kn + n + 1 >= sizeof(key) ) break;
    if( k ) key[kn++] = ' ';
    memcpy(key + kn, f, n);
    kn += n;
    t = k ? table_get(c->cues, key, kn) : single_type(c, i);
    if( t != T_NONE && t != T_TITLE ){
      best = t;
      *len = k + 1;
    }
  }
  return best;
}

/* The cue type of word i alone, looked up once and kept: the rules ask
** for it many times. */
static int single_type(ctx *c, size_t i){
  word *w = &c->w[i];
  if( w->type1 == 0 ){
    size_t n;
    const char *f = fold_word(c, i, &n);
    w->type1 = (signed char)(table_get_h(c->cues, f, n, w->hash) + 1);
  }
  return w->type1 - 1;
}

/* Does a cue of several words begin with word i?  (A fold holding a space
** could be the start of one however it splits: no shortcut for it.) */
static int begins_phrase(ctx *c, size_t i){
  word *w = &c->w[i];
  if( w->head1 == 0 ){
    size_t n;
    const char *f = fold_word(c, i, &n);
    w->head1 = (signed char)(1 + (memchr(f, ' ', n) != NULL
                                  || table_get_h(c->heads, f, n, w->hash)
                                     != T_NONE));
  }
  return w->head1 - 1;
}

static int is_stop(ctx *c, size_t i){
  word *w = &c->w[i];
  if( w->stop1 == 0 ){
    size_t n;
    const char *f = fold_word(c, i, &n);
    w->stop1 = (signed char)(1 + (c->stop && nr_stopwords_has(c->stop, f, n)));
  }
  return w->stop1 - 1;
}

/* Is the folded word f (n bytes) one of list (NULL-terminated)? */
static int in_list(const char *f, size_t n, const char *const *list){
  int j;
  if( n == 0 ) return 0;
  for(j = 0; list[j]; j++){
    if( list[j][0] == f[0] && strlen(list[j]) == n
     && memcmp(list[j], f, n) == 0 ) return 1;
  }
  return 0;
}

/* The gap between word i-1 and word i. */
static const char *gap_before(const ctx *c, size_t i, size_t *n){
  size_t a = i ? c->w[i-1].tok.byte_end : 0;
  /* CJK bigrams overlap: no gap between them */
  *n = c->w[i].tok.byte_start > a ? c->w[i].tok.byte_start - a : 0;
  return c->text + a;
}

static int gap_has(const ctx *c, size_t i, const char *chars){
  size_t n, k;
  const char *g = gap_before(c, i, &n);
  for(k = 0; k < n; k++){
    const char *p;
    if( g[k] == ' ' ) continue;
    for(p = chars; *p; p++){
      if( *p == g[k] ) return 1;
    }
  }
  return 0;
}

/* Does the gap hold only spaces, hyphens and full stops (Mr. X)? */
static int gap_joins(const ctx *c, size_t i){
  size_t n, k;
  const char *g = gap_before(c, i, &n);
  for(k = 0; k < n; k++){
    if( g[k] != ' ' && g[k] != '-' && g[k] != '.' ) return 0;
  }
  return n <= 3;
}

static int single_type(ctx *c, size_t i);
static int word_is(const ctx *c, size_t i, const char *w);

/* Does the gap before word i end a clause: ; : ! ? a line break, or a
** full stop that is not an abbreviation's (Mr. Sanders, Richard J. Durbin)? */
static int gap_breaks(ctx *c, size_t i, int comma){
  if( gap_has(c, i, comma ? ";:!?\n," : ";:!?\n") ) return 1;
  /* "Glenn Thompson, R-Pa., said", "Acme Inc., said": a full stop before a
  ** comma is an abbreviation's */
  if( i > 0 && gap_has(c, i, ".") && !gap_has(c, i, ")") && !gap_has(c, i, ",") ){
    const nr_token *p = &c->w[i-1].tok;
    if( p->kind == NR_TOKEN_ABBREV || p->end - p->start == 1 ) return 0;
    return single_type(c, i - 1) != T_ROLE;
  }
  return 0;
}

static int is_all_caps(const ctx *c, size_t i){
  const unsigned char *p = (const unsigned char *)c->text + c->w[i].tok.byte_start;
  size_t n = c->w[i].tok.byte_end - c->w[i].tok.byte_start, k;
  if( n < 2 || n > 6 ) return 0;
  for(k = 0; k < n; k++){
    if( !(p[k] >= 'A' && p[k] <= 'Z') ) return 0;
  }
  return 1;
}

static int is_connector(ctx *c, size_t i){
  static const char *const conn[] = {
    "von", "van", "der", "den", "de", "del", "la", "le", "du", "da", "di",
    "dos", "bin", "al", "el", "ibn", "ter", NULL
  };
  size_t n;
  const char *f = fold_word(c, i, &n);
  return in_list(f, n, conn);
}

/* Can word i be part of a proper name? */
static int name_like(ctx *c, size_t i){
  const word *w = &c->w[i];
  int t;
  size_t n;
  const char *f;
  if( !w->cap || w->skip ) return 0;
  if( w->tok.kind != NR_TOKEN_WORD && w->tok.kind != NR_TOKEN_ABBREV ) return 0;
  t = single_type(c, i);
  if( t == T_NONNAME || t == T_PRONOUN || t == T_SELF || t == T_OBJECT
   || t == T_POSSESSIVE || t == T_FOR
   || t == T_ACCORDING ){
    return 0;
  }
  if( (t == T_VERB || t == T_POST) && w->initial ) return 0;
  if( t == T_ROLE ) return 0;
  if( is_stop(c, i) && !is_all_caps(c, i) ) return 0;
  if( !w->initial ) return 1;
  /* a capital at the start of a sentence proves nothing: the word must
  ** be capitalised elsewhere too, or be followed by another capital */
  f = fold_word(c, i, &n);
  if( table_get_h(&c->midcap, f, n, c->w[i].hash) != T_NONE ) return 1;
  return i + 1 < c->nw && c->w[i+1].cap && !c->w[i+1].skip
      && gap_joins(c, i + 1) && !is_stop(c, i + 1);
}

/* ---- noun phrases ---------------------------------------------------------- */

typedef struct np {
  int type;                 /* NR_SPEAKER_* */
  int generic;              /* a plain noun phrase: it names itself */
  size_t m_first, m_last;   /* the mention, in words */
  size_t n_first, n_last;   /* the name part of it (NAME) */
  size_t rel;               /* "who" standing for it, or (size_t)-1 */
} np;

/* The articles are the language's (@article in its cue file): one list
** for all languages made English "as" and "o" articles ("As if addressing
** him, the board ...": the comma after the opening phrase was missed). */
static int is_article(ctx *c, size_t i){
  return single_type(c, i) == T_ARTICLE;
}

/* Builds the phrase whose last word is i (a name, org or role word). */
static void np_from_last(ctx *c, size_t i, int kind, np *out){
  size_t first = i, k;
  int org = kind == NR_SPEAKER_ORGANISATION;
  /* the name: capitals (and von, der) back to a gap that is not a space */
  if( kind == NR_SPEAKER_NAME || org ){
    while( first > 0 && !c->w[first].glued && gap_joins(c, first)
        && !gap_breaks(c, first, 0) ){
      size_t p = first - 1;
      if( name_like(c, p) && c->w[p].quote == -1 ){
        first = p;
      }else if( p > 0 && gap_joins(c, p)
             && ((is_connector(c, p) && name_like(c, p - 1))
                 /* "the Board of Elections said" */
                 || (word_is(c, p, "of") && c->w[p-1].cap
                     && c->w[p-1].quote == -1 && !c->w[p-1].skip
                     && single_type(c, p - 1) == T_ORG)) ){
        first = p - 1;
      }else{
        break;
      }
      if( i - first > 6 ) break;
    }
  }
  out->n_first = first;
  out->n_last = i;
  if( org && c->w[i].cap && i + 2 < c->nw && word_is(c, i + 1, "of")
   && gap_joins(c, i + 1) && gap_joins(c, i + 2) && name_like(c, i + 2)
   && c->w[i+2].quote == -1 ){
    /* "the Illinois Board of Elections was": the name goes on after the
    ** head word */
    size_t e = i + 2;
    while( e + 1 < c->nw && e < i + 4 && !c->w[e+1].glued && gap_joins(c, e + 1)
        && name_like(c, e + 1) && c->w[e+1].quote == -1 ) e++;
    out->n_last = e;
  }
  /* the mention: titles, capitalised adjectives and the article before */
  k = first;
  while( k > 0 && !c->w[k].glued && gap_joins(c, k) && !gap_breaks(c, k, 0)
      && first - k < 4 ){
    size_t p = k - 1;
    int t = single_type(c, p);
    if( c->w[p].skip ) break;
    if( t == T_ROLE || t == T_ORG || (c->w[p].cap && !is_stop(c, p)) ){
      k = p;
      continue;
    }
    break;
  }
  if( k > 0 && kind != NR_SPEAKER_PRONOUN && !c->w[k].glued
   && gap_joins(c, k) && is_article(c, k - 1) ){
    k--;
  }
  out->m_first = k;
  out->m_last = out->n_last;
  /* a role word inside the capitals ("Chinese President Xi Jinping")
  ** belongs to the mention, not the name */
  if( kind == NR_SPEAKER_NAME ){
    size_t j;
    for(j = first; j < i; j++){
      if( single_type(c, j) == T_ROLE ) out->n_first = j + 1;
    }
  }
  out->type = kind;
  out->generic = 0;
  out->rel = (size_t)-1;
}

/* What kind of speaker could word i be the last word of?  NONE if none. */
static int is_possessive(const ctx *c, size_t i){
  const char *e = c->text + c->w[i].tok.byte_end;
  size_t n = c->w[i].tok.byte_end - c->w[i].tok.byte_start;
  if( n > 2 && e[-1] == 's' && e[-2] == '\'' ) return 1;
  if( n > 4 && e[-1] == 's' && memcmp(e - 4, "\xE2\x80\x99", 3) == 0 ) return 1;
  return 0;
}

/* The type of a contraction's pronoun: "they're", "he'd", "we've" (folded
** words write the apostrophe as '). */
static int contraction_type(ctx *c, size_t i){
  size_t n, k, bn = c->w[i].tok.byte_end - c->w[i].tok.byte_start;
  const char *raw = c->text + c->w[i].tok.byte_start, *f;
  /* most words hold no apostrophe: no fold, no lookup */
  if( bn < 3 || bn > 10
   || (memchr(raw, '\'', bn) == NULL && memchr(raw, 0xE2, bn) == NULL) ){
    return T_NONE;
  }
  f = fold_word(c, i, &n);
  for(k = 1; k + 1 < n && k < 5; k++){
    if( f[k] == '\'' ){
      static const char *const tails[] = { "re", "d", "ll", "ve", "m", NULL };
      if( !in_list(f + k + 1, n - k - 1, tails) ) return T_NONE;
      return table_get(c->cues, f, k);
    }
  }
  return T_NONE;
}

static int candidate(ctx *c, size_t i){
  int t;
  if( c->w[i].skip || is_possessive(c, i) ) return NR_SPEAKER_NONE;
  t = single_type(c, i);
  if( t == T_NONE ){
    int ct = contraction_type(c, i);
    if( ct == T_PRONOUN || ct == T_SELF ) return NR_SPEAKER_PRONOUN;
  }
  if( t == T_PRONOUN || t == T_SELF || t == T_OBJECT ) return NR_SPEAKER_PRONOUN;
  if( t == T_ORG ) return NR_SPEAKER_ORGANISATION;
  if( t == T_ROLE && !c->w[i].cap ){
    /* "the president", not "President" before a name */
    return NR_SPEAKER_DESCRIPTION;
  }
  if( name_like(c, i) ){
    if( is_all_caps(c, i) ) return NR_SPEAKER_ORGANISATION;
    /* the last word of a name: the next is not part of it */
    if( i + 1 < c->nw && !c->w[i+1].glued && gap_joins(c, i + 1)
     && name_like(c, i + 1) ) return NR_SPEAKER_NONE;
    return NR_SPEAKER_NAME;
  }
  if( t == T_ROLE ){
    /* "Mr." of "Mr. Trump's": a title belongs to the name after it */
    if( i + 1 < c->nw && !c->w[i+1].glued && gap_joins(c, i + 1)
     && c->w[i+1].cap && c->w[i+1].quote == -1 ) return NR_SPEAKER_NONE;
    return NR_SPEAKER_DESCRIPTION;
  }
  return NR_SPEAKER_NONE;
}

/* An object pronoun ("him", "her", "them"; @object in the cue file): it
** may follow a cue ("according to him") but is never a verb's subject. */
static int is_object(ctx *c, size_t i){
  return single_type(c, i) == T_OBJECT;
}

static int same_clause_area(const ctx *c, size_t i, size_t j){
  return c->w[i].tok.paragraph == c->w[j].tok.paragraph;
}

/* Is word i inside an aside between commas that ends before word v:
** ", a political refugee in France," or ", who ..."?  If so, *resume is
** the word before the aside. */
static int in_aside(ctx *c, size_t i, size_t v, size_t *resume){
  size_t k = i, steps = 0;
  int closed = 0, inner = 0;
  /* a comma between i and v closes the aside */
  for(k = i + 1; k <= v && k < c->nw && steps < 16; k++, steps++){
    if( gap_has(c, k, ",") ){ closed = 1; break; }
  }
  if( !closed ) return 0;
  for(k = i, steps = 0; k > 0 && steps < 20; k--, steps++){
    /* the aside opens in the same sentence, outside quotes (a quote's
    ** inner words are not kept: the gap before its last word holds them) */
    if( c->w[k].quote >= 0 || c->w[k].quote != c->w[i].quote ) return 0;
    if( gap_breaks(c, k, 0) ) return 0;
    if( gap_has(c, k, ",") ){
      static const char *const openers[] = {
        "a", "an", "who", "which", "whom", "whose", "where", "one",
        "herself", "himself", "itself", "themselves", "of", "former",
        NULL
      };
      size_t n;
      const char *f = fold_word(c, k, &n);
      int j;
      for(j = 0; openers[j]; j++){
        if( strlen(openers[j]) == n && memcmp(openers[j], f, n) == 0 ){
          *resume = k - 1;
          return 1;
        }
      }
      if( (n > 5 && memcmp(f + n - 3, "ing", 3) == 0)     /* ", noting ...," */
       || c->w[k].tok.kind == NR_TOKEN_NUMBER ){           /* ", 22," */
        *resume = k - 1;
        return 1;
      }
      /* a place's state after a comma ("Cory James, 22, of Flint, Mich.,
      ** said"): the aside opens further back */
      if( c->w[k].cap && k >= 2 && name_like(c, k - 1)
       && (word_is(c, k - 2, "of") || word_is(c, k - 2, "in")) && inner++ < 1 ){
        continue;
      }
      return 0;
    }
  }
  return 0;
}

static int is_preposition(ctx *c, size_t i){
  static const char *const preps[] = {
    "to", "with", "by", "from", "at", "about", "against", "after", "into",
    "toward", "towards", "than", "like", "in", "on", "à", "avec", "par",
    "con", "dans", "en", "em", "na", "nas", "nos", "nel", "im",
    "mit", "von", "zu", NULL
  };
  size_t n;
  const char *f = fold_word(c, i, &n);
  return in_list(f, n, preps);
}

static int generic_before(ctx *c, size_t v, size_t lo, np *out);

/* "Mike Lee, who declared": the verb's subject is the relative pronoun at
** word i, which stands for the name just before it (PolNeAR marks the
** pronoun as the source, like "he").  Only when the verb is in the
** relative clause itself: in "Roffman, who estimates ..., described"
** the clause is an aside and the walk goes on to Roffman. */
static int relative_subject(ctx *c, size_t i, size_t v, np *out){
  static const char *const rel[] = {
    "who", "which", "qui", "quien", "quienes", NULL
  };
  size_t n, k, a;
  const char *f;
  int kind;
  if( c->w[i].skip || c->w[i].cap ) return 0;
  f = fold_word(c, i, &n);
  /* "that" only right before the verb: "a message that said", not "said
  ** that he told" */
  if( !in_list(f, n, rel) && !(i + 1 == v && n == 4 && memcmp(f, "that", 4) == 0) ){
    return 0;
  }
  for(k = i + 1; k <= v; k++){
    if( gap_has(c, k, ",;:") || c->w[k].quote >= 0 ) return 0;
  }
  a = i - 1;
  if( c->w[a].quote >= 0 || gap_has(c, i, ".!?\"") ) return 0;
  kind = candidate(c, a);
  if( kind != NR_SPEAKER_NAME && kind != NR_SPEAKER_ORGANISATION ){
    /* "a campaign surrogate who said", "a former East German spymaster
    ** who wrote": the plain phrase before it */
    if( kind != NR_SPEAKER_NONE && kind != NR_SPEAKER_DESCRIPTION ) return 0;
    if( gap_has(c, i, ",") || !generic_before(c, i, i > 7 ? i - 7 : 0, out) ){
      return 0;
    }
    for(k = out->m_first; k <= out->m_last; k++){
      int len;
      if( cue_at(c, k, &len) == T_VERB ) return 0;   /* "S tells voters who" */
    }
    out->rel = i;
    return 1;
  }
  np_from_last(c, a, kind, out);
  out->rel = i;
  return 1;
}

static int is_participle(ctx *c, size_t i);
static int is_adverb(ctx *c, size_t i);

/* The subject of the cue verb at word v: walks back in its sentence. */
static int subject_before(ctx *c, size_t v, size_t stop, np *out){
  size_t i = v, steps = 0;
  int sentence = c->w[v].tok.sentence;
  while( i > stop && steps++ < BACK_LIMIT ){
    int kind;
    size_t resume;
    i--;
    if( c->w[i].quote >= 0 ) continue;
    if( !same_clause_area(c, i, v) ) return 0;
    if( i + 1 < c->nw && gap_has(c, i + 1, ")") ){
      /* "Richard J. Durbin (D-Ill.), said": back past the parenthesis */
      size_t j = i, back = 0;
      while( j > stop + 1 && back++ < 10 && !gap_has(c, j, "(") ) j--;
      if( gap_has(c, j, "(") && j > stop + 1 ){ i = j; continue; }
    }
    /* a verb and its subject share a sentence (a quote skipped on the
    ** way may hold the break: `said: “We will see.” Another source`) */
    if( c->w[i].tok.sentence != sentence ) return 0;
    if( i > stop + 1 && relative_subject(c, i, v, out) ) return 1;
    kind = candidate(c, i);
    if( kind == NR_SPEAKER_NONE ) continue;
    /* "called her “...”": an object pronoun is no subject, unless the
    ** verb follows it ("led her to declare", "have her ask", "her remark") */
    if( is_object(c, i) && i + 1 != v
     && !(i + 2 == v && word_is(c, i + 1, "to")) ) continue;
    if( kind != NR_SPEAKER_PRONOUN && in_aside(c, i, v, &resume) ){
      if( resume + 1 <= stop ) return 0;
      i = resume + 1;
      continue;
    }
    np_from_last(c, i, kind, out);
    if( out->m_first >= 2 && kind != NR_SPEAKER_PRONOUN ){
      /* "James Pethokoukis of the American Enterprise Institute wrote",
      ** "Bernie Sanders of Vermont said": the person, not the place */
      size_t o = out->m_first - 1;
      if( is_article(c, o) && o > 0 ) o--;
      if( word_is(c, o, "of") && o > stop + 1 && gap_joins(c, o + 1)
       && candidate(c, o - 1) == NR_SPEAKER_NAME && gap_joins(c, o) ){
        np_from_last(c, o - 1, NR_SPEAKER_NAME, out);
      }
    }
    if( out->m_first > 0 && kind != NR_SPEAKER_PRONOUN ){
      int len, t = cue_at(c, out->m_first - 1, &len);
      if( t == T_VERB && gap_joins(c, out->m_first) ){
        /* "S told AFP": the addressee, not the speaker */
        i = out->m_first;
        continue;
      }
      if( gap_joins(c, out->m_first) && is_preposition(c, out->m_first - 1)
       && !(word_is(c, out->m_first - 1, "with") && is_participle(c, v)
            && (out->m_last + 1 == v
                || (out->m_last + 2 == v && is_adverb(c, v - 1)))) ){
        /* "a source speaking to Fox News said": not the subject; but "with
        ** Gorka noting" is Gorka's */
        i = out->m_first;
        continue;
      }
    }
    return 1;
  }
  return 0;
}

/* A speaker phrase starting at or soon after word i ("said Mr. Tokayev",
** "according to him", "continued the president"). */
static int np_after(ctx *c, size_t i, size_t limit, np *out){
  size_t k;
  for(k = i; k < c->nw && k < i + limit; k++){
    int kind;
    if( c->w[k].quote >= 0 || c->w[k].skip ) return 0;
    if( k > i && !gap_joins(c, k) ) return 0;
    kind = candidate(c, k);
    if( kind == NR_SPEAKER_NONE ){
      /* the first word of a name: go to its last */
      if( name_like(c, k) ) continue;
      if( single_type(c, k) == T_ROLE ) continue;
      if( k == i ) continue;
      if( is_stop(c, k) ) continue;
      return 0;
    }
    if( kind == NR_SPEAKER_DESCRIPTION && k + 1 < c->nw
     && name_like(c, k + 1) && gap_joins(c, k + 1) ) continue;
    np_from_last(c, k, kind, out);
    if( out->m_first < i ) out->m_first = i;
    if( out->n_first < i ) out->n_first = i;
    return 1;
  }
  return 0;
}

static int is_conjunction(ctx *c, size_t i){
  static const char *const conj[] = {
    "and", "but", "or", "while", "as", "when", "if", "because", "that",
    "which", "who", "et", "y", "e", "und", "и", NULL
  };
  size_t n;
  const char *f = fold_word(c, i, &n);
  return in_list(f, n, conj);
}

static int is_preposition(ctx *c, size_t i);

/* A plain noun phrase of words [first, last]: "the email", "one person
** with knowledge of the matter".  It must hold a word that is neither a
** stopword nor a conjunction, and at most six words. */
static int generic_np(ctx *c, size_t first, size_t last, np *out){
  size_t k;
  int content = 0;
  if( last < first || last - first >= 6 ) return 0;
  /* not "In February", "Em dezembro de 2013": a phrase opening with a
  ** preposition or holding a number is no speaker */
  if( is_preposition(c, first) ) return 0;
  if( c->w[first].cap && is_stop(c, first) && !is_article(c, first) ) return 0;
  for(k = first; k <= last; k++){
    if( c->w[k].skip || c->w[k].quote >= 0 ) return 0;
    /* ... unless after an article, before a noun: "the 46-year-old", "a
    ** 2008 Clinton veteran" */
    if( c->w[k].tok.kind == NR_TOKEN_NUMBER
     && !(k > first && k < last && (is_article(c, first)
                                    || word_is(c, first, "a")
                                    || word_is(c, first, "an"))) ) return 0;
    if( k > first && gap_breaks(c, k, 1) ) return 0;
    if( is_conjunction(c, k) && k == first ) return 0;
    if( !is_stop(c, k) && single_type(c, k) != T_AUX ) content = 1;
  }
  if( !content ) return 0;
  out->type = NR_SPEAKER_DESCRIPTION;
  out->generic = 1;
  out->rel = (size_t)-1;
  out->m_first = out->n_first = first;
  out->m_last = out->n_last = last;
  return 1;
}

/* The words after word i up to a comma or full stop, as a noun phrase. */
static int generic_after(ctx *c, size_t i, np *out){
  size_t k = i;
  if( i >= c->nw ) return 0;
  while( k + 1 < c->nw && k + 1 < i + 6 && !gap_breaks(c, k + 1, 1)
      && c->w[k+1].quote == -1 && !is_conjunction(c, k + 1) ) k++;
  return generic_np(c, i, k, out);
}

/* An adverb that may stand between a subject and its verb. */
static int is_adverb(ctx *c, size_t i){
  static const char *const adv[] = {
    "now", "also", "then", "later", "again", "even", "still", "instead",
    "often", "once", "never", "always", "recently", "previously", NULL
  };
  size_t n;
  const char *f = fold_word(c, i, &n);
  if( c->w[i].cap ) return 0;
  return in_list(f, n, adv) || (n > 4 && memcmp(f + n - 2, "ly", 2) == 0);
}

/* The words just before word v (after lo) that are not stopwords, with
** the article before them: "The billionaire businessman said". */
static int generic_before(ctx *c, size_t v, size_t lo, np *out){
  size_t k = v;
  /* adverbs before the verb are no part of the phrase ("The campaign's
  ** statement then declares", "and generally agree") */
  while( v > lo + 1 && k - v < 2 && c->w[v-1].quote == -1
      && !gap_breaks(c, v, 1)
      && (is_adverb(c, v - 1) || single_type(c, v - 1) == T_AUX) ) v--;
  k = v;
  while( k > lo + 1 && v - k < 4 && !gap_breaks(c, k, 1) ){
    size_t p = k - 1;
    if( c->w[p].quote >= 0 || is_stop(c, p) ) break;
    k = p;
  }
  if( k == v ) return 0;
  if( k > lo + 1 && !gap_breaks(c, k, 1) && is_article(c, k - 1) ) k--;
  return generic_np(c, k, v - 1, out);
}

/* Does the sentence end within n words after word i (or the text)? */
static int sentence_ends_soon(ctx *c, size_t i, size_t n){
  size_t k;
  for(k = i; k < c->nw && k < i + n; k++){
    if( c->w[k].quote >= 0 || gap_breaks(c, k, 1) || gap_has(c, k, ".") ){
      return 1;
    }
  }
  return k >= c->nw;
}

/* The first word of the sentence holding word i (within reach). */
static size_t sentence_start(const ctx *c, size_t i){
  size_t steps = 0;
  while( i > 0 && !c->w[i].initial && steps++ < 60
      && c->w[i-1].tok.paragraph == c->w[i].tok.paragraph ) i--;
  return i;
}

/* ---- fullest names ------------------------------------------------------- */

/* Records every name in the text (outside quotes and boilerplate) under
** its last word, keeping the one with the most words (the first of
** equals). */
static void collect_names(ctx *c){
  size_t i;
  for(i = 0; i < c->nw && !c->oom; i++){
    np p;
    size_t n;
    const char *f;
    int t;
    if( !c->w[i].cap || candidate(c, i) != NR_SPEAKER_NAME ) continue;
    np_from_last(c, i, NR_SPEAKER_NAME, &p);
    if( p.n_first > p.n_last ) continue;
    f = fold_word(c, i, &n);
    t = table_get_h(&c->names, f, n, c->w[i].hash);
    if( t == T_NONE ){
      if( c->nfull == c->capfull ){
        size_t cap = c->capfull ? c->capfull * 2 : 32;
        struct fullest *nf = nr_realloc(c->full, cap * sizeof(*nf));
        if( nf == NULL ){ c->oom = 1; return; }
        c->full = nf;
        c->capfull = cap;
      }
      if( table_add_h(&c->names, f, n, c->w[i].hash, T_NAME + (int)c->nfull) ){
        c->oom = 1;
        return;
      }
      c->full[c->nfull].first = p.n_first;
      c->full[c->nfull].last = p.n_last;
      c->nfull++;
    }else{
      struct fullest *b = &c->full[t - T_NAME];
      if( p.n_last - p.n_first > b->last - b->first ){
        b->first = p.n_first;
        b->last = p.n_last;
      }
    }
  }
}

static void set_span_words(ctx *c, nr_span *s, size_t first, size_t last){
  s->byte_start = c->w[first].tok.byte_start;
  s->start = c->w[first].tok.start;
  s->byte_end = c->w[last].tok.byte_end;
  s->end = c->w[last].tok.end;
}

/* Does the fullest name b end with the words of the mention's name (so
** that "Tokayev" maps to "Kassym Jomart Tokayev" but "Billy Bush" does not
** map to "George W. Bush")? */
static int ends_with_name(ctx *c, const struct fullest *b, const np *p){
  size_t k = p->n_last - p->n_first + 1, j;
  if( b->last - b->first + 1 < k ) return 0;
  for(j = 0; j < k; j++){
    size_t an, bn;
    const char *fa = fold_word(c, p->n_last - j, &an);
    const char *fb;
    char save[NR_STEM_MAX_BYTES];
    if( an > sizeof(save) ) return 0;
    memcpy(save, fa, an);     /* the next fold may move the buffer */
    fb = fold_word(c, b->last - j, &bn);
    if( an != bn || memcmp(save, fb, an) != 0 ) return 0;
  }
  return 1;
}

/* The fullest name for the name in p, into out. */
static void resolve_name(ctx *c, const np *p, nr_span *out){
  size_t n;
  const char *f = fold_word(c, p->n_last, &n);
  int t = table_get_h(&c->names, f, n, c->w[p->n_last].hash);
  if( t >= T_NAME && ends_with_name(c, &c->full[t - T_NAME], p) ){
    const struct fullest *b = &c->full[t - T_NAME];
    set_span_words(c, out, b->first, b->last);
  }else{
    set_span_words(c, out, p->n_first, p->n_last);
  }
}

static int first_subject(ctx *c, size_t k, size_t b, np *p);
static size_t sentence_start(const ctx *c, size_t i);
static int gap_before_quote_has(const ctx *c, size_t w, const nr_quote *q,
                                char ch);

/* ---- per quote ------------------------------------------------------------ */

typedef struct last_speaker {
  int have;
  nr_span speaker;
  int type;
} last_speaker;

/* The people named as speakers so far, for "the Kazakh leader": the one
** quoted most often is the one a description most likely means. */
#define MAX_PEOPLE 64
typedef struct people {
  nr_span who[MAX_PEOPLE];
  int count[MAX_PEOPLE];
  int n, best;
} people;

static void people_add(ctx *c, people *pp, const nr_span *s){
  int i;
  size_t len = s->byte_end - s->byte_start;
  for(i = 0; i < pp->n; i++){
    const nr_span *o = &pp->who[i];
    if( o->byte_end - o->byte_start == len
     && memcmp(c->text + o->byte_start, c->text + s->byte_start, len) == 0 ){
      break;
    }
  }
  if( i == pp->n ){
    if( pp->n == MAX_PEOPLE ) return;
    pp->who[pp->n] = *s;
    pp->count[pp->n++] = 0;
  }
  pp->count[i]++;
  if( pp->count[i] >= pp->count[pp->best] ) pp->best = i;
}

/* Fills q from the phrase p and the cue words [cue, cue+cue_len). */
static void assign(ctx *c, nr_quote *q, const np *p, size_t cue, int cue_len,
                   double conf, last_speaker *any, people *person){
  q->speaker_type = p->type;
  set_span_words(c, &q->mention, p->m_first, p->m_last);
  q->confidence = conf;
  if( cue_len > 0 ){
    set_span_words(c, &q->cue, cue, cue + (size_t)cue_len - 1);
  }
  switch( p->type ){
    case NR_SPEAKER_NAME: {
      resolve_name(c, p, &q->speaker);
      if( conf >= 0.6 ){
        any->have = 1;
        any->speaker = q->speaker;
        any->type = NR_SPEAKER_NAME;
        people_add(c, person, &q->speaker);
      }
      break;
    }
    case NR_SPEAKER_PRONOUN:
      if( single_type(c, p->m_last) == T_SELF
       || contraction_type(c, p->m_last) == T_SELF ){
        /* "“I am not shy,” I said": the writer, nobody named before */
        q->speaker = q->mention;
        break;
      }
      if( c->cur_b > 0 && c->cur_b < c->nw
       && same_clause_area(c, c->cur_b - 1, c->cur_b) ){
        /* "Fallon fired back: “...,” he wrote": the name opening the
        ** quote's own sentence comes before the last speaker */
        np local;
        size_t ss = sentence_start(c, c->cur_b - 1);
        const nr_quote *cq = q;
        if( !gap_before_quote_has(c, c->cur_b - 1, cq, '.')
         && !gap_before_quote_has(c, c->cur_b - 1, cq, '?')
         && !gap_before_quote_has(c, c->cur_b - 1, cq, '!')
         && ss < c->cur_b && c->w[ss].quote == -1
         && first_subject(c, ss, c->cur_b, &local)
         && local.type == NR_SPEAKER_NAME && local.m_last < p->m_first ){
          resolve_name(c, &local, &q->speaker);
          q->confidence -= 0.1;
          break;
        }
      }
      if( any->have ){
        q->speaker = any->speaker;
        q->confidence -= 0.1;
      }else{
        q->speaker = q->mention;
        q->confidence -= 0.3;
      }
      break;
    case NR_SPEAKER_DESCRIPTION:
      if( p->generic ){
        q->speaker = q->mention;
        q->confidence -= 0.2;
      }else if( person->n ){
        q->speaker = person->who[person->best];
        q->confidence -= 0.1;
      }else{
        q->speaker = q->mention;
        any->have = 1;
        any->speaker = q->speaker;
        any->type = p->type;
      }
      break;
    default:     /* organisation */
      q->speaker = q->mention;
      if( conf < 0.6 ) break;
      any->have = 1;
      any->speaker = q->speaker;
      any->type = p->type;
      break;
  }
  if( p->rel != (size_t)-1 ){
    /* the speaker is the antecedent, the mention the pronoun */
    set_span_words(c, &q->mention, p->rel, p->rel);
    q->speaker_type = NR_SPEAKER_PRONOUN;
  }
}

/* The index of the first word at or after byte b. */
static size_t word_at(const ctx *c, size_t b, size_t from){
  size_t lo = from, hi = c->nw;
  while( lo < hi ){
    size_t mid = lo + (hi - lo) / 2;
    if( c->w[mid].tok.byte_start < b ) lo = mid + 1; else hi = mid;
  }
  return lo;
}

static int last_visible(const ctx *c, const nr_quote *q){
  size_t p = q->text.byte_end;
  while( p > q->text.byte_start ){
    unsigned char ch = (unsigned char)c->text[p-1];
    if( ch != ' ' && ch != '\n' && ch != '\t' ) return ch;
    p--;
  }
  return 0;
}

/* 4. The subject opening the sentence that starts at word k (before word
** b), after an introductory phrase ending with a comma ("For its part,",
** "Likewise,"): it must come within the first few words. */
static int first_subject(ctx *c, size_t k, size_t b, np *p){
  size_t j, seen = 0;
  if( c->w[k].cap && !is_article(c, k) && (is_stop(c, k) || !name_like(c, k)) ){
    for(j = k + 1; j < b && j < k + 8; j++){
      if( c->w[j].quote >= 0 ) break;
      if( gap_has(c, j, ",") ){ k = j; break; }
    }
  }
  for(j = k; j < b && seen < 5; j++){
    int kind;
    if( c->w[j].quote >= 0 ){
      if( seen ) break;
      continue;      /* the sentence opens with a quote */
    }
    seen++;
    kind = candidate(c, j);
    if( kind == NR_SPEAKER_NONE || is_object(c, j) ) continue;
    if( kind == NR_SPEAKER_DESCRIPTION || kind == NR_SPEAKER_NAME ){
      /* "The President of Kazakhstan, Kassym Jomart Tokayev, rejected",
      ** "The Kazakh opposition Mukhtar Abliazov": the name after the title */
      size_t e, best = (size_t)-1;
      for(e = j + 1; e < b && e < j + 8; e++){
        size_t n;
        const char *f;
        int ck = candidate(c, e);
        if( ck == NR_SPEAKER_NAME ){ best = e; continue; }
        if( name_like(c, e) ) continue;
        if( single_type(c, e) == T_ROLE && !gap_breaks(c, e, 1) ) continue;
        /* folded last: each fold may move the folded words */
        f = fold_word(c, e, &n);
        if( (n == 2 && memcmp(f, "of", 2) == 0)
         || (n == 3 && memcmp(f, "the", 3) == 0) ) continue;
        break;
      }
      if( best != (size_t)-1 ){
        np_from_last(c, best, NR_SPEAKER_NAME, p);
        p->m_first = j;
        return 1;
      }
    }
    np_from_last(c, j, kind, p);
    return 1;
  }
  return 0;
}

static void subject_of_sentence(ctx *c, nr_quote *q, size_t k, size_t b,
                                last_speaker *any, people *person){
  np p;
  if( first_subject(c, k, b, &p) ) assign(c, q, &p, 0, 0, 0.5, any, person);
}

/* May word a, right after a quote, begin its attribution: a cue, a name,
** a pronoun, an article or determiner ("the report", "one lawmaker")?  Not
** "“the best of both worlds,” giving states more power". */
static int opens_attribution(ctx *c, size_t a){
  static const char *const det[] = {
    "a", "an", "one", "this", "that", "another", "his", "her", "their",
    "its", "our", "my", "some", "many", "most", "two", "three", "several",
    "un", "une", "uno", "una", "ein", "eine", "as", NULL
  };
  size_t n;
  const char *f;
  int t, j;
  if( c->w[a].cap || is_article(c, a) ) return 1;
  t = single_type(c, a);
  if( t == T_VERB || t == T_POST || t == T_PRONOUN || t == T_SELF || t == T_ROLE
   || t == T_ORG || t == T_ACCORDING || t == T_AUX ) return 1;
  if( cue_at(c, a, &j) != T_NONE ) return 1;
  f = fold_word(c, a, &n);
  if( in_list(f, n, det) ) return 1;
  /* "screenwriter Cole Haddon wrote", "former presidential candidate
  ** Herman Cain said": lower-case words, then a name */
  for(j = 1; j <= 3 && a + (size_t)j < c->nw; j++){
    if( gap_breaks(c, a + (size_t)j, 1) ) break;
    if( name_like(c, a + (size_t)j) ) return 1;
  }
  return 0;
}

/* Does the text between word w and the quote's opening mark hold ch? */
static int gap_before_quote_has(const ctx *c, size_t w, const nr_quote *q,
                                char ch){
  size_t p;
  for(p = c->w[w].tok.byte_end; p < q->open.byte_start; p++){
    if( c->text[p] == ch ) return 1;
  }
  return 0;
}

/* The attribution closing the quote's sentence after a comma: `“q” are
** sickening, Hollande said Tuesday.` / `..., said Hollande.` */
static int trailing_attribution(ctx *c, nr_quote *q, size_t a,
                                last_speaker *any, people *person){
  size_t k, j;
  np p;
  int len, t;
  if( a >= c->nw || gap_has(c, a, "\n") ) return 0;   /* the quote ends its paragraph */
  for(k = a + 1; k < c->nw && k < a + 25; k++){
    /* other quotes of the sentence are passed over (`“A” and “B,” Dean
    ** said`); the gap before a quote's last kept word holds its text */
    if( c->w[k].quote >= 0 ){
      if( c->w[k-1].quote != c->w[k].quote
       && (gap_breaks(c, k, 0) || !same_clause_area(c, k, a)) ) return 0;
      continue;
    }
    if( gap_breaks(c, k, 0) || !same_clause_area(c, k, a) ) return 0;
    if( !gap_has(c, k, ",") ) continue;
    for(j = k; j < c->nw && j < k + 5; j++){
      if( j > k && gap_breaks(c, j, 1) ) break;
      t = cue_at(c, j, &len);
      if( t != T_VERB && t != T_POST ) continue;
      /* the attribution must end the sentence, or stand between commas
      ** (`“...,” he said, wind up in a debate`) */
      if( !sentence_ends_soon(c, j + (size_t)len, 6)
       && !(j + (size_t)len < c->nw && c->w[j + (size_t)len].quote == -1
            && gap_has(c, j + (size_t)len, ",")) ) break;
      if( j == k ){
        if( np_after(c, j + (size_t)len, 5, &p) ){
          assign(c, q, &p, j, len, 0.7, any, person);
          return 1;
        }
      }else if( (subject_before(c, j, k - 1, &p) && p.m_first == k)
             || generic_np(c, k, j - 1, &p) ){     /* ", the groups say." */
        assign(c, q, &p, j, len, 0.7, any, person);
        return 1;
      }
      break;
    }
    /* `, Howard Dean, the former governor of Vermont, said.` */
    if( np_after(c, k, 4, &p) && p.m_first == k && p.type == NR_SPEAKER_NAME
     && p.m_last + 1 < c->nw && gap_has(c, p.m_last + 1, ",") ){
      for(j = p.m_last + 2; j < c->nw && j < p.m_last + 14; j++){
        if( c->w[j].quote >= 0 || gap_breaks(c, j, 0) ) break;
        if( gap_has(c, j, ",") ){
          t = cue_at(c, j, &len);
          if( (t == T_VERB || t == T_POST)
           && sentence_ends_soon(c, j + (size_t)len, 4) ){
            assign(c, q, &p, j, len, 0.7, any, person);
            return 1;
          }
          break;
        }
      }
    }
  }
  return 0;
}

/* Does the phrase p stand where the subject of a main clause stands: at
** the start of its sentence, after a comma, colon or dash, or
** after "and"/"but"?  An object follows its verb or preposition, and the
** subject of a clause after "that" or "how" is not the main one. */
static int subject_position(ctx *c, const np *p){
  static const char *const coord[] = { "and", "but", NULL };
  size_t m = p->m_first, n, gn, k;
  const char *f, *g;
  if( m == 0 || c->w[m].initial || gap_breaks(c, m, 1) ) return 1;
  if( c->w[m-1].quote >= 0 ) return 0;
  g = gap_before(c, m, &gn);
  for(k = 0; k + 2 < gn; k++){
    /* an em or en dash: "Washington (AFP) – Democrat Hillary Clinton" */
    if( (unsigned char)g[k] == 0xE2 && (unsigned char)g[k+1] == 0x80
     && ((unsigned char)g[k+2] == 0x93 || (unsigned char)g[k+2] == 0x94) ){
      return 1;
    }
  }
  f = fold_word(c, m - 1, &n);
  return in_list(f, n, coord);
}

/* Is word i an "-ing" form (saying, adding)? */
static int is_participle(ctx *c, size_t i){
  size_t n;
  const char *f = fold_word(c, i, &n);
  return n > 5 && memcmp(f + n - 3, "ing", 3) == 0;
}

/* The subject of the clause that word k ends: the nearest phrase before k,
** in k's sentence, that stands in subject position (asides skipped). */
static int clause_subject(ctx *c, size_t k, np *out){
  size_t i, resume;
  int steps, sentence;
  if( k == 0 || k > c->nw ) return 0;
  sentence = c->w[k-1].tok.sentence;
  for(i = k, steps = 0; i > 0 && steps < BACK_LIMIT; steps++){
    int kind;
    i--;
    if( c->w[i].quote >= 0 ) continue;
    if( c->w[i].tok.sentence != sentence || c->w[i].skip ) return 0;
    kind = candidate(c, i);
    if( kind == NR_SPEAKER_NONE || is_object(c, i) ) continue;
    if( kind == NR_SPEAKER_DESCRIPTION && c->w[i].cap && i + 1 < k
     && name_like(c, i + 1) && gap_joins(c, i + 1) ) continue;  /* "Mr." */
    if( kind != NR_SPEAKER_PRONOUN && in_aside(c, i, k - 1, &resume) ){
      i = resume + 1;
      continue;
    }
    np_from_last(c, i, kind, out);
    /* not the phrase just before k: "endorsed Mrs. Clinton, saying", "his
    ** rival, Hillary Clinton, saying" (an object or its apposition) */
    if( out->m_last + 1 < k && subject_position(c, out) ) return 1;
    i = out->m_first;
  }
  return 0;
}

/* A verb coordinated with an earlier one ("S respects Clinton and calls
** her", "S used to support Paul, but now said") shares that verb's
** subject: the nearest phrase before the conjunction is often the first
** verb's object, so the subject is the nearest phrase in subject
** position.  Adverbs may stand between the conjunction and the verb. */
static int coordinated_subject(ctx *c, size_t v, np *out){
  static const char *const coord[] = { "and", "but", "yet", NULL };
  static const char *const adv[] = {
    "now", "also", "then", "later", "again", "even", "still", "instead",
    "often", "once", "never", "always", NULL
  };
  size_t k = v, n = 0;
  const char *f = "";
  int steps = 0;
  while( k > 0 && steps++ < 5 ){
    int len;
    k--;
    if( c->w[k].quote >= 0 || c->w[k].skip ) return 0;
    f = fold_word(c, k, &n);
    if( in_list(f, n, coord) ) break;
    if( in_list(f, n, adv) || (n > 4 && memcmp(f + n - 2, "ly", 2) == 0) ){
      continue;
    }
    /* "but went on to say", "and declined to say": a verb and "to" */
    if( k + 1 < v && word_is(c, k + 1, "to") ){
      if( cue_at(c, k, &len) != T_NONE && k + (size_t)len == k + 1 ) continue;
      if( n > 4 && memcmp(f + n - 2, "ed", 2) == 0 ) continue;
    }
    if( word_is(c, k, "to") && k + 1 == v ) continue;
    if( k >= 1 && word_is(c, k, "on") && word_is(c, k - 1, "went") ) continue;
    if( word_is(c, k, "went") && k + 1 < v && word_is(c, k + 1, "on") ) continue;
    return 0;
  }
  if( k == 0 || !in_list(f, n, coord) ) return 0;
  if( gap_breaks(c, v, 1) ) return 0;
  return clause_subject(c, k, out);
}

/* Does text[from, to) hold one of chars? */
static int span_has(const ctx *c, size_t from, size_t to, const char *chars){
  size_t p;
  for(p = from; p < to; p++){
    if( c->text[p] && strchr(chars, c->text[p]) != NULL ) return 1;
  }
  return 0;
}

/* `“The Iowa caucus is a battle of niches” Grubbs said.`: no comma closes
** the quote, but a name and a cue verb ending the sentence follow it. */
static int name_then_cue(ctx *c, size_t a){
  size_t k;
  for(k = a; k < c->nw && k < a + 5; k++){
    int len, t;
    if( c->w[k].quote >= 0 || (k > a && gap_breaks(c, k, 1)) ) return 0;
    t = cue_at(c, k, &len);
    if( k > a && (t == T_VERB || t == T_POST) ){
      return sentence_ends_soon(c, k + (size_t)len, 3);
    }
    if( !name_like(c, k) && single_type(c, k) != T_ROLE ) return 0;
  }
  return 0;
}

/* Does pq's attribution end its sentence right before q opens (`“A,” he
** continued. “B.”`: nothing but punctuation between)? */
static int attribution_ends_at(const ctx *c, const nr_quote *pq,
                               const nr_quote *q){
  size_t p = pq->mention.byte_end > pq->cue.byte_end ? pq->mention.byte_end
                                                     : pq->cue.byte_end;
  int stop = 0;
  for(; p < q->open.byte_start; p++){
    char ch = c->text[p];
    if( ch == '.' || ch == '!' || ch == '?' ) stop = 1;
    else if( (unsigned char)ch == 0xC2 && p + 1 < q->open.byte_start
          && (unsigned char)c->text[p+1] == 0xA0 ) p++;    /* no-break space */
    else if( ch != ' ' && ch != '\t' && ch != ',' && ch != ';' && ch != ':' ){
      return 0;
    }
  }
  return stop;
}

/* Is there a cue verb between pq's own cue and word b (one the walk back
** from b would wrongly take: "referencing a super PAC called Future45")? */
static int other_cue_between(ctx *c, const nr_quote *pq, size_t b){
  size_t k = word_at(c, pq->close.byte_end, 0);
  for(; k < b && k < c->nw; k++){
    int len, t;
    if( c->w[k].quote >= 0 ) continue;
    t = cue_at(c, k, &len);
    if( t == T_VERB && c->w[k].tok.byte_start > pq->cue.byte_start ) return 1;
  }
  return 0;
}

/* `“Q,” Simon Rosenberg, a Clinton supporter, told`, `“Q,” the White House
** spokesman, Josh Earnest, said`, `“Q,” another fraternity brother, Stuart
** Oltchick, recalled`: a speaker phrase at word a, an aside between commas
** (which may hold a quote or a place's comma: "retired in Cambridge,
** Mass.,"), then the cue.  A name between the commas after a description
** is the speaker. */
static int speaker_then_aside(ctx *c, nr_quote *q, size_t a,
                              last_speaker *any, people *person){
  np p, appo;
  size_t k, e;
  int len, t, have_appo = 0, inner = 0;
  if( np_after(c, a, 4, &p) && p.m_first == a && p.type != NR_SPEAKER_PRONOUN ){
    /* "the White House spokesman": role words after the name, and the
    ** name after them ("Texas delegate Bill Eastland") */
    while( p.m_last + 1 < c->nw && p.m_last < a + 6
        && single_type(c, p.m_last + 1) == T_ROLE && !c->w[p.m_last+1].cap
        && gap_joins(c, p.m_last + 1) ){
      p.m_last++;
      p.type = NR_SPEAKER_DESCRIPTION;
      p.generic = 1;
      if( p.m_last + 1 < c->nw && gap_joins(c, p.m_last + 1)
       && np_after(c, p.m_last + 1, 4, &appo) && appo.m_first == p.m_last + 1
       && appo.type == NR_SPEAKER_NAME ){
        appo.m_first = a;
        p = appo;
        break;
      }
    }
  }else{
    /* "another fraternity brother": a plain phrase up to the comma */
    for(e = a; e + 1 < c->nw && e < a + 5 && !gap_breaks(c, e + 1, 1)
             && c->w[e+1].quote == -1; e++){}
    if( e + 1 >= c->nw || !gap_has(c, e + 1, ",")
     || !generic_np(c, a, e, &p) ) return 0;
  }
  if( p.m_last + 1 >= c->nw || !gap_has(c, p.m_last + 1, ",") ) return 0;
  k = p.m_last + 1;
  if( p.type != NR_SPEAKER_NAME && np_after(c, k, 4, &appo) && appo.m_first == k
   && appo.type == NR_SPEAKER_NAME && appo.m_last + 1 < c->nw
   && gap_has(c, appo.m_last + 1, ",") ){
    have_appo = 1;       /* ", Josh Earnest," */
  }
  for(k = p.m_last + 2; k < c->nw && k < p.m_last + 22; k++){
    if( c->w[k].quote >= 0 ){
      if( c->w[k-1].quote != c->w[k].quote && gap_breaks(c, k, 0) ) return 0;
      continue;      /* wearing “Ted Cruz” campaign pins */
    }
    if( gap_breaks(c, k, 0) ) return 0;
    if( gap_has(c, k, ",") ){
      t = cue_at(c, k, &len);
      if( t == T_VERB || t == T_POST ){
        if( have_appo ){
          appo.m_first = p.m_first;      /* the mention: the whole phrase */
          assign(c, q, &appo, k, len, 0.85, any, person);
        }else{
          assign(c, q, &p, k, len, 0.85, any, person);
        }
        return 1;
      }
      /* "retired in Cambridge, Mass., said": a place's comma */
      if( c->w[k].cap && k >= 1 && name_like(c, k - 1) && inner++ < 1 ) continue;
      if( have_appo && k == appo.m_last + 1 ) continue;
      return 0;
    }
  }
  return 0;
}

/* Nominal attribution, when nothing else attributes a quote: "his warning
** that ... “back of the queue”", "Ryan’s language ... showing “respect”",
** "Mitt Romney’s “47 percent” comment".  A possessive (a name with ’s, or
** his, her, their) before a speech noun (@noun, or a cue verb used as a
** noun, which the possessive shows) is the speaker.  Word n is the noun;
** adjectives may stand between. */
static int possessor_at(ctx *c, size_t k, np *out){
  int t = single_type(c, k);
  if( c->w[k].quote >= 0 || c->w[k].skip ) return 0;
  if( t == T_POSSESSIVE || t == T_OBJECT ){
    out->type = NR_SPEAKER_PRONOUN;
    out->generic = 0;
    out->rel = (size_t)-1;
    out->m_first = out->n_first = out->m_last = out->n_last = k;
    return 1;
  }
  if( is_possessive(c, k) && c->w[k].cap ){
    size_t first = k;
    while( first > 0 && !c->w[first].glued && gap_joins(c, first)
        && !gap_breaks(c, first, 0) && name_like(c, first - 1)
        && c->w[first-1].quote == -1 && k - first < 4 ) first--;
    out->type = NR_SPEAKER_DESCRIPTION;
    out->generic = 1;      /* the phrase names itself */
    out->rel = (size_t)-1;
    out->m_first = out->n_first = first;
    out->m_last = out->n_last = k;
    return 1;
  }
  return 0;
}

static int possessor_of(ctx *c, size_t n, np *out){
  size_t k = n, steps = 0;
  while( k > 0 && steps++ < 3 ){
    k--;
    if( c->w[k].quote >= 0 || c->w[k].skip || gap_breaks(c, k + 1, 1) ) return 0;
    if( possessor_at(c, k, out) ) return 1;
    /* an adjective: lower case, no stopword, no cue */
    if( c->w[k].cap || is_stop(c, k) || single_type(c, k) != T_NONE ) return 0;
  }
  return 0;
}

static int text_ends_with_curly(const ctx *c, size_t e){
  return e >= 4 && memcmp(c->text + e - 4, "\xE2\x80\x99", 3) == 0;
}

static int is_speech_noun(ctx *c, size_t i){
  int t = single_type(c, i);
  return t == T_NOUN || t == T_VERB || t == T_POST;
}

/* The nearest speech noun with a possessor before word b in its sentence,
** or right after the quote (word a). */
static int nominal_attribution(ctx *c, size_t a, size_t b, const nr_quote *q,
                               np *out, size_t *noun){
  size_t i = b, steps = 0;
  int sentence;
  if( a < c->nw && b > 0 && c->w[a].quote == -1 && c->w[b-1].quote == -1
   && !gap_breaks(c, a, 1) && is_speech_noun(c, a)
   && !span_has(c, c->w[b-1].tok.byte_end, q->open.byte_start, ",;:.!?")
   && possessor_at(c, b - 1, out) ){
    *noun = a;
    return 1;
  }
  if( b == 0 ) return 0;
  sentence = c->w[b-1].tok.sentence;
  while( i > 0 && steps++ < BACK_LIMIT ){
    i--;
    if( c->w[i].quote >= 0 ) continue;
    if( c->w[i].tok.sentence != sentence ) return 0;
    if( is_speech_noun(c, i) && possessor_of(c, i, out) ){
      *noun = i;
      return 1;
    }
  }
  return 0;
}

/* Is word i in an opening subordinate clause ("When S announced ...,",
** "After S said ...,") that a comma closes before word b? */
static int in_subordinate(ctx *c, size_t i, size_t b){
  static const char *const subs[] = {
    "when", "after", "before", "while", "since", "although", "though",
    "because", "if", "once", "until", NULL   /* not "as": "as S put it, Q" */
  };
  size_t ss = sentence_start(c, i), k, n;
  const char *f;
  if( ss >= i || c->w[ss].quote >= 0 ) return 0;
  f = fold_word(c, ss, &n);
  if( !in_list(f, n, subs) ) return 0;
  /* the clause ends at the first comma after its opening word: the cue
  ** must come before it, and the quote after it */
  for(k = ss + 1; k <= i; k++){
    if( gap_has(c, k, ",") ) return 0;
  }
  for(k = i + 1; k < b && k < c->nw; k++){
    if( c->w[k].quote >= 0 ) return 0;
    if( gap_has(c, k, ",") ) return 1;
  }
  return 0;
}

static int is_passive_aux(ctx *c, size_t i){
  static const char *const aux[] = {
    "was", "were", "is", "are", "been", "be", "being", NULL
  };
  size_t n;
  const char *f = fold_word(c, i, &n);
  return in_list(f, n, aux);
}

static void attribute_one(ctx *c, nr_quote *q, int qi, last_speaker *any,
                          people *person){
  size_t outer_end = q->close.byte_end > q->text.byte_end ? q->close.byte_end
                                                          : q->text.byte_end;
  size_t a = word_at(c, outer_end, 0);
  size_t b = word_at(c, q->open.byte_start, 0);   /* first word of/after q */
  int lastc = last_visible(c, q);
  np p;
  c->cur_b = b;
  size_t k;
  int len, t;
  /* 1. after the quote: `Q, S said` / `Q, said S` */
  if( a > 0 && a < c->nw && c->w[a].quote == -1 && opens_attribution(c, a)
   && (lastc == ',' || lastc == '?' || lastc == '!' || lastc == '-'
       || (lastc & 0x80) || gap_has(c, a, ",-")
       || ((single_type(c, a) == T_PRONOUN || single_type(c, a) == T_SELF)
           && a + 1 < c->nw
           && single_type(c, a + 1) == T_VERB)
       || name_then_cue(c, a))
   && !gap_has(c, a, ".;:\n") ){
    for(k = a; k < c->nw && k < a + AFTER_LIMIT; k++){
      if( c->w[k].quote >= 0 || !same_clause_area(c, k, a) ) break;
      if( k > a && gap_breaks(c, k, 1) ) break;
      t = cue_at(c, k, &len);
      if( k > a && is_article(c, k - 1) ) continue;    /* "the report" */
      if( t == T_VERB && k == a && is_participle(c, k) ){
        /* `defended “New York values,” saying the city ...`: the words
        ** after the participle are what was said, its subject is the
        ** clause's before the quote */
        if( b > 0 && clause_subject(c, b, &p) ){
          assign(c, q, &p, k, len, 0.75, any, person);
          return;
        }
        break;
      }
      if( t == T_VERB || t == T_POST || t == T_ACCORDING ){
        if( k > a && t != T_ACCORDING ){
          size_t j;
          if( subject_before(c, k, a - 1, &p) ){
            /* only the speaker between the quote and the verb: not
            ** "and the United States called for" */
            for(j = a; j < p.m_first; j++){
              if( is_stop(c, j) && !is_article(c, j)
               && !(j == a && word_is(c, j, "as")) ) break;   /* “Q,” as S said */
            }
            if( j == p.m_first ){
              assign(c, q, &p, k, len, 0.9, any, person);
              return;
            }
          }
          if( generic_np(c, a, k - 1, &p) ){
            assign(c, q, &p, k, len, 0.8, any, person);
            return;
          }
          /* "a déclaré le président": only auxiliaries before the verb */
          for(j = a; j < k && (is_stop(c, j) || single_type(c, j) == T_AUX); j++){}
          if( j < k ) break;
        }
        if( np_after(c, k + (size_t)len, 5, &p)
         || generic_after(c, k + (size_t)len, &p) ){
          assign(c, q, &p, k, len, 0.85, any, person);
          return;
        }
        break;
      }
    }
  }
  /* 1b. `Q," Simon Rosenberg, a Clinton supporter, told` */
  if( a > 0 && a < c->nw && c->w[a].quote == -1
   && (gap_has(c, a, ",") || lastc == ',' || lastc == '?' || lastc == '!')
   && !gap_has(c, a, ".;:\n") && speaker_then_aside(c, q, a, any, person) ){
    return;
  }
  /* 2a. a full quote opening a sentence goes on from the quote attributed
  ** after it in the sentence before: `“A,” Clinton said, referencing a
  ** super PAC called Future45. “B.”` is Clinton's, not the PAC's */
  if( b > 0 && qi > 0 && q->kind == NR_QUOTE_FULL && c->w[b].quote >= 0
   && c->w[b].tok.sentence != c->w[b-1].tok.sentence ){
    int pi = qi - 1;
    while( pi > 0 && c->qs->q[pi].depth > 0 ) pi--;
    if( c->qs->q[pi].depth == 0 ){
      const nr_quote *pq = &c->qs->q[pi];
      size_t ss = sentence_start(c, b - 1);
      if( pq->speaker_type != NR_SPEAKER_NONE && pq->confidence >= 0.6
       && pq->paragraph == q->paragraph
       && pq->close.byte_end > c->w[ss].tok.byte_start
       && pq->close.byte_end <= q->open.byte_start
       && pq->mention.byte_start >= pq->close.byte_end
       && pq->cue.byte_start >= pq->close.byte_end
       && (other_cue_between(c, pq, b) || attribution_ends_at(c, pq, q)) ){
        q->speaker_type = pq->speaker_type;
        q->mention = pq->mention;
        q->speaker = pq->speaker;
        q->cue = pq->cue;
        q->confidence = pq->confidence - 0.1;
        return;
      }
    }
  }
  /* 2. before it: the nearest cue of its sentence (or of the sentence
  ** just before, when the quote opens one: `Trump said Tuesday. “B.”`);
  ** not the paragraph before unless it ends with a colon (`He said:`) */
  if( b > 0 && b < c->nw && c->w[b].tok.paragraph != c->w[b-1].tok.paragraph
   && !gap_before_quote_has(c, b - 1, q, ':') ){
    if( trailing_attribution(c, q, a, any, person) ) return;
  }
  if( b > 0 ){
    size_t i = b, steps = 0;
    int sentence = c->w[b - 1].tok.sentence;
    while( i > 0 && steps++ < BACK_LIMIT ){
      i--;
      if( c->w[i].quote >= 0 ) continue;
      if( !same_clause_area(c, i, b - 1) ) break;
      if( c->w[i].tok.sentence != sentence && gap_has(c, i + 1, ".!?") ) break;
      t = cue_at(c, i, &len);
      if( t == T_ACCORDING ){
        if( np_after(c, i + (size_t)len, 5, &p)
         || generic_after(c, i + (size_t)len, &p) ){
          assign(c, q, &p, i, len, 0.85, any, person);
          return;
        }
      }else if( t == T_POST && c->w[i].quote == -1
             && (i + (size_t)len == b
                 || (i + (size_t)len + 1 == b && word_is(c, i + (size_t)len, "that")))
             && (gap_before_quote_has(c, b - 1, q, ',')
                 || gap_before_quote_has(c, b - 1, q, ':')
                 || i + (size_t)len + 1 == b)
             && (subject_before(c, i, 0, &p)
                 || generic_before(c, i, i > 6 ? i - 6 : 0, &p)) ){
        /* "He continued, “...”", "The letter continues: “...”": a verb
        ** that is mostly a noun or attributes after a quote, right
        ** before one */
        assign(c, q, &p, i, len, 0.75, any, person);
        return;
      }else if( t == T_VERB && in_subordinate(c, i, b) ){
        /* "When Trump announced his candidacy in June 2015, he referred
        ** to ... as “criminals”": the clause before the comma is not the
        ** quote's */
        continue;
      }else if( t == T_VERB ){
        size_t fn;
        const char *f = fold_word(c, i, &fn);
        /* read now: folding another word may move the folded text */
        int ing = fn > 5 && memcmp(f + fn - 3, "ing", 3) == 0;
        if( i > 0 && i + 2 < c->nw && is_passive_aux(c, i - 1)
         && word_is(c, i + (size_t)len, "by") && c->w[i + (size_t)len].quote == -1
         && np_after(c, i + (size_t)len + 1, 5, &p) ){
          /* "Sanders was asked by host Bill Maher, ..., “...”" */
          assign(c, q, &p, i, len, 0.75, any, person);
          return;
        }
        if( ing && gap_has(c, i, ",")
         && (clause_subject(c, i, &p)
             || first_subject(c, sentence_start(c, i), i, &p)) ){
          /* "Trump went after Bush, calling him": the main subject, in
          ** subject position ("At a rally in Portsmouth, N.H., Sanders
          ** endorsed Clinton, saying") */
          assign(c, q, &p, i, len, 0.75, any, person);
          return;
        }
        if( coordinated_subject(c, i, &p) ){
          /* "He says he respects Clinton and calls her": not Clinton */
          assign(c, q, &p, i, len, 0.75, any, person);
          return;
        }
        if( subject_before(c, i, 0, &p) && p.rel != (size_t)-1 ){
          /* "Beck, who has in the past described": not "the past" */
          assign(c, q, &p, i, len, 0.8, any, person);
          return;
        }
        if( i >= 2 && !c->w[i-1].cap && c->w[i-1].quote == -1
         && single_type(c, i - 1) == T_NONE && !is_stop(c, i - 1)
         && !gap_breaks(c, i - 1, 1) && !gap_breaks(c, i, 1)
         && is_article(c, i - 2)
         && generic_before(c, i, i > 6 ? i - 6 : 0, &p) ){
          /* "as the heckler yelled": that phrase, not an earlier name */
          assign(c, q, &p, i, len, 0.75, any, person);
          return;
        }
        if( subject_before(c, i, 0, &p)
         || generic_before(c, i, i > 6 ? i - 6 : 0, &p) ){
          assign(c, q, &p, i, len, 0.8, any, person);
          return;
        }
        if( np_after(c, i + (size_t)len, 4, &p)
         && p.type != NR_SPEAKER_PRONOUN ){
          assign(c, q, &p, i, len, 0.6, any, person);
          return;
        }
      }
      if( c->w[i].initial ) break;
    }
    /* `Pew Research: “...”`: a name right before the colon */
    if( b > 0 && c->w[b-1].quote == -1 && gap_before_quote_has(c, b - 1, q, ':') ){
      int kind = candidate(c, b - 1);
      if( kind == NR_SPEAKER_NAME || kind == NR_SPEAKER_ORGANISATION ){
        np_from_last(c, b - 1, kind, &p);
        assign(c, q, &p, 0, 0, 0.7, any, person);
        return;
      }
    }
    /* `Trump’s “excesses” are sickening, Hollande said Tuesday.` */
    if( trailing_attribution(c, q, a, any, person) ) return;
    /* 3. `For S, ...` and 4. the subject of the sentence */
    k = i;
    if( k < b && c->w[k].quote == -1 ){
      t = cue_at(c, k, &len);
      if( t == T_FOR && np_after(c, k + 1, 4, &p) && p.type != NR_SPEAKER_PRONOUN
       && p.m_last + 1 < c->nw && gap_has(c, p.m_last + 1, ",") ){
        assign(c, q, &p, k, 1, 0.75, any, person);
        return;
      }
      {
        size_t noun;
        if( nominal_attribution(c, a, b, q, &p, &noun) ){
          assign(c, q, &p, noun, 1, 0.5, any, person);
          if( p.type != NR_SPEAKER_PRONOUN && q->speaker.end >= q->speaker.start + 3 ){
            /* the speaker without its ’s */
            size_t e = q->speaker.byte_end;
            q->speaker.byte_end -= text_ends_with_curly(c, e) ? 4 : 2;
            q->speaker.end -= 2;
          }
          return;
        }
      }
      subject_of_sentence(c, q, k, b, any, person);
    }
  }
}

/* A quote that found no speaker of its own takes the previous quote's:
** the second half of a split quote (`“A,” he said, “B.”`) and a quote
** that goes on after `“A,” he said.` in the same or the next paragraph. */
static void inherit(ctx *c, nr_quote *q, const nr_quote *prev){
  size_t attr_end, p;
  int split = 1;
  if( prev->speaker_type == NR_SPEAKER_NONE || prev->confidence < 0.6 ) return;
  attr_end = prev->mention.byte_end > prev->cue.byte_end ? prev->mention.byte_end
                                                         : prev->cue.byte_end;
  if( attr_end < prev->close.byte_end || attr_end > q->open.byte_start ){
    split = 0;
  }else{
    for(p = attr_end; p < q->open.byte_start && split; p++){
      char ch = c->text[p];
      if( ch != ' ' && ch != ',' && ch != ':' ) split = 0;
    }
  }
  if( split ){
    q->speaker_type = prev->speaker_type;
    q->mention = prev->mention;
    q->speaker = prev->speaker;
    q->cue = prev->cue;
    q->confidence = prev->confidence;
    if( prev->kind == NR_QUOTE_FULL ) q->kind = NR_QUOTE_FULL;
    return;
  }
  if( q->speaker_type != NR_SPEAKER_NONE || q->kind != NR_QUOTE_FULL ) return;
  if( q->paragraph - prev->paragraph > 1 ) return;
  q->speaker_type = prev->speaker_type;
  q->mention = prev->mention;
  q->speaker = prev->speaker;
  q->confidence = 0.6;
}

/* ---- kinds ------------------------------------------------------------------ */

/* Is word i's first letter a lower-case one? */
static int starts_lower(const ctx *c, size_t i){
  const nr_token *t = &c->w[i].tok;
  int32_t cp;
  if( nr_utf8_decode((const unsigned char *)c->text + t->byte_start,
                     t->byte_end - t->byte_start, &cp) == 0 ) return 0;
  return utf8proc_islower(cp);
}

/* Is the line of word i written in title case, as headlines are: three
** words of four letters or more outside quotes, and no such word in lower
** case, outside quotes or at either end of one?  There the capitals of a
** quote say nothing about its kind (`Graham: Trump’s ‘Incredibly Hateful
** Rhetoric’ Destroying GOP’s Chance`).  The quotes come in order, so the
** last line's answer is kept. */
static int title_case_line(ctx *c, size_t i){
  int line = c->w[i].line, long_words = 0;
  size_t a = i, e = i, k;
  if( line == c->tl_line ) return c->tl_value;
  while( a > 0 && c->w[a-1].line == line ) a--;
  while( e < c->nw && c->w[e].line == line ) e++;
  c->tl_line = line;
  c->tl_value = 0;
  for(k = a; k < e; k++){
    if( c->w[k].tok.kind != NR_TOKEN_WORD
     || c->w[k].tok.end - c->w[k].tok.start < 4 ) continue;
    if( starts_lower(c, k) ) return 0;
    long_words += c->w[k].quote < 0;
  }
  c->tl_value = long_words >= 3;
  return c->tl_value;
}

/* Do the quote's words read as the name of a work (how many, 0 if not):
** one to eight words,
** the first capitalised or a number (`“60 Minutes”`), every word of four
** letters or more capitalised?  A full stop may close it: the American
** comma and full stop go inside the marks (`on CBS's ''Face the
** Nation.''`). */
static int title_words(const char *text, const nr_quote *q){
  size_t p = q->text.byte_start, e = q->text.byte_end;
  int words = 0, len = 0, lower = 0;
  while( p < e ){
    int32_t cp;
    int n = nr_utf8_decode((const unsigned char *)text + p, e - p, &cp);
    int letter;
    if( n == 0 ){ n = 1; cp = 0; }
    letter = cp < 0x80 ? ((cp | 32) >= 'a' && (cp | 32) <= 'z')
                         || (cp >= '0' && cp <= '9')
                       : utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO;
    if( letter ){
      if( len == 0 ){
        if( ++words > 8 ) return 0;
        lower = cp < 0x80 ? (cp >= 'a' && cp <= 'z') : utf8proc_islower(cp);
        if( words == 1 && lower ) return 0;
      }
      len++;
    }else if( len > 0 && cp != '\'' && cp != 0x2019 && cp != '-' ){
      if( lower && len >= 4 ) return 0;
      len = 0;
    }
    p += (size_t)n;
  }
  if( lower && len >= 4 ) return 0;
  return words;
}

/* Is word i a possessive of an acronym or of a lower-case word (`NBC’s`,
** `television’s`): a network or a medium rather than a person, whose
** “Oops” would be their word? */
static int possessive_of_thing(const ctx *c, size_t i){
  const unsigned char *p = (const unsigned char *)c->text + c->w[i].tok.byte_start;
  const unsigned char *e = (const unsigned char *)c->text + c->w[i].tok.byte_end;
  size_t n;
  e -= e[-2] == '\'' ? 2 : 4;       /* 's or ’s, is_possessive() said which */
  n = (size_t)(e - p);
  if( n >= 1 && p[0] >= 'a' && p[0] <= 'z' ) return 1;
  if( n < 2 || n > 6 ) return 0;
  while( p < e ){
    if( !(*p >= 'A' && *p <= 'Z') ) return 0;
    p++;
  }
  return 1;
}

/* A title opening a sentence as its subject, `“Broad City” star Arturo
** Castro turned the tables`, `''Opening Belle,'' which will be in
** bookstores`: quotes.c calls it full for its place.  A few title-cased
** words without a full stop, then a lower-case word that neither
** attributes (`“Good Morning,” he said`) nor is a cue.  Two words at
** least: one alone is as often a word held at arm's length (`'Stoic'
** driver identified`). */
static void subject_title(ctx *c, nr_quote *q){
  size_t end = q->close.byte_end > q->text.byte_end ? q->close.byte_end
                                                  : q->text.byte_end;
  size_t a = word_at(c, end, 0), p;
  int last = last_visible(c, q), t, len;
  if( last == '.' || last == '!' || last == '?' || (last & 0x80) ) return;
  if( a >= c->nw || c->w[a].quote >= 0 || !starts_lower(c, a) ) return;
  if( c->w[a].tok.kind != NR_TOKEN_WORD ) return;
  for(p = end; p < c->w[a].tok.byte_start; p++){
    if( c->text[p] != ' ' && c->text[p] != ',' ) return;
  }
  if( q->cue.byte_end > q->cue.byte_start && q->cue.byte_start >= end ) return;
  t = single_type(c, a);
  if( t == T_PRONOUN || t == T_SELF || cue_at(c, a, &len) != T_NONE ) return;
  t = title_words(c->text, q);
  if( t >= 2 && t <= 5 ) q->kind = NR_QUOTE_TITLE;
}

/* Is there a speech verb before word b in its sentence, outside quotes?
** Then a short quote the rules found no speaker for is still somebody's
** words (`saying she didn't "want to contemplate" the effects`), not a
** scare quote. */
static int cue_before_in_sentence(ctx *c, size_t b){
  size_t k, first;
  int len;
  if( b == 0 || b > c->nw ) return 0;
  first = sentence_start(c, b - 1);
  if( b < c->nw && c->w[b].initial ) return 0;
  for(k = first; k < b; k++){
    if( c->w[k].quote >= 0 ) continue;
    if( cue_at(c, k, &len) == T_VERB ) return 1;
  }
  return 0;
}

/* The kind quotes.c gave from the quote's shape, corrected by the words
** around it: a quote in a title-cased line is a headline's; title-cased
** words right after a possessive or a word that names a work (`NBC’s
** “Today”`, `the TV show "Shark Tank."`, `titled “Scam.”`) are a title,
** full stop or not.  b is the quote's first word. */
static void refine_kind(ctx *c, nr_quote *q, size_t b){
  size_t k, p;
  int words;
  if( b >= c->nw || c->w[b].tok.byte_start >= q->text.byte_end ) return;
  if( title_case_line(c, b) ){
    q->kind = NR_QUOTE_HEADLINE;
    return;
  }
  if( q->kind == NR_QUOTE_TITLE && q->speaker_type != NR_SPEAKER_NONE
   && q->cue.byte_end > q->cue.byte_start && q->cue.byte_end <= q->open.byte_start
   && b - word_at(c, q->cue.byte_end, 0) <= 2 ){
    /* capitals right after a speaker's cue are the speaker's words: `he
    ** called his opponent ''Senator Cruz''`, `He said “The Hispanics”`;
    ** unless a possessive or a word naming a work comes between, as
    ** below (`said on ABC's ''This Week''`) */
    q->kind = NR_QUOTE_PARTIAL;
  }
  if( q->kind == NR_QUOTE_FULL ){
    subject_title(c, q);
    return;
  }
  if( q->kind != NR_QUOTE_PARTIAL || b == 0 ) return;
  k = b - 1;
  if( c->w[k].quote >= 0 || c->w[k].line != c->w[b].line ) return;
  for(p = c->w[k].tok.byte_end; p < q->open.byte_start; p++){
    if( c->text[p] != ' ' && c->text[p] != ',' ) return;
  }
  words = title_words(c->text, q);
  if( words == 0 ) return;
  if( single_type(c, k) == T_TITLE
   || (is_possessive(c, k) && (words >= 2 || possessive_of_thing(c, k))) ){
    q->kind = NR_QUOTE_TITLE;
  }
}

/* ---- boilerplate ------------------------------------------------------------ */

/* Marks the words of lines that are captions (" | ") or author bios
** ("X is a ... journalist"). */
static int word_is(const ctx *c, size_t i, const char *w){
  size_t n = strlen(w);
  return c->w[i].tok.byte_end - c->w[i].tok.byte_start == n
      && memcmp(c->text + c->w[i].tok.byte_start, w, n) == 0;
}

static void mark_boilerplate(ctx *c){
  static const char *const bio[] = {
    "author", "journalist", "writer", "reporter", "editor", "correspondent",
    NULL
  };
  size_t i = 0;
  while( i < c->nw ){
    size_t j = i, k;
    int line = c->w[i].line, is_a = 0, hit = 0;
    while( j < c->nw && c->w[j].line == line ) j++;
    hit = memchr(c->text + c->w[i].tok.byte_start, '|',
                 c->w[j-1].tok.byte_start - c->w[i].tok.byte_start) != NULL;
    for(k = i + 1; k < j && k < i + 60 && !hit; k++){
      int b;
      if( word_is(c, k, "a") && word_is(c, k - 1, "is") ) is_a = 1;
      for(b = 0; is_a && bio[b]; b++){
        if( word_is(c, k, bio[b]) ) hit = 1;
      }
    }
    if( hit ){
      for(k = i; k < j; k++) c->w[k].skip = 1;
    }
    i = j;
  }
}

/* ---- the entry point ------------------------------------------------------- */

static int is_cap_at(const char *text, const nr_token *t){
  int32_t cp;
  unsigned char b = (unsigned char)text[t->byte_start];
  if( b < 0x80 ) return b >= 'A' && b <= 'Z';
  if( nr_utf8_decode((const unsigned char *)text + t->byte_start,
                     t->byte_end - t->byte_start, &cp) == 0 ) return 0;
  return utf8proc_isupper(cp);
}

static size_t next_newline(const char *text, size_t from, size_t n){
  const char *p = from < n ? memchr(text + from, '\n', n - from) : NULL;
  return p ? (size_t)(p - text) : n;
}

static int load_words(ctx *c){
  nr_scanner sc;
  nr_token tok;
  size_t cap = 0, qi = 0, qn = 0, prev_end = (size_t)-1;
  size_t nl = next_newline(c->text, 0, c->n);   /* the next '\n', or n */
  int line = 0, prev_sentence = -1;
  nr_scanner_init(&sc, c->text, c->n);
  while( nr_scanner_next(&sc, &tok) ){
    word *w;
    int in_quote = -1, initial = tok.sentence != prev_sentence;
    int glued = prev_end == tok.byte_start;
    prev_sentence = tok.sentence;
    prev_end = tok.byte_end;
    /* the quotes' numbers: those of their first word */
    while( qn < c->qs->n && tok.byte_end > c->qs->q[qn].text.byte_start ){
      c->qs->q[qn].paragraph = tok.paragraph;
      c->qs->q[qn].sentence = tok.sentence;
      qn++;
    }
    /* the depth-0 quote holding it */
    while( qi < c->qs->n ){
      const nr_quote *q = &c->qs->q[qi];
      size_t end = q->close.byte_end > q->text.byte_end ? q->close.byte_end
                                                        : q->text.byte_end;
      if( q->depth > 0 || end <= tok.byte_start ){ qi++; continue; }
      break;
    }
    if( qi < c->qs->n && c->qs->q[qi].open.byte_start <= tok.byte_start ){
      in_quote = (int)qi;
    }
    /* of the words inside a quote only the first and the last are kept:
    ** nobody inside speaks, and a long quote must not cost memory */
    if( in_quote >= 0 && c->nw >= 2 && c->w[c->nw-1].quote == in_quote
     && c->w[c->nw-2].quote == in_quote ){
      c->nw--;
    }
    if( c->nw == cap ){
      size_t ncap = cap ? cap * 2 : 256;
      word *nw = nr_realloc(c->w, ncap * sizeof(*nw));
      if( nw == NULL ) return -1;
      c->w = nw;
      cap = ncap;
    }
    w = &c->w[c->nw];
    memset(w, 0, sizeof(*w));
    w->tok = tok;
    /* lines, by the newlines before this word: the next one is looked
    ** for once per line, not in every gap */
    while( nl < tok.byte_start ){
      line++;
      nl = next_newline(c->text, nl + 1, c->n);
    }
    w->line = line;
    w->cap = is_cap_at(c->text, &tok);
    w->initial = initial;
    w->glued = glued;
    w->quote = in_quote;
    w->skip = in_quote >= 0;
    c->nw++;
  }
  for(; qn < c->qs->n; qn++){
    c->qs->q[qn].paragraph = c->nw ? c->w[c->nw-1].tok.paragraph : 0;
    c->qs->q[qn].sentence = c->nw ? c->w[c->nw-1].tok.sentence : 0;
  }
  return 0;
}

/* Words written with a capital inside a sentence, outside quotes. */
static int collect_midcaps(ctx *c){
  size_t i;
  for(i = 0; i < c->nw; i++){
    size_t n;
    const char *f;
    uint64_t h;
    if( !c->w[i].cap || c->w[i].initial || c->w[i].skip ) continue;
    if( i > 0 && gap_has(c, i, ":\"") ) continue;
    f = fold_word(c, i, &n);
    if( c->oom ) return -1;
    h = c->w[i].hash;
    if( is_possessive(c, i) && n > 2 && f[n-2] == '\'' ){
      /* "Smith’s speech" vouches for "Smith" */
      n -= 2;
      h = nr_word_hash(f, n);
    }
    if( table_add_h(&c->midcap, f, n, h, T_MIDCAP) ) return -1;
  }
  return 0;
}

/* The words in text[b, e), counting no further than cap. */
static int count_words(const char *text, size_t b, size_t e, int cap){
  int words = 0, in_word = 0;
  while( b < e && words < cap ){
    int32_t cp;
    int len = nr_utf8_decode((const unsigned char *)text + b, e - b, &cp);
    int letter;
    if( len == 0 ){ len = 1; cp = 0; }
    if( cp < 0x80 ){
      letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
            || (cp >= '0' && cp <= '9');
    }else{
      utf8proc_category_t cat = utf8proc_category(cp);
      letter = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            || cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_MN;
    }
    if( letter && !in_word ) words++;
    in_word = letter || (in_word && (cp == '\'' || cp == 0x2019 || cp == '-'));
    b += (size_t)len;
  }
  return words;
}

int nr_quotes_attribute(const char *text, size_t n, const nr_cues *cues,
                        nr_quotes *qs){
  ctx c;
  size_t i;
  int rc = 0;
  last_speaker any;
  people person;
  int prev = -1;
  if( qs->n == 0 ) return 0;
  memset(&c, 0, sizeof(c));
  memset(&any, 0, sizeof(any));
  memset(&person, 0, sizeof(person));
  c.text = text;
  c.n = n;
  c.qs = qs;
  c.cues = &cues->words;
  c.heads = &cues->heads;
  c.stop = cues->stop;
  c.tl_line = -1;
  if( load_words(&c) ) rc = -1;
  if( rc == 0 ){
    mark_boilerplate(&c);
    if( collect_midcaps(&c) ) rc = -1;
  }
  if( rc == 0 ) collect_names(&c);
  for(i = 0; rc == 0 && i < qs->n && !c.oom; i++){
    nr_quote *q = &qs->q[i];
    if( q->depth > 0 && q->parent >= 0 ){
      const nr_quote *p = &qs->q[q->parent];
      q->speaker_type = p->speaker_type;
      q->mention = p->mention;
      q->speaker = p->speaker;
      q->cue = p->cue;
      q->confidence = p->confidence;
    }else{
      attribute_one(&c, q, (int)i, &any, &person);
      if( prev >= 0 ) inherit(&c, q, &qs->q[prev]);
      refine_kind(&c, q, c.cur_b);
      prev = (int)i;
    }
    if( q->speaker_type == NR_SPEAKER_NONE && q->kind == NR_QUOTE_PARTIAL
     && q->depth == 0 && !cue_before_in_sentence(&c, c.cur_b) ){
      /* a few words nobody says: a scare quote */
      if( count_words(text, q->text.byte_start, q->text.byte_end, 4) <= 3 ){
        q->kind = NR_QUOTE_SCARE;
      }
    }
    if( q->confidence < 0 ) q->confidence = 0;
  }
  if( c.oom ) rc = -1;
  table_free(&c.midcap);
  table_free(&c.names);
  nr_buf_free(&c.folded);
  nr_buf_free(&c.scratch);
  nr_free(c.w);
  nr_free(c.full);
  return rc;
}
