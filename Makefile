# newsroom -- news-article analytics as a loadable SQLite extension.
#
#   make            build ./newsroom.so
#   make demo       install missing Debian packages (as root), build, run
#                   the analysis on the bundled corpus (DOCS=folder for yours)
#   make test       the Tcl suite; one closing line "N passed, N failed"
#   make test-asan  the suite against an ASan+UBSan build
#   make test-valgrind  the suite under valgrind (no definite leaks; the
#                   data-heavy tests on a 1-in-20 sample)
#   make test-oom   every allocation of a workload made to fail in turn
#   make lint       cppcheck and clang-tidy (.clang-tidy), warnings fail
#   make test-threads  threads with their own connections to one WAL
#                   database, under ThreadSanitizer
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make bench      benchmarks on ../shared/corpora (skipped when absent)
#   make bench-similarity  minhash/shingles/shared_passages on Reuters
#   make bench-lsh  minhash_lsh on 100,000 documents (also run by make bench)
#   make bench-quotes  quotes() MB/s on PolNeAR beside BASE=other/newsroom.so,
#                   and whether their rows are identical
#   make eval       accuracy evaluations on ../shared/corpora: eval-detect
#                   (detect_language() on the multilingual corpora), eval-quotes
#                   (quotes() on the seed gold and PolNeAR; quote_similarity()
#                   on labelled PolNeAR pairs, BASE=other/newsroom.so beside)
#   make test-hosts loads the extension from the sqlite3 shell, Python,
#                   sqlite-utils, Tcl and a statically linked C program
#                   (NODE=1 adds Node.js with better-sqlite3)
#   make install    newsroom.so, libnewsroom.a, the header and newsroom.pc
#                   under $(DESTDIR)$(PREFIX); make uninstall removes them
#   STATIC_DEPS=1   links libstemmer and utf8proc into newsroom.so, their
#                   symbols hidden, for machines without those packages

VERSION     := $(shell cat VERSION)
CC          ?= cc
OPT         ?= -O2 -g
WARN        := -Wall -Wextra -Wshadow -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN        += -Werror
endif
STEMMER_VERSION := $(shell dpkg-query -W -f='$${Version}' libstemmer0d 2>/dev/null || echo unknown)
CPPFLAGS    += -Iinclude -Iext \
               -DNEWSROOM_VERSION='"$(VERSION)"' \
               -DNEWSROOM_LIBSTEMMER_VERSION='"$(STEMMER_VERSION)"' \
               -DNEWSROOM_BUILD_FLAGS='"$(notdir $(CC)) $(OPT) $(SANITIZE)$(if $(filter 1,$(STATIC_DEPS)), STATIC_DEPS=1)"'
CFLAGS      += $(OPT) $(WARN) -std=c11 -D_DEFAULT_SOURCE -fPIC -fvisibility=hidden
ifeq ($(STATIC_DEPS),1)
MULTIARCH   := $(shell $(CC) -print-multiarch)
LDLIBS      += -Wl,--exclude-libs,ALL /usr/lib/$(MULTIARCH)/libstemmer.a \
               /usr/lib/$(MULTIARCH)/libutf8proc.a
else
LDLIBS      += -lstemmer -lutf8proc -lm
endif
TCLSH       ?= tclsh
PREFIX      ?= /usr/local
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include

DEB_PACKAGES := gcc make libsqlite3-dev sqlite3 libstemmer-dev libutf8proc-dev \
                tcl libsqlite3-tcl snowball-data

