# interrupts.py - gdb sees through selfmap's interrupt stubs.
#
#   bt                  inside an exception or IRQ handler goes on past
#                       common_stub to the interrupted code and its callers
#   interrupted         for the selected frame, when an interrupt stopped it:
#                       the vector, the error code and the exact source line
#                       of the interrupted instruction (frame, up and down
#                       print this too)
#
# tools/gdbinit sources this file, so `make debug` has it.
#
# Why it is built this way: the stubs in interrupts/isr.asm are NASM, with
# line numbers but no call-frame information, so gdb's own unwinders stop at
# common_stub.  The stubs save the interrupted state as a struct regs
# (interrupts/regs.h) on the stack, so a gdb frame unwinder (gdb.unwinder)
# can give back every register of the interrupted code from it.  Where the
# struct lies relative to esp depends on how far the stub has got, so the
# unwinder disassembles the stubs once and follows their pushes and pops
# instruction by instruction (nothing about isr.asm is written down here; the
# field offsets come from the debug information of struct regs).  A register
# the stub has not saved yet, or has already restored, is read live.
#
# gdb treats a frame unwound from Python as an ordinary call, so it looks up
# the interrupted frame's line, and its call-frame information, at pc - 1, the
# way it does for a return address.  An interrupted eip is the faulting
# instruction itself, so a frame filter gives `bt` that frame's line at eip,
# and hooks on frame/up/down print it (`interrupted`), because the line gdb
# prints there may be the one before.  When eip is the first instruction of
# its function, pc - 1 is not even in that function, so this unwinder unwinds
# that frame too (its return address is at esp).  It cannot help where the
# instruction before eip moved esp (a push): gdb's unwinding past that frame
# uses the stack depth from before it (docs/08-seeing-inside.md).

import struct

import gdb
from gdb.FrameDecorator import FrameDecorator
from gdb.unwinder import Unwinder, register_unwinder

GP_REGS = ("edi", "esi", "ebp", "ebx", "edx", "ecx", "eax")  # pusha saves these
SEG_REGS = ("ds", "es", "fs", "gs")
PUSHA_BYTES = 8 * 4  # pusha also stores an esp, which nothing reads back
WORD = 4
RPL_MASK = 3  # cs & 3: the privilege level the interrupt came from
U32 = 0xFFFFFFFF


class StubError(Exception):
    """The stubs are not what this file can follow."""


def _instruction(insn):
    """(mnemonic, operand list) of a disassembled instruction, in either
    syntax: "add esp,0x4" and "add $0x4,%esp" both give ("add", ["esp", "0x4"]),
    sorted so that a register comes first."""
    text = insn["asm"].split("#")[0].strip()
    mnemonic, _, rest = text.partition(" ")
    ops = [o.strip().lstrip("%$") for o in rest.split(",") if o.strip()]
    return mnemonic.strip(), sorted(ops, key=lambda o: not o.isalpha())


def _stack_effect(insn):
    """(bytes pushed, registers saved, registers restored) by one
    instruction of a stub; StubError for one that moves esp otherwise."""
    mnemonic, ops = _instruction(insn)
    known = ("pusha", "popa", "push", "pop", "add", "sub")
    base = mnemonic[:-1] if mnemonic[-1:] in "ld" and mnemonic[:-1] in known else mnemonic
    if base == "pusha":
        return PUSHA_BYTES, GP_REGS, ()
    if base == "popa":
        return -PUSHA_BYTES, (), GP_REGS
    if base == "push":
        return WORD, tuple(o for o in ops if o in SEG_REGS), ()
    if base == "pop":
        return -WORD, (), tuple(o for o in ops if o in SEG_REGS)
    if base in ("add", "sub") and ops[:1] == ["esp"]:
        n = int(ops[1], 0)
        return (-n if base == "add" else n), (), ()
    if "esp" in ops[:1] and not mnemonic.startswith("call"):
        raise StubError("cannot follow '%s'" % insn["asm"])
    return 0, (), ()


