/*
** analyzer.c -- folding, stemming and stopword tests for many languages,
** with each language's stemmer and stopword set made on first use.
**
** Order of operations: case-fold, stem, then (if asked) strip diacritics
** from the stem.  Stripping first would feed Snowball words it was not
** written for and put 2-4% of Spanish, French and Portuguese word types in
** the wrong stem group.
*/
#include <string.h>
#include "newsroom.h"
#include "fastscan.h"

struct nr_analyzer {
  uint64_t key[NR_STEM_KEY_WORDS];   /* the folded word, as the cache keys it */
  int nlangs;
  nr_stemmer **stemmers;
  nr_stopwords **stopwords;
  nr_quote_weights **weights;
  nr_buf fold, strip;
};

nr_analyzer *nr_analyzer_new(void){
  int n = nr_lang_count();
  nr_analyzer *a = nr_realloc(NULL, sizeof(*a));
  if( a == NULL ) return NULL;
  memset(a, 0, sizeof(*a));
  a->nlangs = n;
  /* each array is cleared as soon as it exists: nr_analyzer_free reads
  ** whichever of them the allocator granted */
  a->stemmers = nr_realloc(NULL, sizeof(nr_stemmer *) * (size_t)n);
  if( a->stemmers ) memset(a->stemmers, 0, sizeof(nr_stemmer *) * (size_t)n);
  a->stopwords = nr_realloc(NULL, sizeof(nr_stopwords *) * (size_t)n);
  if( a->stopwords ){
    memset(a->stopwords, 0, sizeof(nr_stopwords *) * (size_t)n);
  }
  a->weights = nr_realloc(NULL, sizeof(nr_quote_weights *) * (size_t)n);
  if( a->weights ){
    memset(a->weights, 0, sizeof(nr_quote_weights *) * (size_t)n);
  }
  if( a->stemmers == NULL || a->stopwords == NULL || a->weights == NULL ){
    nr_analyzer_free(a);
    return NULL;
  }
  return a;
}

void nr_analyzer_free(nr_analyzer *a){
  int i;
  if( a == NULL ) return;
  for(i = 0; i < a->nlangs; i++){
    if( a->stemmers ) nr_stemmer_free(a->stemmers[i]);
    if( a->stopwords ) nr_stopwords_free(a->stopwords[i]);
    if( a->weights ) nr_quote_weights_free(a->weights[i]);
  }
  nr_free(a->weights);
  nr_free(a->stemmers);
  nr_free(a->stopwords);
  nr_buf_free(&a->fold);
  nr_buf_free(&a->strip);
  nr_free(a);
}

static nr_stemmer *stemmer_for(nr_analyzer *a, int lang){
  if( a->stemmers[lang] == NULL ) a->stemmers[lang] = nr_stemmer_new(lang);
  return a->stemmers[lang];
}

static nr_stopwords *stopwords_for(nr_analyzer *a, int lang){
  if( a->stopwords[lang] == NULL ) a->stopwords[lang] = nr_stopwords_new(lang);
  return a->stopwords[lang];
}

int nr_analyzer_quote_weights(nr_analyzer *a, int lang,
                              const nr_quote_weights **out){
  *out = NULL;
  if( lang < 0 || lang >= a->nlangs ) return 0;
  if( a->weights[lang] == NULL ) a->weights[lang] = nr_quote_weights_new(lang);
  if( a->weights[lang] == NULL ) return -1;
  *out = a->weights[lang];
  return 0;
}

int nr_analyzer_is_stopword(nr_analyzer *a, int lang, const char *folded,
                            size_t n){
  nr_stopwords *sw;
  if( lang < 0 || lang >= a->nlangs ) return 0;
  sw = stopwords_for(a, lang);
  if( sw == NULL ) return -1;
  return nr_stopwords_has(sw, folded, n);
}

