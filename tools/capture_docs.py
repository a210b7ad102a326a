#!/usr/bin/env python3
"""capture_docs.py - the half of tools/capture_docs.sh that edits pages.

    tools/capture_docs.py OUTPUTS            rewrite docs/*.md and README.md
    tools/capture_docs.py OUTPUTS --check    change nothing; exit 1 when a
                                             page is not what it would write

OUTPUTS is the folder of kernel output capture_docs.sh leaves behind
($BUILD/capture_docs/, one RUN.out per boot).  Run capture_docs.sh, not
this: it boots the kernel first.  This half needs no QEMU, so the test
tests/scripts/docs_fresh.sh can run it on a copy of the tree with a
planted fault and expect it to fail.

Per page, in this order:
  1. every capture block gets RUN's output again (see capture_docs.sh);
     --check compares a block without the addresses in the kernel image
     and its stack and the source line numbers (without_moving), which
     move whenever code is added anywhere;
  2. a relative link whose file has moved is pointed at the one file of
     the tree with that name (utils.h -> lib/utils.h); a link to nothing,
     or to a name several files share, is a problem;
  3. a line anchor [`name`](../file.c#L12) moves to the line where `name`
     is defined now; a name no longer defined there is a problem, and so
     is any other kind of #L anchor (nothing could keep it true);
  4. README.md's map of files must link every file and folder of the
     tree that section covers (required_map_entries): in a git checkout,
     what git tracks, so a scratch file or a program not yet added needs
     no row.  A new file gets a
     row, with the text of its opening comment ("x.c - what it is"), to
     check by hand; --check names it.  A row for a deleted file is a
     broken link.
  5. every figure in prose that restates a constant or a measured number
     sits between value markers, and is rewritten from its source:

       <!-- value FILE: EXPR -->64<!-- /value -->
           EXPR (C arithmetic over #define names, e.g. `NPROC - 1` or
           `DIRECT_MAP_END / MB`) evaluated with the #defines of FILE,
           lib/mmu.h and lib/sizes.h, and shell defaults (${NAME:-60});
           the figure may be written with thousands commas (1,000,000).
       <!-- value SOURCE /REGEX/ -->197<!-- /value -->
           group 1 of the first line matching REGEX in SOURCE: a file of
           the tree (bench/results.md) or a boot of capture_docs.sh; a
           whole number is written with commas when the page writes it so.

     A source that is gone, a name no longer defined or a regex that
     matches nothing is a problem, so a figure cannot silently go stale.
Fenced code blocks and ``double-backtick`` spans are left alone (so a
page can show a marker as an example).

Why line anchors by name: a link to a line is what a reader wants, but
lines move with every edit, so the page names what it points at and this
script finds the line.  Why re-point moved files by name: folders change
(one reorganisation moved half the tree) while file names rarely do.
"""
import difflib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPTURE = re.compile(r"<!-- capture (\S+) /(.*?)/ \.\. /(.*?)/ -->\n```text\n.*?```\n<!-- end capture -->",
                     re.S)
VALUE = re.compile(r"<!-- value (\S+?)(:? )(.*?) -->(.*?)<!-- /value -->", re.S)
LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
NAMED_ANCHOR = re.compile(r"^`([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`$")
PROTECTED = re.compile(r"^```.*?^```[^\n]*$|``.+?``", re.S | re.M)
SKIP_DIRS = {".git", "build", "__pycache__", "node_modules"}
KERNEL_DIRS = ["lib", "boot", "mm", "debug", "mp4", "interrupts", "proc", "user"]
MAP_HEADING = "## A map of the files"


