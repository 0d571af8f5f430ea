/*
** attrib.c -- who said each quote (nr_quotes_attribute).
*/
#include "newsroom.h"

int nr_quotes_attribute(const char *text, size_t n, int lang, nr_quotes *qs){
  (void)text; (void)n; (void)lang; (void)qs;
  return 0;
}

const char *nr_cue_source(int lang){
  (void)lang;
  return 0;
}