/* Stems (and tests) the word folded in key, n bytes long, whose
** stem_key_hash is h. */
static int analyze_key(nr_analyzer *a, int lang, int is_word,
                       const uint64_t *key, size_t n, uint32_t h, int opts,
                       nr_term *term){
  term->norm = (const char *)key;
  term->norm_n = n;
  term->stem = term->norm;
  term->stem_n = n;
  term->stopword = 0;
  if( is_word && lang >= 0 && lang < a->nlangs ){
    if( !(opts & NR_OPT_NO_STOPWORDS) ){
      int stop = nr_analyzer_is_stopword(a, lang, term->norm, n);
      if( stop < 0 ) return -1;
      term->stopword = stop;
    }
    if( !(opts & NR_OPT_NO_STEM) ){
      nr_stemmer *st = a->stemmers[lang];
      const cache_slot *hot;
      if( st == NULL && (st = stemmer_for(a, lang)) == NULL ) return -1;
      hot = stem_cache_hot(st, key, n, h);
      if( hot ){
        term->stem = hot->stem;
        term->stem_n = hot->slen;
      }else if( nr_stemmer_stem_key(st, key, n, h, &term->stem,
                                    &term->stem_n) ){
        return -1;
      }
    }
  }
  if( opts & NR_OPT_STRIP_DIACRITICS ){
    if( nr_strip_diacritics(term->stem, term->stem_n, &a->strip) ) return -1;
    term->stem = a->strip.p;
    term->stem_n = a->strip.n;
  }
  return 0;
}

/* ASCII, most words of Latin-script news, folds by itself, straight into
** the stem cache's zero-padded key.  0 when w is empty, longer than a key,
** or holds a NUL or a byte past ASCII. */
static int ascii_key(const char *w, size_t n,
                     uint64_t key[NR_STEM_KEY_WORDS]){
  unsigned char *kb = (unsigned char *)key;
  unsigned bad = 0;
  size_t i;
  if( n == 0 || n > NR_STEM_KEY_BYTES ) return 0;
  memset(key, 0, NR_STEM_KEY_BYTES);
  for(i = 0; i < n; i++){
    unsigned c = (unsigned char)w[i];
    bad |= (c - 1) | c;          /* bit 7: a NUL or a byte past ASCII */
    kb[i] = (unsigned char)(c + ((c - 'A' < 26u) << 5));
  }
  return !(bad & 0x80);
}

int nr_analyze_ascii(nr_analyzer *a, int lang, int kind, const char *w,
                     size_t n, int opts, nr_term *term){
  if( !ascii_key(w, n, a->key) ) return 0;
  return analyze_key(a, lang, kind == NR_TOKEN_WORD, a->key, n,
                     stem_key_hash(a->key, n), opts, term) ? -1 : 1;
}

int nr_word_prepare(nr_analyzer *a, int lang, const char *w, size_t n,
                    nr_word_key *k){
  nr_stemmer *st;
  if( !ascii_key(w, n, k->key) ) return 0;
  k->n = n;
  k->hash = stem_key_hash(k->key, n);
  st = (lang >= 0 && lang < a->nlangs) ? a->stemmers[lang] : 0;
  if( st ) STEM_CACHE_PREFETCH(st, k->hash);
  return 1;
}

int nr_analyze_prepared(nr_analyzer *a, int lang, const nr_word_key *k,
                        int opts, nr_term *term){
  return analyze_key(a, lang, 1, k->key, k->n, k->hash, opts, term);
}

