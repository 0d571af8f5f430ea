/*
** newsroom.h -- the C core of the newsroom SQLite extension.
**
** Everything declared here works on plain UTF-8 buffers and knows nothing
** of SQLite: UTF-8 decoding, case and diacritics folding (utf8proc), word
** segmentation with character and byte offsets, the Snowball stemmer with a
** bounded per-owner cache, stopword lists and language detection.  The SQL
** layer in ext/ is glue around these pieces.
**
** Nothing here keeps global mutable state.  An nr_analyzer owns its
** stemmers, caches and scratch buffers; give each thread (each SQLite
** connection, each FTS5 tokenizer instance) its own.
*/
#ifndef NEWSROOM_H
#define NEWSROOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The extension's entry point ------------------------------------------
** For programs that link libnewsroom.a (built with SQLITE_CORE) and
** register it on every connection they open:
**     #include <sqlite3.h>
**     #include <newsroom.h>
**     sqlite3_auto_extension((void (*)(void))sqlite3_newsroom_init);
** Declared only after <sqlite3.h>, so that the core stays free of it.
*/
#ifdef SQLITE3_H
int sqlite3_newsroom_init(sqlite3 *db, char **err,
                          const sqlite3_api_routines *api);
#endif

/* ---- Memory --------------------------------------------------------------
** The core allocates only through these two, which whoever links the core
** defines: the SQL layer routes them to sqlite3_realloc64/sqlite3_free so
** that SQLite's memory accounting and fault injection cover the core too.
*/
void *nr_realloc(void *p, size_t n);   /* n > 0; NULL when out of memory */
void nr_free(void *p);

/* ---- Languages ---------------------------------------------------------
** A language is an index into the table of Snowball algorithms that
** libstemmer provides (0 .. nr_lang_count()-1), or one of these.
*/
#define NR_LANG_NONE     (-1)   /* no stemming, no stopwords */
#define NR_LANG_AUTO     (-2)   /* detect from the document */
#define NR_LANG_UNKNOWN  (-3)   /* lookup failed */

int nr_lang_count(void);
/* Snowball name ("english"), ISO 639-1 code ("en"), "none" or "auto", in
** any case. */
int nr_lang_find(const char *name, size_t len);
const char *nr_lang_name(int lang);   /* "english"; "none" for NR_LANG_NONE */
/* A word list compiled in (ext/data/embed.sh writes one array of them per
** kind, ended by {NULL, NULL}), and the text of lang's list in files, or
** NULL: porter reads english's. */
struct nr_data_file { const char *lang; const char *words; };
const char *nr_data_source(const struct nr_data_file *files, int lang);
const char *nr_lang_code(int lang);   /* "en"; "" where ISO 639-1 has none */
int nr_lang_default(void);            /* english */

/* ---- UTF-8 ------------------------------------------------------------- */
/* Decodes one code point at s (n > 0 bytes available); returns its length
** in bytes, or 0 for an invalid sequence (the caller then steps one byte). */
int nr_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);
/* Offset of the first invalid byte, or n when the whole buffer is valid. */
size_t nr_utf8_check(const char *s, size_t n);
size_t nr_utf8_chars(const char *s, size_t n);

/* ---- A growable byte buffer --------------------------------------------- */
typedef struct nr_buf {
  char *p;
  size_t n, cap;
} nr_buf;
int nr_buf_reserve(nr_buf *b, size_t extra);      /* 0 ok, -1 out of memory */
int nr_buf_append(nr_buf *b, const char *s, size_t n);
void nr_buf_free(nr_buf *b);

/* ---- Folding ------------------------------------------------------------
** nr_fold: Unicode case folding and NFC composition of one word, with
** typographic apostrophes (U+2019, U+02BC) written as "'" so that
** "Tokayev’s" and "Tokayev's" fold alike.  nr_strip_diacritics removes
** accents from Latin, Greek and Cyrillic letters only: the vowel signs of
** Devanagari, Tamil or Arabic are marks too, and removing them would
** destroy the word.  Both replace out's contents; -1 means out of memory.
*/
int nr_fold(const char *w, size_t n, nr_buf *out);
int nr_strip_diacritics(const char *w, size_t n, nr_buf *out);

