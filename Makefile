# selfmap - build, run, debug and test the kernel.
#
#   make              build build/kernel.bin
#   make run          boot it in QEMU (MEM=32M, ARGS="kernel command line",
#                     SWAP=16M: a fresh swap disk build/swap.img attached)
#   make run PROG=X   boot with user program X as init's child (init=X);
#                     its exit status is make's: 0 passes
#   make user         the user programs (build/user/bin, stripped modules
#                     in build/user/mods)
#   make debug        QEMU halted with its gdbstub, plus gdb attached
#                     (GDB_ARGS="-batch -x cmds.gdb" runs a gdb script)
#   make test         every test (T=text runs those whose names contain it)
#   make bench        the benchmark suite (deterministic instruction counts)
#   make grub.img     a bootable GRUB 2 image (build/grub.img); make run-grub boots it
#   make handout      a student skeleton in build/handout/mp4 (MP=mp4), and a tarball
#   make grade        each handout part's tests and score (tests/grading.txt)
#   make run-mp4 KERNEL_C=path/to/kernel.C
#                     build an MP4 C++ kernel.C against selfmap (build/mp4/kernel.bin)
#                     and boot it; exit 0 when it printed "Test Passed"
#
# Missing tools (QEMU, NASM, the cross compiler, GRUB) are installed by
# tools/bootstrap.sh, which every target that needs them calls first.

BUILD   ?= build
export BUILD
MEM     ?= 32M
ARGS    ?=
T       ?=
GDB_ARGS ?=
SWAP    ?=
SWAP_IMG := $(BUILD)/swap.img
# With SWAP=SIZE: make a fresh SWAP_IMG, and hand it to tools/qemu.sh.
SWAP_ENV = $(if $(SWAP),tools/swap_image.sh $(SWAP) $(SWAP_IMG) && SWAP_IMG=$(SWAP_IMG))

# i686-elf-gcc where it exists (course machines, Homebrew); otherwise
# Debian's i686-linux-gnu cross compiler.
ifneq ($(shell command -v i686-elf-gcc 2>/dev/null),)
CROSS   ?= i686-elf-
else
CROSS   ?= i686-linux-gnu-
endif
CC      := $(CROSS)gcc
# MP4's C++ kernels (make run-mp4): i686-elf-g++ where it exists.
ifneq ($(shell command -v i686-elf-g++ 2>/dev/null),)
CXX     := i686-elf-g++
else
CXX     := i686-linux-gnu-g++
endif
NM      := $(CROSS)nm
NASM    ?= nasm

# The source folders, bottom layer first (tools/layers.sh says what each holds).
LAYER_DIRS := $(shell . tools/layers.sh; echo $$LAYER_DIRS)
INCLUDES   := $(shell . tools/layers.sh; echo $$LAYER_INCLUDES) -Itests

# -O2's statement frontiers put an inlined helper's lines (read_cr2 in
# x86.h) at the first address of a function, so gdb's `break FUNCTION` would
# stop "in" x86.h; without them a function's first address is its own line.
# Debug information only: the code is the same (docs/08-seeing-inside.md).
DEBUG_LINES := -gno-statement-frontiers
CFLAGS  := -std=c11 -ffreestanding -fno-pie -fno-pic -fno-stack-protector -m32 -march=i686 \
           -mno-sse -mno-mmx -mno-80387 -O2 -g \
           -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
           $(DEBUG_LINES) -Wall -Wextra -Werror $(INCLUDES) -MMD -MP $(EXTRA_CFLAGS)
LDFLAGS := -T linker.ld -nostdlib -static -no-pie -m32 -Wl,--build-id=none -Wl,-z,noexecstack
NASMFLAGS := -f elf32 -g -F dwarf