def tree_files():
    """Every file and folder of the tree (relative paths), build output left
    out.  In a git checkout, the files git tracks (and their folders): a
    scratch file or a program not yet added is not the repository's, so its
    pages need not mention it; without git (a copy, a handout), every file."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached"], cwd=ROOT, capture_output=True,
                                check=True).stdout.decode().split("\0")
        inside = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True,
                                check=True).stdout.decode().strip()
        if os.path.realpath(inside) == os.path.realpath(ROOT):
            out = set()
            for f in filter(None, listed):
                if os.path.exists(os.path.join(ROOT, f)):
                    out.add(os.path.normpath(f))
                    d = os.path.dirname(f)
                    while d:
                        out.add(d)
                        d = os.path.dirname(d)
            return sorted(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    out = []
    for top, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("build"))
        rel = os.path.relpath(top, ROOT)
        for name in dirs + sorted(files):
            if name.endswith((".o", ".d", ".pyc")):
                continue
            out.append(os.path.normpath(os.path.join(rel, name)))
    return out


TREE = tree_files()


class Page:
    def __init__(self, path, outputs, check):
        self.path, self.outputs, self.check, self.problems, self.notes = path, outputs, check, [], []
        self.dir = os.path.dirname(path)

    def problem(self, msg):
        self.problems.append("%s: %s" % (self.path, msg))

    # ---- 1. captured output ---------------------------------------------
    def excerpt(self, run, first, last):
        path = os.path.join(self.outputs, run + ".out")
        if not os.path.exists(path):
            self.problem("no run named %s (capture_docs.sh boots it)" % run)
            return "(missing)\n"
        out = []
        for line in open(path).read().splitlines():
            if not out and not re.search(first, line):
                continue
            out.append(line.rstrip())
            if re.search(last, line):  # the first line itself may end a one-line block
                break
        if not out:
            self.problem("%s has no line matching /%s/" % (run, first))
        return "\n".join(out) + "\n"

    def recapture(self, text):
        return CAPTURE.sub(lambda m: "<!-- capture %s /%s/ .. /%s/ -->\n```text\n%s```\n<!-- end capture -->"
                           % (m.group(1), m.group(2), m.group(3), self.excerpt(*m.groups())), text)

    # ---- 2. moved files ---------------------------------------------------
    def moved(self, target):
        """target (relative to the page) re-pointed at the one file of that name, or None."""
        base = os.path.basename(target.rstrip("/"))
        found = [p for p in TREE if os.path.basename(p) == base]
        if len(found) != 1:
            return None
        rel = os.path.relpath(os.path.join(ROOT, found[0]), os.path.join(ROOT, self.dir))
        return rel + ("/" if target.endswith("/") else "")

    # ---- 3. line anchors --------------------------------------------------
    def anchored(self, label, path, anchor):
        m = NAMED_ANCHOR.match(label)
        if not m:
            self.problem("a line anchor #%s on [%s] names nothing to find the line by" % (anchor, label))
            return anchor
        line = definition_line(m.group(1), os.path.join(ROOT, self.dir, path))
        if line is None:
            self.problem("%s is not defined in %s" % (m.group(1), path))
            return anchor
        return "L%d" % line

    def relink(self, text):
        def fix(m):
            label, target = m.group(1), m.group(2)
            if re.match(r"[a-z]+:|#", target):
                return m.group(0)
            path, _, anchor = target.partition("#")
            if not os.path.exists(os.path.join(ROOT, self.dir, path)):
                new = self.moved(path)
                if new is None:
                    self.problem("broken link (%s)" % target)
                    return m.group(0)
                path = new
            if re.match(r"L\d+$", anchor):
                anchor = self.anchored(label, path, anchor)
            return "[%s](%s%s)" % (label, path, "#" + anchor if anchor else "")
        return LINK.sub(fix, text)

    # ---- 4. README's map of files ----------------------------------------
    def map_rows(self, text):
        """README's map of files, with a row added (write mode) or a problem
        reported (--check) for each file it should link and does not."""
        start = text.find("\n" + MAP_HEADING)
        if start < 0:
            self.problem("no section '%s'" % MAP_HEADING)
            return text
        end = text.find("\n## ", start + 1)
        end = end if end > 0 else len(text)
        lines = text[start:end].split("\n")
        linked = {os.path.normpath(m.group(2).split("#")[0]) for m in LINK.finditer(text[start:end])}
        for entry in required_map_entries():
            if entry in linked:
                continue
            if self.check:
                self.problem("the map of files has no row for %s (tools/capture_docs.sh adds one)" % entry)
                continue
            rows = [i for i, l in enumerate(lines) if l.startswith("| ")]
            near = [i for i in rows if "](%s/" % os.path.dirname(entry) in lines[i]] or rows
            name = entry + ("/" if os.path.isdir(os.path.join(ROOT, entry)) else "")
            lines.insert(near[-1] + 1, "| [`%s`](%s) | %s |" % (name, name, opening_line(entry)))
            self.notes.append("%s: added a row for %s to the map of files; check its text" % (self.path, entry))
        return text[:start] + "\n".join(lines) + text[end:]

    # ---- 5. figures in prose ---------------------------------------------
    def revalue(self, text):
        def fix(m):
            source, sep, spec, shown = m.groups()
            value = self.value(source, sep, spec, shown)
            return "<!-- value %s%s%s -->%s<!-- /value -->" % (source, sep, spec, value)
        return VALUE.sub(fix, text)

    def value(self, source, sep, spec, shown):
        """The figure a value marker should show, or shown (and a problem) when its source fails."""
        m = re.match(r"^/(.*)/$", spec)
        if sep == ": " and not m:
            number = evaluate(spec, source)
            if isinstance(number, str):
                self.problem("value %s: %s" % (source, number))
                return shown
            return "{:,}".format(number) if "," in shown else str(number)
        if not m:
            self.problem("value %s %s: want FILE: EXPR or SOURCE /REGEX/" % (source, spec))
            return shown
        path = os.path.join(ROOT, source)
        if not os.path.isfile(path):
            path = os.path.join(self.outputs, source + ".out")
        if not os.path.isfile(path):
            self.problem("value %s: no such file or boot" % source)
            return shown
        for line in open(path).read().splitlines():
            found = re.search(m.group(1), line)
            if found:
                v = found.group(1)
                return "{:,}".format(int(v)) if "," in shown and v.isdigit() else v
        self.problem("value %s: no line matches /%s/" % (source, m.group(1)))
        return shown

    def refresh(self):
        old = open(os.path.join(ROOT, self.path)).read()
        text = self.recapture(old)
        new, last = [], 0
        for m in PROTECTED.finditer(text):  # links and values only in the prose between code
            new += [self.relink(self.revalue(text[last:m.start()])), m.group(0)]
            last = m.end()
        new = "".join(new) + self.relink(self.revalue(text[last:]))
        if self.path == "README.md":
            new = self.map_rows(new)
        return old, new


# What moves when code moves: an address in the kernel image or its stack
# (1 MB up to the kernel pool's end at 4 MB; frame numbers, with five hex
# digits, are left alone), a source line number, and the general registers
# of a register dump (what the compiler left in them: a test added
# elsewhere changes ESI and EDI).  --check compares
# captured listings without them, so a test or a program added elsewhere
# does not make a page stale; a refresh still writes them as they are.
MOVING_ADDR = re.compile(r"\b0x(00)?(1[0-9a-f]{5}|[23][0-9a-f]{5})\b")
MOVING_LINE = re.compile(r"(\.(?:c|h|asm|S)):\d+\b")
MOVING_REG = re.compile(r"\b(E[ABCD]X|E[SD]I|E[BS]P|EIP) 0x[0-9a-f]{8}\b")


def without_moving(text):
    """text with every capture block's moving addresses and line numbers masked."""
    def mask(m):
        block = MOVING_REG.sub(r"\1 0xVALUE", MOVING_ADDR.sub("0xADDR", m.group(0)))
        return MOVING_LINE.sub(r"\1:LINE", block)
    return CAPTURE.sub(mask, text)