/* ---- Word segmentation --------------------------------------------------
** The scanner walks a document and yields words with their offsets, the
** sentence and paragraph they are in, and their kind.  It never fails and
** never allocates: invalid UTF-8 bytes count as one character each and
** separate words.
*/
enum nr_token_kind {
  NR_TOKEN_WORD = 0,
  NR_TOKEN_NUMBER,
  NR_TOKEN_ABBREV,   /* U.S., e.g. */
  NR_TOKEN_URL,
  NR_TOKEN_EMAIL,
  NR_TOKEN_CJK,      /* a Han, Kana or Hangul bigram (or a lone character) */
  NR_TOKEN_KIND_COUNT
};
const char *nr_token_kind_name(int kind);

typedef struct nr_token {
  size_t byte_start, byte_end;   /* half-open, in bytes */
  size_t start, end;             /* half-open, in characters */
  int kind;
  int sentence, paragraph;       /* 0-based */
} nr_token;

typedef struct nr_scanner {
  const unsigned char *text;
  size_t n;
  size_t pos, chars;             /* next byte to read and its char offset */
  int sentence, paragraph;
  int ntokens;
  nr_token last;                 /* the token before, for sentence rules */
  /* a run of Han, Kana or Hangul being cut into bigrams */
  size_t cjk_pos, cjk_chars, cjk_end;
  int cjk_active;
  int wrapped;                   /* hard-wrapped: one line break is a space
                                 ** (-1: not yet known) */
  int words_only;                /* set after init by callers that need no
                                 ** sentence or paragraph numbers (they
                                 ** stay 0): FTS5, stem_text, detection */
  /* nr_analyze_next reads one token ahead, so that the stem cache's
  ** memory for the next word is fetched while this one is handed on */
  int ahead;                     /* 0 none yet, 1 held, -1 end of text */
  int ahead_fast, ahead_keyed, ahead_buf;
  uint32_t ahead_hash;
  nr_token ahead_tok;
  uint64_t keys[2][4];           /* folded words: the one held, the last */
} nr_scanner;

void nr_scanner_init(nr_scanner *s, const char *text, size_t n);
int nr_scanner_next(nr_scanner *s, nr_token *tok);   /* 1 token, 0 end */

/* ---- Stemming with a cache ---------------------------------------------- */
typedef struct nr_stemmer nr_stemmer;
nr_stemmer *nr_stemmer_new(int lang);                /* NULL: out of memory */
void nr_stemmer_free(nr_stemmer *st);
/* Stems one case-folded word.  The result stays valid until the next call
** on the same stemmer.  Words longer than NR_STEM_MAX_BYTES are returned
** as they are.  -1 means out of memory. */
#define NR_STEM_MAX_BYTES 256
int nr_stemmer_stem(nr_stemmer *st, const char *w, size_t n,
                    const char **out, size_t *outn);
/* How many lookups the cache answered, and how many went to libstemmer. */
void nr_stemmer_stats(const nr_stemmer *st, uint64_t *hits, uint64_t *misses);

/* ---- Stopwords ----------------------------------------------------------
** The lists are data files (ext/data/stopwords/) compiled in as text.
** A stopword set is built on first use by whoever owns it.
*/
typedef struct nr_stopwords nr_stopwords;
int nr_stopword_count(int lang);    /* words in the list; 0 if none */
const char *nr_stopword_source(int lang);   /* the data file's text */
nr_stopwords *nr_stopwords_new(int lang);   /* NULL: out of memory */
void nr_stopwords_free(nr_stopwords *sw);
int nr_stopwords_has(const nr_stopwords *sw, const char *folded, size_t n);

