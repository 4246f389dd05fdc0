# Kestrel: a capability microkernel for ARMv7-A.  `make help` lists the targets.
#
# One non-recursive Makefile.  PLATFORM picks the board (kernel/plat/<board>/);
# objects go to build/<board>/.  SELFTEST=<name> builds a kernel that makes a
# deliberate fault after boot (data-abort, prefetch-abort, undefined), into
# build/<board>-selftest-<name>/.

PLATFORM ?= vexpress-a9
SELFTEST ?=
# The kernels that fault on purpose after boot (kernel/selftest.c).
SELFTESTS := data-abort prefetch-abort undefined no-tick
ifneq ($(filter-out $(SELFTESTS),$(SELFTEST)),)
$(error unknown SELFTEST '$(SELFTEST)': the self-tests are $(SELFTESTS))
endif
PLAT_DIR := kernel/plat/$(PLATFORM)
BOARDS := $(sort $(notdir $(patsubst %/board.mk,%,$(wildcard kernel/plat/*/board.mk))))
ifeq ($(wildcard $(PLAT_DIR)/board.mk),)
$(error unknown PLATFORM '$(PLATFORM)': the boards are $(BOARDS))
endif
# The other boards `make test` runs the in-system tests on (under QEMU).
TEST_BOARDS := $(filter-out $(PLATFORM),vexpress-a9 vexpress-a15 virt npcm750)
include $(PLAT_DIR)/board.mk

# IMAGE=test: a kernel whose boot archive makes init run the in-system tests
# (boot/menu-test.lst), with a 1000 Hz tick so that preemption tests are quick.
IMAGE ?=
ifneq ($(filter-out test bench bench-% kfuzz kfuzz-%,$(IMAGE)),)
$(error unknown IMAGE '$(IMAGE)': the images are test, bench and kfuzz (or none: the \
	normal one))
endif
# SEMIHOSTING=0: a kernel that never makes the semihosting call (which traps on a board
# without a debugger), for boards that have it; QEMU then runs without -semihosting.
SEMIHOSTING ?= $(BOARD_SEMIHOSTING)
ifneq ($(SEMIHOSTING),$(filter $(SEMIHOSTING),0 1))
$(error SEMIHOSTING must be 0 or 1, not '$(SEMIHOSTING)')
endif
ifeq ($(SEMIHOSTING),1)
BOARD_QEMU += -semihosting
endif
# No sound: QEMU 7.2 ignores QEMU_AUDIO_DRV, tries every audio back end for the Versatile
# Express boards' PL041 and prints a warning for each that is missing.
ifneq ($(BOARD_QEMU),)
BOARD_QEMU += -audiodev none,id=noaudio -global pl041.audiodev=noaudio
endif
# QUIET=1: after the banner the kernel and init print only what goes wrong (no tick reports, no
# boot details): the children and the shell have the console (`make qemu QUIET=1`).
QUIET ?=
ifneq ($(filter-out 1,$(QUIET)),)
$(error QUIET is 1 or nothing, not '$(QUIET)')
endif
BUILD := build/$(PLATFORM)$(if $(SELFTEST),-selftest-$(SELFTEST))$(if $(IMAGE),-$(IMAGE))$(if \
	$(QUIET),-quiet)$(if \
	$(filter-out $(BOARD_SEMIHOSTING),$(SEMIHOSTING)),-semihosting-$(SEMIHOSTING))
# IMAGE=kfuzz: the short kernel-fuzzer run of `make test` (boot/menu-kfuzz.lst);
# IMAGE=kfuzz-SEED-SEEDS-FIRST-COUNT: `make fuzz-kernel`'s, whose menu is made from those.
# IMAGE=bench-KEY: `make profile`'s, whose init runs only the benchmark KEY.
BOOT_MENU := $(if $(filter test bench kfuzz,$(IMAGE)),boot/menu-$(IMAGE).lst,$(if \
	$(filter kfuzz-% bench-%,$(IMAGE))$(QUIET),$(BUILD)/menu.lst,boot/menu.lst))
HOST_BUILD := build/host
KERNEL_ELF := $(BUILD)/kernel.elf
KERNEL_BIN := $(BUILD)/kernel.bin
PYTHON := /usr/bin/python3
DEPS := scripts/deps.sh

comma := ,
space := $(subst ,, )

# `make V=1` shows every command.
Q := $(if $(filter 1,$(V)),,@)
CROSS ?= arm-none-eabi-
KCC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy

# The virtual address of the first byte of RAM (include/memlayout.h).
KERNEL_VBASE := 0x80000000
KERNEL_VIRT_OFFSET := $(shell printf '0x%x' $$(( $(KERNEL_VBASE) - $(BOARD_RAM_BASE) )))

WARNINGS := -Wall -Wextra -Werror
KCPPFLAGS := -Iinclude -Ikernel/include -Ikernel/arch/armv7/include -Ilibelf/include -I$(PLAT_DIR) \
	-I$(BUILD)/gen -DBOARD_RAM_BASE=$(BOARD_RAM_BASE) -DBOARD_RAM_MB=$(BOARD_RAM_MB) \
	-DBOARD_LOAD_ADDR=$(BOARD_LOAD_ADDR) -DBOARD_HAS_SEMIHOSTING=$(SEMIHOSTING)
ifeq ($(IMAGE),test)
KCPPFLAGS += -DTICK_HZ=1000 -DKERNEL_STRING_CHECK=1
endif
ifeq ($(QUIET),1)
KCPPFLAGS += -DKERNEL_QUIET=1
endif
ifneq ($(SELFTEST),)
KCPPFLAGS += -DKERNEL_SELFTEST=SELFTEST_$(shell echo '$(SELFTEST)' | tr 'a-z-' 'A-Z_')
endif
# uint32_t as unsigned int (arm-none-eabi says unsigned long), as on the host and in
# Linux's ARM ABI, so that one format string fits kernel and host tests.
KCPPFLAGS += -U__UINT32_TYPE__ '-D__UINT32_TYPE__=unsigned int' \
	-U__INT32_TYPE__ '-D__INT32_TYPE__=int'
# No VFP in the kernel, no libc; the compiler must not turn loops into memset calls.
KCFLAGS := -mcpu=$(BOARD_CPU) -marm -mfloat-abi=soft -mgeneral-regs-only -std=gnu11 \
	-O2 -g -ffreestanding -fno-common -fno-tree-loop-distribute-patterns \
	-ffunction-sections $(WARNINGS) -MMD -MP
KLDFLAGS := -nostdlib -T linker.ld -Wl,--defsym=KERNEL_LOAD_ADDR=$(BOARD_LOAD_ADDR) \
	-Wl,--defsym=KERNEL_VIRT_OFFSET=$(KERNEL_VIRT_OFFSET) -Wl,--no-warn-rwx-segments \
	-Wl,--fatal-warnings -Wl,-Map=$(BUILD)/kernel.map

KERNEL_SRCS := \
	kernel/arch/armv7/boot_entry.S \
	kernel/arch/armv7/boot_stub.c \
	kernel/arch/armv7/boot_mmu.c \
	kernel/arch/armv7/kernel_entry.S \
	kernel/arch/armv7/vectors.S \
	kernel/arch/armv7/syscall_fast.S \
	kernel/arch/armv7/lmp_fast.S \
	kernel/arch/armv7/call_fast.S \
	kernel/arch/armv7/yield_fast.S \
	kernel/arch/armv7/exceptions.c \
	kernel/arch/armv7/fault_decode.c \
	kernel/arch/armv7/mmu.c \
	kernel/arch/armv7/pte.c \
	kernel/arch/armv7/string.S \
	kernel/arch/armv7/context.c \
	kernel/arch/armv7/vnode.c \
	kernel/arch/armv7/invoke_vnode.c \
	kernel/main.c \
	kernel/core.c \
	kernel/irq.c \
	kernel/console_in.c \
	kernel/tick.c \
	kernel/selftest.c \
	kernel/dispatch.c \
	kernel/syscall.c \
	kernel/invoke.c \
	kernel/invoke_cnode.c \
	kernel/invoke_dispatcher.c \
	kernel/lmp.c \
	kernel/lmp_call.c \
	kernel/startup.c \
	kernel/objects.c \
	kernel/finalise.c \
	kernel/invariants.c \
	kernel/cap/objtype.c \
	kernel/cap/caps.c \
	kernel/cap/mdb.c \
	kernel/cap/cspace.c \
	kernel/bootarchive.S \
	kernel/lib/format.c \
	kernel/lib/kprintf.c \
	kernel/lib/string.c \
	kernel/lib/string_check.c \
	kernel/lib/cpio.c \
	libelf/elf.c \
	$(BOARD_PLAT_SRCS) \
	$(BOARD_DRIVERS:%=kernel/drivers/%.c)
KERNEL_OBJS := $(KERNEL_SRCS:%=$(BUILD)/%.o)

.PHONY: all kernel print-board sdcard uboot-qemu board-in-qemu qemu gdb qemu-gdb gdb-attach test check host-tests system-tests fuzz fuzz-build bench profile \
	fuzz-kernel mutate \
	selftest-images deps clean help format check-format
.DEFAULT_GOAL := all

all: deps-build kernel

help:
	@echo "Kestrel $(PLATFORM) -- targets:"
	@echo "  make            build the kernel ($(KERNEL_ELF))"
	@echo "  make qemu       boot it in QEMU on this terminal (Ctrl-A X quits)"
	@echo "  make gdb        boot it halted in QEMU and debug it with gdb-multiarch"
	@echo "  make qemu-gdb   start QEMU halted, waiting for a debugger (GDB_PORT=$(GDB_PORT))"
	@echo "  make gdb-attach attach gdb-multiarch to a waiting 'make qemu-gdb'"
	@echo "  make test       build everything and run every test; ends with 'N passed, N failed'"
	@echo "  make bench      run the benchmarks; guest instruction counts under QEMU -icount"
	@echo "  make profile    where one benchmark's instructions go, by function (BENCH=key)"
	@echo "  make fuzz       fuzz the ELF loader with libFuzzer (FUZZ_SECONDS=300)"
	@echo "  make fuzz-kernel  fuzz the kernel's system calls (SEED=1 SEEDS=1 COUNT=1000000)"
	@echo "  make mutate     break the code on purpose (tests/mutants/); every break must fail a test"
	@echo "  make sdcard     an SD card image that boots through U-Boot ($(BUILD)/sdcard.img)"
	@echo "  make uboot-qemu unpack Debian's U-Boot for QEMU virt (to boot the virt card)"
	@echo "  make format     apply .clang-format; make check-format: fail on any difference"
	@echo "  make clean      remove build/"
	@echo "Variables: PLATFORM=$(PLATFORM) (boards: $(BOARDS))"
	@echo "  SELFTEST=$(subst $(space),|,$(SELFTESTS))  IMAGE=test|bench|kfuzz  SEMIHOSTING=0|1"
	@echo "  GDB_PORT=$(GDB_PORT)  QUIET=1 (make qemu: no kernel messages after boot)"
	@echo "Missing Debian packages are installed by scripts/deps.sh (root or sudo)."

kernel: $(KERNEL_ELF) $(KERNEL_BIN)

# --- U-Boot images and SD cards (docs/pandaboard.md) -------------------------------

# The kernel as a U-Boot uImage, loaded and entered at the board's load address.
UIMAGE := $(BUILD)/kestrel.uimg
# The same kernel as a U-Boot standalone program: `bootm` with autostart=yes calls it as `go`
# does, with the MMU and caches as U-Boot has them (docs/pandaboard.md, "Booting with go").
UIMAGE_STANDALONE := $(BUILD)/kestrel-standalone.uimg
BOOT_SCR := $(BUILD)/boot.scr
SDCARD := $(BUILD)/sdcard.img
UBOOT_QEMU_DIR := build/deps/u-boot-qemu
UBOOT_OMAP_DIR := build/deps/u-boot-omap
# A board that boots from the card through its own firmware puts it first (MLO must be
# the first file of the partition on an OMAP).
CARD_FIRMWARE := $(if $(BOARD_CARD_FIRMWARE),$(addprefix \
	$(UBOOT_OMAP_DIR)/usr/lib/u-boot/$(BOARD_CARD_FIRMWARE)/,MLO u-boot.img))
SDCARD_FILES := $(CARD_FIRMWARE) $(BOOT_SCR) $(UIMAGE) $(UIMAGE_STANDALONE) $(KERNEL_BIN)

$(UIMAGE): $(KERNEL_BIN)
	@echo "  UIMAGE  $@"
	$(Q)mkimage -q -A arm -O linux -T kernel -C none -a $(BOARD_LOAD_ADDR) -e $(BOARD_LOAD_ADDR) \
		-n "Kestrel $(PLATFORM)" -d $< $@

$(UIMAGE_STANDALONE): $(KERNEL_BIN)
	@echo "  UIMAGE  $@"
	$(Q)mkimage -q -A arm -O u-boot -T standalone -C none -a $(BOARD_LOAD_ADDR) \
		-e $(BOARD_LOAD_ADDR) -n "Kestrel $(PLATFORM) standalone" -d $< $@

$(BOOT_SCR): boot/boot.cmd
	@mkdir -p $(dir $@)
	@echo "  SCRIPT  $@"
	$(Q)mkimage -q -A arm -O linux -T script -C none -n "Kestrel boot script" -d $< $@

$(SDCARD): $(SDCARD_FILES) scripts/mksdcard.sh
	@echo "  SDCARD  $@"
	$(Q)scripts/mksdcard.sh $@ $(SDCARD_FILES)

sdcard: deps-build deps-sdcard kernel
	$(if $(BOARD_CARD_FIRMWARE),@$(DEPS) uboot-omap $(UBOOT_OMAP_DIR))
	@$(MAKE) --no-print-directory $(SDCARD)
	@echo "The card image is $(SDCARD): one bootable FAT32 partition with $(notdir $(SDCARD_FILES))."
	@echo "Write it to a card with:  dd if=$(SDCARD) of=/dev/sdX bs=1M conv=fsync"
	@echo "(check the device name with lsblk first: dd overwrites whatever disk you name)."

# U-Boot for QEMU virt, from Debian's u-boot-qemu (unpacked, not installed).
uboot-qemu:
	@$(DEPS) uboot-qemu $(UBOOT_QEMU_DIR)

# The board's facts for scripts and tests: name, RAM base, RAM MiB, load address, then
# the QEMU command.
print-board:
	@echo '$(PLATFORM) $(BOARD_RAM_BASE) $(BOARD_RAM_MB) $(BOARD_LOAD_ADDR) $(BOARD_QEMU)'

# The raw image, for loaders that take no ELF (U-Boot's `go`, QEMU's generic loader).
$(KERNEL_BIN): $(KERNEL_ELF)
	@echo "  BIN     $@"
	$(Q)$(OBJCOPY) -O binary $< $@

$(KERNEL_ELF): $(KERNEL_OBJS) linker.ld
	@echo "  LD      $@"
	$(Q)$(KCC) $(KCFLAGS) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) -lgcc

# --- user programs and the boot archive ---------------------------------------

# newlib declares nanosleep, clock_gettime and CLOCK_MONOTONIC only where the system says it
# has POSIX timers and a monotonic clock: user/lib/newlib_glue.c provides them.
USER_CPPFLAGS := -Iinclude -Iuser/include -Ilibcap/include -Iuser/lib/paging -Iuser/lib/mm \
	-Iuser/lib/lmp \
	-Iuser/lib/spawn -Ilibelf/include -MMD -MP \
	-U__UINT32_TYPE__ '-D__UINT32_TYPE__=unsigned int' -U__INT32_TYPE__ '-D__INT32_TYPE__=int' \
	-D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L
# User code: static, non-PIC, soft-float, on newlib (its thumb/v7-a/nofp multilib); for
# ARMv7-A as such, not one board's core, so the same programs run on every board.
USER_CFLAGS := -march=armv7-a -marm -mfloat-abi=soft -std=gnu11 -O2 -g -fno-common $(WARNINGS)
USER_LDFLAGS := -nostartfiles -static -T user/user.ld -Wl,--fatal-warnings
USER_LIBS := -Wl,--start-group -lc -lgcc -Wl,--end-group
# Every program: the runtime, libcap, paging, and the RAM allocator.
USER_LIB_SRCS := user/lib/crt0.S user/lib/syscall.S user/lib/dispatch.S user/lib/runtime.c \
	user/lib/newlib_glue.c user/lib/morecore.c \
	libcap/invoke.c libcap/capabilities.c libcap/slot_alloc.c libcap/errors.c libcap/dump.c \
	user/lib/paging/paging.c user/lib/paging/paging_region.c user/lib/paging/slab.c \
	user/lib/paging/region_tree.c user/lib/mm/mm.c user/lib/lmp/lmp_endpoint.c user/lib/lmp/lmp_chan.c \
	user/lib/lmp/init_rpc.c user/lib/cmdline.c
USER_LIB_OBJS := $(USER_LIB_SRCS:%=$(BUILD)/user-obj/%.o)
# The spawn library and libelf, for programs that start others (init).
SPAWN_LIB_SRCS := user/lib/spawn/spawn.c user/lib/spawn/spawn_vspace.c \
	user/lib/spawn/multiboot.c libelf/elf.c
USER_PROGRAMS := init hello memtest revoker attacker kfuzz spinner pingpong ramhog parent \
	misbehave shell sleep greet
# What init does depends on the image (user/init/image.h): the tests, the benchmarks and the
# kernel fuzzer's driver are linked into their own image's init only.
INIT_TEST_SRCS := user/init/image_test.c user/init/tests.c user/init/tests_kernel.c \
	user/init/tests_context.c user/init/tests_memory.c user/init/tests_spawn.c \
	user/init/tests_attacks.c user/init/tests_sched.c user/init/tests_lmp.c user/init/tests_call.c \
	user/init/tests_rpc.c user/init/tests_time.c user/init/tests_fastpath.c \
	user/init/tests_sendpath.c user/init/sendprobe.S user/init/regcheck.S user/init/critcheck.S user/init/itcheck.S
INIT_BENCH_SRCS := user/init/image_bench.c user/init/bench.c user/init/bounce.S
INIT_KFUZZ_SRCS := user/init/image_kfuzz.c user/init/kfuzz_driver.c
INIT_IMAGE_SRCS := $(if $(filter test,$(IMAGE)),$(INIT_TEST_SRCS),$(if \
	$(filter bench bench-%,$(IMAGE)),$(INIT_BENCH_SRCS),$(if \
	$(filter kfuzz kfuzz-%,$(IMAGE)),$(INIT_KFUZZ_SRCS),user/init/image_normal.c)))
init_SRCS := user/init/main.c user/init/mem.c user/init/helper.c user/init/proc.c user/init/server.c \
	user/init/proc_dump.c user/init/console.c user/init/snapshot.c $(INIT_IMAGE_SRCS) \
	$(SPAWN_LIB_SRCS)
hello_SRCS := user/hello/main.c
memtest_SRCS := user/memtest/main.c
revoker_SRCS := user/revoker/main.c
attacker_SRCS := user/attacker/main.c user/init/helper.c
kfuzz_SRCS := user/kfuzz/main.c
spinner_SRCS := user/spinner/main.c user/init/helper.c
pingpong_SRCS := user/pingpong/main.c
ramhog_SRCS := user/ramhog/main.c
parent_SRCS := user/parent/main.c
misbehave_SRCS := user/misbehave/main.c
# A program without a NAME_SRCS line is every .c and .S file in user/NAME/ (docs/programs.md).
$(foreach p,$(USER_PROGRAMS),$(eval $(p)_SRCS ?= $$(sort $$(wildcard user/$(p)/*.c user/$(p)/*.S))))
USER_ELFS := $(USER_PROGRAMS:%=$(BUILD)/user/%)
ARCHIVE := $(BUILD)/bootarchive.cpio

$(BUILD)/user-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user)"
	$(Q)$(KCC) $(USER_CPPFLAGS) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (user)"
	$(Q)$(KCC) $(USER_CPPFLAGS) $(USER_CFLAGS) -c -o $@ $<

# A profile image (IMAGE=bench-KEY) links each program at an address of its own (init at the
# usual one, the N-th other program N * 16 MiB above it), so that an instruction's address
# names its program (scripts/profile.py); a 1 MiB-aligned base changes no instruction count.
program_count :=
$(foreach p,$(USER_PROGRAMS),$(eval program_count += x)$(eval PROGRAM_INDEX_$(p) := $(words \
	$(program_count))))
user_base = $(if $(and $(filter bench-%,$(IMAGE)),$(filter-out init,$(1))),-Wl$(comma)--defsym=$(\
	)USER_IMAGE_BASE=$(shell printf '0x%x' $$(( 0x400000 + 0x1000000 * ($(PROGRAM_INDEX_$(1)) - 1) ))))
# A program's stack: CHILD_STACK_DEFAULT (16 KiB) unless NAME_STACK asks for more, which goes
# into its ELF file's PT_GNU_STACK header, where spawn reads it (docs/programs.md).
shell_STACK := 65536
kfuzz_STACK := 65536
memtest_STACK := 65536
user_stack = $(if $($(1)_STACK),-Wl$(comma)-z$(comma)stack-size=$($(1)_STACK) -Wl$(comma)-z$(comma)noexecstack)
define user_program_rule
$(BUILD)/user/$(1): $$($(1)_SRCS:%=$(BUILD)/user-obj/%.o) $(USER_LIB_OBJS) user/user.ld Makefile
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_LDFLAGS) $(call user_base,$(1)) $(call user_stack,$(1)) -o $$@ \
		$$($(1)_SRCS:%=$(BUILD)/user-obj/%.o) $(USER_LIB_OBJS) $(USER_LIBS)
endef
$(foreach p,$(USER_PROGRAMS),$(eval $(call user_program_rule,$(p))))

# The boot archive: boot/menu.lst and the programs in sbin/, cpio "newc", the same bytes
# whatever the checkout (every file dated 1970, so that benchmark figures do not depend on
# when the tree was built).  The test image also carries broken ELF files
# (scripts/mkbadelf.py) that spawn must refuse.
$(ARCHIVE): $(BOOT_MENU) $(USER_ELFS) scripts/mkbadelf.py
	@echo "  CPIO    $@"
	$(Q)rm -rf $(BUILD)/archive && mkdir -p $(BUILD)/archive/sbin
	$(Q)cp $(BOOT_MENU) $(BUILD)/archive/menu.lst
	$(Q)for e in $(USER_ELFS); do $(CROSS)strip -o $(BUILD)/archive/sbin/$$(basename $$e) $$e; done
	$(Q)$(if $(filter test,$(IMAGE)),$(PYTHON) scripts/mkbadelf.py $(BUILD)/archive/sbin/hello \
		$(BUILD)/archive/sbin)
	$(Q)cd $(BUILD)/archive && find . -mindepth 1 -exec touch -h -d @0 {} + && \
		find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > ../bootarchive.cpio.tmp
	$(Q)mv $@.tmp $@

$(BUILD)/kernel/bootarchive.S.o: $(ARCHIVE)
$(BUILD)/kernel/bootarchive.S.o: KCPPFLAGS += -DBOOT_ARCHIVE='"$(ARCHIVE)"'

# The boot stub runs with the MMU off, where unaligned accesses fault.
$(BUILD)/kernel/arch/armv7/boot_%.o: KCFLAGS += -mno-unaligned-access

$(BUILD)/%.c.o: %.c | $(BUILD)/gen/version.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(KCC) $(KCPPFLAGS) $(KCFLAGS) -c -o $@ $<

$(BUILD)/%.S.o: %.S | $(BUILD)/gen/asm_offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(KCC) $(KCPPFLAGS) $(KCFLAGS) -c -o $@ $<

# The C structure offsets the assembly reads (kernel/arch/armv7/asm_offsets.c): each
# `->NAME value` line the compiler writes becomes `#define NAME value`.  The .s depends on
# every header the .c includes (its .d), the .h on the .s, and each assembly file on the .h.
ASM_OFFSETS_S := $(BUILD)/gen/asm_offsets.s
$(ASM_OFFSETS_S): kernel/arch/armv7/asm_offsets.c | $(BUILD)/gen/version.h
	@mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCPPFLAGS) $(KCFLAGS) -S -o $@ $<
$(BUILD)/gen/asm_offsets.h: $(ASM_OFFSETS_S)
	@echo "  GEN     $@"
	$(Q){ echo '/* Generated from kernel/arch/armv7/asm_offsets.c: do not edit. */'; \
		sed -n 's/^->\([A-Z0-9_]*\) #\(-\{0,1\}[0-9]*\).*/#define \1 (\2)/p' $<; \
		} > $@.tmp
	$(Q)mv $@.tmp $@

# The build identity, rewritten only when it changes.  A benchmark image names itself
# "benchmark": its figures (the boot prints the name) must not depend on the commit's name.
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@scripts/version.sh "$(PLATFORM)$(if $(SELFTEST), selftest $(SELFTEST))" $(if $(filter \
		bench bench-%,$(IMAGE)),benchmark) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

# --- running ----------------------------------------------------------------

GDB_PORT ?= 1234
# The benchmark image counts guest instructions: it runs under -icount, as `make bench` runs it.
QEMU_RUN := $(BOARD_QEMU) $(if $(filter bench bench-%,$(IMAGE)),-icount shift=0$(comma)sleep=off) \
	-nographic -kernel $(KERNEL_ELF)

qemu qemu-gdb gdb bench profile fuzz-kernel mutate: board-in-qemu
board-in-qemu:
	$(if $(BOARD_QEMU),,$(error QEMU does not emulate $(PLATFORM): make sdcard PLATFORM=$(PLATFORM) \
		makes its card (docs/pandaboard.md); make qemu PLATFORM=vexpress-a15 runs its memory layout))

qemu: deps-build deps-qemu kernel
	@echo "Booting $(KERNEL_ELF) in QEMU; Ctrl-A X quits."
	$(QEMU_RUN)

qemu-gdb: deps-build deps-qemu kernel
	@echo "QEMU halted, waiting for gdb on port $(GDB_PORT) ('make gdb-attach')."
	$(QEMU_RUN) -S -gdb tcp::$(GDB_PORT)

gdb-attach: deps-gdb
	gdb-multiarch -q -x scripts/gdbinit -ex 'kestrel-connect $(GDB_PORT)' $(KERNEL_ELF)

gdb: deps-build deps-qemu deps-gdb kernel
	@scripts/gdb.sh "$(QEMU_RUN)" $(KERNEL_ELF) $(GDB_PORT) $(BUILD)/console.log

# --- tests --------------------------------------------------------------------

HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 $(WARNINGS) -DHOST_TEST -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Iinclude -Ikernel/include \
	-Ikernel/arch/armv7/include -Ilibelf/include -Iuser/lib/paging -Iuser/include -MMD -MP
HOST_TESTS := test_format test_fault_decode test_boot_mmu test_elf test_cpio test_caps test_cspace \
	test_region_tree test_cmdline
test_format_SRCS := tests/host/test_format.c kernel/lib/format.c
test_fault_decode_SRCS := tests/host/test_fault_decode.c kernel/arch/armv7/fault_decode.c
test_boot_mmu_SRCS := tests/host/test_boot_mmu.c kernel/arch/armv7/boot_mmu.c
test_caps_SRCS := tests/host/test_caps.c tests/host/caps_random.c tests/host/fake_hooks.c \
	kernel/cap/caps.c kernel/cap/mdb.c kernel/cap/objtype.c
test_cspace_SRCS := tests/host/test_cspace.c tests/host/fake_hooks.c kernel/cap/cspace.c \
	kernel/cap/caps.c kernel/cap/mdb.c kernel/cap/objtype.c
test_elf_SRCS := tests/host/test_elf.c libelf/elf.c
test_cpio_SRCS := tests/host/test_cpio.c kernel/lib/cpio.c
test_region_tree_SRCS := tests/host/test_region_tree.c user/lib/paging/region_tree.c
test_cmdline_SRCS := tests/host/test_cmdline.c user/lib/cmdline.c
HOST_TEST_BINS := $(HOST_TESTS:%=$(HOST_BUILD)/%)

define host_test_rule
$(HOST_BUILD)/$(1): $$($(1)_SRCS:%=$(HOST_BUILD)/%.o)
	@echo "  HOSTLD  $$@"
	$(Q)$$(HOST_CC) $$(HOST_CFLAGS) -o $$@ $$^ -lcmocka
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

$(HOST_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c -o $@ $<

host-tests: $(HOST_TEST_BINS)

selftest-images:
	@for t in $(SELFTESTS); do $(MAKE) --no-print-directory kernel SELFTEST=$$t || exit 1; done
	@$(MAKE) --no-print-directory kernel SELFTEST=data-abort SEMIHOSTING=0
	@$(MAKE) --no-print-directory kernel IMAGE=test
	@$(MAKE) --no-print-directory kernel IMAGE=bench
	@$(MAKE) --no-print-directory kernel IMAGE=bench-yield
	@$(MAKE) --no-print-directory kernel IMAGE=bench-invoke_null
	@$(MAKE) --no-print-directory kernel IMAGE=bench-lmp_oneway
	@$(MAKE) --no-print-directory kernel IMAGE=bench-rpc_roundtrip
	@$(MAKE) --no-print-directory kernel IMAGE=kfuzz
	@$(MAKE) --no-print-directory kernel QUIET=1
	@for b in $(TEST_BOARDS); do $(MAKE) --no-print-directory kernel PLATFORM=$$b IMAGE=test && \
		$(MAKE) --no-print-directory kernel PLATFORM=$$b || exit 1; done
	@$(MAKE) --no-print-directory sdcard PLATFORM=virt >/dev/null
	@$(MAKE) --no-print-directory sdcard PLATFORM=pandaboard >/dev/null
	@$(MAKE) --no-print-directory uboot-qemu

# Benchmarks: the bench image under QEMU with -icount shift=0 (docs/performance.md).
BENCH_QEMU := $(BOARD_QEMU) -icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm

# The figures go to build/<board>/bench.csv; on the default board the table of
# docs/performance.md is made from the same run.
bench: deps-build deps-qemu deps-test
	@$(MAKE) --no-print-directory kernel IMAGE=bench
	@$(PYTHON) scripts/run-bench.py --csv build/$(PLATFORM)/bench.csv $(if $(filter \
		vexpress-a9,$(PLATFORM)),--doc docs/performance.md) "$(BENCH_QEMU)" \
		build/$(PLATFORM)-bench/kernel.elf

# Where one benchmark's instructions go: every instruction of its measured window, counted
# by function (docs/performance.md).  BENCH=KEY, a key of bench.csv.
BENCH ?= spawn_reap_hello
PROFILE_TOP ?= 40
ifneq ($(filter bench-%,$(IMAGE)),)
$(BUILD)/menu.lst: boot/menu-bench.lst FORCE
	@mkdir -p $(dir $@)
	@sed 's|^init \([^ ]*\) bench$$|init \1 bench $(patsubst bench-%,%,$(IMAGE))|' $< > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
endif

profile: deps-build deps-qemu deps-test
	@$(MAKE) --no-print-directory kernel IMAGE=bench-$(BENCH)
	@$(PYTHON) scripts/profile.py --top $(PROFILE_TOP) "$(BENCH_QEMU)" \
		build/$(PLATFORM)-bench-$(BENCH)

# The kernel fuzzer (docs/reliability.md): init runs user/kfuzz/ for SEEDS seeds from
# SEED, calls FIRST to COUNT of each, in an image of its own (build/<board>-kfuzz-SEED/).
SEED ?= 1
SEEDS ?= 1
FIRST ?= 0
COUNT ?= 1000000
KFUZZ_TIMEOUT ?= 3600
KFUZZ_IMAGE := kfuzz-$(SEED)-$(SEEDS)-$(FIRST)-$(COUNT)

ifneq ($(QUIET),)
# The normal menu, with init told to be quiet.
$(BUILD)/menu.lst: boot/menu.lst
	@mkdir -p $(dir $@)
	$(Q)sed 's|^init \([^ ]*\)|init \1 quiet|' $< > $@
endif

ifneq ($(filter kfuzz-%,$(IMAGE)),)
$(BUILD)/menu.lst: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '# made by make fuzz-kernel' 'init /sbin/init kfuzz $(SEED) $(COUNT) $(SEEDS) $(FIRST)' \
		'module /sbin/kfuzz' 'module /sbin/hello' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
endif

fuzz-kernel: deps-build deps-qemu deps-test
	@$(MAKE) --no-print-directory kernel IMAGE=$(KFUZZ_IMAGE)
	@$(PYTHON) scripts/run-kfuzz.py --timeout $(KFUZZ_TIMEOUT) "$(BOARD_QEMU)" \
		build/$(PLATFORM)-$(KFUZZ_IMAGE)/kernel.elf

# Mutation testing (docs/testing.md): each patch in tests/mutants/ breaks one check, and a
# test it names must fail.  MUTANTS=A,B runs those whose name contains A or B.
MUTANTS ?=
MUTATE_JOBS ?= 2

mutate: deps-build deps-qemu deps-test deps-gdb deps-sdcard
	@$(PYTHON) scripts/mutate.py --jobs $(MUTATE_JOBS) --platform $(PLATFORM) \
		--qemu "$(BOARD_QEMU)" $(if $(MUTANTS),--only $(MUTANTS)) tests/mutants

# The ELF fuzzer (libFuzzer): `make fuzz` runs it long; `make test` runs it short.
include tests/fuzz/fuzz.mk

test check: deps-build deps-qemu deps-gdb deps-test deps-fuzz deps-sdcard deps-format
	@$(MAKE) --no-print-directory kernel host-tests selftest-images fuzz-build
	@KESTREL_PLATFORM=$(PLATFORM) KESTREL_QEMU="$(BOARD_QEMU)" KESTREL_TEST_BOARDS="$(TEST_BOARDS)" \
	 $(PYTHON) scripts/run-tests.py $(HOST_TEST_BINS) --check "fuzz_elf=$(FUZZ_SMOKE)" \
	 --check "rules_name_their_tests=$(PYTHON) scripts/check-rule-tests.py" \
	 --check "mutants_apply=$(PYTHON) scripts/mutate.py --check-apply tests/mutants" \
	 --check "format_is_clean=$(MAKE) --no-print-directory -s check-format" \
	 -- tests/system

# --- dependencies -------------------------------------------------------------

deps-%:
	@$(DEPS) $*

clean:
	rm -rf build

# .clang-format is the formatting authority: `make format` applies it, `make check-format` (part
# of `make test`) fails on any difference.
FORMAT_FILES = $(shell git ls-files '*.c' '*.h')
format: deps-format
	clang-format -i $(FORMAT_FILES)

check-format: deps-format
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "check-format: every file as .clang-format says"

-include $(KERNEL_OBJS:.o=.d) $(ASM_OFFSETS_S:.s=.d) $(USER_LIB_OBJS:.o=.d) $(foreach p,$(USER_PROGRAMS),$($(p)_SRCS:%=$(BUILD)/user-obj/%.d)) $(shell find $(HOST_BUILD) -name '*.d' 2>/dev/null)