int nr_analyze(nr_analyzer *a, int lang, int kind, const char *w, size_t n,
               int opts, nr_term *term){
  int is_word = (kind == NR_TOKEN_WORD);
  int has_lang = (lang >= 0 && lang < a->nlangs);
  int r = nr_analyze_ascii(a, lang, kind, w, n, opts, term);
  if( r ) return r < 0 ? -1 : 0;
  if( nr_fold(w, n, &a->fold) ) return -1;
  term->norm = a->fold.p;
  term->norm_n = a->fold.n;
  term->stem = term->norm;
  term->stem_n = term->norm_n;
  term->stopword = 0;
  if( is_word && has_lang ){
    if( !(opts & NR_OPT_NO_STOPWORDS) ){
      int stop = nr_analyzer_is_stopword(a, lang, term->norm, term->norm_n);
      if( stop < 0 ) return -1;
      term->stopword = stop;
    }
    if( !(opts & NR_OPT_NO_STEM) ){
      nr_stemmer *st = stemmer_for(a, lang);
      if( st == NULL ) return -1;
      if( nr_stemmer_stem(st, term->norm, term->norm_n, &term->stem,
                          &term->stem_n) ) return -1;
    }
  }
  if( opts & NR_OPT_STRIP_DIACRITICS ){
    if( nr_strip_diacritics(term->stem, term->stem_n, &a->strip) ) return -1;
    term->stem = a->strip.p;
    term->stem_n = a->strip.n;
  }
  return 0;
}

/* Cuts the next token into s->ahead_tok, folding a plain word into the
** key buffer not holding the last token's, and asks for the cache memory
** that word's lookup will read. */
static void read_ahead(nr_analyzer *a, nr_scanner *s, int lang){
  uint64_t *key;
  int fast = -1;
  s->ahead_buf ^= 1;
  key = s->keys[s->ahead_buf];
  s->ahead_keyed = 0;
  if( s->words_only && !s->cjk_active ){
    fast = fs_token(s, &s->ahead_tok, key, &s->ahead_keyed);
  }
  if( fast == 0 || (fast < 0 && !nr_scanner_next_general(s, &s->ahead_tok)) ){
    s->ahead = -1;
    return;
  }
  s->ahead = 1;
  s->ahead_fast = fast;
  if( s->ahead_keyed ){
    size_t n = s->ahead_tok.byte_end - s->ahead_tok.byte_start;
    nr_stemmer *st = (lang >= 0 && lang < a->nlangs) ? a->stemmers[lang] : 0;
    s->ahead_hash = stem_key_hash(key, n);
    if( st ) STEM_CACHE_PREFETCH(st, s->ahead_hash);
  }
}

int nr_analyze_next(nr_analyzer *a, nr_scanner *s, int lang, int opts,
                    nr_token *tok, nr_term *term){
  const char *w;
  size_t n;
  int fast, keyed, buf;
  uint32_t h;
  if( s->ahead == 0 ) read_ahead(a, s, lang);
  if( s->ahead < 0 ) return 0;
  *tok = s->ahead_tok;
  fast = s->ahead_fast;
  keyed = s->ahead_keyed;
  h = s->ahead_hash;
  buf = s->ahead_buf;
  read_ahead(a, s, lang);
  w = (const char *)s->text + tok->byte_start;
  n = tok->byte_end - tok->byte_start;
  if( keyed ){
    return analyze_key(a, lang, 1, s->keys[buf], n, h, opts, term) ? -1 : 1;
  }
  if( fast > 0 && tok->kind == NR_TOKEN_NUMBER ){
    /* ASCII digits: their own fold, not stemmed, no accents to strip */
    term->norm = term->stem = w;
    term->norm_n = term->stem_n = n;
    term->stopword = 0;
    return 1;
  }
  return nr_analyze(a, lang, tok->kind, w, n, opts, term) ? -1 : 1;
}

void nr_analyzer_stats(const nr_analyzer *a, uint64_t *hits, uint64_t *misses){
  int i;
  *hits = *misses = 0;
  for(i = 0; i < a->nlangs; i++){
    uint64_t h, m;
    if( a->stemmers[i] == NULL ) continue;
    nr_stemmer_stats(a->stemmers[i], &h, &m);
    *hits += h;
    *misses += m;
  }
}

/* ---- language detection ------------------------------------------------
** The script of the letters settles most languages outright.  Within a
** script that several languages share, each word found in stopword lists
** votes for those languages, a word in k lists casting 1/k of a vote to
** each, so that words common to many languages ("a", "de") count little.
** Only the first DETECT_MAX_WORDS words are read: a news article declares
** its language long before that.
*/
#define DETECT_MAX_WORDS 5000