/* ---- The analyzer --------------------------------------------------------
** Folds, stems and classifies words for any number of languages, creating
** stemmers and stopword sets as they are first needed.  Not thread-safe:
** one per connection or tokenizer instance.
*/
#define NR_OPT_STRIP_DIACRITICS 0x01   /* after stemming */
#define NR_OPT_NO_STEM          0x02
#define NR_OPT_NO_STOPWORDS     0x04   /* skip the stopword test (term's
                                       ** stopword stays 0) */

typedef struct nr_analyzer nr_analyzer;
typedef struct nr_term {
  const char *norm;  size_t norm_n;    /* case-folded */
  const char *stem;  size_t stem_n;    /* stemmed (and maybe stripped) */
  int stopword;
} nr_term;

nr_analyzer *nr_analyzer_new(void);
void nr_analyzer_free(nr_analyzer *a);
/* Analyzes one token of the given kind (words are stemmed; numbers, URLs,
** e-mail addresses, abbreviations and CJK bigrams are only folded).  lang
** is an index or NR_LANG_NONE.  The term's pointers stay valid until the
** next call.  -1 means out of memory. */
int nr_analyze(nr_analyzer *a, int lang, int kind, const char *w, size_t n,
               int opts, nr_term *term);
/* nr_analyze for the commonest word, 1 to 32 bytes of ASCII with no NUL
** (which is valid UTF-8, so callers that check text may skip that): 1
** when it analyzed w, 0 when w is not such a word (call nr_analyze), -1
** out of memory. */
int nr_analyze_ascii(nr_analyzer *a, int lang, int kind, const char *w,
                     size_t n, int opts, nr_term *term);
/* nr_analyze_ascii in two steps, for a caller handed words one at a time
** (an FTS5 parent tokenizer) that can hold one back: nr_word_prepare folds
** a word of that kind into k and fetches the stem cache's memory for it
** (1; 0 when the word is not plain ASCII: use nr_analyze), and
** nr_analyze_prepared, called a word later, finds the memory there.  The
** term's norm points into k. */
typedef struct nr_word_key {
  uint64_t key[4];
  size_t n;
  uint32_t hash;
} nr_word_key;
int nr_word_prepare(nr_analyzer *a, int lang, const char *w, size_t n,
                    nr_word_key *k);
int nr_analyze_prepared(nr_analyzer *a, int lang, const nr_word_key *k,
                        int opts, nr_term *term);   /* 0 ok, -1 no memory */
/* The next token of a scan and its analysis: what nr_scanner_next and then
** nr_analyze give, but in a words-only scan (s->words_only) a plain ASCII
** word is folded as it is cut and looked up in the stem cache without a
** second pass over its bytes, and the scanner runs a token ahead.  Do not
** mix it with nr_scanner_next on one scanner, nor change lang or opts
** during a scan.  The term's pointers stay valid until the next call.  1:
** a token; 0: the end of the text; -1: out of memory. */
int nr_analyze_next(nr_analyzer *a, nr_scanner *s, int lang, int opts,
                    nr_token *tok, nr_term *term);
int nr_analyzer_is_stopword(nr_analyzer *a, int lang, const char *folded,
                            size_t n);   /* -1 out of memory */
/* The most likely language of a document (an index), or NR_LANG_NONE when
** there is no evidence; -3 (NR_LANG_UNKNOWN) on out of memory. */
int nr_detect_language(nr_analyzer *a, const char *text, size_t n);
void nr_analyzer_stats(const nr_analyzer *a, uint64_t *hits, uint64_t *misses);

