#!/usr/bin/env python3
"""link_graph.py - what the kernel's objects really call, beside what its
files include (tools/include_graph.py).

    tools/link_graph.py check      fail on a foreign declaration, a call cycle
                                   between files, or a call up the layers
    tools/link_graph.py check FILE the same, except for the findings FILE lists
                                   (one per line, as this tool prints them),
                                   which must all still be there
    tools/link_graph.py report     the findings, without failing
    tools/link_graph.py edges      print "from -> to" call edges between modules

Why a second graph: the include graph sees only #include lines, and a
header may declare functions that another file defines.  Then a file can
call into a module it never names, and a cycle or an arrow up the layers
hides behind an innocent include.  This tool asks the compiler and the
linker instead:

  - declarations: GCC's -aux-info lists every function prototype a
    translation unit sees, with the header and line it comes from.  A
    function declared in X.h must be defined in X.c or X.asm (a static
    inline in X.h defines itself); one defined elsewhere is a "foreign
    declaration".
  - definitions and calls: nm over the kernel's objects ($BUILD, as the
    Makefile leaves them) gives each module's defined functions (T) and
    the symbols it uses (U).  A used symbol defined in another module is
    a call edge between the two modules (function pointers are not seen:
    a callback registered from above is the way a lower layer calls up).

A module is a source path without its ending, as in include_graph.py
(vm_pool.c, vm_pool.h: "vm_pool"; proc/trap.asm: "proc/trap"), and the
layers are include_graph.py's.  Only the kernel's own modules count: not
tests/, bench/ or the MP4 C++ layer.

Environment: BUILD (default build), CROSS_CC (default: i686-elf-gcc or
i686-linux-gnu-gcc, whichever is there), CROSS_NM (likewise), LINK_ROOT
(the tree to check, default this script's tree).
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.environ.get("LINK_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import include_graph as ig  # noqa: E402  (the same modules and layers)

ig.ROOT = ROOT
# The boot entry (start.asm) jumps to kernel_main: where the layers begin,
# not a call up them.
BOOT_ENTRY = ("start", "kernel")
AUX = re.compile(r"^/\* (\S+?):(\d+):(\w\w) \*/ (.*?)(\w+) \((.*)\);$")


def tool(env, *names):
    if os.environ.get(env):
        return os.environ[env]
    for n in names:
        if shutil.which(n):
            return n
    sys.exit(f"link_graph: none of {', '.join(names)} is installed (tools/bootstrap.sh)")


def build_dir():
    b = os.environ.get("BUILD", "build")
    return b if os.path.isabs(b) else os.path.join(ROOT, b)


def kernel_sources():
    """The kernel's .c and .asm files, as paths relative to ROOT."""
    srcs = [s for s in ig.sources() if s.endswith(".c")]
    for d in ig.layer_dirs() + ["interrupts"]:
        full = os.path.join(ROOT, d)
        srcs += [os.path.normpath(os.path.join(d, n)) for n in sorted(os.listdir(full)) if n.endswith(".asm")]
    return sorted(set(srcs))


def object_of(src):
    base = src if src.endswith(".asm") else os.path.splitext(src)[0]
    return os.path.join(build_dir(), base + ".o")


def module_of(src):
    return os.path.splitext(src)[0]


def nm_symbols(nm, obj):
    """(defined functions, used symbols) of one object file."""
    out = subprocess.run([nm, obj], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "T":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
    return defined, used


def objects():
    """{module: (defined, used)} over the kernel's objects; exits when one is missing."""
    nm = tool("CROSS_NM", "i686-elf-nm", "i686-linux-gnu-nm")
    result = {}
    for src in kernel_sources():
        obj = object_of(src)
        if not os.path.exists(obj):
            sys.exit(f"link_graph: no {os.path.relpath(obj, ROOT)} (run make first)")
        d, u = nm_symbols(nm, obj)
        old = result.get(module_of(src), (set(), set()))
        result[module_of(src)] = (old[0] | d, old[1] | u)
    return result


def declarations():
    """{(header module, function)}: the extern prototypes the kernel's headers make."""
    cc = tool("CROSS_CC", "i686-elf-gcc", "i686-linux-gnu-gcc")
    flags = ["-std=c11", "-ffreestanding", "-m32", "-fsyntax-only"]
    flags += ["-I" + os.path.join(ROOT, d) for d in ig.layer_dirs()]
    aux = os.path.join(build_dir(), "link_graph.aux")
    os.makedirs(build_dir(), exist_ok=True)
    found = set()
    for src in kernel_sources():
        if not src.endswith(".c"):
            continue
        subprocess.run([cc, *flags, "-aux-info", aux, os.path.join(ROOT, src)], check=True, cwd=ROOT)
        for line in open(aux):
            m = AUX.match(line.strip())
            if not m or not m.group(1).endswith(".h") or "static" in m.group(4).split():
                continue
            path = os.path.relpath(os.path.normpath(os.path.join(ROOT, m.group(1))), ROOT)
            if not path.startswith(".."):
                found.add((module_of(path), m.group(5)))
    os.remove(aux)
    return found


def analyse(objs, decls):
    """(problems, call edges) from objects() and declarations()."""
    owner = {}
    for mod, (defined, _) in objs.items():
        for f in defined:
            owner[f] = mod
    problems = []
    for header, f in sorted(decls):
        home = owner.get(f)
        if home is not None and home != header:
            problems.append(f"foreign declaration: {header}.h declares {f}, which {home} defines")
    edges = set()
    for mod, (_, used) in objs.items():
        for f in used:
            if owner.get(f, mod) != mod:
                edges.add((mod, owner[f]))
    for a, b in sorted(edges):
        if (a, b) == BOOT_ENTRY:
            continue
        if ig.RANK[ig.layer(a)] < ig.RANK[ig.layer(b)]:
            calls = sorted(f for f in objs[a][1] if owner.get(f) == b)
            problems.append(f"call up a layer: {a} ({ig.layer(a)}) calls {b} ({ig.layer(b)}): {', '.join(calls)}")
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    for comp in ig.cycles(graph):
        problems.append("call cycle: " + " <-> ".join(comp))
    return problems, edges


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd not in ("check", "report", "edges"):
        sys.exit(f"usage: {sys.argv[0]} check|report|edges")
    problems, edges = analyse(objects(), declarations())
    if cmd == "edges":
        for a, b in sorted(edges):
            print(f"{a} -> {b}")
        return
    known = set()
    if cmd == "check" and len(sys.argv) > 2:
        known = {line.strip() for line in open(sys.argv[2]) if line.strip() and not line.startswith("#")}
    kinds = {k: sum(p.startswith(k) for p in problems) for k in ("foreign declaration", "call cycle", "call up a layer")}
    for p in problems:
        print("link_graph: " + p + (" (known)" if p in known else ""))
    gone = sorted(known - set(problems))
    for p in gone:
        print("link_graph: no longer found (take it off the known list): " + p)
    print("link_graph: %d call edges; %d foreign declaration(s), %d call cycle(s), %d call(s) up a layer"
          % (len(edges), kinds["foreign declaration"], kinds["call cycle"], kinds["call up a layer"]))
    if cmd == "check" and (set(problems) - known or gone):
        print("link_graph: %d new finding(s), %d stale known one(s)" % (len(set(problems) - known), len(gone)))
        sys.exit(1)


if __name__ == "__main__":
    main()