class StubCode:
    """The interrupt stubs, disassembled: for each instruction address, the
    offset k from esp to the struct regs (regs = esp + k), the registers
    held in that struct at that point, and the address of the stub it
    belongs to (one frame per stub)."""

    def __init__(self, arch):
        regs = gdb.lookup_type("struct regs")
        self.offset = {f.name: f.bitpos // 8 for f in regs.fields()}
        self.at = {}
        first = int(gdb.parse_and_eval("(unsigned long)&isr_stub_0"))
        common = int(gdb.parse_and_eval("(unsigned long)&common_stub"))
        self._vector_stubs(arch, first, common)
        self._common_stub(arch, common)

    def _vector_stubs(self, arch, first, common):
        """isr_stub_0 .. common_stub: stubs of a few pushes and a jmp, at
        whose jmp esp points at struct regs.int_no."""
        stub = []
        for insn in arch.disassemble(first, common - 1):
            stub.append(insn)
            if not _instruction(insn)[0].startswith("jmp"):
                continue
            pushed = [_stack_effect(i)[0] for i in stub]
            total, done = sum(pushed), 0
            for i, n in zip(stub, pushed):
                self.at[i["addr"]] = (done - total - self.offset["int_no"], (), stub[0]["addr"])
                done += n
            stub = []

    def _common_stub(self, arch, common):
        """common_stub, up to its iret: entered with esp at struct regs.int_no."""
        depth, saved, pc = 0, set(), common
        while True:
            insn = arch.disassemble(pc)[0]
            self.at[pc] = (depth - self.offset["int_no"], tuple(saved), common)
            if _instruction(insn)[0].startswith("iret"):
                return
            n, save, restore = _stack_effect(insn)
            depth += n
            saved = (saved | set(save)) - set(restore)
            pc += insn["length"]


_code = None


def stub_code(arch):
    """The StubCode of the loaded kernel, built on first use; None when the
    kernel has no such stubs (or another program is loaded)."""
    global _code
    if _code is None:
        try:
            _code = StubCode(arch)
        except (gdb.error, StubError, ValueError, IndexError) as e:
            gdb.write("interrupts.py: no interrupt unwinding (%s)\n" % e, gdb.STDERR)
            _code = False
    return _code or None


def _forget_stubs(_event):
    global _code
    _code = None


def read_regs(code, base, upto):
    """The fields of the struct regs at BASE, up to and including UPTO."""
    n = code.offset[upto] + WORD
    raw = bytes(gdb.selected_inferior().read_memory(base, n))
    words = struct.unpack("<%dI" % (n // WORD), raw)
    return {name: words[off // WORD] for name, off in code.offset.items() if off < n}


class FrameId:
    """A frame's identity for gdb: the address of the saved eip (fixed for
    the whole interrupt) and the stub's first instruction.  gdb wants
    gdb.Values here, not ints."""

    def __init__(self, pending, sp, pc):
        u32 = pending.architecture().integer_type(32, False)
        self.sp = gdb.Value(sp).cast(u32)
        self.pc = gdb.Value(pc).cast(u32)


class InterruptUnwinder(Unwinder):
    """Unwinds a frame whose pc is in an interrupt stub to the interrupted
    code, from the struct regs the stub saves."""

    def __init__(self):
        super().__init__("selfmap-interrupts")
        self.interrupted = set()  # (eip, esp) of the frames unwound to, since the last stop

    def __call__(self, pending):
        code = stub_code(pending.architecture())
        pc = int(pending.read_register("eip")) & U32
        if code is None:
            return None
        if pc not in code.at:
            return self._entry_frame(pending, pc)
        k, saved, stub = code.at[pc]
        base = (int(pending.read_register("esp")) + k) & U32
        from_other_ring = False
        r = read_regs(code, base, "eflags")
        if r["cs"] & RPL_MASK:
            from_other_ring = True
            r.update(read_regs(code, base, "ss"))
        info = pending.create_unwind_info(FrameId(pending, base + code.offset["eip"], stub))
        for name in GP_REGS + SEG_REGS:
            self._save(info, pending, name, r[name] if name in saved else None)
        for name in ("eip", "cs", "eflags"):
            self._save(info, pending, name, r[name])
        # From ring 0 the CPU pushed no esp: the interrupted one is just above eflags.
        esp = r["useresp"] if from_other_ring else base + code.offset["useresp"]
        self._save(info, pending, "esp", esp)
        self._save(info, pending, "ss", r["ss"] if from_other_ring else None)
        self.interrupted.add((r["eip"], esp & U32))
        return info

    def _entry_frame(self, pending, pc):
        """An interrupted frame stopped at the first instruction of its
        function (say a push into the stack guard page): gdb would look for
        its call-frame information at pc - 1, in whatever lies before the
        function, so unwind it here: nothing is pushed yet, the return
        address is at esp, and every other register is the caller's."""
        esp = int(pending.read_register("esp")) & U32
        if (pc, esp) not in self.interrupted:
            return None
        block = gdb.block_for_pc(pc)
        while block is not None and block.function is None:
            block = block.superblock
        if block is None or block.start != pc:
            return None
        ret = struct.unpack("<I", bytes(gdb.selected_inferior().read_memory(esp, WORD)))[0]
        info = pending.create_unwind_info(FrameId(pending, esp + WORD, pc))
        for name in GP_REGS + SEG_REGS + ("eflags", "cs", "ss"):
            self._save(info, pending, name, None)
        self._save(info, pending, "eip", ret)
        self._save(info, pending, "esp", esp + WORD)
        return info

    def _save(self, info, pending, name, value):
        """Give register NAME of the interrupted code: VALUE, or when it is
        None the live value (the stub has not saved it, or restored it)."""
        if value is None:
            info.add_saved_register(name, pending.read_register(name))
        else:
            u32 = pending.architecture().integer_type(32, False)
            info.add_saved_register(name, gdb.Value(value & U32).cast(u32))


def stub_regs(frame):
    """(struct regs address, its fields up to eflags, whether the stub has
    pushed the vector and error code yet) when FRAME is an interrupt stub's
    frame; else None."""
    if frame is None:
        return None
    code = stub_code(frame.architecture())
    pc = frame.pc() & U32
    if code is None or pc not in code.at:
        return None
    k, _, stub = code.at[pc]
    base = (int(frame.read_register("esp")) + k) & U32
    pushed = stub == int(gdb.parse_and_eval("(unsigned long)&common_stub"))
    return base, read_regs(code, base, "eflags"), pushed


def interrupt_of(frame):
    """stub_regs of the frame next newer than FRAME: not None when FRAME was
    stopped by an interrupt."""
    return stub_regs(frame.newer()) if frame is not None else None


class _Arg:
    def __init__(self, name, value):
        self._name, self._value = name, value

    def symbol(self):
        return self._name

    def value(self):
        return self._value


class InterruptedFrame(FrameDecorator):
    """In `bt`: the interrupted frame's function and line at its eip (not
    eip - 1), and a stub frame's vector and error code as arguments."""

    def __init__(self, fobj):
        super().__init__(fobj)
        frame = fobj.inferior_frame()
        self.sal = gdb.find_pc_line(frame.pc()) if interrupt_of(frame) else None
        self.stub = stub_regs(frame)

    def function(self):
        if self.sal is not None:
            block = gdb.block_for_pc(self.inferior_frame().pc())
            while block is not None and block.function is None:
                block = block.superblock
            if block is not None:
                return block.function.print_name
        return super().function()

    def filename(self):
        if self.sal is not None and self.sal.symtab is not None:
            return self.sal.symtab.filename
        return super().filename()

    def line(self):
        if self.sal is not None and self.sal.symtab is not None:
            return self.sal.line
        return super().line()

    def frame_args(self):
        if self.stub is not None and self.stub[2]:
            r = self.stub[1]
            return [_Arg("vector", gdb.Value(r["int_no"])),
                    _Arg("error_code", gdb.Value(r["err_code"]))]
        return super().frame_args()


class InterruptFilter:
    def __init__(self):
        self.name = "selfmap-interrupts"
        self.priority = 100
        self.enabled = True

    def filter(self, frames):
        return map(InterruptedFrame, frames)


class InterruptedCommand(gdb.Command):
    """Where the selected frame was interrupted: interrupted

When an interrupt (a page fault, an IRQ) stopped the selected frame, print
the vector, the error code and the source line of the interrupted
instruction (eip itself, where gdb's own frame line looks at eip - 1; the
line is listed too when it is not the one gdb printed).
frame, up and down run it after they print; it prints nothing for a
frame that was not interrupted."""

    def __init__(self):
        super().__init__("interrupted", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        try:
            frame = gdb.selected_frame()
        except gdb.error:
            return
        it = interrupt_of(frame)
        if it is None:
            return
        _, r, pushed = it
        sal = gdb.find_pc_line(frame.pc())
        where = "%s:%d" % (sal.symtab.filename, sal.line) if sal.symtab else "no source line"
        cause = "an interrupt"
        if pushed:
            cause = "vector %d, error code 0x%x" % (r["int_no"], r["err_code"])
        gdb.write("interrupted by %s at 0x%08x: %s\n" % (cause, frame.pc() & U32, where))
        if sal.symtab is None:
            return
        shown = frame.find_sal()  # the line gdb printed, looked up at pc - 1
        here = (sal.symtab.filename, sal.line)
        if shown.symtab is None or (shown.symtab.filename, shown.line) != here:
            gdb.execute("list %s:%d,%d" % (sal.symtab.filename, sal.line, sal.line))


_unwinder = InterruptUnwinder()
register_unwinder(None, _unwinder, replace=True)
gdb.events.cont.connect(lambda _event: _unwinder.interrupted.clear())  # frames are rebuilt
gdb.frame_filters["selfmap-interrupts"] = InterruptFilter()
gdb.events.new_objfile.connect(_forget_stubs)
InterruptedCommand()
for _cmd in ("frame", "up", "down"):
    gdb.execute("define hookpost-%s\ninterrupted\nend" % _cmd)