/* ---- MinHash signatures --------------------------------------------------
** minhash() returns, and minhash_lsh stores, a signature as a BLOB:
**
**   offset size  field
**    0      4    magic "NRMH"
**    4      1    format version (NR_SIG_VERSION)
**    5      1    algorithm (NR_SIG_ALGO_*)
**    6      1    n, the words per shingle (1..16)
**    7      1    flags (NR_SIG_*)
**    8      2    perms, the number of values (16..1024), little-endian
**   10      2    reserved, 0
**   12      4    seed, little-endian
**   16      4    the exact number of distinct shingles signed (an estimate
**                when NR_SIG_COUNT_ESTIMATED is set), little-endian
**   20     12    language name ("english", "none"), NUL-padded
**   32  4*perms  the value of each bin, uint32 little-endian (see "MinHash
**                and SimHash" below)
**
** A document with no shingle has count 0 and every value 0xFFFFFFFF.
** The language is stored by name, not index, because libstemmer's table
** order may change between its versions.
**
** Algorithm 1, k-permutation MinHash (a 64-bit mix per permutation and
** shingle), was replaced before the first release by algorithm 2, which
** signs 4-6x faster: its signatures are refused ("made by algorithm 1,
** k-permutation MinHash, which this build no longer reads: sign the
** documents again with minhash()"), since no estimate compares the two.
*/
#define NR_SIG_MAGIC        "NRMH"
#define NR_SIG_VERSION      1
#define NR_SIG_HEADER       32
#define NR_SIG_LANG_MAX     12
#define NR_SIG_ALGO_KPERM   1        /* no longer read */
#define NR_SIG_ALGO_OPH     2        /* one permutation, densified */
#define NR_SIG_ALGO_MINHASH NR_SIG_ALGO_OPH   /* what minhash() makes */
#define NR_SIG_STOPWORDS    0x01     /* stopwords were kept in shingles */
#define NR_SIG_COUNT_ESTIMATED 0x02  /* count is estimated (merged sigs) */
#define NR_SIG_PERMS_MIN    16
#define NR_SIG_PERMS_MAX    1024

typedef struct nr_sig {
  int version, algorithm, n, flags, perms;
  uint32_t seed, count;
  char lang[NR_SIG_LANG_MAX + 1];      /* NUL-terminated */
  const unsigned char *values;         /* into the decoded blob */
} nr_sig;

/* Writes the header for sig (values are left to the caller) into out,
** which must hold NR_SIG_HEADER bytes. */
void nr_sig_write_header(const nr_sig *sig, unsigned char *out);
/* Decodes a blob.  Returns 0, or a static message saying what is wrong:
** "not a newsroom signature", "truncated", "format version N is newer
** than this build reads", ... */
const char *nr_sig_decode(const unsigned char *blob, size_t n, nr_sig *sig);
uint32_t nr_sig_value(const nr_sig *sig, int i);
void nr_sig_set_value(unsigned char *values, int i, uint32_t v);
/* 0 when a and b were made with the same algorithm, n, perms, seed,
** language and stopword flag; otherwise a static message naming the
** first difference ("different perms (128 and 256)" is built by the
** caller from the fields; this returns the field's name: "perms"). */
const char *nr_sig_mismatch(const nr_sig *a, const nr_sig *b);
/* Estimated Jaccard similarity: the share of equal values (0 when both
** are empty signatures, for which nothing is known). */
double nr_sig_jaccard(const nr_sig *a, const nr_sig *b);
/* Estimated containment of a in b, |A∩B| / |A|, from the Jaccard estimate
** and the stored counts: J (|A| + |B|) / ((1 + J) |A|), clamped to 0..1. */
double nr_sig_containment(const nr_sig *a, const nr_sig *b);

/* The maximum-likelihood estimates of Jaccard and of the containment of a
** in b from the values and the stored counts together: permutation i's
** minimum over A ∪ B is equally likely any element of it, so a_i == b_i,
** a_i < b_i and a_i > b_i count draws from A∩B, A\B and B\A, whose sizes
** are I, |A|-I and |B|-I.  The likelihood's derivative has the sign of
**   eq (|A|+|B|) / I - lt |B| / (|A|-I) - gt |A| / (|B|-I),
** decreasing in I, so bisection finds the one maximum.  The ordered
** values tell the sizes of A\B and B\A apart, which the share of equal
** values alone cannot: on edited Reuters pairs this halves the mean
** error (test/similarity.test).  Both are 0 when a count is 0. */
void nr_sig_estimate(const nr_sig *a, const nr_sig *b, double *jaccard,
                     double *containment);
