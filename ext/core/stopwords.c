/*
** stopwords.c -- stopword sets built from the lists compiled in.
**
** The lists are plain text (ext/data/stopwords/<language>.txt, sources in
** SOURCES.md there), embedded one string per language at build time.  A
** set folds each word as nr_fold folds text, so "daß" in a list meets
** "DASS" in an article, and keeps them in an open-addressing hash table.
*/
#include <string.h>
#include "newsroom.h"

extern const struct nr_data_file nr_stopword_files[];

struct nr_stopwords {
  nr_buf words;          /* folded words, each followed by a NUL */
  uint32_t *slots;       /* offset+1 into words; 0 empty */
  uint32_t mask;
  int unaccented;        /* the list's Greek is written without accents */
};

const char *nr_stopword_source(int lang){
  return nr_data_source(nr_stopword_files, lang);
}

int nr_stopword_count(int lang){
  const char *p = nr_stopword_source(lang);
  int count = 0;
  if( p == NULL ) return 0;
  for(; *p; p++){
    if( *p == '\n' ) count++;
  }
  return count;
}

static int lookup(const nr_stopwords *sw, const char *w, size_t n,
                  uint32_t *slot){
  size_t i = (size_t)(nr_word_hash(w, n) & sw->mask);
  while( sw->slots[i] ){
    const char *cand = sw->words.p + sw->slots[i] - 1;
    /* cand ends with a NUL and w has none: strncmp stops at cand's end */
    if( strncmp(cand, w, n) == 0 && cand[n] == 0 ){
      *slot = i;
      return 1;
    }
    i = (i + 1) & sw->mask;
  }
  *slot = i;
  return 0;
}

/* The Greek list (Lucene's) is written without tonos and dialytika, to be
** met after accent removal, while Greek news writes every word of two
** syllables or more with them ("είναι").  Folded Greek vowels with an
** accent are all two bytes (U+0390..U+03CE), as are the plain ones, so
** the word is rewritten in place into out, of the same length.  Returns 0
** when w is longer than out, as no stopword is. */
static size_t greek_unaccented(const char *w, size_t n, char *out,
                               size_t cap){
  size_t i;
  if( n > cap ) return 0;
  memcpy(out, w, n);
  for(i = 0; i + 1 < n; i++){
    unsigned cp;
    unsigned char b0 = (unsigned char)out[i], b1 = (unsigned char)out[i+1];
    if( b0 != 0xCE && b0 != 0xCF ) continue;
    cp = ((unsigned)(b0 & 0x1F) << 6) | (b1 & 0x3F);
    switch( cp ){
      case 0x03AC: cp = 0x03B1; break;                 /* ά */
      case 0x03AD: cp = 0x03B5; break;                 /* έ */
      case 0x03AE: cp = 0x03B7; break;                 /* ή */
      case 0x03AF: case 0x0390: case 0x03CA: cp = 0x03B9; break; /* ί ΐ ϊ */
      case 0x03CC: cp = 0x03BF; break;                 /* ό */
      case 0x03CD: case 0x03B0: case 0x03CB: cp = 0x03C5; break; /* ύ ΰ ϋ */
      case 0x03CE: cp = 0x03C9; break;                 /* ώ */
      default: i++; continue;
    }
    out[i] = (char)(0xC0 | (cp >> 6));
    out[i+1] = (char)(0x80 | (cp & 0x3F));
    i++;
  }
  return n;
}

static int add_word(nr_stopwords *sw, const char *folded, size_t n){
  uint32_t slot;
  size_t off = sw->words.n;
  if( lookup(sw, folded, n, &slot) ) return 0;
  if( nr_buf_append(&sw->words, folded, n) || nr_buf_append(&sw->words, "", 1) ){
    return -1;
  }
  sw->slots[slot] = (uint32_t)off + 1;
  return 0;
}

nr_stopwords *nr_stopwords_new(int lang){
  const char *p = nr_stopword_source(lang);
  int count = nr_stopword_count(lang);
  uint32_t size = 16;
  nr_buf fold = {0};
  nr_stopwords *sw = nr_realloc(NULL, sizeof(*sw));
  if( sw == NULL ) return NULL;
  memset(sw, 0, sizeof(*sw));
  sw->unaccented = (lang >= 0 && strcmp(nr_lang_name(lang), "greek") == 0);
  while( size < (uint32_t)count * 2 + 2 ) size *= 2;
  sw->mask = size - 1;
  sw->slots = nr_realloc(NULL, size * sizeof(uint32_t));
  if( sw->slots == NULL ) goto oom;
  memset(sw->slots, 0, size * sizeof(uint32_t));
  while( p && *p ){
    const char *eol = strchr(p, '\n');
    if( nr_fold(p, (size_t)(eol - p), &fold) ) goto oom;
    if( add_word(sw, fold.p, fold.n) ) goto oom;
    p = eol + 1;
  }
  nr_buf_free(&fold);
  return sw;
oom:
  nr_buf_free(&fold);
  nr_stopwords_free(sw);
  return NULL;
}

void nr_stopwords_free(nr_stopwords *sw){
  if( sw == NULL ) return;
  nr_buf_free(&sw->words);
  nr_free(sw->slots);
  nr_free(sw);
}

int nr_stopwords_has(const nr_stopwords *sw, const char *folded, size_t n){
  uint32_t slot;
  char plain[64];
  if( sw == NULL || sw->words.n == 0 ) return 0;
  if( sw->unaccented ){
    n = greek_unaccented(folded, n, plain, sizeof(plain));
    if( n == 0 ) return 0;
    folded = plain;
  }
  return lookup(sw, folded, n, &slot);
}