# kernel.bin is the kernel and MP4's scenarios; kernel-test.bin adds the
# in-kernel tests and the benchmarks, which hook in through ktest.h and
# bench.h (kernel.c knows neither).
KERNEL_SRCS := $(patsubst ./%,%,$(foreach d,$(LAYER_DIRS),$(wildcard $(d)/*.c))) $(wildcard interrupts/*.c)
TEST_SRCS   := tests/ktest.c tests/evict_scenarios.c $(wildcard tests/kernel/*.c) $(wildcard bench/*.c)
C_SRCS      := $(KERNEL_SRCS) $(TEST_SRCS)
ASM_SRCS    := start.asm $(wildcard interrupts/*.asm) $(wildcard proc/*.asm)
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.asm,$(BUILD)/%.asm.o,$(ASM_SRCS))
TEST_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(TEST_SRCS))
OBJS        := $(KERNEL_OBJS) $(TEST_OBJS)
KERNEL      := $(BUILD)/kernel.bin
TEST_KERNEL := $(BUILD)/kernel-test.bin

.PHONY: all run run-grub run-mp4 grub.img debug test lint format bench fuzz clean tools handout \
        grade user compile_commands.json FORCE

all: $(KERNEL) user

# ---- user programs: user/*.c and user/tests/*.c, each linked with the
# user library into an ELF32 at USER_BASE; the stripped copies are the
# boot modules the kernel runs by name.  They are compiled hosted
# (-fhosted), so a main that ends without a return returns 0 as C says;
# -ffreestanding would leave EAX as it happened to be.  -fno-builtin and
# -nostdlib keep everything else as bare as before: no libc.
STRIP    := $(CROSS)strip
UCFLAGS  := -std=c11 -fhosted -fno-builtin -fno-pie -fno-pic -fno-stack-protector -m32 \
            -march=i686 -mno-sse -mno-mmx -mno-80387 -O2 -g -fno-asynchronous-unwind-tables \
            -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror -Iuser -Iproc \
            -I$(BUILD)/user/gen -MMD -MP
ULDFLAGS := -T user/user.ld -nostdlib -static -no-pie -m32 -Wl,--build-id=none \
            -Wl,-z,noexecstack -Wl,-z,max-page-size=4096
ULIB     := $(BUILD)/user/lib/ulib.o $(BUILD)/user/lib/usys.o $(BUILD)/user/lib/crt0.asm.o \
            $(BUILD)/user/lib/str.o
BAD_ELVES := bad_magic bad_class bad_machine bad_segment bad_kernel bad_filesz bad_truncated
UPROG_SRCS := $(filter-out user/ulib.c user/usys.c,$(wildcard user/*.c)) $(wildcard user/tests/*.c)
UPROGS   := $(addprefix $(BUILD)/user/bin/,$(basename $(notdir $(UPROG_SRCS))))
UMODS    := $(patsubst $(BUILD)/user/bin/%,$(BUILD)/user/mods/%,$(UPROGS)) \
            $(addprefix $(BUILD)/user/mods/,$(BAD_ELVES))
comma    := ,
empty    :=
space    := $(empty) $(empty)

user: $(BUILD)/user/initrd

$(BUILD)/user/lib/%.o: user/%.c | tools
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(CC) $(UCFLAGS) -c $< -o $@

# lib/str.c: one copy of the string functions for the kernel and user mode.
$(BUILD)/user/lib/str.o: lib/str.c | tools
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(CC) $(UCFLAGS) -c $< -o $@

$(BUILD)/user/lib/%.asm.o: user/%.asm | tools
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) $< -o $@

$(BUILD)/user/obj/%.o: user/%.c | tools
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(CC) $(UCFLAGS) -c $< -o $@

$(BUILD)/user/obj/%.o: user/tests/%.c | tools
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(CC) $(UCFLAGS) -c $< -o $@

# page_shuffle compares its checksums with the ones a host program
# (tools/shuffle_sums.c) computes from the same algorithm: a generated
# header, rebuilt when the algorithm changes.
HOSTCC   ?= gcc
SHUFFLE_SUMS := $(BUILD)/user/gen/shuffle_sums.h

$(BUILD)/tools/shuffle_sums: tools/shuffle_sums.c user/tests/shuffle.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -Iuser/tests -o $@ $<

$(SHUFFLE_SUMS): $(BUILD)/tools/shuffle_sums
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$< >$@.tmp && mv $@.tmp $@

$(BUILD)/user/obj/page_shuffle.o: $(SHUFFLE_SUMS)

$(BUILD)/user/bin/%: $(BUILD)/user/obj/%.o $(ULIB) user/user.ld
	@mkdir -p $(dir $@)
	@echo "  ULD     $@"
	@$(CC) $(ULDFLAGS) -o $@ $(BUILD)/user/lib/crt0.asm.o $< $(BUILD)/user/lib/ulib.o \
	   $(BUILD)/user/lib/usys.o $(BUILD)/user/lib/str.o -lgcc

# init (pid 1, user/init.c) is linked apart from every other program's
# text (below USER_IMAGE_END, mmu.h), so a gdb breakpoint set in the
# program it runs is never hit by init's own code.
INIT_BASE := 0x0FC00000
$(BUILD)/user/bin/init: ULDFLAGS += -Wl,--defsym=USER_IMAGE_BASE=$(INIT_BASE)

$(BUILD)/user/mods/%: $(BUILD)/user/bin/%
	@mkdir -p $(dir $@)
	@$(STRIP) -o $@ $<

# Broken ELFs for exec's validation tests, made from a good program.
$(BUILD)/user/mods/bad_%: $(BUILD)/user/mods/true tools/mkbadelf.py
	@python3 tools/mkbadelf.py $* $< $@

$(BUILD)/user/initrd: $(UMODS)
	@echo "$(subst $(space),$(comma),$(strip $(UMODS)))" > $@

# Keep the objects and unstripped programs (gdb loads their symbols).
.SECONDARY:

-include $(wildcard $(BUILD)/user/*/*.d)

# Tools by need: compiling needs only the cross compiler and NASM.
tools:
	@tools/bootstrap.sh build

# The compiler flags of the last build: objects are rebuilt when they change.
CFLAGS_STAMP := $(BUILD)/cflags.txt
$(CFLAGS_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CFLAGS)' >$@
FORCE:

$(BUILD)/%.o: %.c $(CFLAGS_STAMP) | tools
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.asm.o: %.asm | tools
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) $< -o $@

$(KERNEL): $(KERNEL_OBJS) linker.ld
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(KERNEL_OBJS) -lgcc

$(TEST_KERNEL): $(OBJS) linker.ld $(EVICT_EXPECTED)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(OBJS) -lgcc

# ---- generated by host programs ---------------------------------------
# The replacement tests' expected fault counts: the host reference model
# (mm/evict_policy.c run by tests/host/evict_sim.h) over the scenarios of
# tests/evict_scenarios.c, written to $(EVICT_EXPECTED) for the test
# sources (-I$(GEN_DIR)).  The same program prints Belady's curve for
# make bench (bench/belady.gp).  Every test object waits for the header;
# the objects that include it also depend on it through their .d files.
GEN_DIR        := $(BUILD)/gen
EVICT_EXPECTED := $(GEN_DIR)/evict_expected.h
EVICT_GEN      := $(BUILD)/host/evict_expected_gen
EVICT_GEN_SRCS := tests/host/evict_expected_gen.c tests/evict_scenarios.c mm/evict_policy.c

$(EVICT_GEN): $(EVICT_GEN_SRCS) tests/evict_scenarios.h tests/host/evict_sim.h mm/evict_policy.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=c11 -O1 -Wall -Wextra -Werror -DSELFMAP_HOST $(INCLUDES) -Itests/host \
	   -o $@ $(EVICT_GEN_SRCS)

$(EVICT_EXPECTED): $(EVICT_GEN)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(EVICT_GEN) >$@.tmp && mv $@.tmp $@

$(TEST_OBJS): private CFLAGS += -I$(GEN_DIR)
$(TEST_OBJS): | $(EVICT_EXPECTED)

# ARGS with test=NAME or bench (words only the test image knows) runs or
# debugs build/kernel-test.bin; any other ARGS, the plain kernel.
RUN_KERNEL := $(if $(filter test=% bench bench=%,$(ARGS)),$(TEST_KERNEL),$(KERNEL))

run: $(RUN_KERNEL) user
	@tools/bootstrap.sh run
	@$(SWAP_ENV) tools/qemu.sh run $(RUN_KERNEL) "$(MEM)" "$(ARGS)$(if $(PROG), init=$(PROG))"

# GDB_ARGS: more gdb options, split at spaces (tools/debug.sh).
debug: $(RUN_KERNEL) user
	@tools/bootstrap.sh run debug
	@$(SWAP_ENV) tools/debug.sh $(RUN_KERNEL) "$(MEM)" "$(ARGS)$(if $(PROG), init=$(PROG))" $(GDB_ARGS)

GRUB_IMG := $(BUILD)/grub.img

grub.img: $(GRUB_IMG)

$(GRUB_IMG): $(KERNEL) copykernel.sh user
	@tools/bootstrap.sh grub
	@./copykernel.sh $(KERNEL) $@

run-grub: $(GRUB_IMG)
	@tools/bootstrap.sh run
	@$(SWAP_ENV) tools/qemu.sh run-grub $(GRUB_IMG) "$(MEM)" "$(ARGS)$(if $(PROG), init=$(PROG))"

# ---- MP4's C++ kernels -------------------------------------------------
# An unmodified MP4 kernel.C is copied into build/mp4/ (so its quoted
# includes cannot find the handout headers beside it) and compiled with
# only mp4/include, MP4's class interfaces.  The image links the
# kernel's objects but kernel.c and mp4/*.c (MP4's C scenarios, which
# define current_pool as kernel.C does) with the C++ glue in mp4/cxx/,
# which forwards each class to the C functions.
MP4_BUILD     ?= $(BUILD)/mp4
MP4_KERNEL    := $(MP4_BUILD)/kernel.bin
MP4_CXXFLAGS  := -m32 -march=i686 -ffreestanding -fno-exceptions -fno-rtti \
                 -fno-sized-deallocation -fno-threadsafe-statics -fno-pie -fno-pic \
                 -fno-stack-protector -fno-asynchronous-unwind-tables -g -MMD -MP
MP4_GLUE_SRCS := $(wildcard mp4/cxx/*.cpp)
MP4_GLUE_OBJS := $(patsubst mp4/cxx/%.cpp,$(MP4_BUILD)/cxx/%.o,$(MP4_GLUE_SRCS))
MP4_CORE_OBJS := $(filter-out $(BUILD)/kernel.o $(BUILD)/mp4/%,$(KERNEL_OBJS))

$(MP4_BUILD)/cxx/%.o: mp4/cxx/%.cpp | tools
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CXX) $(MP4_CXXFLAGS) -O2 -Wall -Wextra -Werror $(filter -I%,$(CFLAGS)) -c $< -o $@

# The kernel.C is copied only when it changed, so make rebuilds exactly then.
$(MP4_BUILD)/kernel.C: FORCE
	@[ -n "$(KERNEL_C)" ] || { echo "make: name the kernel: make run-mp4 KERNEL_C=path/to/kernel.C" >&2; exit 2; }
	@[ -f "$(KERNEL_C)" ] || { echo "make: no file $(KERNEL_C)" >&2; exit 2; }
	@mkdir -p $(dir $@)
	@cmp -s "$(KERNEL_C)" $@ || cp "$(KERNEL_C)" $@

$(MP4_BUILD)/kernel.o: $(MP4_BUILD)/kernel.C | tools
	@echo "  CXX     $(KERNEL_C)"
	@$(CXX) $(MP4_CXXFLAGS) -Imp4/include -c $< -o $@

$(MP4_KERNEL): $(MP4_BUILD)/kernel.o $(MP4_GLUE_OBJS) $(MP4_CORE_OBJS) linker.ld
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(MP4_CORE_OBJS) $(MP4_GLUE_OBJS) $(MP4_BUILD)/kernel.o -lgcc

run-mp4: $(MP4_KERNEL)
	@tools/bootstrap.sh run
	@tools/qemu.sh run $(MP4_KERNEL) "$(MEM)" "$(ARGS)"

test: $(KERNEL) $(TEST_KERNEL) user
	@tools/bootstrap.sh test
	@tools/run_tests.sh "$(T)"

bench: $(TEST_KERNEL) user $(EVICT_GEN)
	@tools/bootstrap.sh bench
	@tools/bench.sh

# A student skeleton of MP (default mp4; a family like mp4 or user, one
# part like mp4.part3, or a part and the later ones: mp4.part2+) in
# $(BUILD)/handout/MP, and the score of each part by its tests
# (tests/grading.txt).  The handout holds the files git tracks, as HEAD
# has them: it refuses a working tree with uncommitted changes
# (HANDOUT_FLAGS=--ignore-changes builds HEAD without them).  make grade
# scores every part here, and in a handout tree the parts it was made for
# (its .handout-part file).
MP ?=
HANDOUT_FLAGS ?=
HANDOUT_MP  := $(or $(MP),mp4)
GRADE_PARTS := $(or $(MP),$(shell cat .handout-part 2>/dev/null))
handout:
	@tools/handout.py $(HANDOUT_FLAGS) $(HANDOUT_MP) $(BUILD)/handout/$(HANDOUT_MP)

grade: $(TEST_KERNEL) user
	@tools/bootstrap.sh test
	@tools/grade.sh $(GRADE_PARTS)

# make fuzz: the libFuzzer targets (tools/fuzz.sh), then the system-call
# fuzzer's crowd mode with FUZZ_CROWD_CALLS calls (tools/fuzz_crowd.sh).
fuzz: $(TEST_KERNEL) user
	@tools/bootstrap.sh fuzz test
	@tools/fuzz.sh $(FUZZ_SECONDS); s=$$?; tools/fuzz_crowd.sh $(FUZZ_CROWD_CALLS) && exit $$s

lint:
	@tools/bootstrap.sh lint
	@tools/lint.sh

format:
	@tools/bootstrap.sh lint
	clang-format -i $$(git ls-files --cached --others --exclude-standard '*.c' '*.h' '*.cpp' 'mp4/*.H' 'tests/mp4/*.C')

compile_commands.json:
	@tools/compile_commands.sh "$(CC)" "$(CFLAGS)" $(C_SRCS) > $@

clean:
	rm -rf $(BUILD) compile_commands.json

-include $(OBJS:.o=.d) $(MP4_GLUE_OBJS:.o=.d) $(MP4_BUILD)/kernel.d