def required_map_entries():
    """What README's map must link: every top-level file and folder, every
    file of a kernel folder, and what tests/ and tools/ hold."""
    out = []
    for p in TREE:
        parts = p.split(os.sep)
        if parts[0].startswith("."):
            continue
        if len(parts) == 1 or (len(parts) == 2 and parts[0] in KERNEL_DIRS + ["tests", "tools"]):
            out.append(p)
    return out


def opening_line(entry):
    """What a file says it is on its first lines ("x.c - what it is"), for a new map row."""
    path = os.path.join(ROOT, entry)
    if os.path.isdir(path):
        return "(a new folder: say what it holds)"
    head = open(path, errors="replace").read().splitlines()[:12]
    for i, line in enumerate(head):
        m = re.search(re.escape(os.path.basename(entry)) + r"[^-]*? - (.*)", line)
        if not m:
            continue
        text = m.group(1).strip()
        for more in head[i + 1:]:  # the sentence may go on for a few lines
            more = re.sub(r"^\s*(#|;|\*|//)?\s*", "", more).strip()
            if re.search(r"\.(\s|$)", text) or not more or more.startswith("*/"):
                break
            text += " " + more
        return re.split(r"\.(?:\s|$)", text)[0].strip().rstrip(":").replace("|", "\\|")
    return "(no opening comment: say what it is)"


