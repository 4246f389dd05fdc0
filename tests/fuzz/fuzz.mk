# The ELF loader fuzzer (docs/elf.md), included by the top-level Makefile.
#
#   make fuzz-build          build $(HOST_BUILD)/fuzz_elf (clang, libFuzzer, ASan, UBSan)
#   make fuzz                fuzz for FUZZ_SECONDS (300); the corpus grows in build/fuzz-corpus
#   $(FUZZ_SMOKE)            the short run of `make test` (tests/fuzz/smoke.sh)
#
# The seeds in tests/fuzz/corpus are checked in (tests/fuzz/make_seeds.py
# writes them) and never written by the fuzzer; crashes go to
# build/fuzz-artifacts/.

FUZZ_CC := clang
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DHOST_TEST $(WARNINGS) -Iinclude -Ilibelf/include -MMD -MP
FUZZ_BIN := $(HOST_BUILD)/fuzz_elf
FUZZ_OBJS := $(HOST_BUILD)/fuzz/fuzz_elf.o $(HOST_BUILD)/fuzz/elf.o
FUZZ_SEEDS := tests/fuzz/corpus
FUZZ_CORPUS := build/fuzz-corpus
FUZZ_ARTIFACTS := build/fuzz-artifacts/
FUZZ_SECONDS ?= 300
FUZZ_SMOKE := sh tests/fuzz/smoke.sh $(FUZZ_BIN)

fuzz-build: $(FUZZ_BIN)

$(FUZZ_BIN): $(FUZZ_OBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^

# Own object names (not %.c.o): these are built by clang with the fuzzer's
# instrumentation, the host tests' objects by gcc.
define fuzz_object_rule
$(HOST_BUILD)/fuzz/%.o: $(1)/%.c | deps-fuzz
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$<"
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) -c -o $$@ $$<
endef
$(foreach d,tests/fuzz libelf,$(eval $(call fuzz_object_rule,$(d))))

fuzz: fuzz-build
	@mkdir -p $(FUZZ_CORPUS) $(FUZZ_ARTIFACTS)
	@cp $(FUZZ_SEEDS)/* $(FUZZ_CORPUS)/
	@echo "  FUZZ    $(FUZZ_BIN) for $(FUZZ_SECONDS) s: new inputs go to $(FUZZ_CORPUS)/," \
	      "crashes to $(FUZZ_ARTIFACTS)"
	$(Q)$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -artifact_prefix=$(FUZZ_ARTIFACTS) \
	    $(FUZZ_CORPUS) $(FUZZ_SEEDS)

-include $(FUZZ_OBJS:.o=.d)
