/*
** quotes.c -- finding direct quotations: quote marks paired by context,
** nesting, repairs, and the kind of each quote (nr_quotes_find).
**
** One walk over the text keeps a stack of open marks.  A mark's glyph
** only says which family it belongs to (double, single, guillemet, angle,
** the two CJK brackets); whether it opens or closes comes from the state
** of its family and from its flanks: a mark with a space before and a
** letter after looks like an opener, one with a letter before and a space
** or punctuation after like a closer.  Machine translation writes
** `eliminated, “added Tokayev` and `soon, ”he said`, so when its family is
** open a double mark closes, whatever it looks like, and the quote is
** flagged as repaired.  Single marks are stricter because most of them are
** apostrophes: one between letters never counts, one after a letter only
** closes an open single quote (citizens’ is a possessive), and an unclosed
** single quote is forgotten at the paragraph end.
**
** A line break ends every open quote, unless the next paragraph begins
** with a mark of the same family: then the quote goes on (the newspaper
** rule for a quotation of several paragraphs).  Each mark is pushed and
** popped at most once, so the walk is linear however the marks nest.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "newsroom.h"
#include "runs.h"

enum family {
  F_DOUBLE = 0, F_SINGLE, F_GUILL, F_ANGLE, F_CJK1, F_CJK2, F_DASH,
  F_COUNT
};

static const char *const kind_names[NR_QUOTE_KIND_COUNT] = {
  "full", "partial", "scare", "title", "headline"
};

const char *nr_quote_kind_name(int kind){
  if( kind < 0 || kind >= NR_QUOTE_KIND_COUNT ) return "";
  return kind_names[kind];
}

const char *nr_speaker_type_name(int type){
  switch( type ){
    case NR_SPEAKER_NAME:         return "name";
    case NR_SPEAKER_PRONOUN:      return "pronoun";
    case NR_SPEAKER_ORGANISATION: return "organisation";
    case NR_SPEAKER_DESCRIPTION:  return "description";
    default:                      return NULL;
  }
}

void nr_quotes_free(nr_quotes *qs){
  nr_free(qs->q);
  memset(qs, 0, sizeof(*qs));
}

/* ---- characters --------------------------------------------------------- */

static int family_of(int32_t cp){
  switch( cp ){
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x301D: case 0x301E: case 0xFF02:
      return F_DOUBLE;
    case '\'': case 0x2018: case 0x2019: case 0x201A: case 0x201B:
      return F_SINGLE;
    case 0x00AB: case 0x00BB: return F_GUILL;
    case 0x2039: case 0x203A: return F_ANGLE;
    case 0x300C: case 0x300D: return F_CJK1;
    case 0x300E: case 0x300F: return F_CJK2;
    default: return -1;
  }
}

