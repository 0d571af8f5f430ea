/*
** scanner.c -- word, sentence and paragraph segmentation of news text.
**
** A word is a run of letters, digits and combining marks.  Inside a run
** an apostrophe between letters joins (don't, Tokayev's) unless what comes
** before it is a French, Italian or Catalan elided article (l'État gives
** "l'" and "État"); "." "," and "-" join digits (3,800  19.5  2022-01-07),
** and so do a no-break space or an apostrophe before a group of three
** (20 000, 1'000);
** a hyphen between letters splits (Kassym-Jomart), so that a hyphenated
** name meets its spaced spelling in another outlet's copy; and a lower-to-
** upper case change after four letters splits words glued together by a
** scraper (KazakhstanKassym) while leaving iPhone and McDonald alone.
** Abbreviations made of single letters and dots (U.S., e.g.), URLs and
** e-mail addresses are single tokens.  Han, Kana and Hangul runs become
** overlapping bigrams, as search engines index them.
**
** A new sentence starts after . ! ? … or their CJK forms when the next word
** starts with a capital, a digit or a letter of a caseless script, and the
** word before the full stop is not a known abbreviation (Mr., Gen., Jan.),
** an initial or a day number (German "7. Januar"); after an abbreviation
** that can end a sentence (U.S., Inc.), an initial or a number, a common
** sentence-opening word (The, He, But) still starts a new one.  A new
** paragraph starts after a blank line, a line that begins indented
** (Reuters' layout), U+2029, or a single line break, unless the text is
** hard-wrapped (newswire, e-mail), where a single line break is a space.
** Scanning is linear and allocates nothing.
*/
#include <string.h>
#include <utf8proc.h>
#include "newsroom.h"
#include "runs.h"
#include "fastscan.h"

enum char_class {
  C_OTHER = 0, C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_MARK, C_CJK,
  C_APOS, C_HYPHEN
};

typedef struct cursor {
  size_t pos, chars;
} cursor;

static int classify_other(int32_t cp);

