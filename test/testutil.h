/*
** testutil.h -- what the test programs in test/ (benchmarks, the
** out-of-memory and thread runners) share: reading a whole file, and the
** process's CPU time.  Header-only, so that each program, built by its own
** one-line compile, needs nothing more on its command line.
*/
#ifndef NEWSROOM_TESTUTIL_H
#define NEWSROOM_TESTUTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The whole file at path, NUL-terminated, its length in *n when n is not
** NULL; NULL (with the reason on stderr) when it cannot be read. */
static inline char *test_read_file(const char *path, size_t *n){
  FILE *f = fopen(path, "rb");
  char *p;
  long len;
  if( f == NULL ){ perror(path); return NULL; }
  if( fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ){
    perror(path);
    fclose(f);
    return NULL;
  }
  p = malloc((size_t)len + 1);
  if( p == NULL || fread(p, 1, (size_t)len, f) != (size_t)len ){
    fprintf(stderr, "cannot read %s\n", path);
    free(p);
    fclose(f);
    return NULL;
  }
  fclose(f);
  p[len] = 0;
  if( n ) *n = (size_t)len;
  return p;
}

/* CPU seconds of this process: on a shared machine, what the work costs
** apart from waiting for a core. */
static inline double test_cpu_seconds(void){
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
#endif