SOURCES     := $(wildcard ext/*.c ext/core/*.c)
STOPWORDS   := $(sort $(wildcard ext/data/stopwords/*.txt))
CUES        := $(sort $(wildcard ext/data/cues/*.txt))
QUOTEIDF    := $(sort $(wildcard ext/data/quoteidf/*.txt))
HEADERS     := $(wildcard include/*.h ext/*.h ext/core/*.h)

.PHONY: all clean demo deps test test-asan test-valgrind test-hosts test-oom test-threads test-notebook test-huge \
        fuzz lint bench bench-similarity bench-lsh bench-quotes examples-expected eval eval-detect eval-quotes eval-lsh \
        install uninstall

all: newsroom.so

build/stopwords_data.c: ext/data/embed.sh $(STOPWORDS)
	@mkdir -p build
	sh ext/data/embed.sh stopword $(STOPWORDS) > $@.tmp && mv $@.tmp $@

build/cues_data.c: ext/data/embed.sh $(CUES)
	@mkdir -p build
	sh ext/data/embed.sh cue $(CUES) > $@.tmp && mv $@.tmp $@

build/quoteidf_data.c: ext/data/embed.sh $(QUOTEIDF)
	@mkdir -p build
	sh ext/data/embed.sh quoteidf $(QUOTEIDF) > $@.tmp && mv $@.tmp $@

ASAN_FLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# $(1): build directory, $(2): extra compiler flags
define variant
$(1)/%.o: %.c $(HEADERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
$(1)/stopwords_data.o: build/stopwords_data.c
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
$(1)/cues_data.o: build/cues_data.c
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
$(1)/quoteidf_data.o: build/quoteidf_data.c
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
endef

$(eval $(call variant,build/rel,))
$(eval $(call variant,build/asan,$(ASAN_FLAGS)))
# for libnewsroom.a: SQLITE_CORE makes the SQLite API direct calls
$(eval $(call variant,build/static,-DSQLITE_CORE))
# for the out-of-memory test: linked in, and checked by ASan+UBSan
$(eval $(call variant,build/oomlib,-DSQLITE_CORE $(ASAN_FLAGS)))
# for the concurrency test: linked in, under ThreadSanitizer
TSAN_FLAGS  := -fsanitize=thread -fno-omit-frame-pointer
$(eval $(call variant,build/tsan,-DSQLITE_CORE $(TSAN_FLAGS)))

REL_OBJS    := $(SOURCES:%.c=build/rel/%.o) build/rel/stopwords_data.o build/rel/cues_data.o build/rel/quoteidf_data.o
ASAN_OBJS   := $(SOURCES:%.c=build/asan/%.o) build/asan/stopwords_data.o build/asan/cues_data.o build/asan/quoteidf_data.o
STATIC_OBJS := $(SOURCES:%.c=build/static/%.o) build/static/stopwords_data.o build/static/cues_data.o build/static/quoteidf_data.o
OOM_OBJS    := $(SOURCES:%.c=build/oomlib/%.o) build/oomlib/stopwords_data.o build/oomlib/cues_data.o build/oomlib/quoteidf_data.o
TSAN_OBJS   := $(SOURCES:%.c=build/tsan/%.o) build/tsan/stopwords_data.o build/tsan/cues_data.o build/tsan/quoteidf_data.o

newsroom.so: $(REL_OBJS)
	$(CC) -shared $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

build/asan/newsroom.so: $(ASAN_OBJS)
	$(CC) -shared $(CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

libnewsroom.a: $(STATIC_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Installs what is missing when run as root; otherwise says what to install.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	else \
	  echo "missing Debian packages:$$missing (run: sudo apt-get install$$missing)"; exit 1; \
	fi

DOCS ?= test/data/seeds
demo: deps
	$(MAKE) -s newsroom.so
	@echo "analysing $$(find $(DOCS) -name "*.txt" | wc -l) .txt files of $(DOCS) into demo.db"
	sqlite3 -bail -cmd '.load ./newsroom' -cmd ".parameter set @docs '$(DOCS)'" demo.db < sql-examples/demo.sql

test: newsroom.so
	NEWSROOM_LIB=$(CURDIR)/newsroom.so $(TCLSH) test/all.tcl

test-asan: build/asan/newsroom.so
	NEWSROOM_LIB=$(CURDIR)/build/asan/newsroom.so \
	NEWSROOM_TEST_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/test/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(TCLSH) test/all.tcl

test-valgrind: newsroom.so
	NEWSROOM_LIB=$(CURDIR)/newsroom.so \
	NEWSROOM_TEST_SAMPLE=20 \
	NEWSROOM_TEST_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite" \
	$(TCLSH) test/all.tcl

build/oom/oom: test/oom/oom.c $(OOM_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) -o $@ $^ -lsqlite3 $(LDLIBS)

build/threads/threads: test/threads/threads.c $(TSAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(TSAN_FLAGS) -o $@ $^ -lsqlite3 $(LDLIBS) -lpthread

# THREADS threads, ROUNDS rounds over the seed articles, against one run
THREADS ?= 4
ROUNDS  ?= 10
test-threads: build/threads/threads
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	build/threads/threads build/threads/threads.db $(THREADS) $(ROUNDS) test/data/seeds/*.txt

# every allocation of a workload over every function made to fail in turn
test-oom: build/oom/oom
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 build/oom/oom test/data/seeds/000_8f28436bcb1f9b33.txt

FUZZ_CC     ?= clang
FUZZ_FLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60
build/fuzz/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz.c test/fuzz/fuzz.h $(SOURCES) build/stopwords_data.c build/cues_data.c build/quoteidf_data.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -DSQLITE_CORE $(FUZZ_FLAGS) -std=c11 -D_DEFAULT_SOURCE -Itest/fuzz \
	    -o $@ $< test/fuzz/fuzz.c $(SOURCES) build/stopwords_data.c build/cues_data.c build/quoteidf_data.c -lsqlite3 $(LDLIBS)

# each libFuzzer target for FUZZ_SECONDS seconds (clang, libclang-rt-14-dev)
lint: build/stopwords_data.c build/cues_data.c build/quoteidf_data.c
	cppcheck --quiet --enable=warning,portability,performance --std=c11 \
	    -Iinclude -Iext --suppress=missingIncludeSystem --error-exitcode=1 \
	    --inline-suppr $(SOURCES)
	clang-tidy --quiet $(SOURCES) -- $(CPPFLAGS) -std=c11 -D_DEFAULT_SOURCE 2>/dev/null

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh test/fuzz/run.sh

# rewrites sql-examples/*.out from the examples' current output
examples-expected: newsroom.so
	NEWSROOM_LIB=$(CURDIR)/newsroom.so NEWSROOM_UPDATE_EXAMPLES=1 $(TCLSH) test/examples.test

test-hosts: newsroom.so libnewsroom.a
	NODE=$(NODE) sh test/hosts/run.sh

# newsroom.pc is written here, so that it names the PREFIX of this install
install: newsroom.so libnewsroom.a
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 755 newsroom.so $(DESTDIR)$(LIBDIR)/newsroom.so
	install -m 644 libnewsroom.a $(DESTDIR)$(LIBDIR)/libnewsroom.a
	install -m 644 include/newsroom.h $(DESTDIR)$(INCLUDEDIR)/newsroom.h
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' \
	    newsroom.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/newsroom.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/newsroom.so $(DESTDIR)$(LIBDIR)/libnewsroom.a \
	      $(DESTDIR)$(INCLUDEDIR)/newsroom.h $(DESTDIR)$(LIBDIR)/pkgconfig/newsroom.pc

# accuracy of minhash_lsh against exact Jaccard (README: "Near-duplicates at corpus scale")
CORPORA     ?= ../shared/corpora
CORE_SOURCES := $(wildcard ext/core/*.c)
build/eval/lsh_eval: test/eval/lsh_eval.c $(CORE_SOURCES) build/stopwords_data.c build/cues_data.c build/quoteidf_data.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O2 $(WARN) -std=c11 -D_DEFAULT_SOURCE -o $@ $< $(CORE_SOURCES) \
	    build/stopwords_data.c build/cues_data.c build/quoteidf_data.c -lsqlite3 $(LDLIBS)
eval-lsh: newsroom.so build/eval/lsh_eval
	@if [ ! -f $(CORPORA)/reuters21578/reut2-all.sgm.gz ]; then \
	  echo "eval-lsh: skipped, $(CORPORA)/reuters21578 is absent"; exit 0; fi; \
	/usr/bin/python3 test/eval/make_corpus.py $(CORPORA)/reuters21578/reut2-all.sgm.gz build/eval/lsh.db && \
	build/eval/lsh_eval ./newsroom.so build/eval/lsh.db 0.3 0.5 0.8

bench: newsroom.so bench-similarity
	sh test/bench/run.sh

# minhash(), shingles() and shared_passages() throughput on Reuters-21578
bench-similarity: newsroom.so
	sh test/bench/similarity.sh

# quotes() throughput of this build beside BASE (another build's newsroom.so,
# e.g. main's), in one run, with their rows compared
bench-quotes: newsroom.so
	/usr/bin/python3 test/bench/quotes_ab.py $(BASE) ./newsroom.so

# minhash_lsh on 100,000 documents; results in test/bench/RESULTS-lsh.md
bench-lsh: newsroom.so
	sh test/bench/lsh_bench.sh

eval: eval-detect eval-quotes eval-lsh

eval-detect: newsroom.so
	/usr/bin/python3 test/eval/detect.py $(CURDIR)/newsroom.so

POLNEAR ?= ../shared/corpora/polnear-train.tar.gz
eval-quotes: newsroom.so
	/usr/bin/python3 test/eval/quotes_eval.py --lib ./newsroom.so --polnear $(POLNEAR) \
	  --cluster-alias C01=C02,C27=C03
	@# the rules were developed on PolNeAR articles 0-599; 600-839 are the check.
	@# polnear_p/r/f1: every top-level row against the gold of any quote marks;
	@# polnear_direct_*: kinds full, partial, headline; polnear_double_*: the
	@# same two against the gold of double marks only (the measure before)
	@for split in 0:600 600:840; do echo "PolNeAR articles $$split:"; \
	  /usr/bin/python3 test/eval/quotes_eval.py --lib ./newsroom.so --polnear $(POLNEAR) \
	    --docs $$split --no-bench | grep '^polnear_'; done
	@# quote_similarity across outlets: seed clusters, the labelled PolNeAR
	@# pairs (dev and check halves) and the cross-article pairs it joins;
	@# BASE=other/newsroom.so reports that build beside this one
	/usr/bin/python3 test/eval/quote_pairs_eval.py --lib ./newsroom.so \
	  $(if $(BASE),--base $(BASE)) --polnear $(POLNEAR) --threshold 0.35 --threshold 0.6

clean:
	rm -rf build newsroom.so libnewsroom.a demo.db

# sql-examples/newsroom.ipynb run headless; its figures land in build/notebook
NOTEBOOK_PACKAGES := jupyter-notebook python3-nbconvert python3-ipykernel \
                     python3-pandas python3-matplotlib
test-notebook: newsroom.so
	@$(MAKE) -s deps DEB_PACKAGES="$(NOTEBOOK_PACKAGES)"
	rm -rf build/notebook && mkdir -p build/notebook
	cd sql-examples && NEWSROOM_ROOT=$(CURDIR) /usr/bin/python3 -m nbconvert \
	    --to notebook --execute newsroom.ipynb \
	    --output-dir $(CURDIR)/build/notebook --output newsroom.out.ipynb
	test -s build/notebook/similarity-heatmap.png
	test -s build/notebook/quote-variants.png
	@echo "test-notebook: ran; figures in build/notebook/"

# 1 GB of one character through every whole-document function (opt-in;
# ~5 minutes, ~5 GB of memory)
test-huge: newsroom.so
	$(TCLSH) test/huge/huge.tcl $(CURDIR)/newsroom.so