/* ASCII, most of the characters of most news, is classified inline. */
static inline int classify(int32_t cp){
  if( cp < 0x80 ){
    if( (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ) return C_LETTER;
    if( cp == ' ' ) return C_SPACE;
    if( cp >= '0' && cp <= '9' ) return C_DIGIT;
    if( cp == '\n' ) return C_NEWLINE;
    if( cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' ) return C_SPACE;
    if( cp == '\'' ) return C_APOS;
    if( cp == '-' ) return C_HYPHEN;
    return C_OTHER;
  }
  return classify_other(cp);
}

static int classify_other(int32_t cp){
  utf8proc_category_t cat;
  if( cp == 0x2019 || cp == 0x02BC ) return C_APOS;
  if( cp == 0x2010 || cp == 0x2011 ) return C_HYPHEN;
  if( cp == 0x2029 || cp == 0x2028 || cp == 0x85 ) return C_NEWLINE;
  if( cp == 0x00AD || cp == 0x200C || cp == 0x200D ) return C_MARK;
  if( (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
   || (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF)
   || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF)
   || (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0xAC00 && cp <= 0xD7AF)
   || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ){
    return C_CJK;
  }
  cat = utf8proc_category(cp);
  switch( cat ){
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
      return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
      return C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return C_MARK;
    case UTF8PROC_CATEGORY_ZS:
      return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
      return C_NEWLINE;
    default:
      return C_OTHER;
  }
}

/* Decodes the code point at byte pos; an invalid byte reads as U+FFFD and
** is one byte long.  Returns its length; 0 at the end of the text. */
static inline int peek(const nr_scanner *s, size_t pos, int32_t *cp){
  int len;
  if( pos >= s->n ){ *cp = 0; return 0; }
  if( s->text[pos] < 0x80 ){ *cp = s->text[pos]; return 1; }
  len = nr_utf8_decode(s->text + pos, s->n - pos, cp);
  if( len == 0 ){ *cp = 0xFFFD; len = 1; }
  return len;
}

static int class_at(const nr_scanner *s, size_t pos){
  int32_t cp;
  if( peek(s, pos, &cp) == 0 ) return -1;
  return classify(cp);
}

static void step(const nr_scanner *s, cursor *c){
  int32_t cp;
  c->pos += (size_t)peek(s, c->pos, &cp);
  c->chars++;
}

static size_t count_chars(const nr_scanner *s, size_t from, size_t to){
  size_t chars = 0;
  int32_t cp;
  while( from < to ){
    from += (size_t)peek(s, from, &cp);
    chars++;
  }
  return chars;
}

static inline int is_lower_letter(int32_t cp){
  if( cp < 0x80 ) return cp >= 'a' && cp <= 'z';
  return utf8proc_islower(cp);
}

static inline int is_upper_letter(int32_t cp){
  if( cp < 0x80 ) return cp >= 'A' && cp <= 'Z';
  return utf8proc_isupper(cp)
      || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int ascii_lower(int c){
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int equal_ascii_nocase(const unsigned char *a, size_t n, const char *b){
  size_t i;
  if( strlen(b) != n ) return 0;
  for(i = 0; i < n; i++){
    if( ascii_lower(a[i]) != b[i] ) return 0;
  }
  return 1;
}

static int in_list(const unsigned char *w, size_t n, const char *const *list,
                   int nocase){
  int i, first;
  if( n == 0 ) return 0;     /* no entry is empty */
  /* the first letter before anything else: it rules out most entries
  ** without their strlen (every full stop before a capital asks) */
  first = nocase ? ascii_lower(w[0]) : w[0];
  for(i = 0; list[i]; i++){
    if( (unsigned char)list[i][0] != first ) continue;
    if( nocase ){
      if( equal_ascii_nocase(w, n, list[i]) ) return 1;
    }else if( strlen(list[i]) == n && memcmp(w, list[i], n) == 0 ){
      return 1;
    }
  }
  return 0;
}

/* Articles and prepositions that French, Italian and Catalan elide. */
static const char *const elisions[] = {
  "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
  "quoiqu", "un", "dell", "all", "dall", "nell", "sull", "coll", "quell",
  "quest", "anch", "nessun", NULL
};

/* Titles: a full stop after them never ends a sentence. */
static const char *const titles[] = {
  "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Sr", "Sra", "Srta", "Gen",
  "Gov", "Sen", "Rep", "Lt", "Col", "Maj", "Capt", "Sgt", "Cmdr", "Adm",
  "Rev", "Hon", "Pres", "Mt", "Ft", "Mme", "Mlle", "Hr", "Fr", "Dipl",
  "Ing", "Dra", "vs", "bzw", "ca", "approx", "Nr", "No", NULL
};

/* Abbreviations that take a full stop inside a sentence but may also end
** one: "Apple Inc. The company said". */
static const char *const abbreviations[] = {
  "St", "Jr", "Inc", "Corp", "Co", "Ltd", "Bros", "Jan", "Feb", "Aug",
  "Sept", "Sep", "Oct", "Nov", "Dec", NULL
};

/* ---- tokens of special shape ------------------------------------------ */

static int is_url_char(int32_t cp){
  if( cp <= ' ' || cp == 0x7F ) return 0;
  switch( cp ){
    case '<': case '>': case '"': case 0x201C: case 0x201D: case 0x2018:
    case 0x2019: case 0xAB: case 0xBB: case 0x2039: case 0x203A:
      return 0;
    default:
      return classify(cp) != C_SPACE && classify(cp) != C_NEWLINE;
  }
}

/* Cheap test before match_url: could the word be http, https, ftp, www? */
static int maybe_scheme(const unsigned char *w, size_t n){
  int c = ascii_lower(w[0]);
  return n >= 3 && n <= 5 && (c == 'h' || c == 'f' || c == 'w');
}

/* At start, the word "http", "https", "ftp" or "www" was scanned up to
** word_end.  Returns the end of the URL, or 0 if this is no URL. */
static size_t match_url(const nr_scanner *s, size_t start, size_t word_end){
  const unsigned char *t = s->text;
  size_t wl = word_end - start, end, i;
  int parens = 0;
  int32_t cp;
  int len;
  if( equal_ascii_nocase(t + start, wl, "www") ){
    if( word_end + 1 >= s->n || t[word_end] != '.' ) return 0;
    if( class_at(s, word_end + 1) != C_LETTER
     && class_at(s, word_end + 1) != C_DIGIT ) return 0;
  }else if( equal_ascii_nocase(t + start, wl, "http")
         || equal_ascii_nocase(t + start, wl, "https")
         || equal_ascii_nocase(t + start, wl, "ftp") ){
    /* "http://" alone is a word and punctuation, not a URL */
    if( word_end + 3 >= s->n || memcmp(t + word_end, "://", 3) != 0 ) return 0;
    if( class_at(s, word_end + 3) != C_LETTER
     && class_at(s, word_end + 3) != C_DIGIT ) return 0;
  }else{
    return 0;
  }
  end = word_end;
  while( (len = peek(s, end, &cp)) > 0 && is_url_char(cp) ){
    if( cp == '(' ) parens++;
    if( cp == ')' ) parens--;
    end += (size_t)len;
  }
  /* trailing punctuation belongs to the sentence, not the URL */
  for(i = end; i > word_end; i--){
    unsigned char c = t[i - 1];
    if( c == ')' && parens < 0 ){ parens++; continue; }
    if( strchr(".,;:!?'", c) == NULL || c == 0 ) break;
  }
  if( t[start] == 'w' || t[start] == 'W' ){
    /* "www." needs a dotted host after it: www.bbc.co.uk, not "www.x" */
    size_t k, host_end = word_end + 1;
    while( host_end < i && t[host_end] != '/' && t[host_end] != '?'
        && t[host_end] != '#' && t[host_end] != ':' ) host_end++;
    for(k = word_end + 1; k + 1 < host_end; k++){
      if( t[k] == '.' && t[k + 1] != '.' ) break;
    }
    if( k + 1 >= host_end ) return 0;
  }
  return i;
}

static int is_local_char(unsigned char c){
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
      || (c >= '0' && c <= '9') || (c && strchr("._%+-'", c) != NULL);
}

static int is_domain_char(unsigned char c){
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
      || (c >= '0' && c <= '9') || c == '-';
}

/* Returns the end of an e-mail address starting at start, or 0.  The
** parts are bounded by RFC 5321's lengths (64 and 255 bytes): without the
** bound, every word of "a-a-a-..." or "1.5%.1.5%..." would rescan the
** rest of the run looking for an "@", and scanning would be quadratic. */
#define EMAIL_LOCAL_MAX 64
#define EMAIL_DOMAIN_MAX 255
static size_t match_email(const nr_scanner *s, size_t start){
  const unsigned char *t = s->text;
  size_t i = start, label_start, end = 0;
  size_t local_end = s->n - start > EMAIL_LOCAL_MAX
                   ? start + EMAIL_LOCAL_MAX : s->n;
  size_t domain_end;
  int dots = 0;
  while( i < local_end && is_local_char(t[i]) ) i++;
  if( i == start || i >= s->n || t[i] != '@' || t[start] == '.' ) return 0;
  i++;
  label_start = i;
  domain_end = s->n - i > EMAIL_DOMAIN_MAX ? i + EMAIL_DOMAIN_MAX : s->n;
  for(;;){
    while( i < domain_end && is_domain_char(t[i]) ) i++;
    if( i == label_start ) break;
    end = i;
    if( i + 1 < domain_end && t[i] == '.' && is_domain_char(t[i + 1]) ){
      dots++;
      i++;
      label_start = i;
      continue;
    }
    break;
  }
  return dots > 0 ? end : 0;
}

/* At start a single letter was followed by ".": U.S., e.g., a.m. */
static int match_abbrev(const nr_scanner *s, cursor *c){
  cursor k = *c;
  int letters = 0;
  for(;;){
    if( class_at(s, k.pos) != C_LETTER ) break;
    step(s, &k);
    if( k.pos >= s->n || s->text[k.pos] != '.' ) return 0;
    step(s, &k);
    letters++;
  }
  if( letters < 2 ) return 0;
  {
    int next = class_at(s, k.pos);
    if( next == C_LETTER || next == C_DIGIT || next == C_MARK ) return 0;
  }
  *c = k;
  return 1;
}

/* ---- words ----------------------------------------------------------- */

/* Are the next k characters from pos lower-case letters?  A glued word
** starts with a capital and at least three of them (KazakhstanKassym),
** which leaves brand names like WhatsApp and LinkedIn whole. */
static int lower_run(const nr_scanner *s, size_t pos, int k){
  int32_t cp;
  while( k-- > 0 ){
    int len = peek(s, pos, &cp);
    if( len == 0 || !is_lower_letter(cp) ) return 0;
    pos += (size_t)len;
  }
  return 1;
}

/* How many digits follow pos (up to 4)? */
static int digits_at(const nr_scanner *s, size_t pos){
  int32_t cp;
  int k = 0, len;
  while( k < 4 && (len = peek(s, pos, &cp)) > 0 && classify(cp) == C_DIGIT ){
    pos += (size_t)len;
    k++;
  }
  return k;
}

/* Does cp, after a digit and before pos, join two parts of one number?
** "." "," "-" and the Arabic decimal and thousands signs join any digits;
** a no-break or thin space and an apostrophe (Swiss 1'000) only a group
** of exactly three, so that "in 1990 200 people" stays two numbers. */
static int joins_digits(const nr_scanner *s, int32_t cp, size_t pos){
  int cls = classify(cp);
  int k = digits_at(s, pos);
  if( k == 0 ) return 0;
  if( cp == '.' || cp == ',' || cls == C_HYPHEN || cp == 0x066B
   || cp == 0x066C ){
    return 1;
  }
  if( cp == 0x00A0 || cp == 0x202F || cp == 0x2009 || cls == C_APOS ){
    return k == 3;
  }
  return 0;
}

/* Scans a run of letters, digits and marks from c, with the joins that
** the comment at the top describes.  Leaves c at the end of the word and
** sets *has_letter. */
static void scan_word(const nr_scanner *s, size_t start, cursor *c,
                      int *has_letter){
  int32_t cp, prev_cp = 0;
  int prev_class = -1;
  size_t pos = c->pos, chars = c->chars;   /* in registers, not memory */
  int seg_letters = 0;     /* letters since the word began or was split */
  *has_letter = 0;
  for(;;){
    int len;
    int cls;
    if( pos < s->n && s->text[pos] >= 'a' && s->text[pos] <= 'z' ){
      /* a run of ASCII lower-case letters, the bulk of Latin text, has
      ** no split or join inside it: take it whole */
      size_t from = pos;
      pos = nr_lower_run(s->text, pos + 1, s->n);
      chars += pos - from;
      seg_letters += (int)(pos - from);
      prev_cp = s->text[pos - 1];
      prev_class = C_LETTER;
      *has_letter = 1;
      continue;
    }
    len = peek(s, pos, &cp);
    if( len == 0 ) break;
    cls = classify(cp);
    if( prev_class == C_DIGIT && cls != C_DIGIT && cls != C_LETTER
     && cls != C_MARK && joins_digits(s, cp, pos + (size_t)len) ){
      /* a separator inside a number: taken below */
    }else if( cls == C_LETTER ){
      if( seg_letters >= 4 && is_upper_letter(cp) && is_lower_letter(prev_cp)
       && lower_run(s, pos + (size_t)len, 3) ){
        break;
      }
      *has_letter = 1;
      seg_letters++;
    }else if( cls == C_DIGIT || cls == C_MARK ){
      if( cls == C_MARK && prev_class == -1 ) break;
    }else if( cls == C_APOS || cls == C_HYPHEN || cp == '.' || cp == ',' ){
      int next = class_at(s, pos + (size_t)len);
      if( cls == C_APOS ){
        if( prev_class != C_LETTER && prev_class != C_MARK ) break;
        if( next != C_LETTER ) break;
        if( in_list(s->text + start, pos - start, elisions, 1) ){
          pos += (size_t)len;          /* the elided article keeps its mark */
          chars++;
          break;
        }
      }else{
        if( prev_class != C_DIGIT || next != C_DIGIT ) break;
      }
    }else{
      break;
    }
    prev_cp = cp;
    prev_class = cls;
    pos += (size_t)len;
    chars++;
  }
  c->pos = pos;
  c->chars = chars;
}

/* ---- CJK bigrams ------------------------------------------------------- */

static size_t cjk_run_end(const nr_scanner *s, size_t pos){
  int32_t cp;
  int len;
  while( (len = peek(s, pos, &cp)) > 0 && classify(cp) == C_CJK ){
    pos += (size_t)len;
  }
  return pos;
}

/* Emits the bigram (or lone character) at the current CJK position. */
static void next_cjk(nr_scanner *s, nr_token *tok){
  int32_t cp;
  size_t first = s->cjk_pos + (size_t)peek(s, s->cjk_pos, &cp);
  tok->byte_start = s->cjk_pos;
  tok->start = s->cjk_chars;
  tok->kind = NR_TOKEN_CJK;
  if( first < s->cjk_end ){
    tok->byte_end = first + (size_t)peek(s, first, &cp);
    tok->end = s->cjk_chars + 2;
  }else{
    tok->byte_end = first;
    tok->end = s->cjk_chars + 1;
  }
  s->cjk_pos = first;
  s->cjk_chars++;
  /* the last character of a run of two or more was already emitted */
  if( tok->byte_end >= s->cjk_end ) s->cjk_active = 0;
}

/* ---- the gap between words ------------------------------------------- */

typedef struct gap_info {
  int paragraph;       /* a paragraph break was seen */
  int terminal;        /* sentence-final punctuation was seen */
  int stop_right_after;  /* the gap begins with "." right after the word */
} gap_info;

static int is_terminal(int32_t cp){
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002
      || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E || cp == 0x203C;
}

static int looks_wrapped(const unsigned char *t, size_t n);

static int is_wrapped(nr_scanner *s){
  if( s->wrapped < 0 ) s->wrapped = looks_wrapped(s->text, s->n);
  return s->wrapped;
}

/* Skips to the next character that can start a token, noting what the
** gap holds.  Returns its class, or -1 at the end of the text. */
static int skip_gap(nr_scanner *s, gap_info *g){
  int newlines = 0, indent = 0;
  int first = 1;
  size_t pos = s->pos, chars = s->chars;
  memset(g, 0, sizeof(*g));
  if( s->ntokens > 0 && s->last.kind == NR_TOKEN_ABBREV
   && s->text[s->last.byte_end - 1] == '.' ){
    /* the abbreviation's own full stop may end the sentence too */
    g->terminal = g->stop_right_after = 1;
    first = 0;
  }
  for(;;){
    int32_t cp;
    int len = peek(s, pos, &cp);
    int cls;
    if( len == 0 ){
      s->pos = pos;
      s->chars = chars;
      return -1;
    }
    cls = classify(cp);
    if( cls == C_LETTER || cls == C_DIGIT || cls == C_CJK ){
      if( newlines == 1 && indent >= 2 ) g->paragraph = 1;
      s->pos = pos;
      s->chars = chars;
      return cls;
    }
    if( cls == C_NEWLINE ){
      if( cp == 0x2029 || ++newlines >= 2
       || (!s->words_only && !is_wrapped(s)) ){
        g->paragraph = 1;
      }
      indent = 0;
    }else if( cls == C_SPACE ){
      if( newlines ) indent += (cp == '\t') ? 2 : 1;
    }else{
      if( newlines == 1 && indent >= 2 ) g->paragraph = 1;
      newlines = 0;
      indent = 0;
      if( is_terminal(cp) ){
        g->terminal = 1;
        if( first && cp == '.' ) g->stop_right_after = 1;
      }else if( cp == ',' || cp == ':' || cp == ';' ){
        g->terminal = 0;
      }
    }
    first = 0;
    pos += (size_t)len;
    chars++;
  }
}

/* Words that open sentences and hardly ever follow an abbreviation,
** initial or number inside one: "moved to the U.S. The next day". */
static const char *const openers[] = {
  "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But",
  "And", "This", "That", "These", "Those", "There", "His", "Her", "Its",
  "Their", "Our", "If", "When", "While", "After", "Meanwhile", "However",
  NULL
};

static int opens_sentence(const nr_scanner *s, size_t pos){
  size_t end = pos;
  while( end < s->n && ((s->text[end] >= 'a' && s->text[end] <= 'z')
                     || (s->text[end] >= 'A' && s->text[end] <= 'Z')) ){
    end++;
  }
  /* "J. A. Smith": a letter with a full stop is an initial, not "A" */
  if( end < s->n && (s->text[end] == '.' || s->text[end] >= 0x80) ) return 0;
  return in_list(s->text + pos, end - pos, openers, 0);
}

/* May the word before a full stop hold it without ending the sentence?
** Titles always do (Mr. Tokayev); abbreviations that may end a sentence
** (U.S., Inc.), initials and day numbers do unless an opener follows. */
static int holds_full_stop(const nr_scanner *s, size_t next){
  const nr_token *t = &s->last;
  const unsigned char *w = s->text + t->byte_start;
  size_t n = t->byte_end - t->byte_start;
  int weak;
  if( t->kind == NR_TOKEN_ABBREV ){
    weak = 1;
  }else if( t->kind == NR_TOKEN_NUMBER ){
    weak = (n <= 2);
  }else if( t->end - t->start == 1 ){
    int32_t cp;
    nr_utf8_decode(w, n, &cp);
    weak = is_upper_letter(cp);
  }else if( in_list(w, n, titles, 0) ){
    return 1;
  }else{
    weak = in_list(w, n, abbreviations, 0);
  }
  return weak && !opens_sentence(s, next);
}

static int starts_sentence(const nr_scanner *s, size_t pos){
  int32_t cp;
  if( peek(s, pos, &cp) == 0 ) return 0;
  if( is_lower_letter(cp) ) return 0;
  return 1;   /* capital, digit, caseless script */
}

static void count_breaks(nr_scanner *s, const gap_info *g, size_t pos){
  if( s->ntokens == 0 ) return;
  if( g->paragraph ){
    s->paragraph++;
    s->sentence++;
  }else if( g->terminal && starts_sentence(s, pos)
         && !(g->stop_right_after && holds_full_stop(s, pos)) ){
    s->sentence++;
  }
}

/* ---- hard-wrapped text --------------------------------------------------
** Web pages put a paragraph on a line, so a single line break ends a
** paragraph.  Newswire and e-mail text is hard-wrapped: lines broken at
** about the same width (Reuters: 60-75 characters), paragraphs marked by
** indentation or a blank line.  The text counts as hard-wrapped when at
** least two lines run on into the next line (one neither blank nor
** indented), the longest of them has WRAP_MIN..WRAP_MAX characters, and
** 80% of them fill at least 60% of that width.
*/
#define WRAP_MIN 40
#define WRAP_MAX 100

typedef struct line_info {
  size_t end;          /* the byte after the line's '\n', or n */
  int chars;           /* without the trailing white space, capped */
  int blank, indented, newline;
} line_info;

static int line_space(unsigned char c){
  return c == ' ' || c == '\t' || c == '\r';
}

/* The line is found with memchr and read from both ends: its indentation
** from the front, its last visible character from the back, and only the
** characters before that one are counted, up to WRAP_MAX + 1.  (A byte
** loop over every line cost as much as a tenth of the scanner's time.)
** UTF-8 continuation bytes are not characters, and count as neither space
** nor visible. */
static void read_line(const unsigned char *t, size_t n, size_t pos,
                      line_info *li){
  const unsigned char *nl = memchr(t + pos, '\n', n - pos);
  size_t e = nl ? (size_t)(nl - t) : n, p = pos, last;
  int indent = 0, index = 0;
  memset(li, 0, sizeof(*li));
  li->newline = (e < n);
  li->end = e + (size_t)li->newline;
  while( p < e && (line_space(t[p]) || (t[p] & 0xC0) == 0x80) ){
    indent += t[p] == '\t' ? 2 : (t[p] == ' ');
    p++;
  }
  li->indented = (indent >= 2);
  if( p == e ){
    li->blank = 1;
    return;
  }
  last = e;
  while( line_space(t[last - 1]) || (t[last - 1] & 0xC0) == 0x80 ) last--;
  last--;     /* the first byte of the last visible character */
  /* its index in characters, counted no further than WRAP_MAX + 1: past
  ** the widest wrapped line, all that matters is that it is past */
  for(p = pos; p < last && index <= WRAP_MAX; p++){
    index += (t[p] & 0xC0) != 0x80;
  }
  li->chars = index + 1;
}

static int looks_wrapped(const unsigned char *t, size_t n){
  int hist[WRAP_MAX + 1];
  int runs = 0, longest = 0, full = 0, i;
  line_info cur, next;
  if( n == 0 || memchr(t, '\n', n) == NULL ) return 0;
  memset(hist, 0, sizeof(hist));
  read_line(t, n, 0, &cur);
  while( cur.newline ){
    read_line(t, n, cur.end, &next);
    if( !cur.blank && !next.blank && !next.indented ){
      if( cur.chars > WRAP_MAX ) return 0;   /* a paragraph per line */
      hist[cur.chars]++;
      runs++;
      if( cur.chars > longest ) longest = cur.chars;
    }
    cur = next;
  }
  if( runs < 2 || longest < WRAP_MIN ) return 0;
  for(i = (longest * 6 + 9) / 10; i <= longest; i++) full += hist[i];
  return full * 10 >= runs * 8;
}

void nr_scanner_init(nr_scanner *s, const char *text, size_t n){
  memset(s, 0, sizeof(*s));
  s->text = (const unsigned char *)text;
  s->n = n;
  s->wrapped = -1;      /* worked out at the first line break */
}

const char *nr_token_kind_name(int kind){
  static const char *const names[NR_TOKEN_KIND_COUNT] = {
    "word", "number", "abbrev", "url", "email", "cjk"
  };
  return (kind >= 0 && kind < NR_TOKEN_KIND_COUNT) ? names[kind] : "?";
}

/* Scans the token that starts at s->pos (a letter or digit). */
static void scan_token(nr_scanner *s, nr_token *tok){
  size_t start = s->pos, end;
  cursor c = { s->pos, s->chars };
  int has_letter;
  scan_word(s, start, &c, &has_letter);
  if( c.pos == start ) step(s, &c);     /* never stall on a stray mark */
  tok->kind = has_letter ? NR_TOKEN_WORD : NR_TOKEN_NUMBER;
  if( c.pos < s->n ){
    unsigned char stop = s->text[c.pos];
    if( stop == '@' || stop == '.' || stop == '_' || stop == '%'
     || stop == '+' || stop == '-' ){
      end = match_email(s, start);
      if( end ){
        c.chars += count_chars(s, c.pos, end);
        c.pos = end;
        tok->kind = NR_TOKEN_EMAIL;
      }
    }
    if( tok->kind != NR_TOKEN_EMAIL && (stop == ':' || stop == '.')
     && maybe_scheme(s->text + start, c.pos - start) ){
      end = match_url(s, start, c.pos);
      if( end ){
        c.chars += count_chars(s, c.pos, end);
        c.pos = end;
        tok->kind = NR_TOKEN_URL;
      }
    }
    if( stop == '.' && c.chars - s->chars == 1 && tok->kind == NR_TOKEN_WORD ){
      cursor k = { s->pos, s->chars };
      if( match_abbrev(s, &k) ){
        c = k;
        tok->kind = NR_TOKEN_ABBREV;
      }
    }
  }
  tok->byte_start = start;
  tok->start = s->chars;
  tok->byte_end = c.pos;
  tok->end = c.chars;
  s->pos = c.pos;
  s->chars = c.chars;
}

/* ---- the scanner ------------------------------------------------------
** A words-only scan tries the fast path of fastscan.h first; a scan that
** numbers sentences tries fast_numbered().
**
** The numbered fast path:
** With sentence and paragraph numbers wanted, most gaps still hold no
** break: spaces, commas, quote marks, brackets, hyphens.  A gap of ASCII
** characters without a line break or . ! ? before an ASCII letter or digit
** leaves skip_gap()'s gap_info all zero (a ; , or : only clears a full
** stop seen before it, and there is none), so count_breaks() would count
** nothing, unless the token before is an abbreviation whose own full stop
** may end the sentence.  Such a gap is skipped here; the token after it is
** cut by fastscan.h's rules when it is plain, by scan_token() otherwise.
** 1: a token was cut; -1: use the general path (nothing was consumed).
*/
static int fast_numbered(nr_scanner *s, nr_token *tok){
  const unsigned char *t = s->text;
  size_t pos = s->pos, start;
  int kind;
  unsigned char c;
  if( s->ntokens > 0 && s->last.kind == NR_TOKEN_ABBREV ) return -1;
  while( pos < s->n && (c = t[pos]) < 0x80
      && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') ){
    if( c == '\n' || c == '.' || c == '!' || c == '?' ) return -1;
    pos++;
  }
  if( pos >= s->n || t[pos] >= 0x80 ) return -1;
  s->chars += pos - s->pos;
  s->pos = start = pos;
  if( t[pos] >= '0' && t[pos] <= '9' ){
    do{ pos++; }while( pos < s->n && t[pos] >= '0' && t[pos] <= '9' );
    kind = NR_TOKEN_NUMBER;
  }else{
    pos = nr_lower_run(t, pos + 1, s->n);
    kind = NR_TOKEN_WORD;
  }
  if( !fs_ends_plain(s, pos, kind == NR_TOKEN_NUMBER, pos - start) ){
    scan_token(s, tok);
    return 1;
  }
  fs_cut(s, tok, start, pos, kind);
  return 1;
}

/* The general path, after the fast one of fastscan.h declined or was not
** asked; a scan that numbers sentences first tries fast_numbered(). */
int nr_scanner_next_general(nr_scanner *s, nr_token *tok){
  gap_info g;
  int cls;
  int fast = (s->cjk_active || s->words_only) ? -1 : fast_numbered(s, tok);
  if( fast == 1 ){
    /* cut above */
  }else if( s->cjk_active ){
    next_cjk(s, tok);
  }else{
    cls = skip_gap(s, &g);
    if( cls < 0 ) return 0;
    if( !s->words_only ) count_breaks(s, &g, s->pos);
    if( cls == C_CJK ){
      s->cjk_active = 1;
      s->cjk_pos = s->pos;
      s->cjk_chars = s->chars;
      s->cjk_end = cjk_run_end(s, s->pos);
      s->chars += count_chars(s, s->pos, s->cjk_end);
      s->pos = s->cjk_end;
      next_cjk(s, tok);
    }else{
      scan_token(s, tok);
    }
  }
  tok->sentence = s->sentence;
  tok->paragraph = s->paragraph;
  /* only what skip_gap and holds_full_stop read: a whole-struct copy
  ** reads back with wide loads what was just written narrow, and the
  ** stalled store forwarding cost a third of the scanner's time in
  ** profiles */
  s->last.kind = tok->kind;
  s->last.byte_end = tok->byte_end;
  if( !s->words_only ){
    s->last.byte_start = tok->byte_start;
    s->last.start = tok->start;
    s->last.end = tok->end;
  }
  s->ntokens++;
  return 1;
}

int nr_scanner_next(nr_scanner *s, nr_token *tok){
  if( s->words_only && !s->cjk_active ){
    uint64_t key[NR_STEM_KEY_WORDS];
    int keyed;
    int fast = fs_token(s, tok, key, &keyed);
    if( fast >= 0 ) return fast;
  }
  return nr_scanner_next_general(s, tok);
}
