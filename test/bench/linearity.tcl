# linearity.tcl -- make bench: time of each whole-document function on
# pathological inputs (the patterns of test/limits.test) at 100 KB and at
# 800 KB, and the ratio: about 8 is linear, 64 would be quadratic.  The
# test suite asserts the results; the times live here, where a noisy
# machine cannot fail a build.
#   tclsh test/bench/linearity.tcl ./newsroom.so
package require sqlite3
sqlite3 db :memory:
db enable_load_extension 1
set lib [file normalize [lindex $argv 0]]
db eval {SELECT load_extension($lib)}

set functions {
  tokens      {SELECT count(*) FROM tokens($doc, 'english')}
  stem_text   {SELECT length(stem_text($doc, 'english'))}
  detect      {SELECT detect_language($doc)}
  minhash     {SELECT length(minhash($doc, 'english'))}
  passages    {SELECT count(*) FROM shared_passages($doc, $doc, 'english')}
}
if {![catch {db eval {SELECT count(*) FROM quotes('x')}}]} {
  lappend functions quotes {SELECT count(*) FROM quotes($doc, 'english')}
}
set patterns {
  dots {. }  ellipsis {…}  apostrophes {’}  glued {l’État’s’ }  hyphens {a-}
  numbers {1,0}  decimals {19.5%.}  initials {U.S.}  titles {Mr. }
  url_prefix {http://a}  at_signs {a@b.}  one_word {kill}  cjk {新闻}
  quotes {“a” }  open_quotes {“a }  mixed_scripts {aя}
}
lappend patterns newlines "\n" indents "\n  x"

proc repeat_to {pattern bytes} {
  string repeat $pattern \
      [expr {$bytes / [string length [encoding convertto utf-8 $pattern]]}]
}
proc best_of_two {sql doc} {
  set best {}
  foreach _ {1 2} {
    set t [clock microseconds]
    db eval $sql
    set dt [expr {[clock microseconds] - $t}]
    if {$best eq {} || $dt < $best} { set best $dt }
  }
  return $best
}

puts [format "%-14s %-10s %9s %9s %6s" pattern function "100KB ms" "800KB ms" ratio]
set worst 0
foreach {name pattern} $patterns {
  set small [repeat_to $pattern 100000]
  set large [repeat_to $pattern 800000]
  foreach {fname sql} $functions {
    set doc $small; set t1 [best_of_two $sql $doc]
    set doc $large; set t8 [best_of_two $sql $doc]
    # below two milliseconds the timer's noise is the measurement
    set ratio [expr {double($t8) / max($t1, 2000)}]
    if {$ratio > $worst} { set worst $ratio; set worst_at "$name/$fname" }
    puts [format "%-14s %-10s %9.1f %9.1f %6.1f" $name $fname \
              [expr {$t1 / 1000.0}] [expr {$t8 / 1000.0}] $ratio]
  }
}
puts [format "worst ratio %.1f (%s): 8 is linear, 64 quadratic" $worst $worst_at]
