/*
** fold.c -- case folding and diacritics removal for single words.
**
** Folding is Unicode full case folding with NFC composition (utf8proc),
** so "STRASSE" and "straße" meet, and typographic apostrophes become "'"
** because Snowball's English stemmer only knows the ASCII one.  ASCII
** words, most of any Latin-script text, take a fast path that never
** touches utf8proc.
**
** Three code points fold otherwise than full case folding would fold
** them, because the Snowball stemmers expect the lower-case letter as it
** is written, and full folding would hand them something else:
**   U+0345 the Greek iota subscript stays a mark, so that "ᾯ" and "ᾧ" fold
**          to "ᾧ" (full folding writes "ὧι", which Greek Snowball stems
**          differently: "τῷ" would become "τῶ");
**   U+0587 the Armenian ligature "և" stays (full folding writes "եւ", and
**          Armenian Snowball's suffixes are spelt with "և");
**   U+0130 the Turkish capital "İ" folds to "i" (Unicode's Turkic folding)
**          rather than "i" with a combining dot above, which no stemmer
**          knows and which would keep "İSTANBUL" from meeting "istanbul".
** "ß" still folds to "ss": German Snowball makes that change itself, and
** every other language needs it for "STRASSE" to meet "straße".
*/
#include <string.h>
#include <utf8proc.h>
#include "newsroom.h"

static int is_ascii(const char *w, size_t n){
  size_t i;
  for(i = 0; i < n; i++){
    if( (unsigned char)w[i] & 0x80 ) return 0;
  }
  return 1;
}

static int fold_ascii(const char *w, size_t n, nr_buf *out){
  size_t i;
  out->n = 0;
  if( nr_buf_reserve(out, n + 1) ) return -1;
  for(i = 0; i < n; i++){
    char c = w[i];
    out->p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
  }
  out->n = n;
  return 0;
}