/* nr_sig_estimate in parts, for signatures kept as arrays of their
** values (the minhash_lsh query cache).  nr_sig_load_values writes the
** sig->perms values of sig to out.  nr_sig_order_counts counts a_i == b_i
** and a_i < b_i over n values (gt is n - eq - lt).  nr_sig_estimate_counts
** is nr_sig_estimate from the counts, bit for bit.  nr_sig_estimate_below
** is 1 only when that estimate of Jaccard is below jmin, told at the cost
** of one step of the bisection (0: compute it). */
void nr_sig_load_values(const nr_sig *sig, uint32_t *out);
void nr_sig_order_counts(const uint32_t *a, const uint32_t *b, int n,
                         int *eq, int *lt);
void nr_sig_estimate_counts(uint32_t count_a, uint32_t count_b, int eq,
                            int lt, int gt, double *jaccard,
                            double *containment);
int nr_sig_estimate_below(uint32_t count_a, uint32_t count_b, int eq,
                          int lt, int gt, double jmin);

/* ---- Shingles ------------------------------------------------------------
** A shingle is n consecutive words of a document, each analyzed as tokens()
** analyzes it (case-folded, stemmed in the language; numbers, URLs and the
** like only folded), with stopwords left out first when asked.  Its 64-bit
** hash is fixed across platforms and versions:
**
**   word     w = FNV-1a 64 of the analyzed word's UTF-8 bytes
**   shingle  h = 0; for each of its words in order: h = mix(h ^ w)
**
** where mix is the splitmix64 finalizer (nr_mix64).  A document of fewer
** than n words (but at least one) gives one shingle of all its words, so a
** short text is not empty; a document with no word gives none.
*/
#define NR_SHINGLE_N_MAX 16

typedef struct nr_shingle {
  uint64_t hash;
  size_t start, end;             /* characters: first word's start, last's end */
  size_t byte_start, byte_end;
  size_t word;                   /* index of its first word among those kept */
} nr_shingle;

typedef struct nr_shingle_list {
  nr_shingle *v;
  size_t n, cap;
} nr_shingle_list;

uint64_t nr_mix64(uint64_t x);
uint64_t nr_word_hash(const char *s, size_t n);
/* Appends the shingles of text to list.  lang is an index or NR_LANG_NONE;
** n is 1..NR_SHINGLE_N_MAX.  -1 means out of memory. */
int nr_shingle_text(nr_analyzer *a, int lang, int n, int keep_stopwords,
                    const char *text, size_t len, nr_shingle_list *list);
void nr_shingle_list_free(nr_shingle_list *list);
/* Calls fn(ctx, hash) for each shingle of text in order, as
** nr_shingle_text would list them, without offsets or a list (the path of
** minhash()).  fn returns 0, or non-zero for out of memory, which stops
** the walk.  -1 means out of memory. */
int nr_shingle_each(nr_analyzer *a, int lang, int n, int keep_stopwords,
                    const char *text, size_t len,
                    int (*fn)(void *ctx, uint64_t hash), void *ctx);

/* The distinct hashes of a list, sorted, in a new array the caller frees
** with nr_free (NULL with *count 0 for an empty list).  -1 out of memory. */
int nr_shingle_set(const nr_shingle_list *list, uint64_t **set,
                   size_t *count);
/* |A ∩ B| of two sorted distinct hash arrays. */
size_t nr_set_intersection(const uint64_t *a, size_t na,
                           const uint64_t *b, size_t nb);

