#!/usr/bin/python3
"""reuters.py SGM_GZ OUT -- writes the <BODY> texts of Reuters-21578 to OUT,
UTF-8, one story after another separated by a form feed (\\f), with the
SGML entities (&lt; &amp; &#3;) decoded and control characters dropped."""
import gzip, html, re, sys

src, out = sys.argv[1], sys.argv[2]
with gzip.open(src, "rb") as f:
    data = f.read().decode("latin-1")
bodies = []
for m in re.finditer(r"<BODY>(.*?)</BODY>", data, re.S):
    text = html.unescape(m.group(1))
    text = "".join(c for c in text if c in "\n\t" or ord(c) >= 32)
    bodies.append(text)
with open(out, "w", encoding="utf-8") as f:
    f.write("\f".join(bodies))
print("reuters.py: %d stories, %d bytes" % (len(bodies), sum(len(b) for b in bodies)))
