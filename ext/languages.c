/*
** languages.c -- the eponymous table stem_languages: one row per Snowball
** algorithm, with its name, its ISO 639-1 code (NULL where there is none:
** 'porter', the original English algorithm) and its stopword count.
*/
#include <string.h>
#include "args.h"

typedef struct languages_cursor {
  sqlite3_vtab_cursor base;
  int lang;
} languages_cursor;

static int languages_connect(sqlite3 *db, void *aux, int argc,
                             const char *const *argv, sqlite3_vtab **out,
                             char **err){
  sqlite3_vtab *vt;
  int rc;
  (void)aux; (void)argc; (void)argv; (void)err;
  rc = sqlite3_declare_vtab(db,
      "CREATE TABLE x(name TEXT, code TEXT, stopwords INTEGER)");
  if( rc != SQLITE_OK ) return rc;
  vt = sqlite3_malloc(sizeof(*vt));
  if( vt == NULL ) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *out = vt;
  return SQLITE_OK;
}

static int languages_disconnect(sqlite3_vtab *vt){
  sqlite3_free(vt);
  return SQLITE_OK;
}

static int languages_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  (void)vt;
  info->estimatedCost = nr_lang_count();
  info->estimatedRows = nr_lang_count();
  return SQLITE_OK;
}

static int languages_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  languages_cursor *cur = sqlite3_malloc(sizeof(*cur));
  (void)vt;
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  *out = &cur->base;
  return SQLITE_OK;
}

static int languages_close(sqlite3_vtab_cursor *cur){
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int languages_filter(sqlite3_vtab_cursor *base, int idx_num,
                            const char *idx_str, int argc,
                            sqlite3_value **argv){
  (void)idx_num; (void)idx_str; (void)argc; (void)argv;
  ((languages_cursor *)base)->lang = 0;
  return SQLITE_OK;
}

static int languages_next(sqlite3_vtab_cursor *base){
  ((languages_cursor *)base)->lang++;
  return SQLITE_OK;
}

static int languages_eof(sqlite3_vtab_cursor *base){
  return ((languages_cursor *)base)->lang >= nr_lang_count();
}

static int languages_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                            int col){
  int lang = ((languages_cursor *)base)->lang;
  if( col == 0 ){
    sqlite3_result_text(ctx, nr_lang_name(lang), -1, SQLITE_STATIC);
  }else if( col == 1 ){
    if( nr_lang_code(lang)[0] ){
      sqlite3_result_text(ctx, nr_lang_code(lang), -1, SQLITE_STATIC);
    }
  }else{
    sqlite3_result_int(ctx, nr_stopword_count(lang));
  }
  return SQLITE_OK;
}

static int languages_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid){
  *rowid = ((languages_cursor *)base)->lang + 1;
  return SQLITE_OK;
}

static sqlite3_module languages_module = {
  0, 0, languages_connect, languages_best_index, languages_disconnect, 0,
  languages_open, languages_close, languages_filter, languages_next,
  languages_eof, languages_column, languages_rowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

int nr_register_languages(sqlite3 *db){
  return sqlite3_create_module(db, "stem_languages", &languages_module, NULL);
}
