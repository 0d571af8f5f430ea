# tester.tcl -- newsroom's test vocabulary, after SQLite's own tester.tcl:
#   do_execsql_test NAME SQL EXPECTED    the rows of SQL, flattened, equal EXPECTED
#   do_catchsql_test NAME SQL EXPECTED   {0 rows} or {1 "error message"}
#   do_test NAME SCRIPT EXPECTED         the script's result equals EXPECTED
#   do_skip NAME WHY                     a test that cannot run here, and why
#   finish_test                          prints the counts and exits
# Each test file opens `db`, an in-memory database with the extension
# loaded (reset_db opens a fresh one).  NEWSROOM_LIB names the library.

package require sqlite3

set ::nr_lib [expr {[info exists env(NEWSROOM_LIB)] ? $env(NEWSROOM_LIB)
                    : [file normalize [file join [file dirname [info script]] .. newsroom.so]]}]
set ::testdir [file normalize [file dirname [info script]]]
set ::datadir [file join $::testdir data]
set ::shared [file normalize [file join $::testdir .. .. shared]]
set ::nr_passed 0
set ::nr_failed 0
set ::nr_skipped 0
set ::nr_failures {}

proc load_newsroom {dbname} {
  $dbname enable_load_extension 1
  $dbname eval {SELECT load_extension($::nr_lib)}
}

proc reset_db {} {
  catch {db close}
  sqlite3 db :memory:
  load_newsroom db
}

proc nr_pass {name} {
  incr ::nr_passed
  puts "$name... Ok"
}

proc nr_fail {name got expected} {
  incr ::nr_failed
  lappend ::nr_failures $name
  puts "$name... FAILED"
  puts "  expected: [list $expected]"
  puts "  got:      [list $got]"
}

proc do_test {name script expected} {
  if {[catch {uplevel 1 $script} got]} {
    nr_fail $name "error: $got" $expected
  } elseif {$got eq $expected} {
    nr_pass $name
  } else {
    nr_fail $name $got $expected
  }
}

proc do_execsql_test {name sql expected} {
  uplevel 1 [list do_test $name [list db eval $sql] [list {*}$expected]]
}

# evaluated in the caller's scope, so that $name in the SQL binds its
# variable as it would in db eval
proc catchsql {sql} {
  set rc [catch {uplevel 1 [list db eval $sql]} res]
  list $rc $res
}

proc do_catchsql_test {name sql expected} {
  uplevel 1 [list do_test $name [list catchsql $sql] $expected]
}

# A test whose expectation is a condition, e.g. {$x >= 0.98}: the script's
# result is bound to x and the condition evaluated.
proc do_cond_test {name script cond} {
  if {[catch {uplevel 1 $script} x]} {
    nr_fail $name "error: $x" $cond
    return
  }
  if {[expr $cond]} { nr_pass $name } else { nr_fail $name $x $cond }
}

proc do_skip {name why} {
  incr ::nr_skipped
  puts "$name... skipped: $why"
}

proc read_file {path} {
  set f [open $path r]
  fconfigure $f -encoding utf-8 -translation lf
  set data [read $f]
  close $f
  return $data
}

# The path of a file under ../shared (corpora), or "" when this checkout
# has none: tests that need it skip.
proc shared_file {relpath} {
  set p [file join $::shared $relpath]
  if {[file exists $p]} { return $p }
  return ""
}

# NEWSROOM_TEST_SAMPLE=N (make test-valgrind sets it): the data-heavy tests
# check every Nth item of their data only.  Under valgrind, Snowball's 11
# million vocabulary words would take hours; a sample still runs every
# language's stemmer and every code path.
proc test_sample {} {
  if {[info exists ::env(NEWSROOM_TEST_SAMPLE)]
   && [string is integer -strict $::env(NEWSROOM_TEST_SAMPLE)]
   && $::env(NEWSROOM_TEST_SAMPLE) > 1} {
    return $::env(NEWSROOM_TEST_SAMPLE)
  }
  return 1
}

proc finish_test {} {
  catch {db close}
  puts "newsroom-result: $::nr_passed $::nr_failed $::nr_skipped"
  if {$::nr_failed} {
    puts "failures: $::nr_failures"
    exit 1
  }
  exit 0
}

reset_db
