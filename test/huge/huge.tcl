# huge.tcl -- make test-huge: 1 GB (SQLite's default length limit: 10^9
# bytes) of one character through every function that reads a whole
# document, in linear time and bounded memory: each result is checked,
# and the process's peak memory (VmHWM) must stay under a few times the
# input.  Opt-in and in CI, not in `make test`: it needs ~5 minutes and
# ~5 GB of memory.
#   tclsh test/huge/huge.tcl ./newsroom.so
package require sqlite3
sqlite3 db :memory:
db enable_load_extension 1
set lib [file normalize [lindex $argv 0]]
db eval {SELECT load_extension($lib)}

proc peak_mb {} {
  set fd [open /proc/self/status]
  set text [read $fd]
  close $fd
  regexp {VmHWM:\s+(\d+) kB} $text -> kb
  expr {$kb / 1024}
}

set failed 0
proc check {name sql expected} {
  set t [clock milliseconds]
  set got [db eval $sql]
  set s [expr {([clock milliseconds] - $t) / 1000.0}]
  set ok [expr {$got eq $expected}]
  if {!$ok} { incr ::failed }
  puts [format "%-16s %6.1f s  peak %6d MB  %s" $name $s [peak_mb] \
            [expr {$ok ? "ok" : "FAILED: got $got, expected $expected"}]]
}

set n 999999000
db eval {CREATE TABLE big(doc TEXT)}
db eval {INSERT INTO big VALUES(replace(hex(zeroblob($n / 2)), '00', 'aa'))}
puts "input: [db eval {SELECT length(doc) FROM big}] characters"

check tokens {SELECT count(*), max("end") FROM big, tokens(big.doc, 'english')} \
    [list 1 $n]
check stem_text {SELECT length(stem_text(doc, 'english')) FROM big} $n
check detect {SELECT detect_language(doc) IS NULL FROM big} 1
check shingles {SELECT count(*) FROM big, shingles(big.doc, 'none')} 1
check minhash {SELECT length(minhash(doc, 'none')) FROM big} 544
check simhash {SELECT simhash(doc) <> 0 FROM big} 1
check jaccard {SELECT jaccard(doc, doc, 'none') FROM big} 1.0
check quotes {SELECT count(*) FROM big, quotes(big.doc)} 0
check passages {SELECT count(*) FROM big, shared_passages(big.doc, 'x aa', 'none', 'min_words=1')} 0

# two million quote marks in pairs; a million opening marks in one
# paragraph, where each second one closes (a misdirected glyph)
db eval {UPDATE big SET doc = replace(hex(zeroblob(1000000)), '00', '“a” ')}
check quotes_2M {SELECT count(*) FROM big, quotes(big.doc)} 1000000
db eval {UPDATE big SET doc = replace(hex(zeroblob(1000000)), '00', '“a ')}
check openers_1M {SELECT count(*), max(flags) FROM big, quotes(big.doc)} \
    {500000 misdirected}

set peak [peak_mb]
puts "peak memory $peak MB for a [expr {$n / 1000000}] MB input"
if {$peak > 8 * 1024} { incr failed; puts "FAILED: peak memory above 8 GB" }
puts [expr {$failed ? "huge: $failed FAILED" : "huge: all passed"}]
exit [expr {$failed > 0}]
