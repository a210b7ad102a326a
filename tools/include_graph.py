#!/usr/bin/env python3
"""include_graph.py - the include graph of selfmap's kernel sources.

    tools/include_graph.py check        fail on an include cycle or an arrow up the layers
    tools/include_graph.py edges        print "from -> to" module edges
    tools/include_graph.py folders      print folder-level edges with counts
    tools/include_graph.py svg          print the layer diagram (docs/layers.svg,
                                        drawn by tools/gen_diagrams.py)

A module is a source file without its ending: vm_pool.c and vm_pool.h are
one module, "vm_pool".  Includes are resolved as the compiler does: the
including file's own folder first, then the -I folders of tools/layers.sh.
System headers (<...>) are left out.

The layers, bottom first.  A module may include modules of its own layer
or of lower ones, never of a higher one:

    0 lib        the little C library (strings, panic, AVL, bitmap, x86, mmu)
    1 core       MP4's own files at the top level and interrupts/;
      drivers    device drivers (the ATA disk), beside the core
    2 boot, mm   boot information; memory management beyond MP4
    3 debug      the dumps
    4 mp4        MP4's clients
    5 proc       processes
    6 top        kernel.c (main) and page_fault.c (the fault dispatcher,
                 which hands each fault to the layer that owns its address)

RANK below is the table the check and the diagram use; NOTES says what
each layer is, for docs/layers.svg.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP_MODULES = {"kernel", "page_fault"}
NOTES = {  # what each layer is, for the diagram (docs/layers.svg)
    "lib": "the little C library: strings, panic, AVL, bitmap, x86, mmu",
    "core": "MP4's own files at the top level, and interrupts/",
    "drivers": "device drivers beside the core: the ATA disk (swap's device)",
    "boot": "boot information, the command line, sizing the pools",
    "mm": "memory management beyond MP4: frame sources, buddy, shm",
    "debug": "the dumps",
    "mp4": "MP4's scenarios and its C++ client layer",
    "proc": "processes",
    "top": "kernel.c (main) and page_fault.c (the fault dispatcher)",
}
RANK = {"lib": 0, "core": 1, "drivers": 1, "boot": 2, "mm": 2, "debug": 3, "mp4": 4, "proc": 5, "top": 6}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_dirs():
    text = open(os.path.join(ROOT, "tools", "layers.sh")).read()
    dirs = re.search(r'^LAYER_DIRS="([^"]*)"', text, re.M).group(1).split()
    return dirs


def sources():
    dirs = layer_dirs() + ["interrupts"]
    if os.path.isdir(os.path.join(ROOT, "proc")):
        dirs.append("proc")
    out = []
    for d in dirs:
        full = os.path.join(ROOT, d)
        for name in sorted(os.listdir(full)):
            if name.endswith((".c", ".h")):
                out.append(os.path.normpath(os.path.join(d, name)))
    return out


def module(path):
    return os.path.splitext(path)[0]


def folder(mod):
    d = os.path.dirname(mod)
    return d if d else "."


def layer(mod):
    if mod in TOP_MODULES:
        return "top"
    d = folder(mod)
    if d in (".", "interrupts"):
        return "core"
    return d


def resolve(src, name, search):
    for d in [os.path.dirname(src)] + search:
        cand = os.path.normpath(os.path.join(d, name))
        if os.path.exists(os.path.join(ROOT, cand)):
            return cand
    return None


def edges():
    search = layer_dirs()
    result = set()
    for src in sources():
        for name in INCLUDE.findall(open(os.path.join(ROOT, src)).read()):
            dst = resolve(src, name, search)
            if dst is None:
                sys.exit(f"include_graph: {src}: cannot resolve \"{name}\"")
            if dst.startswith("tests/") or dst.startswith("bench/"):
                result.add((module(src), module(dst)))  # reported by check
            elif module(src) != module(dst):
                result.add((module(src), module(dst)))
    return result


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    nodes = sorted(set(graph) | {v for vs in graph.values() for v in vs})

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def check():
    es = edges()
    graph = {}
    for a, b in es:
        graph.setdefault(a, set()).add(b)
    problems = []
    for a, b in sorted(es):
        if b.startswith(("tests/", "bench/")):
            problems.append(f"{a} includes {b}: kernel code must not depend on tests or benchmarks")
        elif RANK[layer(a)] < RANK[layer(b)]:
            problems.append(f"{a} ({layer(a)}) includes {b} ({layer(b)}): an arrow up the layers")
    for comp in cycles(graph):
        problems.append("include cycle: " + " <-> ".join(comp))
    for p in problems:
        print("include_graph: " + p)
    mods = {module(s) for s in sources()}
    print(f"include_graph: {len(mods)} modules, {len(es)} include edges, {len(problems)} problem(s)")
    return 1 if problems else 0


def layer_counts():
    """{(from layer, to layer): module edges between them}, other layers only."""
    counts = {}
    for a, b in edges():
        key = (layer(a), layer(b))
        if key[0] != key[1]:
            counts[key] = counts.get(key, 0) + 1
    return counts


def layer_modules():
    """{layer: sorted module names (path without ending)} for every layer with sources."""
    out = {}
    for m in sorted({module(s) for s in sources()}):
        out.setdefault(layer(m), []).append(m)
    return out


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "check":
        sys.exit(check())
    if cmd == "edges":
        for a, b in sorted(edges()):
            print(f"{a} -> {b}")
    elif cmd == "folders":
        for (a, b), n in sorted(layer_counts().items()):
            print(f"{a} -> {b} {n}")
    elif cmd == "svg":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import gen_diagrams
        sys.stdout.write(gen_diagrams.diagram_layers().render())
    else:
        sys.exit(f"usage: {sys.argv[0]} check|edges|folders|svg")


if __name__ == "__main__":
    main()
