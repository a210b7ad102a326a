#!/usr/bin/env python3
"""mkbadelf.py - make one broken copy of a good ELF32 user program, for
exec's validation tests (user/tests/execbad.c).

    tools/mkbadelf.py KIND GOOD OUT

KIND: magic (bad magic), class (ELFCLASS64), machine (x86-64), segment
(a PT_LOAD above the user image area), kernel (a PT_LOAD at 1 MB, over
the kernel), filesz (file size above memory size), truncated (cut off
inside the program headers' segments).
"""
import struct
import sys

E_PHOFF, E_PHNUM = 28, 44
P_VADDR, P_FILESZ, P_MEMSZ = 8, 16, 20
PHENT = 32


def first_load(data):
    phoff = struct.unpack_from("<I", data, E_PHOFF)[0]
    phnum = struct.unpack_from("<H", data, E_PHNUM)[0]
    for i in range(phnum):
        off = phoff + i * PHENT
        if struct.unpack_from("<I", data, off)[0] == 1:
            return off
    raise SystemExit("mkbadelf: no PT_LOAD segment")


def main():
    kind, good, out = sys.argv[1:4]
    data = bytearray(open(good, "rb").read())
    ph = first_load(data)
    if kind == "magic":
        data[1] = ord("X")
    elif kind == "class":
        data[4] = 2
    elif kind == "machine":
        struct.pack_into("<H", data, 18, 62)
    elif kind == "segment":
        struct.pack_into("<I", data, ph + P_VADDR, 0xF0000000)
    elif kind == "kernel":
        struct.pack_into("<I", data, ph + P_VADDR, 0x00100000)
    elif kind == "filesz":
        memsz = struct.unpack_from("<I", data, ph + P_MEMSZ)[0]
        struct.pack_into("<I", data, ph + P_FILESZ, memsz + 4096)
    elif kind == "truncated":
        data = data[: len(data) // 2]
    else:
        raise SystemExit("mkbadelf: unknown kind " + kind)
    open(out, "wb").write(bytes(data))


if __name__ == "__main__":
    main()