enum script {
  S_LATIN, S_CYRILLIC, S_GREEK, S_ARMENIAN, S_HEBREW, S_ARABIC,
  S_DEVANAGARI, S_TAMIL, S_OTHER, S_COUNT
};

static int script_of(int32_t cp){
  if( cp < 0x0250 || (cp >= 0x1E00 && cp < 0x1F00) ) return S_LATIN;
  if( cp >= 0x0370 && cp < 0x0400 ) return S_GREEK;
  if( cp >= 0x1F00 && cp < 0x2000 ) return S_GREEK;
  if( cp >= 0x0400 && cp < 0x0530 ) return S_CYRILLIC;
  if( cp >= 0x0530 && cp < 0x0590 ) return S_ARMENIAN;
  if( cp >= 0x0590 && cp < 0x0600 ) return S_HEBREW;
  if( (cp >= 0x0600 && cp < 0x0780) || (cp >= 0xFB50 && cp < 0xFF00) ){
    return S_ARABIC;
  }
  if( cp >= 0x0900 && cp < 0x0980 ) return S_DEVANAGARI;
  if( cp >= 0x0B80 && cp < 0x0C00 ) return S_TAMIL;
  return S_OTHER;
}

static int script_of_language(int lang){
  const char *name = nr_lang_name(lang);
  if( strcmp(name, "russian") == 0 ) return S_CYRILLIC;
  if( strcmp(name, "greek") == 0 ) return S_GREEK;
  if( strcmp(name, "armenian") == 0 ) return S_ARMENIAN;
  if( strcmp(name, "yiddish") == 0 ) return S_HEBREW;
  if( strcmp(name, "arabic") == 0 ) return S_ARABIC;
  if( strcmp(name, "hindi") == 0 || strcmp(name, "nepali") == 0 ){
    return S_DEVANAGARI;
  }
  if( strcmp(name, "tamil") == 0 ) return S_TAMIL;
  if( strcmp(name, "porter") == 0 ) return S_OTHER;   /* english's twin */
  return S_LATIN;
}

/* Serbian is written in both Latin and Cyrillic letters. */
static int uses_script(int lang, int script){
  if( script == S_CYRILLIC && strcmp(nr_lang_name(lang), "serbian") == 0 ){
    return 1;
  }
  return script != S_OTHER && script_of_language(lang) == script;
}

/* Serbian is written in Cyrillic and Latin; its Cyrillic letters ђ ј љ њ
** ћ џ do not occur in Russian. */
static int is_serbian_letter(int32_t cp){
  return cp == 0x0452 || cp == 0x0458 || cp == 0x0459 || cp == 0x045A
      || cp == 0x045B || cp == 0x045F || cp == 0x0402 || cp == 0x0408
      || cp == 0x0409 || cp == 0x040A || cp == 0x040B || cp == 0x040F;
}

/* Lucene's Serbian stopword list lacks many of Serbian's commonest words
** ("da", "na", "od", "za"), so its Latin letters vote too: ć and đ are
** Serbian's alone among the Snowball languages (2: a whole vote); č, š
** and ž it shares with Lithuanian (1: half a vote to each). */
static int serbian_latin_letter(int32_t cp){
  switch( cp ){
    case 0x0106: case 0x0107: case 0x0110: case 0x0111: return 2;
    case 0x010C: case 0x010D: case 0x0160: case 0x0161:
    case 0x017D: case 0x017E: return 1;
    default: return 0;
  }
}

typedef struct detect_state {
  int script_words[S_COUNT];
  int serbian_letters;
  double *votes;          /* per language */
  int *in_lists;          /* scratch: languages holding the current word */
} detect_state;

static int vote(nr_analyzer *a, detect_state *d, int script,
                const char *folded, size_t n){
  int lang, k = 0, i;
  for(lang = 0; lang < a->nlangs; lang++){
    int has;
    if( !uses_script(lang, script) ) continue;
    has = nr_analyzer_is_stopword(a, lang, folded, n);
    if( has < 0 ) return -1;
    if( has ) d->in_lists[k++] = lang;
  }
  for(i = 0; i < k; i++) d->votes[d->in_lists[i]] += 1.0 / k;
  return 0;
}

