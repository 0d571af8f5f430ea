/*
** args.h -- what the SQL layer shares: the per-connection state, and the
** one place that checks arguments, validates UTF-8, parses language names
** and option strings, and words errors as "fn(): what is wrong".
*/
#ifndef NEWSROOM_ARGS_H
#define NEWSROOM_ARGS_H

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#include "newsroom.h"

/* State shared by the functions registered on one connection.  Every
** registration holds a reference; the last destructor frees it. */
typedef struct nr_conn {
  int refs;
  nr_analyzer *an;
  /* minhash_lsh query caches of this connection (lsh.c), for
  ** newsroom_debug(): bytes held now, loads, queries answered */
  long long lsh_cache_bytes;
  unsigned long long lsh_cache_loads, lsh_cache_queries;
} nr_conn;

nr_conn *nr_conn_new(void);
nr_conn *nr_conn_ref(nr_conn *c);
void nr_conn_unref(void *c);

/* An argument's text.  Returns 0 with *z and *n set; 1 when the value is
** NULL; or -1 with *err set (sqlite3_mprintf) for a BLOB or invalid
** UTF-8.  Numbers are read as their text, as SQLite's own functions do. */
int nr_arg_text(const char *fn, sqlite3_value *v, int argno,
                const char **z, int *n, char **err);

/* A language argument: NULL (or absent) gives the default, english.
** Returns 0 or -1 with *err set for a name it does not know. */
int nr_arg_lang(const char *fn, sqlite3_value *v, int *lang, char **err);

/* Turns NR_LANG_AUTO into the language detected in the document, and
** reports out of memory as -1. */
int nr_resolve_lang(nr_conn *c, int lang, const char *doc, int n,
                    int *resolved);

/* Options: a string of name=value words separated by spaces. */
enum nr_option_kind { NR_OPTION_INT, NR_OPTION_CHOICE };
typedef struct nr_option {
  const char *name;
  int kind;
  int min, max;                 /* NR_OPTION_INT */
  const char *const *choices;   /* NR_OPTION_CHOICE: NULL-terminated */
  int value;                    /* the default on entry; the choice's index */
} nr_option;

/* Parses v (NULL keeps every default) into opts[0..nopts).  Returns 0, or
** -1 with *err set for an unknown option, a bad value or bad syntax. */
int nr_parse_options(const char *fn, const char *z, int n, nr_option *opts,
                     int nopts, char **err);
int nr_arg_options(const char *fn, sqlite3_value *v, int argno,
                   nr_option *opts, int nopts, char **err);

/* nr_arg_lang and nr_arg_options for argument argi of a call (the default
** when argc does not reach it), remembering the answer for the statement
** with sqlite3_set_auxdata when the argument is a constant, so that
** stem(w, 'english') does not parse the name on every row. */
int nr_arg_lang_cached(sqlite3_context *ctx, const char *fn, int argc,
                       sqlite3_value **argv, int argi, int *lang, char **err);
int nr_arg_options_cached(sqlite3_context *ctx, const char *fn, int argc,
                          sqlite3_value **argv, int argi, nr_option *opts,
                          int nopts, char **err);

/* Reports err (or out of memory when err is NULL) as the function's
** error, and frees it. */
void nr_result_error(sqlite3_context *ctx, char *err);
/* Returns text of n bytes as the result, or an error naming fn when it is
** longer than the connection's SQLITE_LIMIT_LENGTH. */
void nr_result_text(sqlite3_context *ctx, const char *fn, const char *z,
                    size_t n);

/* A scalar or aggregate SQL function: name, the argument counts it takes,
** its usage line for the error a wrong count gets, and either fn (scalar)
** or fn as the step and final (aggregate). */
typedef struct nr_func_def {
  const char *name;
  int min_args, max_args;
  const char *usage;
  void (*fn)(sqlite3_context *, int, sqlite3_value **);
  void (*final)(sqlite3_context *);
} nr_func_def;

/* Registers defs[0..n) as deterministic, innocuous UTF-8 functions, each
** holding a reference to c, and for any other number of arguments one
** that fails with "name(): wrong number of arguments (N): usage" (SQLite
** prefers an exact match), so that this error too starts with the
** function's name. */
int nr_register_functions(sqlite3 *db, nr_conn *c, const nr_func_def *defs,
                          int n);

/* The virtual table of a table-valued function: it only needs the
** connection's state.  nr_vtab_connect declares schema and allocates size
** bytes (at least sizeof(nr_vtab), zeroed) whose head is an nr_vtab, so
** that a module may keep more after it; nr_vtab_disconnect frees it. */
typedef struct nr_vtab {
  sqlite3_vtab base;
  nr_conn *conn;
} nr_vtab;

int nr_vtab_connect(sqlite3 *db, void *conn, const char *schema, size_t size,
                    sqlite3_vtab **out);
int nr_vtab_disconnect(sqlite3_vtab *vt);

/* xBestIndex of a table-valued function whose arguments are the hidden
** columns first_arg .. first_arg+nargs-1: each usable equality constraint
** on one goes to xFilter, in column order, and idxNum has bit i set when
** argument i is there.  A plan without the first `required` arguments
** costs more, so that SQLite prefers one that has them; rows is the
** estimate for a plan that has them. */
int nr_best_index_args(sqlite3_index_info *info, int first_arg, int nargs,
                       int required, double rows);

#endif
