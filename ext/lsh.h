/*
** lsh.h -- what the minhash_lsh virtual table (lsh.c) shares with its
** commands and table-valued functions (lsh_pairs.c): the index's
** parameters, how they are read from <name>_config and checked, and the
** signature check every stored or queried signature goes through.
*/
#ifndef NEWSROOM_LSH_H
#define NEWSROOM_LSH_H

#include "args.h"

#define NR_LSH_FORMAT 1          /* the version written to <name>_config */

typedef struct nr_lsh_params {
  int version;
  double threshold;
  double margin;                 /* hits down to threshold - margin count */
  int margin_set;
  nr_sign_opts opts;
  int bands, rows;
} nr_lsh_params;

void nr_lsh_defaults(nr_lsh_params *p);
/* Each returns NULL, or err (NR_LSH_ERR bytes, the caller's) holding the
** error without a prefix: no allocation, so no error lost to OOM. */
#define NR_LSH_ERR 300
const char *nr_lsh_set(nr_lsh_params *p, const char *k, int kn,
                       const char *v, int vn, char *err);
const char *nr_lsh_finish(nr_lsh_params *p, char *err);
const char *nr_lsh_load(sqlite3 *db, const char *schema, const char *name,
                        nr_lsh_params *p, char *err);
/* Decodes blob into sig and checks it was made with the index's
** parameters. */
const char *nr_lsh_check_sig(const nr_lsh_params *p,
                             const unsigned char *blob, int n, nr_sig *sig,
                             char *err);
void nr_lsh_expected_sig(const nr_lsh_params *p, nr_sig *sig);

/* INSERT INTO x(x) VALUES(cmd): 'integrity-check', 'rebuild', 'optimize'. */
int nr_lsh_command(sqlite3 *db, const char *schema, const char *name,
                   const nr_lsh_params *p, sqlite3_value *cmd, char **err);
int nr_register_lsh_functions(sqlite3 *db);

#endif
