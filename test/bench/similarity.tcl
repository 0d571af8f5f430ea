# similarity.tcl -- make bench-similarity: throughput of the similarity
# functions on the Reuters-21578 bodies (../shared/corpora; skipped with a
# message when absent), in one run:
#   tokenize       stem_text(body, 'none'): scanning and case folding
#   shingle hash   count(*) of shingles(body, lang): tokenize (and stem),
#                  shingle hashes; the ceiling minhash() is measured against
#   minhash        minhash(body, lang), 128 perms, n=3
#   passages       shared_passages(a, b) over pairs of similar articles
# Times are CPU seconds of this process (user + system, /proc/self/stat),
# best of REPS runs (default 3).
#
#   tclsh test/bench/similarity.tcl [newsroom.so [baseline.so]]
# (BENCH_DB=path also writes the bodies there, as a table docs(body).)
# With a baseline library, every figure is measured for both in the same
# run, interleaved, so their ratio survives a busy machine.
package require sqlite3

set here [file dirname [file normalize [info script]]]
set root [file dirname [file dirname $here]]
set lib [expr {[llength $argv] > 0 ? [lindex $argv 0] : [file join $root newsroom.so]}]
set base [expr {[llength $argv] > 1 ? [lindex $argv 1] : ""}]
set reps [expr {[info exists env(REPS)] ? $env(REPS) : 3}]
set corpus [file join [file dirname $root] shared corpora reuters21578 reut2-all.sgm.gz]
if {![file exists $corpus]} {
  puts "bench-similarity: $corpus is absent; nothing to measure"
  exit 0
}

set ticks [exec getconf CLK_TCK]
proc cpu {} {
  set f [open /proc/self/stat]
  set s [read $f]
  close $f
  set rest [split [string range $s [expr {[string last ) $s] + 2}] end] " "]
  # fields 14 and 15 of stat, utime and stime; rest starts at field 3
  expr {double([lindex $rest 11] + [lindex $rest 12]) / $::ticks}
}

# the bodies, as the accuracy test reads them (latin-1, entities decoded)
proc bodies {path} {
  set f [open $path rb]
  set data [encoding convertfrom iso8859-1 [zlib gunzip [read $f]]]
  close $f
  set out {}
  set pos 0
  while {[set s [string first <BODY> $data $pos]] >= 0} {
    set pos [string first </BODY> $data $s]
    set b [string range $data [expr {$s + 6}] [expr {$pos - 1}]]
    lappend out [string map {&lt; < &gt; > &amp; & &#3; ""} $b]
  }
  return $out
}

set names {new}
set libs [list $lib]
if {$base ne ""} { lappend names base; lappend libs $base }
set docs [bodies $corpus]
foreach name $names l $libs {
  sqlite3 $name :memory:
  $name enable_load_extension 1
  $name eval {SELECT load_extension($l)}
  $name eval {CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT)}
  $name transaction {
    foreach b $docs { $name eval {INSERT INTO docs(body) VALUES($b)} }
  }
}
# for the C core's benchmark (similarity_core.c), which reads them back
if {[info exists env(BENCH_DB)]} {
  file delete $env(BENCH_DB)
  new eval {VACUUM INTO $env(BENCH_DB)}
}
set bytes [new one {SELECT sum(length(CAST(body AS BLOB))) FROM docs}]
set ndocs [new one {SELECT count(*) FROM docs}]

# pairs of similar articles: a band of 4 signature values in common, then
# an estimated Jaccard of at least 0.3 (stories sent again, corrected or
# updated); at most 2,000
new eval {
  CREATE TABLE sig AS SELECT id, minhash(body) AS s FROM docs WHERE length(body) >= 200;
  CREATE TABLE band AS WITH RECURSIVE ks(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM ks WHERE k < 31)
    SELECT id, k, substr(s, 33 + 16 * k, 16) AS v FROM sig, ks;
  CREATE INDEX band_v ON band(k, v);
  CREATE TABLE cand AS SELECT DISTINCT a.id AS a, b.id AS b FROM band a JOIN band b
    ON a.k = b.k AND a.v = b.v AND a.id < b.id;
  CREATE TABLE pairs AS SELECT cand.a, cand.b FROM cand, sig x, sig y
    WHERE x.id = cand.a AND y.id = cand.b AND minhash_jaccard(x.s, y.s) >= 0.3
    ORDER BY cand.a, cand.b LIMIT 2000;
}
set npairs [new one {SELECT count(*) FROM pairs}]
set pairs [new eval {SELECT a, b FROM pairs}]
if {$base ne ""} {
  base eval {CREATE TABLE pairs(a INTEGER, b INTEGER)}
  foreach {a b} $pairs { base eval {INSERT INTO pairs VALUES($a, $b)} }
}
set pj [new one {SELECT avg(jaccard(x.body, y.body)) FROM pairs, docs x, docs y WHERE x.id = a AND y.id = b}]

set tests {
  tokenize    {SELECT sum(length(stem_text(body, 'none'))) FROM docs}
  hash-none   {SELECT count(*) FROM docs, shingles(docs.body, 'none')}
  minhash-none {SELECT count(minhash(body, 'none')) FROM docs}
  hash-en     {SELECT count(*) FROM docs, shingles(docs.body, 'english')}
  minhash-en  {SELECT count(minhash(body, 'english')) FROM docs}
  passages    {SELECT count(*), sum(words), sum(length(a_text)) FROM pairs, docs x, docs y, shared_passages(x.body, y.body) WHERE x.id = pairs.a AND y.id = pairs.b}
}
foreach {t sql} $tests { foreach name $names { set best($name,$t) 1e9 } }
for {set r 0} {$r < $reps} {incr r} {
  foreach {t sql} $tests {
    foreach name $names {
      # the passages query is short: run 5 times for the clock's 10 ms
      set k [expr {$t eq "passages" ? 5 : 1}]
      set t0 [cpu]
      for {set i 0} {$i < $k} {incr i} { $name eval $sql }
      set dt [expr {([cpu] - $t0) / $k}]
      if {$dt < $best($name,$t)} { set best($name,$t) $dt }
    }
  }
}

set mb [expr {$bytes / 1e6}]
puts [format "Reuters-21578 bodies: %d documents, %.1f MB; %d pairs of similar articles (mean jaccard %.2f); best of %d, CPU seconds" \
  $ndocs $mb $npairs $pj $reps]
puts "library: $lib"
if {$base ne ""} { puts "baseline: $base" }
proc fmt {name t} {
  set s [expr {max($::best($name,$t), 0.005)}]
  if {$t eq "passages"} { return [format "%7.3f s %9.0f pairs/s" $s [expr {$::npairs / $s}]] }
  return [format "%7.3f s %7.1f MB/s" $s [expr {$::mb / $s}]]
}
foreach {t sql} $tests {
  set line [format "%-13s" $t]
  foreach name $names { append line "  $name [fmt $name $t]" }
  puts $line
}
foreach name $names {
  puts [format "%s: minhash 'none' at %.0f%% of its ceiling (shingle hash 'none'), minhash 'english' at %.0f%% of its ceiling (shingle hash 'english'), tokenize-only %.1f MB/s" \
    $name [expr {100 * $best($name,hash-none) / $best($name,minhash-none)}] \
    [expr {100 * $best($name,hash-en) / $best($name,minhash-en)}] [expr {$mb / $best($name,tokenize)}]]
}