def defines(path):
    """NAME -> expression text of every object-like #define in path, and
    every shell default ${NAME:-VALUE}."""
    out = {}
    if not os.path.isfile(path):
        return out
    for line in open(path).read().splitlines():
        m = re.match(r"^#define\s+([A-Za-z_]\w*)\s+(.*?)\s*(/\*.*)?$", line)
        if m and m.group(2):
            out[m.group(1)] = m.group(2)
        m = re.search(r"\$\{([A-Za-z_]\w*):-([0-9]+)\}", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def evaluate(expr, source):
    """The integer value of C expression expr over the #defines of source
    (and lib/mmu.h, lib/sizes.h), or a string saying why it has none."""
    if not os.path.isfile(os.path.join(ROOT, source)):
        return "no such file"
    names = {}
    for path in ["lib/sizes.h", "lib/mmu.h", source]:
        names.update(defines(os.path.join(ROOT, path)))
    text = expr
    for _ in range(20):  # expand names until only numbers are left
        new = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: "(%s)" % names[m.group(0)] if m.group(0) in names
                     else m.group(0), text)
        if new == text:
            break
        text = new
    unknown = [n for n in re.findall(r"\b[A-Za-z_]\w*\b", text) if not re.match(r"^(unsigned|long|int|0[xX].*)$", n)]
    if unknown:
        return "%s is not defined in %s, lib/mmu.h or lib/sizes.h" % (unknown[0], source)
    text = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", text).replace("/", "//")
    text = re.sub(r"\(\s*(unsigned\s+)?(long|int)\s*\)", "", text)
    if not re.match(r"^[\s0-9a-fA-FxX()+\-*/<>]*$", text):
        return "%s is not a number made of #defines (%s)" % (expr, text)
    try:
        return int(eval(text, {"__builtins__": {}}))
    except Exception as e:  # a syntax error or a division by zero: say which expression
        return "%s does not evaluate (%s)" % (expr, e)


def definition_line(name, path):
    """The line where name is defined in path (1-based), or None."""
    if not os.path.isfile(path):
        return None
    src = open(path).read().splitlines()
    patterns = [
        r"^(?![\s#/*]).*\b%s\s*\((?!.*;\s*$)" % name,  # a C function definition
        r"^(?![\s#/*]).*\b%s\s*\(" % name,             # a prototype
        r"^\s*(struct|enum|union)\s+%s\b.*\{" % name,
        r"^#define\s+%s\b" % name,
        r"^%s:" % name, r"^\s*(def|class)\s+%s\b" % name, r"^%s\(\)\s*\{" % name,
        r"^[A-Z_]+\(%s\b" % name,                    # KTEST(name), KTEST_DEATH(name, ...)
        r"^(?![\s#/*]).*\b%s\b.*[;=]" % name,          # a global variable
    ]
    for pattern in patterns:
        for i, line in enumerate(src):
            if re.search(pattern, line):
                return i + 1
    return None


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit("usage: capture_docs.py OUTPUTS [--check]")
    outputs, check = os.path.abspath(argv[0]), "--check" in argv[1:]
    pages = sorted("docs/" + n for n in os.listdir(os.path.join(ROOT, "docs")) if n.endswith(".md"))
    stale, problems, notes = [], [], []
    for path in pages + ["README.md"]:
        page = Page(path, outputs, check)
        old, new = page.refresh()
        problems += page.problems
        notes += page.notes
        if new != old and check and without_moving(new) == without_moving(old):
            notes.append("%s: only addresses or line numbers moved in its listings" % path)
        elif new != old:
            stale.append(path)
            if check:  # say what changed, so a failing make test shows it
                diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), path, "fresh", n=0,
                                                 lineterm=""))
                print("\n".join(diff[:40] + (["..."] if len(diff) > 40 else [])))
            else:
                open(os.path.join(ROOT, path), "w").write(new)
    for p in problems:
        print("capture_docs: " + p)
    if check:
        if stale:
            print("capture_docs: out of date (run tools/capture_docs.sh): " + ", ".join(stale))
        for n in notes:
            print("capture_docs: note: " + n)
        print("capture_docs: " + ("%d problem(s)" % len(problems) if problems else
                                  "the pages are up to date" if not stale else "FAIL"))
        return 1 if stale or problems else 0
    for path in stale:
        print("capture_docs: rewrote " + path)
    for n in notes:
        print("capture_docs: " + n)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
