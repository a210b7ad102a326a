#!/usr/bin/env python3
"""handout.py - make a student skeleton of selfmap from the working kernel.

    tools/handout.py MP OUTDIR      e.g. tools/handout.py mp4 build/handout/mp4
                                    (MP may name one part: mp4.part3)
    tools/handout.py --list         every marked region, by part
    tools/handout.py --parts SPEC   the parts of tests/grading.txt SPEC names
    tools/handout.py [--worktree | --ignore-changes] MP OUTDIR

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

A function's TODO is the /* HANDOUT TODO: ... */ comment right before it
in the region (a region of several functions must give each one); the
marker's text serves a region of one function.  MP may also be a part
followed by + (mp4.part2+: that part and the later parts of its family,
in tests/grading.txt's order) or a comma-separated list.

The copy holds the files git tracks, as HEAD has them (git archive):
untracked files never go in, and a working tree whose tracked files differ
from HEAD is refused (--ignore-changes builds HEAD anyway; --worktree,
for the self-check, takes the tracked files as they are on disk).
Without git (a handout tree) every file outside build*/ goes in.  The
handout self-check is left out.  The copy gets a HANDOUT.md that lists
the parts in order with their points (tests/grading.txt) and how to grade
them, and OUTDIR.tar.gz beside it.  Exits non-zero when a marker is malformed
or MP has no marked region.
"""
import os
import re
import subprocess
import sys
import tarfile
import textwrap
import functools

print = functools.partial(print, flush=True)  # noqa: A001 - keep stdout in order with stderr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = re.compile(r"^/\* HANDOUT (\S+) BEGIN(?:\(return ([^)]*)\))?: (.*?) \*/$", re.S)
END = "/* HANDOUT END */"
TODO_START = "/* HANDOUT TODO: "
LEFT_OUT = {"tests/scripts/handout_selfcheck.sh"}


def fail(msg):
    sys.exit("handout: " + msg)


def git(*args):
    return subprocess.run(["git"] + list(args), cwd=ROOT, capture_output=True, check=True).stdout


def in_git():
    try:
        return git("rev-parse", "--is-inside-work-tree").strip() == b"true"
    except (OSError, subprocess.CalledProcessError):
        return False


def changes():
    """(tracked files that differ from HEAD, untracked files git does not ignore)."""
    changed, untracked = [], []
    for entry in git("status", "--porcelain", "-z", "--untracked-files=all").split(b"\0"):
        if not entry:
            continue
        path = entry[3:].decode()
        (untracked if entry.startswith(b"??") else changed).append(path)
    return changed, untracked


