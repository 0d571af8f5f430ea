/*
** fastscan.h -- the scanner's fast path for words-only scans (FTS5,
** stem_text, detection), inline so that nr_analyze_next cuts a word, folds
** it into the stem cache's key and looks it up in one loop, with no call
** between scanner, analyzer and stemmer.  Internal to the core.
**
** Most tokens of Latin-script news are runs of ASCII letters or digits
** ended by a space or by punctuation that no scanner rule lets extend
** them.  Such a token is cut here, eight bytes at a time: each byte of a
** 64-bit load is classified at once (letter, digit, other) with carry-free
** byte arithmetic, and the first byte that ends the run is found by
** counting trailing zero bits.  Everything else (non-ASCII letters,
** apostrophes, abbreviations, URLs, e-mail addresses, joined numbers, a
** capital right after a small letter) goes to the general path, which
** would cut the same tokens (tests compare the two on the seed articles
** and the multilingual corpus).
*/
#ifndef NEWSROOM_FASTSCAN_H
#define NEWSROOM_FASTSCAN_H
#include <string.h>
#include "newsroom.h"
#include "stemcache.h"
#include "runs.h"

#define FS_CASE  0x2020202020202020ULL

/* The general path for the token at s->pos: nr_scanner_next without the
** fast path (in scanner.c).  1: a token; 0: the end of the text. */
int nr_scanner_next_general(nr_scanner *s, nr_token *tok);

/* The eight bytes of text from pos, the first in the low byte, whatever
** the machine's byte order; past the end of the text they read as NUL,
** which is neither letter nor digit, so it ends any run. */
static inline uint64_t fs_load(const unsigned char *t, size_t pos, size_t n){
  uint64_t x = 0;
  if( n - pos >= 8 ){
    memcpy(&x, t + pos, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
  }else{
    size_t i;
    for(i = 0; pos + i < n; i++) x |= (uint64_t)t[pos + i] << (8 * i);
  }
  return x;
}

/* Stores x as fs_load read it: its low byte first. */
static inline void fs_store(uint64_t *dst, uint64_t x){
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  *dst = x;
}

/* The index of the lowest byte whose high bit is set in m (m != 0). */
static inline size_t fs_first(uint64_t m){
#if defined(__GNUC__)
  return (size_t)__builtin_ctzll(m) >> 3;
#else
  size_t i = 0;
  while( !(m & 0x80) ){ m >>= 8; i++; }
  return i;
#endif
}

/* High bit set in each byte that is an ASCII letter, A-Z or a-z
** (lower-cased first: A-Z and nothing else land on a-z). */
static inline uint64_t fs_letters(uint64_t x){
  return nr_bytes_in(x | FS_CASE, 'a', 'z');
}

/* High bit set in each byte that is an ASCII digit. */
static inline uint64_t fs_digits(uint64_t x){
  return nr_bytes_in(x, '0', '9');
}

static inline int fs_plain_space(const nr_scanner *s, size_t pos){
  unsigned char c;
  if( pos >= s->n ) return 1;
  c = s->text[pos];
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '"'
      || c == ')';
}

/* Does the character at pos end a plain token of len bytes for good?  A
** full stop or colon before a space ends a word of two letters or more
** or a number: no URL, e-mail address or joined number goes on that way;
** one letter and a full stop may be an abbreviation (U.S.) and takes the
** general path. */
static inline int fs_ends_plain(const nr_scanner *s, size_t pos, int digits,
                                size_t len){
  unsigned char c;
  if( pos >= s->n ) return 1;
  c = s->text[pos];
  if( c == '.' || c == ':' ){
    return (digits || len >= 2) && fs_plain_space(s, pos + 1);
  }
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ';'
      || c == '!' || c == '?' || c == '(' || c == ')' || c == '"'
      || (c == ',' && !digits);
}

/* Makes the ASCII bytes start..pos, which s->pos and s->chars are at the
** start of, the token of that kind, and moves s past it. */
static inline void fs_cut(nr_scanner *s, nr_token *tok, size_t start,
                          size_t pos, int kind){
  tok->byte_start = start;
  tok->byte_end = pos;
  tok->start = s->chars;
  tok->end = s->chars + (pos - start);
  tok->kind = kind;
  s->chars = tok->end;
  s->pos = pos;
}

/* Cuts the next token if it is plain.  Returns 1 for a token (tok set; a
** word is also folded into key, zero-padded, unless it is longer than
** NR_STEM_KEY_BYTES: *keyed says), 0 at the end of the text, -1 when the
** general path must decide (s->pos is then at the token's first byte).
** Call only in a words-only scan outside a CJK run. */
static inline int fs_token(nr_scanner *s, nr_token *tok, uint64_t *key,
                           int *keyed){
  const unsigned char *t = s->text;
  size_t n = s->n, pos = s->pos, start;
  uint64_t x, m;
  int kind, fits = 0;
  /* the gap: ASCII neither letter nor digit (one character a byte) */
  for(;;){
    if( pos >= n ){
      s->chars += n - s->pos;
      s->pos = n;
      return 0;
    }
    x = fs_load(t, pos, n);
    m = fs_letters(x) | fs_digits(x) | (x & NR_HIGH);
    if( m ){
      pos += fs_first(m);
      if( pos < n ) break;
    }
    pos = (n - pos > 8) ? pos + 8 : n;
  }
  s->chars += pos - s->pos;
  s->pos = pos;
  start = pos;
  if( t[pos] >= '0' && t[pos] <= '9' ){
    do{ pos++; }while( pos < n && t[pos] >= '0' && t[pos] <= '9' );
    kind = NR_TOKEN_NUMBER;
  }else if( t[pos] < 0x80 ){
    /* ASCII letters in any case; but a capital right after a small
    ** letter may split a glued word (KazakhstanKassym) or belong to a
    ** name (iPhone, McDonald), which the general path decides */
    uint64_t prev_lower = 0, small_cap = 0;
    size_t k = 0;
    key[0] = key[1] = key[2] = key[3] = 0;
    for(;;){
      uint64_t ends, whole, small;
      x = fs_load(t, pos, n);
      m = fs_letters(x);
      ends = ~m & NR_HIGH;                 /* bytes that end the word */
      /* the bytes before the first that ends it */
      whole = ends ? ((ends & (0 - ends)) >> 7) - 1 : ~(uint64_t)0;
      small = m & (x << 2);       /* bit 5 (small letter) moved to bit 7 */
      small_cap |= ((small << 8) | prev_lower) & (m & ~small) & whole;
      prev_lower = small >> 56;
      if( k < NR_STEM_KEY_WORDS ) fs_store(&key[k], (x | FS_CASE) & whole);
      k++;
      if( ends ){
        pos += fs_first(ends);
        break;
      }
      pos += 8;
    }
    if( small_cap ) return -1;
    fits = (pos - start <= NR_STEM_KEY_BYTES);
    kind = NR_TOKEN_WORD;
  }else{
    return -1;
  }
  if( !fs_ends_plain(s, pos, kind == NR_TOKEN_NUMBER, pos - start) ){
    return -1;
  }
  *keyed = fits;
  fs_cut(s, tok, start, pos, kind);
  tok->sentence = s->sentence;
  tok->paragraph = s->paragraph;
  /* only what the gap rules read: a whole-struct copy reads back with
  ** wide loads what was just written narrow, and the stalled store
  ** forwarding cost a third of the scanner's time in profiles */
  s->last.kind = kind;
  s->last.byte_end = pos;
  s->ntokens++;
  return 1;
}

#endif
