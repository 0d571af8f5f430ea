# all.tcl -- runs every test/*.test file in a process of its own (a crash is
# a failure of that file), two at a time, and prints one closing line:
#   N passed, N failed, N skipped
# NEWSROOM_TEST_WRAPPER (e.g. valgrind ...) prefixes each command and
# NEWSROOM_TEST_PRELOAD is put in LD_PRELOAD (sanitizer runtimes).  A file
# still running after NEWSROOM_TEST_TIMEOUT seconds (default 1200) is
# stopped and fails: a hang is a bug, not a slow test.
# Arguments, if any, are the test files to run.

set testdir [file dirname [file normalize [info script]]]
set files $argv
if {[llength $files] == 0} {
  set files [lsort [glob -directory $testdir *.test]]
}
set wrapper {}
if {[info exists env(NEWSROOM_TEST_WRAPPER)]} { set wrapper $env(NEWSROOM_TEST_WRAPPER) }
set preload {}
if {[info exists env(NEWSROOM_TEST_PRELOAD)]} { set preload $env(NEWSROOM_TEST_PRELOAD) }
set tclsh [info nameofexecutable]
set timeout 1200
if {[info exists env(NEWSROOM_TEST_TIMEOUT)]} { set timeout $env(NEWSROOM_TEST_TIMEOUT) }

set passed 0
set failed 0
set skipped 0
set running 0
set queue $files
set jobs 2
array set output {}

proc start_next {} {
  global queue running wrapper preload tclsh chan_file output timeout
  if {[llength $queue] == 0} return
  set f [lindex $queue 0]
  set queue [lrange $queue 1 end]
  set cmd [list {*}$wrapper $tclsh $f]
  if {$preload ne {}} { set cmd [list env LD_PRELOAD=$preload {*}$cmd] }
  set cmd [list timeout $timeout {*}$cmd]
  set ch [open "|$cmd 2>@1" r]
  fconfigure $ch -blocking 0 -encoding utf-8
  set chan_file($ch) $f
  set output($ch) {}
  fileevent $ch readable [list collect $ch]
  incr running
}

proc collect {ch} {
  global output chan_file running passed failed skipped
  append output($ch) [read $ch]
  if {![eof $ch]} return
  fconfigure $ch -blocking 1
  set status 0
  if {[catch {close $ch} err opts]} {
    set status [lindex [dict get $opts -errorcode] end]
    if {$status eq "" || ![string is integer $status]} { set status 1 }
  }
  set f $chan_file($ch)
  set name [file tail $f]
  set out $output($ch)
  if {[regexp -line {^newsroom-result: (\d+) (\d+) (\d+)$} $out -> p fl s]} {
    incr passed $p
    incr failed $fl
    incr skipped $s
    if {$status != 0 && $fl == 0} {
      incr failed
      puts "$name: exited with status $status after all its tests passed"
    }
  } elseif {$status == 124} {
    incr failed
    puts "$name: still running after $::timeout s, stopped (a hang?)"
  } else {
    incr failed
    puts "$name: crashed or stopped early (status $status)"
  }
  # the whole log of a failing file, the summary of a passing one
  if {$status != 0 || ![regexp -line {^newsroom-result: \d+ 0 } $out]} {
    puts "==== $name ===="
    puts -nonewline $out
  } else {
    foreach line [split $out \n] {
      if {[string match {*skipped:*} $line] || [string match {#*} $line]} { puts "$name: $line" }
    }
    regexp -line {^newsroom-result: (\d+) (\d+) (\d+)$} $out -> p fl s
    puts "$name: $p passed, $s skipped"
  }
  incr running -1
  start_next
  if {$running == 0} { set ::done 1 }
}

for {set i 0} {$i < $jobs} {incr i} { start_next }
if {$running > 0} { vwait ::done }
puts "$passed passed, $failed failed, $skipped skipped"
exit [expr {$failed > 0}]
