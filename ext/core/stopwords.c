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

struct nr_stopword_file { const char *lang; const char *words; };
extern const struct nr_stopword_file nr_stopword_files[];

struct nr_stopwords {
  nr_buf words;          /* folded words, each followed by a NUL */
  uint32_t *slots;       /* offset+1 into words; 0 empty */
  uint32_t mask;
};

const char *nr_stopword_source(int lang){
  const char *name = nr_lang_name(lang);
  int i;
  if( lang < 0 ) return NULL;
  if( strcmp(name, "porter") == 0 ) name = "english";
  for(i = 0; nr_stopword_files[i].lang; i++){
    if( strcmp(nr_stopword_files[i].lang, name) == 0 ){
      return nr_stopword_files[i].words;
    }
  }
  return NULL;
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
  if( sw == NULL || sw->words.n == 0 ) return 0;
  return lookup(sw, folded, n, &slot);
}
