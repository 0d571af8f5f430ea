/*
** lsh.c -- the banding arithmetic of the minhash_lsh index: the S-curve,
** the choice of bands x rows for a threshold, and a band's bucket hash.
**
** The choice is made once, when the index is created, and stored with it:
** a later build that chose differently must still read the old bands.
*/
#include <math.h>
#include "newsroom.h"
#include "mix.h"

double nr_lsh_probability(double s, int bands, int rows){
  if( s <= 0.0 ) return 0.0;
  if( s >= 1.0 ) return 1.0;
  return 1.0 - pow(1.0 - pow(s, rows), bands);
}

/* The mean of f over [lo, hi] times its width, by the midpoint rule: the
** curve is smooth, and 200 steps put the error far below what separates
** two choices. */
#define AREA_STEPS 200
static double area_below(double lo, double hi, int bands, int rows){
  double sum = 0.0, w = (hi - lo) / AREA_STEPS;
  int i;
  for(i = 0; i < AREA_STEPS; i++){
    sum += nr_lsh_probability(lo + (i + 0.5) * w, bands, rows);
  }
  return sum * w;
}

int nr_lsh_choose(double threshold, int perms, int max_bands, int *bands,
                  int *rows){
  double best = 0.0;
  int b, r, found = 0;
  for(r = 1; r <= perms; r++){
    for(b = 1; b <= max_bands && b * r <= perms; b++){
      double fp, fn;
      if( nr_lsh_probability(threshold, b, r) < NR_LSH_RECALL ) continue;
      fp = area_below(0.0, threshold, b, r);
      fn = (1.0 - threshold) - area_below(threshold, 1.0, b, r);
      if( !found || fp + fn < best ){
        best = fp + fn;
        *bands = b;
        *rows = r;
        found = 1;
      }
      break;   /* more bands only add false positives for this r */
    }
  }
  return found ? 0 : -1;
}

#define BUCKET_START 0x6C73682D62616E64ULL   /* any fixed start */

int32_t nr_lsh_bucket(const nr_sig *sig, int band, int rows){
  uint64_t h = BUCKET_START;
  int i;
  for(i = 0; i < rows; i++){
    h = nr_mix64(h ^ nr_sig_value(sig, band * rows + i));
  }
  return (int32_t)(uint32_t)(h >> 32);
}

void nr_lsh_buckets(const uint32_t *values, int bands, int rows,
                    int32_t *out){
  int b, i;
  for(b = 0; b < bands; b++){
    uint64_t h = BUCKET_START;
    for(i = 0; i < rows; i++) h = mix64_inline(h ^ values[b * rows + i]);
    out[b] = (int32_t)(uint32_t)(h >> 32);
  }
}