/* Runs utf8proc_decompose into out (used as an int32 array) and returns
** the number of code points, growing out until they fit; -1 on failure. */
static utf8proc_ssize_t decompose_into(const char *w, size_t n, nr_buf *out,
                                       utf8proc_option_t opts){
  size_t cap = n + 8;
  for(;;){
    utf8proc_ssize_t got;
    out->n = 0;
    if( cap > (SIZE_MAX / 8) || nr_buf_reserve(out, cap * 4 + 4) ) return -1;
    got = utf8proc_decompose((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n,
                             (utf8proc_int32_t *)out->p,
                             (utf8proc_ssize_t)cap, opts);
    if( got < 0 ) return -1;
    if( (size_t)got <= cap ) return got;
    cap = (size_t)got;
  }
}

/* Re-encodes count code points held in out as UTF-8, composed. */
static int reencode(nr_buf *out, utf8proc_ssize_t count,
                    utf8proc_option_t opts){
  utf8proc_ssize_t len = utf8proc_reencode((utf8proc_int32_t *)out->p, count,
                                           opts);
  if( len < 0 ) return -1;
  out->n = (size_t)len;
  return 0;
}

/* Writes U+2019 and U+02BC as "'", in place. */
static void ascii_apostrophes(nr_buf *out){
  size_t i, j = 0;
  for(i = 0; i < out->n; i++){
    unsigned char c = (unsigned char)out->p[i];
    if( c == 0xE2 && i + 2 < out->n && (unsigned char)out->p[i+1] == 0x80
     && (unsigned char)out->p[i+2] == 0x99 ){
      out->p[j++] = '\'';
      i += 2;
    }else if( c == 0xCA && i + 1 < out->n
           && (unsigned char)out->p[i+1] == 0xBC ){
      out->p[j++] = '\'';
      i += 1;
    }else{
      out->p[j++] = (char)c;
    }
  }
  out->n = j;
}

#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD)

/* Puts marks in canonical order (by combining class, stably) after
** folding, which may have put a mark out of place. */
static void canonical_order(utf8proc_int32_t *cps, utf8proc_ssize_t count){
  utf8proc_ssize_t i, k;
  for(i = 1; i < count; i++){
    utf8proc_int32_t cp = cps[i];
    int ccc = utf8proc_get_property(cp)->combining_class;
    if( ccc == 0 ) continue;
    for(k = i; k > 0; k--){
      int before = utf8proc_get_property(cps[k-1])->combining_class;
      if( before <= ccc ) break;
      cps[k] = cps[k-1];
    }
    cps[k] = cp;
  }
}

int nr_fold(const char *w, size_t n, nr_buf *out){
  utf8proc_ssize_t count, i, j;
  utf8proc_int32_t *cps;
  if( is_ascii(w, n) ) return fold_ascii(w, n, out);
  /* decompose first, so that the exceptions above see every iota
  ** subscript and every dotted I, precomposed or not */
  count = decompose_into(w, n, out, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
  if( count < 0 ) return -1;
  /* the folded code points go after the decomposed ones, from index j */
  j = count;
  for(i = 0; i < count; i++){
    utf8proc_int32_t cp = ((utf8proc_int32_t *)out->p)[i];
    utf8proc_ssize_t room, got;
    if( cp == 0x0307 && i > 0 && ((utf8proc_int32_t *)out->p)[i-1] == 'I' ){
      continue;                      /* the dot of a decomposed U+0130 */
    }
    for(;;){
      room = (utf8proc_ssize_t)(out->cap / 4) - j - 1;
      cps = (utf8proc_int32_t *)out->p;
      if( room < 1 ){
        got = 1;
      }else if( cp == 0x0345 || cp == 0x0587 ){
        cps[j] = cp;
        got = 1;
      }else{
        got = utf8proc_decompose_char(cp, cps + j, room, FOLD_OPTS, NULL);
        if( got < 0 ) return -1;
      }
      if( got <= room ) break;
      out->n = 0;
      if( nr_buf_reserve(out, ((size_t)j + (size_t)got + 1) * 4 + 16) ){
        return -1;
      }
    }
    j += got;
  }
  cps = (utf8proc_int32_t *)out->p;
  memmove(cps, cps + count, (size_t)(j - count) * sizeof(*cps));
  canonical_order(cps, j - count);
  if( reencode(out, j - count, UTF8PROC_STABLE | UTF8PROC_COMPOSE) ){
    return -1;
  }
  ascii_apostrophes(out);
  return 0;
}

static int is_alphabetic_script(int32_t cp){
  return cp < 0x0530                        /* Latin, Greek, Cyrillic */
      || (cp >= 0x1D00 && cp < 0x2000)       /* phonetic, Latin/Greek ext. */
      || (cp >= 0x2C60 && cp < 0x2C80)       /* Latin Extended-C */
      || (cp >= 0xA720 && cp < 0xA800);      /* Latin Extended-D */
}

/* Letters that carry their "accent" in the glyph itself, with no
** decomposition; Lucene's ASCII folding treats them the same way. */
static int32_t plain_letter(int32_t cp){
  switch( cp ){
    case 0x00F8: return 'o';   /* ø */
    case 0x0142: return 'l';   /* ł */
    case 0x0111:               /* đ */
    case 0x00F0: return 'd';   /* ð */
    case 0x0127: return 'h';   /* ħ */
    case 0x0167: return 't';   /* ŧ */
    case 0x0131: return 'i';   /* dotless ı */
    default:     return cp;
  }
}

int nr_strip_diacritics(const char *w, size_t n, nr_buf *out){
  const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
  utf8proc_ssize_t count, i, j = 0;
  utf8proc_int32_t *cps;
  int32_t base = 0;
  if( is_ascii(w, n) ){
    out->n = 0;
    return nr_buf_append(out, w, n);
  }
  count = decompose_into(w, n, out, opts);
  if( count < 0 ) return -1;
  cps = (utf8proc_int32_t *)out->p;
  for(i = 0; i < count; i++){
    int32_t cp = cps[i];
    utf8proc_category_t cat = utf8proc_category(cp);
    int is_mark = (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME);
    if( is_mark && is_alphabetic_script(base) ) continue;
    if( !is_mark ) base = cp;
    cps[j++] = plain_letter(cp);
  }
  return reencode(out, j, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}
