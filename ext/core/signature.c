/*
** signature.c -- the MinHash signature BLOB: header, values, and the
** Jaccard and containment estimates read from two signatures.
**
** The layout is fixed and little-endian (see newsroom.h) so that a
** database written on one machine reads the same on any other, and it
** carries every parameter that makes two signatures comparable, so that
** comparing incomparable ones is an error rather than a wrong number.
*/
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "newsroom.h"

static uint32_t read_u32(const unsigned char *p){
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
       | (uint32_t)p[3] << 24;
}

static void write_u32(unsigned char *p, uint32_t v){
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

void nr_sig_write_header(const nr_sig *sig, unsigned char *out){
  size_t lang_n = strlen(sig->lang);
  memset(out, 0, NR_SIG_HEADER);
  memcpy(out, NR_SIG_MAGIC, 4);   /* NOLINT: a 4-byte tag, no NUL */
  out[4] = NR_SIG_VERSION;
  out[5] = (unsigned char)sig->algorithm;
  out[6] = (unsigned char)sig->n;
  out[7] = (unsigned char)sig->flags;
  out[8] = (unsigned char)sig->perms;
  out[9] = (unsigned char)(sig->perms >> 8);
  write_u32(out + 12, sig->seed);
  write_u32(out + 16, sig->count);
  if( lang_n > NR_SIG_LANG_MAX ) lang_n = NR_SIG_LANG_MAX;
  memcpy(out + 20, sig->lang, lang_n);
}

const char *nr_sig_decode(const unsigned char *blob, size_t n, nr_sig *sig){
  memset(sig, 0, sizeof(*sig));
  if( blob == NULL || n < 4 || memcmp(blob, NR_SIG_MAGIC, 4) != 0 ){
    return "not a newsroom signature";
  }
  if( n < NR_SIG_HEADER ) return "truncated signature";
  sig->version = blob[4];
  if( sig->version > NR_SIG_VERSION ){
    return "signature format is newer than this build reads";
  }
  if( sig->version < 1 ) return "corrupt signature header";
  sig->algorithm = blob[5];
  if( sig->algorithm == NR_SIG_ALGO_KPERM ){
    return "made by algorithm 1, k-permutation MinHash, which this build no "
           "longer reads: sign the documents again with minhash()";
  }
  if( sig->algorithm != NR_SIG_ALGO_MINHASH ){
    return "unknown signature algorithm";
  }
  sig->n = blob[6];
  sig->flags = blob[7];
  sig->perms = blob[8] | blob[9] << 8;
  if( sig->n < 1 || sig->n > 16 || sig->perms < NR_SIG_PERMS_MIN
   || sig->perms > NR_SIG_PERMS_MAX || blob[10] || blob[11]
   || (sig->flags & ~(NR_SIG_STOPWORDS | NR_SIG_COUNT_ESTIMATED)) ){
    return "corrupt signature header";
  }
  if( n != NR_SIG_HEADER + 4 * (size_t)sig->perms ){
    return n < NR_SIG_HEADER + 4 * (size_t)sig->perms
         ? "truncated signature" : "signature has trailing bytes";
  }
  sig->seed = read_u32(blob + 12);
  sig->count = read_u32(blob + 16);
  memcpy(sig->lang, blob + 20, NR_SIG_LANG_MAX);
  sig->lang[NR_SIG_LANG_MAX] = 0;
  if( sig->lang[0] == 0 ) return "corrupt signature header";
  sig->values = blob + NR_SIG_HEADER;
  return 0;
}

uint32_t nr_sig_value(const nr_sig *sig, int i){
  return read_u32(sig->values + 4 * (size_t)i);
}

void nr_sig_set_value(unsigned char *values, int i, uint32_t v){
  write_u32(values + 4 * (size_t)i, v);
}

const char *nr_sig_mismatch(const nr_sig *a, const nr_sig *b){
  if( a->algorithm != b->algorithm ) return "algorithm";
  if( a->n != b->n ) return "n";
  if( a->perms != b->perms ) return "perms";
  if( a->seed != b->seed ) return "seed";
  if( strcmp(a->lang, b->lang) != 0 ) return "language";
  if( (a->flags ^ b->flags) & NR_SIG_STOPWORDS ) return "stopwords";
  return 0;
}

double nr_sig_jaccard(const nr_sig *a, const nr_sig *b){
  int i, same = 0;
  if( a->count == 0 || b->count == 0 ) return 0.0;
  for(i = 0; i < a->perms; i++){
    if( nr_sig_value(a, i) == nr_sig_value(b, i) ) same++;
  }
  return (double)same / a->perms;
}

double nr_sig_containment(const nr_sig *a, const nr_sig *b){
  double j = nr_sig_jaccard(a, b), c;
  if( j <= 0.0 ) return 0.0;
  c = j * ((double)a->count + (double)b->count) / ((1.0 + j) * a->count);
  return c > 1.0 ? 1.0 : c;
}

/* h(I) of nr_sig_estimate's comment; +/-1e300 stands for the infinities
** at the ends of the interval. */
static double likelihood_slope(double i, double na, double nb, int eq, int lt,
                               int gt){
  double h = 0.0;
  if( eq ) h += i > 0.0 ? eq * (na + nb) / i : 1e300;
  if( lt ) h -= na - i > 0.0 ? lt * nb / (na - i) : 1e300;
  if( gt ) h -= nb - i > 0.0 ? gt * na / (nb - i) : 1e300;
  return h;
}

void nr_sig_load_values(const nr_sig *sig, uint32_t *out){
  int i;
  for(i = 0; i < sig->perms; i++) out[i] = read_u32(sig->values + 4 * (size_t)i);
}

/* Two counters, no branch: a mispredicted branch per value cost more than
** the whole comparison.  With SSE2, four values at a time (unsigned order
** by flipping the sign bits; each true lane is -1). */
void nr_sig_order_counts(const uint32_t *a, const uint32_t *b, int n,
                         int *eq, int *lt){
  int i = 0, e = 0, l = 0;
#if defined(__SSE2__)
  const __m128i flip = _mm_set1_epi32((int)0x80000000u);
  __m128i ve = _mm_setzero_si128(), vl = _mm_setzero_si128();
  int32_t lanes[4];
  for(; i + 4 <= n; i += 4){
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(a + i));
    __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
    ve = _mm_sub_epi32(ve, _mm_cmpeq_epi32(x, y));
    vl = _mm_sub_epi32(vl, _mm_cmplt_epi32(_mm_xor_si128(x, flip),
                                           _mm_xor_si128(y, flip)));
  }
  _mm_storeu_si128((__m128i *)(void *)lanes, ve);
  e = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  _mm_storeu_si128((__m128i *)(void *)lanes, vl);
  l = lanes[0] + lanes[1] + lanes[2] + lanes[3];
#endif
  for(; i < n; i++){
    e += a[i] == b[i];
    l += a[i] < b[i];
  }
  *eq = e;
  *lt = l;
}