/* ---- MinHash and SimHash -------------------------------------------------
** A signature with seed s (algorithm 2) is one-permutation hashing with
** optimal densification.  With mix = nr_mix64, K = mix(s + G) and
** P = mix(s + 2G), G = 0x9E3779B97F4A7C15, and bin(x) = ((x >> 32) *
** perms) >> 32:
**   - each distinct shingle hash h gives x = mix(h ^ K); it falls in bin
**     bin(x) with value (x mod 2^32) >> 1 (31 bits); a bin keeps its
**     least value;
**   - an empty bin i probes bins j_t = bin(x_t) for t = 1 ..
**     NR_MINHASH_PROBES, where x_1 = mix(P ^ i) and x_{t+1} = x_t *
**     NR_MINHASH_LCG_A + 1 (mod 2^64), then j_{t+1} = j_t + 1 (mod
**     perms), and stops at the first non-empty j_t; it holds
**     0x80000000 | t << 20 | (value of j_t) >> 11.
** So every real value is below every borrowed one, and borrowed values
** order by probe count first.  For two documents, bin i draws one element
** of A ∪ B uniformly (the least in the first bin of its probe sequence
** that either document fills): equal values mean it is in A∩B, and the
** smaller side holds it alone; nr_sig_estimate's reading holds as for k
** independent permutations.  Densification is undone and redone by
** nr_minhash_merge, so the merge of two signatures is the signature of
** the union of their sets, bit for bit.
*/
#define NR_MINHASH_PROBES   64
#define NR_MINHASH_LCG_A    0xD1342543DE82EF95ULL
#define NR_MINHASH_BORROWED 0x80000000u
#define NR_MINHASH_EMPTY    0xFFFFFFFFu  /* no shingle at all */

typedef struct nr_minhash {
  int perms;
  uint32_t seed;
  uint64_t key;                  /* K */
  uint32_t *min;                 /* per bin; NR_MINHASH_EMPTY until filled */
} nr_minhash;

int nr_minhash_init(nr_minhash *m, int perms, uint32_t seed);  /* -1 OOM */
void nr_minhash_add(nr_minhash *m, uint64_t hash);   /* repeats are harmless */
void nr_minhash_finish(nr_minhash *m);               /* densifies m->min */
void nr_minhash_free(nr_minhash *m);
/* Fills the empty bins of bins[0..perms) as above (none when all are). */
void nr_minhash_densify(int perms, uint32_t seed, uint32_t *bins);
/* Writes to out (4*perms bytes, may be a's values) the values of the
** union of two comparable signatures. */
void nr_minhash_merge(const nr_sig *a, const nr_sig *b, unsigned char *out);

/* The parameters of a signature made from text. */
typedef struct nr_sign_opts {
  int lang;                      /* an index or NR_LANG_NONE */
  int n, perms, keep_stopwords;
  uint32_t seed;
} nr_sign_opts;
#define NR_SIG_BYTES(perms) (NR_SIG_HEADER + 4 * (size_t)(perms))

/* Signs text: writes NR_SIG_BYTES(o->perms) bytes to out.  -1 OOM. */
int nr_minhash_text(nr_analyzer *a, const nr_sign_opts *o, const char *text,
                    size_t len, unsigned char *out);
/* Writes the signature of the distinct hashes set[0..count) to out. */
int nr_minhash_set(const nr_sign_opts *o, const uint64_t *set, size_t count,
                   unsigned char *out);

/* A 64-bit SimHash of a list: bit b is set when more of the shingles
** (counted with repeats) have bit b of their hash set than clear.  0 for
** an empty list. */
uint64_t nr_simhash(const nr_shingle_list *list);

/* ---- Shared passages -----------------------------------------------------
** The passages two documents share: maximal runs of shingles that follow
** each other in both (a diagonal of equal hashes), chained across gaps of
** at most gap words on each side (a changed word, a dropped clause), and
** kept when they span at least min_words words of a.  b's hashes go in a
** hash table and a is walked once, so reordered paragraphs are found as
** separate passages and the cost is about linear in the two lengths (a
** hash that occurs more than NR_PASSAGE_MAX_REPEATS times in b is matched
** at its first occurrences only, and a run is not followed from a pair of
** shingles that both already lie in one: a document repeating itself is
** not matched again at every shift).  Passages come in the order of a.
** words is a's words from the first shingle's first to the last one's
** last (n for a document shorter than n words).
*/
#define NR_PASSAGE_MAX_REPEATS 32

typedef struct nr_passage {
  size_t a_first, a_last, b_first, b_last;   /* shingle indices */
  size_t a_start, a_end, a_byte_start, a_byte_end;
  size_t b_start, b_end, b_byte_start, b_byte_end;
  size_t words;                  /* words of a it spans (as kept) */
} nr_passage;

