#!/usr/bin/env python3
"""handout.py - make a student skeleton of selfmap from the working kernel.

    tools/handout.py MP OUTDIR      e.g. tools/handout.py mp4 build/handout/mp4
                                    (MP may name one part: mp4.part3)
    tools/handout.py --list         every marked region, by part

Why it is built this way: the skeleton is generated from the solution,
never kept beside it, so it cannot drift.  The parts students write are
marked in the source itself:

    /* HANDOUT mp4.part3 BEGIN: first fit over the free-extent tree */
    unsigned long vm_pool_allocate(struct vm_pool *pool, unsigned long size)
    {
        ...
    }
    /* HANDOUT END */

In the copy, each marked region of a part that is MP or starts with
MP + "." is replaced: every non-static function keeps its contract comment and its
signature, and its body becomes a stub with a TODO carrying the marker's
text and a panic that names the part and the function
("mp4.part3: vm_pool_allocate not implemented").  BEGIN(return EXPR)
instead of BEGIN makes the stub return EXPR, for a function whose panic
would stop the kernel before a test could report anything.  Static
functions and data inside a region are dropped: they are the solution's
helpers, and students write their own; static helpers outside the regions
stay for students to use, and a file with stubs gets two pragmas so the
helpers and static state no stub uses yet do not break the -Werror build.  Markers of other parts are
removed, their code kept.

The copy holds every file git knows (tracked, or new and not ignored),
less the handout self-check; it gets a HANDOUT.md that lists the parts
in order with their points (tests/grading.txt) and how to grade them,
and OUTDIR.tar.gz beside it.  Exits non-zero when a marker is malformed
or MP has no marked region.
"""
import os
import re
import subprocess
import sys
import tarfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = re.compile(r"^/\* HANDOUT (\S+) BEGIN(?:\(return ([^)]*)\))?: (.*?) \*/$", re.S)
END = "/* HANDOUT END */"
LEFT_OUT = {"tests/scripts/handout_selfcheck.sh"}


def fail(msg):
    sys.exit("handout: " + msg)


def files():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.split("\n") if f and os.path.isfile(os.path.join(ROOT, f))]


def marker_at(lines, i):
    """The BEGIN marker starting at line i, which clang-format may have
    wrapped over several lines: (match, index of its last line), or None."""
    if not lines[i].strip().startswith("/* HANDOUT ") or "BEGIN" not in lines[i]:
        return None
    j, text = i, lines[i].strip()
    while "*/" not in lines[j]:
        j += 1
        if j == len(lines):
            fail(f"line {i + 1}: unterminated HANDOUT marker")
        text += " " + lines[j].strip().lstrip("*").strip()
    return BEGIN.match(text), j


def regions(path, lines):
    """(start, end, part, ret, text) for every marked region: start is the
    marker's last line, end is END's index."""
    out, open_at, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        found = marker_at(lines, i)
        if found:
            m, last = found
            if not m:
                fail(f"{path}:{i + 1}: malformed marker: {line.strip()}")
            if open_at is not None:
                fail(f"{path}:{i + 1}: BEGIN inside the region opened at line {open_at[0] + 1}")
            open_at = (last, m.group(1), m.group(2), m.group(3))
            i = last
        elif line.strip() == END:
            if open_at is None:
                fail(f"{path}:{i + 1}: END without BEGIN")
            out.append((open_at[0], i) + open_at[1:])
            open_at = None
        elif line.strip().startswith("/* HANDOUT"):
            fail(f"{path}:{i + 1}: malformed marker: {line.strip()}")
        i += 1
    if open_at is not None:
        fail(f"{path}:{open_at[0] + 1}: BEGIN without END")
    return out


def split_params(sig):
    """Parameter names of a C signature (the text from the name's '(' on)."""
    start = sig.index("(")
    depth, params, cur = 0, [], ""
    for ch in sig[start + 1:]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        if ch == "," and depth == 0:
            params.append(cur)
            cur = ""
        else:
            cur += ch
    params.append(cur)
    names = []
    for p in (p.strip() for p in params):
        if not p or p == "void" or p == "...":
            continue
        fp = re.search(r"\(\s*\*\s*(\w+)\s*\)", p)
        name = fp.group(1) if fp else re.findall(r"\w+", re.sub(r"\[.*?\]", "", p))[-1]
        names.append(name)
    return names


def stub(sig_lines, part, ret, text):
    sig = " ".join(s.strip() for s in sig_lines)
    name = re.search(r"(\w+)\s*\(", sig).group(1)
    todo = textwrap.wrap(f"TODO {part}: {text}", 90)
    body = ["{", "    /* " + todo[0]] + ["     * " + t for t in todo[1:]]
    body[-1] += " */"
    body += [f"    (void){p};" for p in split_params(sig[sig.index(name) + len(name):])]
    if ret is not None:
        body.append(f"    return {ret};" if ret.strip() else "    return;")
    else:
        body.append(f'    panic("{part}: {name} not implemented");')
    body.append("}")
    return body, name