static int is_space(int32_t cp){
  if( cp > ' ' && cp < 0x7F ) return 0;
  if( cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f'
   || cp == '\v' || cp == 0xA0 || cp == 0x202F || cp == 0x2009
   || cp == 0x2028 || cp == 0x2029 ) return 1;
  return cp > 0x7F && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_newline(int32_t cp){
  return cp == '\n' || cp == 0x2029 || cp == 0x2028 || cp == 0x85;
}

static int is_word_char(int32_t cp){
  utf8proc_category_t c;
  if( cp < 0x80 ){
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
        || (cp >= '0' && cp <= '9');
  }
  c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
      || c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_MN
      || c == UTF8PROC_CATEGORY_MC;
}

static int is_upper(int32_t cp){
  return utf8proc_isupper(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int is_dash(int32_t cp){
  return cp == 0x2014 || cp == 0x2013 || cp == 0x2015;
}

static int is_terminal(int32_t cp){
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002
      || cp == 0xFF01 || cp == 0xFF1F;
}

/* What may follow a closing mark: space, punctuation, another mark. */
static int closes_before(int32_t cp){
  return cp < 0 || is_space(cp) || is_terminal(cp) || cp == ',' || cp == ';'
      || cp == ':' || cp == ')' || cp == ']' || cp == '}' || is_dash(cp)
      || cp == '-' || family_of(cp) >= 0;
}

/* What may come before an opening mark. */
static int opens_after(int32_t cp){
  return cp < 0 || is_space(cp) || cp == '(' || cp == '[' || cp == '{'
      || is_dash(cp) || cp == '-' || cp == '/' || cp == ':'
      || family_of(cp) >= 0;
}

/* ---- the walk ------------------------------------------------------------ */

/* ASCII characters the walk takes in a tight loop (nr_quotes_find). */
enum { A_GENERAL = 0, A_SPACE, A_WORD, A_PUNCT };

/* Indexed by byte: letters and digits A_WORD; space, tab and carriage
** return A_SPACE; other visible ASCII A_PUNCT, except the quote marks " '
** and ` (of ``); line breaks, control characters and the bytes of other
** characters A_GENERAL. */
static const unsigned char ascii_class[256] = {
  0,0,0,0,0,0,0,0,0,1,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  1,3,0,3,3,3,3,0,3,3,3,3,3,3,3,3,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,3,
  3,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,
  0,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};

typedef struct open_mark {
  int family;
  int32_t cp;
  nr_span mark;
  int flags;
  size_t letters;           /* walker.letters when it opened */
} open_mark;

/* Per-quote facts about the line it closed on, for the headline rule. */
typedef struct line_facts {
  int words;
  int terminal;   /* the line ends with . ! ? , : ; */
} line_facts;

typedef struct walker {
  nr_quotes *out;
  line_facts *facts;        /* beside out->q */
  size_t facts_cap;
  open_mark *stack;
  size_t depth, cap;
  int open_count[F_COUNT];
  int reopen;               /* the next paragraph may continue stack[0] */
  size_t pend_b, pend_c;    /* where stack[0] ends if it does not */
  line_facts pend_facts;    /* and the facts of the line it ends on */
  size_t vis_b, vis_c;      /* the end of the last visible character */
  size_t line_first;        /* first quote emitted on the current line */
  int line_words;
  int32_t line_last;        /* the line's last visible character */
  size_t letters;           /* letters and digits seen so far */
  int32_t attr;             /* the mark closing a markup attribute value */
  int oom;
} walker;

static int push(walker *w, int family, int32_t cp, nr_span mark, int flags){
  if( w->depth == w->cap ){
    size_t cap = w->cap ? w->cap * 2 : 16;
    open_mark *s = nr_realloc(w->stack, cap * sizeof(*s));
    if( s == NULL ){ w->oom = 1; return -1; }
    w->stack = s;
    w->cap = cap;
  }
  w->stack[w->depth].family = family;
  w->stack[w->depth].cp = cp;
  w->stack[w->depth].mark = mark;
  w->stack[w->depth].flags = flags;
  w->stack[w->depth].letters = w->letters;
  w->depth++;
  w->open_count[family]++;
  return 0;
}

static void pop(walker *w){
  w->depth--;
  w->open_count[w->stack[w->depth].family]--;
}

static void emit(walker *w, const open_mark *o, nr_span close, size_t tb,
                 size_t tc, int flags){
  nr_quotes *qs = w->out;
  nr_quote *q;
  if( w->oom ) return;
  if( w->letters == o->letters ) return;   /* nothing but marks and spaces */
  if( qs->n == qs->cap ){
    size_t cap = qs->cap ? qs->cap * 2 : 16;
    nr_quote *p = nr_realloc(qs->q, cap * sizeof(*p));
    if( p == NULL ){ w->oom = 1; return; }
    qs->q = p;
    qs->cap = cap;
  }
  if( qs->n == w->facts_cap ){
    size_t cap = w->facts_cap ? w->facts_cap * 2 : 16;
    line_facts *f = nr_realloc(w->facts, cap * sizeof(*f));
    if( f == NULL ){ w->oom = 1; return; }
    w->facts = f;
    w->facts_cap = cap;
  }
  w->facts[qs->n].words = 0;
  w->facts[qs->n].terminal = 1;
  q = &qs->q[qs->n++];
  memset(q, 0, sizeof(*q));
  q->open = o->mark;
  q->close = close;
  q->text.byte_start = o->mark.byte_end;
  q->text.start = o->mark.end;
  q->text.byte_end = tb;
  q->text.end = tc;
  q->flags = o->flags | flags;
  q->parent = -1;
}

/* Closes the entry at index i, dropping what was opened above it. */
static void close_at(walker *w, size_t i, nr_span close, int flags){
  open_mark o = w->stack[i];
  while( w->depth > i ) pop(w);
  emit(w, &o, close, close.byte_start, close.start, flags);
}

static size_t top_of(const walker *w, int family){
  size_t i = w->depth;
  while( i > 0 ){
    i--;
    if( w->stack[i].family == family ) return i;
  }
  return (size_t)-1;
}

/* The quote left open at the end of a paragraph ends there (at b, c). */
static void end_open(walker *w, size_t b, size_t c){
  open_mark o;
  nr_span none;
  int fam, pending = w->reopen;
  size_t n = w->out->n;
  while( w->depth > 1 ) pop(w);
  if( w->depth == 0 ) return;
  o = w->stack[0];
  fam = o.family;
  pop(w);
  w->reopen = 0;
  /* an unclosed single mark was an apostrophe after all */
  if( fam == F_SINGLE || fam == F_ANGLE ) return;
  if( o.mark.byte_end >= b ) return;
  none.byte_start = none.byte_end = b;
  none.start = none.end = c;
  emit(w, &o, none, b, c, fam == F_DASH ? 0 : NR_QUOTE_UNCLOSED);
  if( pending && w->out->n > n ){
    /* emitted at the next paragraph's start, it belongs to the line
    ** before: that line's facts, not the new one's */
    w->facts[n] = w->pend_facts;
    w->line_first = w->out->n;
  }
}

/* A line ends.  Quotes still open end with it, unless the next paragraph
** may reopen the first (decided at its first visible character). */
static void end_line(walker *w, int may_reopen){
  size_t i;
  int term = is_terminal(w->line_last) || w->line_last == ','
          || w->line_last == ':' || w->line_last == ';';
  if( w->depth > 0 && !w->reopen ){
    int fam = w->stack[0].family;
    if( may_reopen && fam != F_SINGLE && fam != F_ANGLE && fam != F_DASH ){
      while( w->depth > 1 ) pop(w);
      w->reopen = 1;
      w->pend_b = w->vis_b;
      w->pend_c = w->vis_c;
      w->pend_facts.words = w->line_words;
      w->pend_facts.terminal = w->line_last >= 0 ? term : 1;
    }else{
      end_open(w, w->vis_b, w->vis_c);
    }
  }
  if( w->line_last >= 0 ){
    for(i = w->line_first; i < w->out->n; i++){
      w->facts[i].words = w->line_words;
      w->facts[i].terminal = term;
    }
    w->line_first = w->out->n;
  }
  w->line_words = 0;
  w->line_last = -1;
}

static int decode_at(const unsigned char *t, size_t n, size_t pos,
                     int32_t *cp){
  int len;
  if( pos >= n ){ *cp = -1; return 0; }
  if( t[pos] < 0x80 ){ *cp = t[pos]; return 1; }
  len = nr_utf8_decode(t + pos, n - pos, cp);
  if( len == 0 ){ *cp = 0xFFFD; len = 1; }
  return len;
}

/* One mark of a quote family at m; prev and next are its neighbours. */
static void on_mark(walker *w, int fam, int32_t cp, int twin, nr_span m,
                    int32_t prev, int32_t next){
  int left = next >= 0 && !is_space(next) && opens_after(prev);
  int right = prev >= 0 && !is_space(prev) && closes_before(next);
  int glyph_closes = (cp == 0x201D || cp == 0x2019 || cp == 0x00BB
                      || cp == 0x203A || cp == 0x300D || cp == 0x300F);
  switch( fam ){
    case F_DOUBLE:
      if( w->open_count[F_DOUBLE] && left
       && w->stack[top_of(w, F_DOUBLE)].letters == w->letters ){
        /* "“If I was: a second opening mark, nothing inside yet */
        open_mark *o = &w->stack[top_of(w, F_DOUBLE)];
        if( o->mark.byte_end == m.byte_start ){
          o->mark.byte_end = m.byte_end;
          o->mark.end = m.end;
        }
        break;
      }
      if( w->open_count[F_DOUBLE] ){
        close_at(w, top_of(w, F_DOUBLE), m,
                 (left && !right) ? NR_QUOTE_MISDIRECTED : 0);
      }else if( left || (!right && next >= 0 && !is_space(next)) ){
        push(w, F_DOUBLE, cp, m,
             (cp == 0x201D && !twin) ? NR_QUOTE_MISDIRECTED : 0);
      }
      break;
    case F_SINGLE:
      if( is_word_char(prev) && is_word_char(next) ) break;  /* don’t */
      if( next >= '0' && next <= '9' && !w->open_count[F_SINGLE] ) break;  /* ’90s */
      if( cp == 0x2019 && !w->open_count[F_SINGLE] && w->depth > 0
       && w->stack[w->depth-1].family == F_DOUBLE && is_terminal(prev)
       && closes_before(next) && family_of(next) < 0 ){
        /* `tweeted: “Let’s go. We can (hashtag)StopGunViolence.’ Schumer
        ** was`: after a full stop no apostrophe belongs to a word, and no
        ** single quote is open: the writer closed the double quote with
        ** the wrong mark */
        close_at(w, w->depth - 1, m, NR_QUOTE_MISDIRECTED);
        break;
      }
      if( w->open_count[F_SINGLE] && right ){
        close_at(w, top_of(w, F_SINGLE), m, 0);
      }else if( left && cp != 0x2019 ){
        push(w, F_SINGLE, cp, m, 0);
      }
      break;
    case F_GUILL: case F_ANGLE: {
      /* the count first: top_of() walks the stack */
      size_t i = w->open_count[fam] ? top_of(w, fam) : (size_t)-1;
      if( i != (size_t)-1 && (cp != w->stack[i].cp || right) ){
        close_at(w, i, m, 0);
      }else if( !(right && !left && glyph_closes) && next >= 0 ){
        push(w, fam, cp, m, 0);
      }
      break;
    }
    default:     /* CJK brackets: the glyph says it all */
      if( cp == 0x300C || cp == 0x300E ){
        push(w, fam, cp, m, 0);
      }else if( w->open_count[fam] ){
        close_at(w, top_of(w, fam), m, 0);
      }
      break;
  }
}

/* ---- kinds ---------------------------------------------------------------- */

/* Looks at the first few words of a quote: is the first letter a capital,
** how many words (up to cap), are they title-cased, does it end a
** sentence. */
typedef struct shape {
  int upper_first, words, title_case, ends_terminal, ends_comma;
} shape;

static void quote_shape(const unsigned char *t, const nr_quote *q, shape *s){
  size_t p = q->text.byte_start, e = q->text.byte_end;
  int in_word = 0, seen_letter = 0, word_len = 0, word_upper = 0;
  int32_t cp, last = 0;
  memset(s, 0, sizeof(*s));
  s->title_case = 1;
  while( p < e && s->words <= 12 ){
    int len = decode_at(t, e, p, &cp);
    if( cp < 0x80 ? ascii_class[cp] == A_WORD : is_word_char(cp) ){
      if( !in_word ){
        in_word = 1;
        word_len = 0;
        word_upper = is_upper(cp);
        if( !seen_letter && utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO ){
          s->upper_first = word_upper || !utf8proc_islower(cp);
          seen_letter = 1;
        }
        if( cp >= '0' && cp <= '9' ) seen_letter = 1;
        s->words++;
      }
      word_len++;
    }else if( in_word && cp != '\'' && cp != 0x2019 && cp != '-' ){
      in_word = 0;
      if( !word_upper && word_len > 3 ) s->title_case = 0;
    }
    p += (size_t)len;
  }
  if( in_word && !word_upper && word_len > 3 ) s->title_case = 0;
  /* the last visible character, looking back a few bytes at most */
  p = e;
  while( p > q->text.byte_start && e - p < 16 ){
    size_t b = p - 1;
    while( b > q->text.byte_start && (t[b] & 0xC0) == 0x80 ) b--;
    decode_at(t, e, b, &cp);
    if( !is_space(cp) ){ last = cp; break; }
    p = b;
  }
  s->ends_terminal = is_terminal(last);
  s->ends_comma = (last == ',');
}

/* The visible character before the opening mark on its line, or -1. */
static int32_t before_open(const unsigned char *t, const nr_quote *q){
  size_t p = q->open.byte_start;
  int steps = 0;
  while( p > 0 && steps++ < 32 ){
    int32_t cp;
    size_t b = p - 1;
    while( b > 0 && (t[b] & 0xC0) == 0x80 ) b--;
    decode_at(t, p, b, &cp);
    if( is_newline(cp) ) return -1;
    if( !is_space(cp) ) return cp;
    p = b;
  }
  return -1;
}

static void decide_kind(const unsigned char *t, nr_quote *q,
                        const line_facts *lf){
  shape s;
  int32_t before;
  if( q->flags & NR_QUOTE_DASH ){
    q->kind = NR_QUOTE_FULL;
    return;
  }
  quote_shape(t, q, &s);
  before = before_open(t, q);
  if( q->depth == 0 && lf->words <= 10 && !lf->terminal
   && !(q->flags & NR_QUOTE_MULTIPARA) ){
    /* (a quote of several paragraphs is no headline: the short line is
    ** only its last) */
    q->kind = NR_QUOTE_HEADLINE;
  }else if( s.title_case && s.upper_first && s.words >= 2 && s.words <= 8
         && !s.ends_terminal && before >= 0 && is_word_char(before) ){
    q->kind = NR_QUOTE_TITLE;
  }else if( s.upper_first
         && (before < 0 || is_terminal(before) || before == ':'
             || before == '(' || is_dash(before) || family_of(before) >= 0
             || (before == ',' && s.words >= 4)) ){
    q->kind = NR_QUOTE_FULL;
  }else{
    q->kind = NR_QUOTE_PARTIAL;
  }
}

/* ---- ordering and nesting -------------------------------------------------- */

typedef struct order {
  size_t ob, oe;    /* outer span in bytes */
  size_t i;
} order;

static int cmp_order(const void *a, const void *b){
  const order *x = a, *y = b;
  if( x->ob != y->ob ) return x->ob < y->ob ? -1 : 1;
  if( x->oe != y->oe ) return x->oe > y->oe ? -1 : 1;
  return x->i < y->i ? -1 : (x->i > y->i);
}

static size_t outer_end(const nr_quote *q){
  return q->close.byte_end > q->text.byte_end ? q->close.byte_end
                                              : q->text.byte_end;
}

/* Sorts the quotes by their opening marks and sets depth and parent.
** facts is permuted alongside. */
static int nest(nr_quotes *qs, line_facts **facts){
  order *ord;
  nr_quote *sorted;
  line_facts *lf;
  size_t *stack, depth = 0, i;
  if( qs->n == 0 ) return 0;
  ord = nr_realloc(NULL, qs->n * sizeof(*ord));
  sorted = nr_realloc(NULL, qs->n * sizeof(*sorted));
  lf = nr_realloc(NULL, qs->n * sizeof(*lf));
  stack = nr_realloc(NULL, qs->n * sizeof(*stack));
  if( !ord || !sorted || !lf || !stack ){
    nr_free(ord); nr_free(sorted); nr_free(lf); nr_free(stack);
    return -1;
  }
  for(i = 0; i < qs->n; i++){
    ord[i].ob = qs->q[i].open.byte_start;
    ord[i].oe = outer_end(&qs->q[i]);
    ord[i].i = i;
  }
  qsort(ord, qs->n, sizeof(*ord), cmp_order);
  for(i = 0; i < qs->n; i++){
    sorted[i] = qs->q[ord[i].i];
    lf[i] = (*facts)[ord[i].i];
  }
  for(i = 0; i < qs->n; i++){
    nr_quote *q = &sorted[i];
    while( depth > 0 && outer_end(&sorted[stack[depth-1]]) <= q->open.byte_start ){
      depth--;
    }
    q->depth = (int)depth;
    q->parent = depth ? (int)stack[depth-1] : -1;
    stack[depth++] = i;
  }
  nr_free(qs->q);
  qs->q = sorted;
  qs->cap = qs->n;
  nr_free(*facts);
  *facts = lf;
  nr_free(ord);
  nr_free(stack);
  return 0;
}

void nr_quotes_number(const char *text, size_t n, nr_quotes *qs){
  nr_scanner sc;
  nr_token tok;
  size_t i;
  int have;
  nr_scanner_init(&sc, text, n);
  memset(&tok, 0, sizeof(tok));
  have = nr_scanner_next(&sc, &tok);
  for(i = 0; i < qs->n; i++){
    nr_quote *q = &qs->q[i];
    while( have && tok.byte_end <= q->text.byte_start ){
      int p = tok.paragraph, s = tok.sentence;
      have = nr_scanner_next(&sc, &tok);
      if( !have ){ tok.paragraph = p; tok.sentence = s; }
    }
    q->paragraph = tok.paragraph;
    q->sentence = tok.sentence;
  }
}

/* ---- the entry point -------------------------------------------------------- */

int nr_quotes_dash_speech(int lang){
  const char *name;
  if( lang < 0 ) return 1;
  name = nr_lang_name(lang);
  return strcmp(name, "english") != 0 && strcmp(name, "porter") != 0
      && strcmp(name, "german") != 0 && strcmp(name, "dutch") != 0;
}

int nr_quotes_find(const char *text, size_t n, nr_quotes *out){
  walker w;
  const unsigned char *t = (const unsigned char *)text;
  size_t pos = 0, chars = 0, prev_pos = 0, prev_chars = 0, i;
  int32_t prev = -1, cp, next;
  int len, at_line_start = 1, in_word = 0;

  out->n = 0;
  memset(&w, 0, sizeof(w));
  w.out = out;
  w.line_last = -1;
  len = decode_at(t, n, 0, &cp);
  while( len > 0 && !w.oom ){
    size_t nlen;
    int fam;
    nr_span m;
    if( !at_line_start && cp < 0x80 && ascii_class[cp] ){
      /* The bulk of the text, ASCII words, spaces and punctuation other
      ** than quote marks in the middle of a line, does no more than the
      ** general path below does to it: count letters and words, note the
      ** last visible character.  Taken here a run at a time.  All ASCII:
      ** a character per byte, so a character offset is the byte offset
      ** plus off (modulo 2^64), and the walker's fields are set once, at
      ** the end. */
      size_t p = pos, off = chars - pos, vis = 0, item = pos, letters = 0;
      int words = 0;
      for(;;){
        int k = ascii_class[t[p]];
        if( k == A_GENERAL ) break;
        item = p;
        if( k == A_WORD ){
          size_t e = nr_alnum_run(t, p + 1, n);
          letters += e - p;
          words += !in_word;
          in_word = 1;
          p = vis = e;
        }else{
          in_word = 0;
          p++;
          if( k == A_PUNCT ) vis = p;
        }
        if( p >= n ) break;
      }
      w.letters += letters;
      w.line_words += words;
      if( vis ){
        w.vis_b = vis;
        w.vis_c = vis + off;
        w.line_last = t[vis - 1];
      }
      prev = t[p - 1];
      prev_pos = item;
      prev_chars = item + off;
      pos = p;
      chars = p + off;
      len = decode_at(t, n, pos, &cp);
      continue;
    }
    /* '' and `` are one double mark (the New York Times' style) */
    int twin = (cp == '\'' || cp == '`') && pos + 1 < n
               && t[pos+1] == (unsigned char)cp;
    m.byte_start = pos;
    m.start = chars;
    m.byte_end = pos + (size_t)len + (twin ? 1 : 0);
    m.end = chars + 1 + (twin ? 1 : 0);
    nlen = (size_t)decode_at(t, n, m.byte_end, &next);

    if( is_newline(cp) ){
      w.attr = 0;
      end_line(&w, 1);
      at_line_start = 1;
      in_word = 0;
      goto advance;
    }
    if( is_space(cp) ){
      in_word = 0;
      goto advance;
    }
    fam = twin ? F_DOUBLE : (cp == '`' ? -1 : family_of(cp));
    if( at_line_start && w.reopen ){
      if( fam == w.stack[0].family && next >= 0 && !is_space(next) ){
        /* the quote goes on in this paragraph: skip the reopening mark */
        w.reopen = 0;
        w.stack[0].flags |= NR_QUOTE_MULTIPARA;
        at_line_start = 0;
        w.line_last = cp;
        goto advance;
      }
      end_open(&w, w.pend_b, w.pend_c);
    }
    w.vis_b = m.byte_end;
    w.vis_c = m.end;
    w.line_last = cp;
    if( is_word_char(cp) ){
      w.letters++;
      if( !in_word ) w.line_words++;
      in_word = 1;
      at_line_start = 0;
      if( cp < 0x80 ){
        /* the rest of an ASCII word at once: most of the text */
        size_t e = nr_alnum_run(t, m.byte_end, n);
        if( e > m.byte_end ){
          w.letters += e - m.byte_end;
          m.end += e - m.byte_end;
          m.byte_end = e;
          cp = t[e-1];
          w.vis_b = m.byte_end;
          w.vis_c = m.end;
          nlen = (size_t)decode_at(t, n, e, &next);
        }
      }
      goto advance;
    }
    in_word = 0;
    if( at_line_start && w.depth == 0 && is_dash(cp) && !out->no_dash ){
      /* dash-introduced speech: "— Words" at the start of a paragraph */
      size_t p2 = m.byte_end, c2n = m.end;
      int32_t c2 = next;
      int l2 = (int)nlen;
      if( c2 == ' ' || c2 == 0xA0 ){
        p2 += (size_t)l2;
        c2n++;
        l2 = decode_at(t, n, p2, &c2);
      }
      if( l2 > 0 && (is_upper(c2) || c2 == 0xBF || c2 == 0xA1) ){
        nr_span d = m;
        d.byte_end = p2;
        d.end = c2n;
        push(&w, F_DASH, cp, d, NR_QUOTE_DASH);
        at_line_start = 0;
        prev_pos = p2 - 1; prev_chars = c2n - 1;
        pos = p2; chars = c2n;
        prev = ' ';
        cp = c2; len = l2;
        continue;
      }
    }
    at_line_start = 0;
    if( is_dash(cp) && w.depth == 1 && w.stack[0].family == F_DASH
     && is_space(prev) ){
      /* "—No voy —dijo Juan—": the narrator's incise ends the speech */
      open_mark o = w.stack[0];
      pop(&w);
      emit(&w, &o, m, prev_pos, prev_chars, 0);
      goto advance;
    }
    if( w.attr ){
      /* inside a value: its marks are markup, not quotation */
      if( cp == w.attr || (w.attr == 0x201D && cp == 0x201C) ) w.attr = 0;
      goto advance;
    }
    if( prev == '=' && !twin
     && (cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D) ){
      /* <tweet datetime="2015-12-02">: an attribute value, not a quote;
      ** a word processor curls its marks (<a href=”https://...”>), and
      ** either curly one may close it */
      w.attr = cp == 0x201C ? 0x201D : cp;
      goto advance;
    }
    if( fam >= 0 ) on_mark(&w, fam, cp, twin, m, prev, next);
  advance:
    prev_pos = pos;
    prev_chars = chars;
    if( twin ){ prev_pos++; prev_chars++; }
    pos = m.byte_end;
    chars = m.end;
    prev = twin ? '\'' : cp;
    cp = next;
    len = (int)nlen;
  }
  if( !w.oom ){
    if( w.reopen ) end_open(&w, w.pend_b, w.pend_c);
    end_line(&w, 0);
  }
  nr_free(w.stack);
  if( w.oom || nest(out, &w.facts) ){
    nr_free(w.facts);
    out->n = 0;
    return -1;
  }
  for(i = 0; i < out->n; i++) decide_kind(t, &out->q[i], &w.facts[i]);
  nr_free(w.facts);
  return 0;
}