typedef struct nr_passage_list {
  nr_passage *v;
  size_t n, cap;
} nr_passage_list;

/* n is the words per shingle both lists were made with.  -1 OOM. */
int nr_shared_passages(const nr_shingle_list *a, const nr_shingle_list *b,
                       int n, int gap, int min_words, nr_passage_list *out);
void nr_passage_list_free(nr_passage_list *list);

/* ---- Quotes ----------------------------------------------------------------
** nr_quotes_find finds every direct quotation in a document: text between
** quote marks of any of the usual styles (" “” „“ „” ”” ‘’ '' « » » « ‹ ›
** 「」 『』, and NYT's '') or after a dash opening a paragraph.  Whether a
** mark opens or closes is decided from what surrounds it, not from its
** glyph, because machine translation writes “ where ” belongs; an
** apostrophe (don’t, citizens’) is not a mark.  No quote runs past the end
** of a paragraph (a line break) unless the next one reopens it, so one
** stray mark cannot swallow the rest of the document.  Linear in the text.
** nr_quotes_attribute then finds each quote's speaker and cue.
*/
enum nr_quote_kind {
  NR_QUOTE_FULL = 0,     /* a sentence or more, as said */
  NR_QUOTE_PARTIAL,      /* words embedded in the writer's sentence */
  NR_QUOTE_SCARE,        /* a few words with nobody saying them */
  NR_QUOTE_TITLE,        /* the title of a work: “Twin Peaks” */
  NR_QUOTE_HEADLINE,     /* in a short line without a full stop */
  NR_QUOTE_KIND_COUNT
};
const char *nr_quote_kind_name(int kind);

#define NR_QUOTE_MISDIRECTED 0x01   /* a mark pointed or was spaced the other way */
#define NR_QUOTE_UNCLOSED    0x02   /* ended by the paragraph, not a mark */
#define NR_QUOTE_MULTIPARA   0x04   /* reopened at a new paragraph */
#define NR_QUOTE_DASH        0x08   /* dash-introduced speech */

enum nr_speaker_type {
  NR_SPEAKER_NONE = 0, NR_SPEAKER_NAME, NR_SPEAKER_PRONOUN,
  NR_SPEAKER_ORGANISATION, NR_SPEAKER_DESCRIPTION
};
const char *nr_speaker_type_name(int type);   /* NULL for NONE */

typedef struct nr_span {
  size_t byte_start, byte_end;   /* half-open, in bytes */
  size_t start, end;             /* half-open, in characters */
} nr_span;

typedef struct nr_quote {
  nr_span text;           /* the words between the marks */
  nr_span open, close;    /* the marks; empty (start == end) when absent */
  int kind, depth, parent, flags;   /* parent: index, -1 at depth 0 */
  int paragraph, sentence;          /* as nr_scanner counts them */
  int speaker_type;       /* NR_SPEAKER_*: of the mention */
  nr_span mention;        /* the speaker as written at this quote */
  nr_span speaker;        /* the fullest name for it in the document; its
                          ** byte_start == byte_end when there is none */
  nr_span cue;            /* the verb or "according to" */
  double confidence;      /* 0..1, of the speaker */
} nr_quote;

typedef struct nr_quotes {
  nr_quote *q;
  size_t n, cap;
  int no_dash;     /* set before nr_quotes_find: no dash-introduced speech */
} nr_quotes;
/* Does the language's press write speech after a dash (Spanish, French,
** Russian...)?  0 for English, German and Dutch, where a paragraph
** opening with a dash is a list item. */
int nr_quotes_dash_speech(int lang);

