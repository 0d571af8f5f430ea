/*
** static.c -- a C program with the extension linked in (libnewsroom.a)
** and registered for every connection by sqlite3_auto_extension(): no
** .so, no load_extension().  Prints what the query given as argv[1] returns,
** one row a line, columns separated by '|'.
*/
#include <stdio.h>
#include <sqlite3.h>
#include "newsroom.h"

static int print_row(void *unused, int ncol, char **values, char **names){
  int i;
  (void)unused; (void)names;
  for(i = 0; i < ncol; i++){
    printf("%s%s", i ? "|" : "", values[i] ? values[i] : "");
  }
  printf("\n");
  return 0;
}

int main(int argc, char **argv){
  sqlite3 *db;
  char *err = NULL;
  int rc;
  if( argc != 2 ){
    fprintf(stderr, "usage: %s SQL\n", argv[0]);
    return 2;
  }
  rc = sqlite3_auto_extension((void (*)(void))sqlite3_newsroom_init);
  if( rc == SQLITE_OK ) rc = sqlite3_open(":memory:", &db);
  if( rc != SQLITE_OK ){
    fprintf(stderr, "cannot open: %s\n", sqlite3_errstr(rc));
    return 1;
  }
  rc = sqlite3_exec(db, argv[1], print_row, NULL, &err);
  if( rc != SQLITE_OK ){
    fprintf(stderr, "error: %s\n", err);
    sqlite3_free(err);
  }
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : 1;
}