void nr_sig_estimate_counts(uint32_t count_a, uint32_t count_b, int eq,
                            int lt, int gt, double *jaccard,
                            double *containment){
  double na = count_a, nb = count_b, lo = 0.0, hi, x;
  int i;
  *jaccard = *containment = 0.0;
  if( count_a == 0 || count_b == 0 || eq == 0 ) return;
  hi = na < nb ? na : nb;
  if( likelihood_slope(hi, na, nb, eq, lt, gt) >= 0.0 ){
    x = hi;
  }else{
    for(i = 0; i < 100 && hi - lo > 1e-9 * hi; i++){
      double mid = (lo + hi) / 2;
      if( likelihood_slope(mid, na, nb, eq, lt, gt) > 0.0 ) lo = mid;
      else hi = mid;
    }
    x = (lo + hi) / 2;
  }
  *jaccard = x / (na + nb - x);
  *containment = x / na;
}

/* The estimate is x / (|A|+|B|-x) with x the root of the slope, found by
** bisection to within 1e-9 of min(|A|,|B|), so below (1 - 2e-9) of it
** when the slope is already negative 1e-8 of min(|A|,|B|) before the x
** that jmin stands for: one slope instead of some thirty, and never a
** different answer from the full estimate. */
int nr_sig_estimate_below(uint32_t count_a, uint32_t count_b, int eq,
                          int lt, int gt, double jmin){
  double na = count_a, nb = count_b, hi, xg;
  if( jmin <= 0.0 ) return 0;
  if( count_a == 0 || count_b == 0 || eq == 0 ) return 1;
  hi = na < nb ? na : nb;
  xg = jmin * (na + nb) / (1.0 + jmin) - 1e-8 * hi;
  if( xg <= 0.0 ) return 0;
  if( xg >= hi ) return 1;
  return likelihood_slope(xg, na, nb, eq, lt, gt) < 0.0;
}

void nr_sig_estimate(const nr_sig *a, const nr_sig *b, double *jaccard,
                     double *containment){
  int i, eq = 0, lt = 0, gt = 0;
  for(i = 0; i < a->perms; i++){
    uint32_t u = nr_sig_value(a, i), v = nr_sig_value(b, i);
    if( u == v ) eq++;
    else if( u < v ) lt++;
    else gt++;
  }
  nr_sig_estimate_counts(a->count, b->count, eq, lt, gt, jaccard,
                         containment);
}