static int best_vote(const nr_analyzer *a, const detect_state *d, int script){
  int lang, best = NR_LANG_NONE;
  double best_votes = 0.0;
  for(lang = 0; lang < a->nlangs; lang++){
    if( !uses_script(lang, script) ) continue;
    if( d->votes[lang] > best_votes ){
      best_votes = d->votes[lang];
      best = lang;
    }
  }
  return best;
}

static int decide(nr_analyzer *a, detect_state *d){
  int script = S_LATIN, s, lang;
  for(s = 0; s < S_COUNT; s++){
    if( d->script_words[s] > d->script_words[script] ) script = s;
  }
  if( d->script_words[script] == 0 || script == S_OTHER ) return NR_LANG_NONE;
  if( script == S_CYRILLIC ){
    int serbian = nr_lang_find("serbian", 7);
    int russian = nr_lang_find("russian", 7);
    if( d->serbian_letters > 0 || d->votes[serbian] > d->votes[russian] ){
      return serbian;
    }
    return russian;
  }
  if( script == S_LATIN ) return best_vote(a, d, script);
  lang = best_vote(a, d, script);
  if( lang != NR_LANG_NONE ) return lang;
  for(lang = 0; lang < a->nlangs; lang++){   /* the script's first language */
    if( uses_script(lang, script) ) return lang;
  }
  return NR_LANG_NONE;
}

int nr_detect_language(nr_analyzer *a, const char *text, size_t n){
  nr_scanner sc;
  nr_token tok;
  detect_state d;
  int words = 0, result = NR_LANG_UNKNOWN;
  int serbian = nr_lang_find("serbian", 7);
  int lithuanian = nr_lang_find("lithuanian", 10);
  memset(&d, 0, sizeof(d));
  d.votes = nr_realloc(NULL, sizeof(double) * (size_t)a->nlangs);
  d.in_lists = nr_realloc(NULL, sizeof(int) * (size_t)a->nlangs);
  if( d.votes == NULL || d.in_lists == NULL ) goto done;
  memset(d.votes, 0, sizeof(double) * (size_t)a->nlangs);
  nr_scanner_init(&sc, text, n);
  sc.words_only = 1;
  while( words < DETECT_MAX_WORDS && nr_scanner_next(&sc, &tok) ){
    const unsigned char *w = (const unsigned char *)text + tok.byte_start;
    size_t wn = tok.byte_end - tok.byte_start, i;
    int32_t cp;
    int script;
    if( tok.kind != NR_TOKEN_WORD ) continue;
    if( nr_utf8_decode(w, wn, &cp) == 0 ) continue;
    script = script_of(cp);
    d.script_words[script]++;
    words++;
    if( script == S_CYRILLIC ){
      for(i = 0; i < wn; ){
        int len = nr_utf8_decode(w + i, wn - i, &cp);
        if( len == 0 ) break;
        if( is_serbian_letter(cp) ) d.serbian_letters++;
        i += (size_t)len;
      }
    }else if( script == S_LATIN && serbian >= 0 && lithuanian >= 0 ){
      int best = 0;          /* one vote per word, from its likeliest letter */
      for(i = 0; i < wn && best < 2; ){
        int len = nr_utf8_decode(w + i, wn - i, &cp);
        int s = serbian_latin_letter(cp);
        if( len == 0 ) break;
        if( s > best ) best = s;
        i += (size_t)len;
      }
      if( best == 2 ) d.votes[serbian] += 1.0;
      if( best == 1 ){
        d.votes[serbian] += 0.5;
        d.votes[lithuanian] += 0.5;
      }
    }
    if( nr_fold((const char *)w, wn, &a->fold) ) goto done;
    if( vote(a, &d, script, a->fold.p, a->fold.n) ) goto done;
  }
  result = decide(a, &d);
done:
  nr_free(d.votes);
  nr_free(d.in_lists);
  return result;
}
