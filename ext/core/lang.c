/*
** lang.c -- the languages: every Snowball algorithm libstemmer 2.2 ships,
** by its name or its ISO 639-1 code, in any case.
*/
#include <string.h>
#include "newsroom.h"

static const struct { const char *name; const char *code; } langs[] = {
  {"arabic", "ar"},     {"armenian", "hy"},   {"basque", "eu"},
  {"catalan", "ca"},    {"danish", "da"},     {"dutch", "nl"},
  {"english", "en"},    {"finnish", "fi"},    {"french", "fr"},
  {"german", "de"},     {"greek", "el"},      {"hindi", "hi"},
  {"hungarian", "hu"},  {"indonesian", "id"}, {"irish", "ga"},
  {"italian", "it"},    {"lithuanian", "lt"}, {"nepali", "ne"},
  {"norwegian", "no"},  {"porter", ""},       {"portuguese", "pt"},
  {"romanian", "ro"},   {"russian", "ru"},    {"serbian", "sr"},
  {"spanish", "es"},    {"swedish", "sv"},    {"tamil", "ta"},
  {"turkish", "tr"},    {"yiddish", "yi"},
};
#define NLANGS ((int)(sizeof(langs) / sizeof(langs[0])))

int nr_lang_count(void){ return NLANGS; }

/* Called for every row of stem(word, lang): no strlen, and most names
** differ from the first letter. */
static int equal_nocase(const char *a, size_t alen, const char *b){
  size_t i;
  for(i = 0; i < alen; i++){
    char c = a[i];
    if( c >= 'A' && c <= 'Z' ) c = (char)(c + 32);
    if( c != b[i] ) return 0;        /* also stops at b's end */
  }
  return b[alen] == 0;
}

int nr_lang_find(const char *name, size_t len){
  int i;
  if( equal_nocase(name, len, "none") ) return NR_LANG_NONE;
  if( equal_nocase(name, len, "auto") ) return NR_LANG_AUTO;
  for(i = 0; i < NLANGS; i++){
    if( equal_nocase(name, len, langs[i].name) ) return i;
    if( langs[i].code[0] && equal_nocase(name, len, langs[i].code) ) return i;
  }
  return NR_LANG_UNKNOWN;
}

const char *nr_lang_name(int lang){
  if( lang == NR_LANG_AUTO ) return "auto";
  if( lang < 0 || lang >= NLANGS ) return "none";
  return langs[lang].name;
}

const char *nr_data_source(const struct nr_data_file *files, int lang){
  const char *name;
  int i;
  if( lang < 0 ) return NULL;
  name = nr_lang_name(lang);
  if( strcmp(name, "porter") == 0 ) name = "english";
  for(i = 0; files[i].lang; i++){
    if( strcmp(files[i].lang, name) == 0 ) return files[i].words;
  }
  return NULL;
}

const char *nr_lang_code(int lang){
  if( lang < 0 || lang >= NLANGS ) return "";
  return langs[lang].code;
}

/* english; a constant, for stem(word) asks for it on every row (stem.test
** checks that it is english) */
#define LANG_ENGLISH 6
int nr_lang_default(void){ return LANG_ENGLISH; }
