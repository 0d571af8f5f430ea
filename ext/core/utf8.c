/*
** utf8.c -- strict UTF-8 decoding and a growable byte buffer.
**
** The decoder rejects overlong forms, surrogates and code points above
** U+10FFFF, so that every offset the extension reports is an offset into
** text that SQLite and every client agree on.
*/
#include <string.h>
#include "newsroom.h"
#include "runs.h"

int nr_utf8_decode(const unsigned char *s, size_t n, int32_t *cp){
  unsigned c = s[0];
  if( c < 0x80 ){ *cp = (int32_t)c; return 1; }
  if( c < 0xC2 ) return 0;
  if( c < 0xE0 ){
    if( n < 2 || (s[1] & 0xC0) != 0x80 ) return 0;
    *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
    return 2;
  }
  if( c < 0xF0 ){
    int32_t v;
    if( n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ) return 0;
    v = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
    if( v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) ) return 0;
    *cp = v;
    return 3;
  }
  if( c < 0xF5 ){
    int32_t v;
    if( n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80
     || (s[3] & 0xC0) != 0x80 ) return 0;
    v = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12)
                  | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F));
    if( v < 0x10000 || v > 0x10FFFF ) return 0;
    *cp = v;
    return 4;
  }
  return 0;
}

size_t nr_utf8_check(const char *s, size_t n){
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while( i < n ){
    int32_t cp;
    int len;
#ifdef NR_RUNS_SWAR
    /* ASCII, most of most news, eight bytes at a time */
    while( i + 8 <= n && (nr_load64(u + i) & NR_HIGH) == 0 ) i += 8;
    if( i >= n ) break;
#endif
    if( u[i] < 0x80 ){ i++; continue; }
    len = nr_utf8_decode(u + i, n - i, &cp);
    if( len == 0 ) return i;
    i += (size_t)len;
  }
  return n;
}

size_t nr_utf8_chars(const char *s, size_t n){
  size_t i, chars = 0;
  for(i = 0; i < n; i++){
    if( ((unsigned char)s[i] & 0xC0) != 0x80 ) chars++;
  }
  return chars;
}

int nr_buf_reserve(nr_buf *b, size_t extra){
  size_t need = b->n + extra;
  size_t cap;
  char *p;
  if( need < b->n ) return -1;
  if( need <= b->cap ) return 0;
  cap = b->cap ? b->cap : 64;
  while( cap < need ){
    if( cap > (SIZE_MAX / 2) ) return -1;
    cap *= 2;
  }
  p = nr_realloc(b->p, cap);
  if( p == NULL ) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int nr_buf_append(nr_buf *b, const char *s, size_t n){
  if( nr_buf_reserve(b, n) ) return -1;
  if( n ) memcpy(b->p + b->n, s, n);
  b->n += n;
  return 0;
}

void nr_buf_free(nr_buf *b){
  nr_free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}