def strip_region(path, body, part, ret, text):
    """The replacement lines of one region, and the functions stubbed."""
    out, pending, stubbed, i = [], [], [], 0
    while i < len(body):
        line = body[i]
        if not line.strip() or line.startswith(("/*", " *", "//")):
            pending.append(line)
            i += 1
            continue
        one = re.match(r"^(.*\))\s*\{.*\}\s*$", line)
        if one:  # a one-line function
            if not line.startswith("static"):
                new, name = stub([one.group(1)], part, ret, text)
                out += pending + [one.group(1)] + new + [""]
                stubbed.append(name)
            pending, i = [], i + 1
            continue
        j = i
        while j < len(body) and body[j].rstrip() != "{" and not body[j].rstrip().endswith(";"):
            j += 1
        if j == len(body) or body[j].rstrip().endswith(";"):  # a declaration: dropped
            pending, i = [], j + 1
            continue
        k = j
        while k < len(body) and body[k].rstrip() != "}":
            k += 1
        if k == len(body):
            fail(f"{path}: a function in a {part} region has no closing brace at column 0")
        if not line.startswith("static"):
            new, name = stub(body[i:j], part, ret, text)
            out += pending + body[i:j] + new + [""]
            stubbed.append(name)
        pending, i = [], k + 1
    while out and not out[-1].strip():
        out.pop()
    return out, stubbed


def transform(path, lines, mp):
    regs = regions(path, lines)
    out, last, stubbed = [], 0, []
    for start, end, part, ret, text in regs:
        first = start
        while not lines[first].strip().startswith("/* HANDOUT"):
            first -= 1
        out += lines[last:first]
        body = lines[start + 1:end]
        if part == mp or part.startswith(mp + "."):
            new, names = strip_region(path, body, part, ret, text)
            out += new
            stubbed += [(part, name) for name in names]
        else:
            out += body
        last = end + 1
    out += lines[last:]
    if stubbed:  # the solution's helpers outside the regions stay, for students to use
        at = max(i for i, l in enumerate(out) if l.startswith("#include")) + 1
        out[at:at] = ["",
                      "/* handout: the helpers and state in this file may stay unused until",
                      " * the TODOs are written. */",
                      '#pragma GCC diagnostic ignored "-Wunused-function"',
                      '#pragma GCC diagnostic ignored "-Wunused-variable"']
    return out, stubbed, len(regs)


def parts_table():
    """[(part, points, title)] from tests/grading.txt, in file order."""
    parts = []
    for line in open(os.path.join(ROOT, "tests", "grading.txt")):
        m = re.match(r"^\[(\S+)\]\s+(\d+)\s+(.*)$", line.strip())
        if m:
            parts.append((m.group(1), int(m.group(2)), m.group(3)))
    return parts


def write_readme(out_dir, mp, stubbed):
    parts = [p for p in parts_table() if p[0] == mp or p[0].startswith(mp + ".")]
    lines = [f"# {mp.upper()} handout", "",
             "This tree is selfmap with the parts you write taken out. Each part's functions",
             "keep their contract comments and signatures; their bodies are stubs that panic",
             "with \"PART: FUNCTION not implemented\" until you write them. Search for",
             f"`TODO {mp}.` to find them all.", "",
             "Implement the parts in this order:", ""]
    for part, points, title in parts:
        names = [n for p, n in stubbed if p == part]
        lines.append(f"- **{part}** ({points} points): {title}")
        lines.append("  - functions: " + ", ".join(f"`{n}`" for n in names))
    lines += ["", "## How to test", "",
              "- `make run` boots the kernel in QEMU (MP4's default scenario);",
              "  `make run ARGS=page_table` runs the page-table scenario.",
              "- `make grade` runs the tests of every part and prints a score table;",
              "  it exits 0 only at full marks. `tests/grading.txt` lists each part's tests.",
              "- `make test T=NAME` runs single tests; `build/tests/NAME.log` has their output.",
              "- `make debug` starts QEMU with gdb attached (see README.md).", ""]
    with open(os.path.join(out_dir, "HANDOUT.md"), "w") as f:
        f.write("\n".join(lines))


def make(mp, out_dir):
    if os.path.exists(out_dir):
        subprocess.run(["rm", "-rf", out_dir], check=True)
    stubbed, marked = [], 0
    for rel in files():
        if rel in LEFT_OUT:
            continue
        src, dst = os.path.join(ROOT, rel), os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel.endswith((".c", ".h")):
            lines = open(src).read().split("\n")
            new, names, n = transform(rel, lines, mp)
            stubbed += names
            marked += n
            with open(dst, "w") as f:
                f.write("\n".join(new))
        else:
            with open(src, "rb") as fi, open(dst, "wb") as fo:
                fo.write(fi.read())
        os.chmod(dst, os.stat(src).st_mode & 0o777)
    if not stubbed:
        fail(f"no marked region for {mp}")
    write_readme(out_dir, mp, stubbed)
    with open(os.path.join(out_dir, ".handout-part"), "w") as f:
        f.write(mp + "\n")  # what make grade scores in this tree
    with tarfile.open(out_dir.rstrip("/") + ".tar.gz", "w:gz") as tar:
        tar.add(out_dir, arcname=os.path.basename(out_dir.rstrip("/")))
    for part in sorted({p for p, _ in stubbed}):
        names = [n for p, n in stubbed if p == part]
        print(f"handout: {part}: {len(names)} function(s) stubbed: {', '.join(names)}")
    print(f"handout: wrote {out_dir} and {out_dir.rstrip('/')}.tar.gz")


def list_regions():
    for rel in files():
        if rel.endswith((".c", ".h")):
            lines = open(os.path.join(ROOT, rel)).read().split("\n")
            for start, end, part, ret, text in regions(rel, lines):
                print(f"{part}\t{rel}:{start + 1}-{end + 1}\t{text}")


def main():
    if sys.argv[1:] == ["--list"]:
        list_regions()
    elif len(sys.argv) == 3:
        make(sys.argv[1], os.path.abspath(sys.argv[2]))
    else:
        sys.exit("usage: tools/handout.py MP OUTDIR | --list")


if __name__ == "__main__":
    main()