def sources(where):
    """[(path, bytes, mode)] of the files a handout is made from.  where:
    "head", the files git tracks as HEAD has them (make handout); "worktree",
    the files git tracks as they are on disk now (the self-check, which
    checks uncommitted markers too); "walk", every file outside build*/
    (a tree without git, such as a handout)."""
    if where == "head":
        out = []
        with tarfile.open(fileobj=__import__("io").BytesIO(git("archive", "--format=tar", "HEAD"))) as tar:
            for m in tar.getmembers():
                if m.isfile():
                    out.append((m.name, tar.extractfile(m).read(), m.mode & 0o777))
        return out
    if where == "worktree":
        names = [n.decode() for n in git("ls-files", "-z", "--cached").split(b"\0") if n]
    else:
        out = subprocess.run([os.path.join(ROOT, "tools", "tree_files.sh")], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        names = [f for f in out.split("\n") if f]
    out = []
    for rel in names:
        path = os.path.join(ROOT, rel)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out.append((rel, f.read(), os.stat(path).st_mode & 0o777))
    return out


def choose_sources(worktree, ignore_changes):
    """Where the handout comes from, refusing a working tree that differs
    from HEAD unless told (a handout holds only what the repository tracks)."""
    if not in_git():
        print("handout: no git checkout here: every file of the tree goes in")
        return "walk"
    if worktree:
        return "worktree"
    changed, untracked = changes()
    if untracked:
        print(f"handout: {len(untracked)} untracked file(s) left out (only tracked files go in): "
              + ", ".join(untracked[:8]) + (", ..." if len(untracked) > 8 else ""))
    if changed:
        msg = ("the working tree differs from HEAD in " + ", ".join(changed[:8])
               + (", ..." if len(changed) > 8 else "")
               + ".\n  The handout is built from the commit, HEAD: commit (or stash) these changes, or"
               + " run\n  make handout HANDOUT_FLAGS=--ignore-changes  to build HEAD without them.")
        if not ignore_changes:
            fail(msg)
        print("handout: " + msg.split(".\n")[0] + ": left out, building HEAD (--ignore-changes)")
    return "head"


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
        elif line.strip().startswith(TODO_START):
            if open_at is None:
                fail(f"{path}:{i + 1}: a HANDOUT TODO outside a region")
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


def take_todo(pending):
    """The text of a /* HANDOUT TODO: ... */ comment among the comment lines
    before a function (clang-format may wrap it), and those lines without it."""
    for a, line in enumerate(pending):
        if not line.strip().startswith(TODO_START):
            continue
        b, text = a, line.strip()[len(TODO_START):]
        while "*/" not in pending[b]:
            b += 1
            if b == len(pending):
                fail("an unterminated HANDOUT TODO: " + line.strip())
            text += " " + pending[b].strip().lstrip("*").strip()
        return text.replace("*/", "").strip(), pending[:a] + pending[b + 1:]
    return None, pending


def drop_todos(lines):
    """lines without their HANDOUT TODO comments (a region kept whole)."""
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip().startswith(TODO_START):
            while "*/" not in lines[i]:
                i += 1
        else:
            out.append(lines[i])
        i += 1
    return out


def strip_region(path, body, part, ret, text):
    """The replacement lines of one region, and the functions stubbed.  A
    function's own TODO is the HANDOUT TODO comment before it; the region's
    text serves a region of one function only."""
    out, pending, stubbed, i, own = [], [], [], 0, 0
    while i < len(body):
        line = body[i]
        if not line.strip() or line.startswith(("/*", " *", "//")):
            pending.append(line)
            i += 1
            continue
        todo, pending = take_todo(pending)
        own += todo is not None
        while pending and not pending[0].strip() and (not out or not out[-1].strip()):
            pending.pop(0)  # one blank line between stubs
        one = re.match(r"^(.*\))\s*\{.*\}\s*$", line)
        if one:  # a one-line function
            if not line.startswith("static"):
                new, name = stub([one.group(1)], part, ret, todo or text)
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
            new, name = stub(body[i:j], part, ret, todo or text)
            out += pending + body[i:j] + new + [""]
            stubbed.append(name)
        pending, i = [], k + 1
    while out and not out[-1].strip():
        out.pop()
    if len(stubbed) > 1 and own < len(stubbed):
        fail(f"{path}: a {part} region stubs {', '.join(stubbed)}: give each its own "
             "/* HANDOUT TODO: ... */ comment")
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
        if chosen(part, mp):
            new, names = strip_region(path, body, part, ret, text)
            out += new
            stubbed += [(part, name) for name in names]
        else:
            out += drop_todos(body)
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


def chosen(part, spec):
    """Whether the handout spec stubs part.  A spec is a comma-separated
    list of: a family (mp4: all its parts), a part (mp4.part2), or a part
    followed by + (mp4.part2+: that part and the later parts of its family,
    in the order of tests/grading.txt)."""
    for item in spec.split(","):
        if item.endswith("+"):
            order = [p for p, _, _ in parts_table() if p.split(".")[0] == item[:-1].split(".")[0]]
            if item[:-1] not in order:
                fail(f"{item}: {item[:-1]} is not a part of tests/grading.txt")
            if part in order[order.index(item[:-1]):]:
                return True
        elif part == item or part.startswith(item + "."):
            return True
    return False


def parts_table():
    """[(part, points, title)] from tests/grading.txt, in file order."""
    parts = []
    for line in open(os.path.join(ROOT, "tests", "grading.txt")):
        m = re.match(r"^\[(\S+)\]\s+(\d+)\s+(.*)$", line.strip())
        if m:
            parts.append((m.group(1), int(m.group(2)), m.group(3)))
    return parts


def write_readme(out_dir, mp, stubbed):
    parts = [p for p in parts_table() if chosen(p[0], mp)]
    lines = [f"# {mp.upper()} handout", "",
             "This tree is selfmap with the parts you write taken out. Each part's functions",
             "keep their contract comments (in the headers) and signatures; their bodies are",
             "stubs that panic with \"PART: FUNCTION not implemented\" until you write them.",
             "Each stub's TODO comment says what that function must do, including the duties",
             "no test names directly. Search for `TODO " + mp.split(",")[0].rstrip("+").split(".")[0]
             + ".` to find them all.", "",
             "Implement the parts in this order. Each part's tests need that part and no later",
             "one, so a part reaches full marks while the parts after it are still stubs",
             "(`make grade MP=PART` grades one part):", ""]
    for part, points, title in parts:
        names = [n for p, n in stubbed if p == part]
        lines.append(f"- **{part}** ({points} points): {title}")
        lines.append("  - functions: " + ", ".join(f"`{n}`" for n in names))
    lines += ["", "## How to test", "",
              "- `make run` boots the kernel in QEMU (MP4's default scenario);",
              "  `make run ARGS=page_table` runs the page-table scenario.",
              "- `make grade`, from the top of this tree, builds the kernel and runs the tests",
              "  of every part above, each in a fresh QEMU, then prints a score table; it exits",
              "  0 only at full marks. It takes a while: about 2 minutes for MP4's three parts",
              "  on a two-core machine (1 min 41 s measured); `make grade MP=mp4.part1` runs one",
              "  part's tests only. `tests/grading.txt` lists each part's tests.",
              "- For a failed test, the grade shows the first line of its log that says why",
              "  (a failed check naming the duty, or a panic); `build/grade/NAME.log` has all.",
              "- `make test T=NAME` runs single tests (both frame modes); `build/tests/NAME.log`",
              "  has their output.",
              "- `make debug` starts QEMU with gdb attached (see README.md).", ""]
    with open(os.path.join(out_dir, "HANDOUT.md"), "w") as f:
        f.write("\n".join(lines))


def make(mp, out_dir, where):
    if os.path.exists(out_dir):
        subprocess.run(["rm", "-rf", out_dir], check=True)
    stubbed, todos, marked = [], {}, 0
    for rel, data, mode in sources(where):
        if rel in LEFT_OUT:
            continue
        dst = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel.endswith((".c", ".h")):
            lines = data.decode().split("\n")
            new, names, n = transform(rel, lines, mp)
            stubbed += names
            marked += n
            data = "\n".join(new).encode()
        with open(dst, "wb") as fo:
            fo.write(data)
        os.chmod(dst, mode)
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
    for rel, data, _ in sources("walk"):
        if rel.endswith((".c", ".h")):
            lines = data.decode().split("\n")
            for start, end, part, ret, text in regions(rel, lines):
                print(f"{part}\t{rel}:{start + 1}-{end + 1}\t{text}")


def main():
    args = sys.argv[1:]
    flags = [a for a in args if a.startswith("--")]
    args = [a for a in args if not a.startswith("--")]
    if flags == ["--list"] and not args:
        list_regions()
    elif flags == ["--parts"] and len(args) == 1:
        print("\n".join(p for p, _, _ in parts_table() if chosen(p, args[0])))
    elif len(args) == 2 and set(flags) <= {"--worktree", "--ignore-changes"}:
        where = choose_sources("--worktree" in flags, "--ignore-changes" in flags)
        make(args[0], os.path.abspath(args[1]), where)
    else:
        sys.exit("usage: tools/handout.py [--worktree | --ignore-changes] MP OUTDIR | --list")


if __name__ == "__main__":
    main()