/* Replaces out's contents with the document's quotes, in order of their
** opening marks (a parent before what it contains), their paragraph and
** sentence left 0.  -1: out of memory. */
int nr_quotes_find(const char *text, size_t n, nr_quotes *out);
/* Sets paragraph and sentence as nr_scanner counts them (those of the
** first word at or after the quote's text); nr_quotes_attribute does it
** too, in the walk it makes anyway. */
void nr_quotes_number(const char *text, size_t n, nr_quotes *qs);
/* A language's cue words and stopwords, built once and kept by their
** owner (one per connection and language): lang is an index; NR_LANG_NONE
** or a language without a list gets English's.  NULL: out of memory. */
typedef struct nr_cues nr_cues;
nr_cues *nr_cues_new(int lang);
void nr_cues_free(nr_cues *cues);
/* Fills speaker, mention, cue and confidence, and turns short partial
** quotes that nobody says into scare quotes.  -1: out of memory. */
int nr_quotes_attribute(const char *text, size_t n, const nr_cues *cues,
                        nr_quotes *qs);
void nr_quotes_free(nr_quotes *qs);
/* The cue words of a language (ext/data/cues/<lang>.txt), or NULL. */
const char *nr_cue_source(int lang);
/* The stems of a quote's words, stopwords left out and accents removed,
** separated by single spaces, into out (replaced).  -1: out of memory. */
int nr_quote_terms(nr_analyzer *a, int lang, const char *text, size_t n,
                   nr_buf *out);
/* A language's stem weights for nr_quote_similarity (ext/data/quoteidf/,
** inverse document frequencies in news); empty (count 0) for a language
** without a list.  NULL: out of memory. */
typedef struct nr_quote_weights nr_quote_weights;
nr_quote_weights *nr_quote_weights_new(int lang);
void nr_quote_weights_free(nr_quote_weights *w);
size_t nr_quote_weights_count(const nr_quote_weights *w);
/* A stem's weight: the listed one, the heaviest listed for a stem not
** listed, 0 when the table is NULL or empty. */
double nr_quote_weight(const nr_quote_weights *w, const char *stem, size_t n);
/* 0..1: how likely two quotes (as nr_quote_terms lists) are one statement
** in two wordings: the mean of the Dice and overlap coefficients of their
** sets of stems, scaled down, when w has weights, if the stems they share
** weigh little together (common words).  -1: out of memory. */
int nr_quote_similarity(const char *a, size_t an, const char *b, size_t bn,
                        const nr_quote_weights *w, double *score);
/* The analyzer's weights for lang, made on first use, into *out (NULL for
** a language out of range).  -1: out of memory. */
int nr_analyzer_quote_weights(nr_analyzer *a, int lang,
                              const nr_quote_weights **out);
/* ---- MinHash LSH ---------------------------------------------------------
** The banding scheme of the minhash_lsh index: a signature's first
** bands*rows values are cut into bands of rows values; two documents are
** candidates when any band of theirs is equal.  Two documents of Jaccard
** similarity s collide in some band with probability 1 - (1 - s^rows)^bands
** (the S-curve).  A band's bucket is a 32-bit hash of its values, kept as a
** signed integer so that SQLite stores it in 4 bytes.
*/
#define NR_LSH_BANDS_MAX 32      /* keeps the index near 1 KB per document */
#define NR_LSH_RECALL    0.95    /* the S-curve's floor at the threshold */

/* Probability that a pair of similarity s becomes a candidate. */
double nr_lsh_probability(double s, int bands, int rows);
/* Chooses bands x rows <= perms, bands <= max_bands, with probability
** >= NR_LSH_RECALL at threshold and the least area under the S-curve below
** the threshold plus the least area above it missed (false positives
** first, then false negatives).  Returns 0, or -1 when no choice reaches
** NR_LSH_RECALL (max_bands too small for the threshold). */
int nr_lsh_choose(double threshold, int perms, int max_bands, int *bands,
                  int *rows);
/* The bucket of band b (0-based) of a decoded signature. */
int32_t nr_lsh_bucket(const nr_sig *sig, int band, int rows);
/* The buckets of bands 0..bands-1 of a signature's values (as
** nr_sig_load_values writes them), the same as nr_lsh_bucket's. */
void nr_lsh_buckets(const uint32_t *values, int bands, int rows,
                    int32_t *out);

#ifdef __cplusplus
}
#endif
#endif /* NEWSROOM_H */
