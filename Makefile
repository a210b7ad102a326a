# selfmap - build, run, debug and test the kernel.
#
#   make              build build/kernel.bin
#   make run          boot it in QEMU (MEM=32M, ARGS="kernel command line",
#                     SWAP=16M: a fresh swap disk build/swap.img attached)
#   make debug        QEMU halted with its gdbstub, plus gdb attached
#                     (GDB_ARGS="-batch -x cmds.gdb" runs a gdb script)
#   make test         every test (T=text runs those whose names contain it)
#   make bench        the benchmark suite (deterministic instruction counts)
#   make grub.img     a bootable GRUB 2 image (build/grub.img); make run-grub boots it
#   make handout      a student skeleton in build/handout/mp4 (MP=mp4), and a tarball
#   make grade        each handout part's tests and score (tests/grading.txt)
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
TEST_SRCS   := tests/ktest.c $(wildcard tests/kernel/*.c) $(wildcard bench/*.c)
C_SRCS      := $(KERNEL_SRCS) $(TEST_SRCS)
ASM_SRCS    := start.asm $(wildcard interrupts/*.asm)
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.asm,$(BUILD)/%.asm.o,$(ASM_SRCS))
TEST_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(TEST_SRCS))
OBJS        := $(KERNEL_OBJS) $(TEST_OBJS)
KERNEL      := $(BUILD)/kernel.bin
TEST_KERNEL := $(BUILD)/kernel-test.bin

.PHONY: all run run-grub grub.img debug test lint format bench fuzz clean tools handout grade \
        compile_commands.json

all: $(KERNEL)

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

$(TEST_KERNEL): $(OBJS) linker.ld
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(OBJS) -lgcc

run: $(KERNEL)
	@tools/bootstrap.sh run
	@$(SWAP_ENV) tools/qemu.sh run $(KERNEL) "$(MEM)" "$(ARGS)"

# ARGS="test=NAME" debugs an in-kernel test, so it boots kernel-test.bin.
# GDB_ARGS: more gdb options, split at spaces (tools/debug.sh).
DEBUG_KERNEL := $(if $(findstring test=,$(ARGS)),$(TEST_KERNEL),$(KERNEL))

debug: $(DEBUG_KERNEL)
	@tools/bootstrap.sh run debug
	@$(SWAP_ENV) tools/debug.sh $(DEBUG_KERNEL) "$(MEM)" "$(ARGS)" $(GDB_ARGS)

GRUB_IMG := $(BUILD)/grub.img

grub.img: $(GRUB_IMG)

$(GRUB_IMG): $(KERNEL) copykernel.sh
	@tools/bootstrap.sh grub
	@./copykernel.sh $(KERNEL) $@

run-grub: $(GRUB_IMG)
	@tools/bootstrap.sh run
	@$(SWAP_ENV) tools/qemu.sh run-grub $(GRUB_IMG) "$(MEM)" "$(ARGS)"

test: $(KERNEL) $(TEST_KERNEL)
	@tools/bootstrap.sh test
	@tools/run_tests.sh "$(T)"

bench: $(TEST_KERNEL)
	@tools/bootstrap.sh bench
	@tools/bench.sh

# A student skeleton of MP (default mp4) in $(BUILD)/handout/MP, and a
# score per part from the tests in tests/grading.txt.
MP ?= mp4
handout:
	@tools/handout.py $(MP) $(BUILD)/handout/$(MP)

grade: $(TEST_KERNEL)
	@tools/bootstrap.sh test
	@tools/grade.sh $(MP)

fuzz:
	@tools/bootstrap.sh fuzz
	@tools/fuzz.sh $(FUZZ_SECONDS)

lint:
	@tools/bootstrap.sh lint
	@tools/lint.sh

format:
	@tools/bootstrap.sh lint
	clang-format -i $$(git ls-files --cached --others --exclude-standard '*.c' '*.h')

compile_commands.json:
	@tools/compile_commands.sh "$(CC)" "$(CFLAGS)" $(C_SRCS) > $@

clean:
	rm -rf $(BUILD) compile_commands.json

-include $(OBJS:.o=.d)
