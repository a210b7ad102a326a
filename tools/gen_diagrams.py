#!/usr/bin/env python3
"""gen_diagrams.py - draw the docs/ walkthrough's diagrams as SVG files.

    tools/gen_diagrams.py            write docs/*.svg
    tools/gen_diagrams.py --check    exit 1 when a file in docs/ is not what
                                     this script would write now

Why hand-written SVG from a script: the diagrams are part of the source.
They are regenerated, reviewed and diffed like code, never pasted as
screenshots, and need nothing but Python 3 (no graphviz, no fonts: the
text uses the viewer's sans-serif and monospace).  Each diagram is one
function below built from a few primitives (box, arrow, text); the output
is deterministic, so a regeneration that changes nothing changes no byte.
Every address and name drawn here is one the kernel uses (mmu.h,
cont_frame_pool.c, page_fault.c, vm_pool.c, shm.c, buddy_pool.c).
"""
import math
import os
import sys

DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")

# Colours, one per kind of memory, the same in every diagram.
KERNEL = "#cfe2f3"
POOL = "#d9ead3"
SHM = "#fff2cc"
SCRATCH = "#fce5cd"
WINDOW = "#ead1dc"
HOLE = "#d9d9d9"
FREE = "#ffffff"
USED = "#93c47d"
HEAD = "#38761d"
CPU = "#e6e0f8"
BAD = "#f4cccc"
INK = "#222222"
MUTED = "#666666"
CHAR_W = 7.8  # px per character of 13 px monospace, for sizing boxes


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Svg:
    """A drawing: primitives append SVG elements; render() gives the file."""

    def __init__(self, width, height, title):
        self.width, self.height, self.title = width, height, title
        self.parts = []

    def rect(self, x, y, w, h, fill=FREE, stroke=INK, rx=3, dash=False, width=1.2):
        style = ' stroke-dasharray="5,4"' if dash else ""
        self.parts.append('<rect x="%g" y="%g" width="%g" height="%g" rx="%g" fill="%s" stroke="%s" '
                          'stroke-width="%g"%s/>' % (x, y, w, h, rx, fill, stroke, width, style))

    def text(self, x, y, s, size=13, anchor="middle", mono=False, bold=False, fill=INK, italic=False):
        family = "monospace" if mono else "sans-serif"
        extra = (' font-weight="bold"' if bold else "") + (' font-style="italic"' if italic else "")
        self.parts.append('<text x="%g" y="%g" font-family="%s" font-size="%g" text-anchor="%s" '
                          'fill="%s"%s>%s</text>' % (x, y, family, size, anchor, fill, extra, esc(s)))

    def lines(self, x, y, rows, size=13, anchor="middle", mono=False, bold_first=False, gap=None):
        """Several text rows starting at baseline y."""
        gap = gap or size + 4
        for i, row in enumerate(rows):
            self.text(x, y + i * gap, row, size, anchor, mono, bold_first and i == 0)

    def box(self, x, y, w, h, rows, fill=FREE, size=13, mono=False, bold_first=False, dash=False):
        """A rectangle with its rows of text centred in it."""
        self.rect(x, y, w, h, fill, dash=dash)
        gap = size + 4
        top = y + h / 2 - (len(rows) - 1) * gap / 2 + size * 0.35
        self.lines(x + w / 2, top, rows, size, "middle", mono, bold_first, gap)

    def line(self, points, dash=False, color=INK):
        """A polyline without a head."""
        style = ' stroke-dasharray="5,4"' if dash else ""
        self.parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"%s/>'
                          % (" ".join("%g,%g" % p for p in points), color, style))

    def arrow(self, points, label=None, dash=False, color=INK, label_at=None, anchor="start"):
        """A polyline ending in an arrowhead; label near label_at (or the middle).
        The head is a drawn triangle, not a marker, so every renderer shows it."""
        pts = " ".join("%g,%g" % p for p in points)
        style = ' stroke-dasharray="5,4"' if dash else ""
        self.parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"%s/>'
                          % (pts, color, style))
        (x1, y1), (x2, y2) = points[-2], points[-1]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        head = [(x2, y2), (x2 - 9 * ux + 4 * uy, y2 - 9 * uy - 4 * ux), (x2 - 9 * ux - 4 * uy, y2 - 9 * uy + 4 * ux)]
        self.parts.append('<polygon points="%s" fill="%s"/>' % (" ".join("%g,%g" % p for p in head), color))
        if label:
            lx, ly = label_at or ((points[0][0] + points[-1][0]) / 2 + 6, (points[0][1] + points[-1][1]) / 2)
            self.text(lx, ly, label, 12, anchor, fill=color if color != INK else MUTED)

    def render(self):
        head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">\n'
                "<title>%s</title>\n"
                '<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>\n'
                % (self.width, self.height, self.width, self.height, esc(self.title), self.width, self.height))
        return head + "\n".join(self.parts) + "\n</svg>\n"


def text_width(s, size=13):
    return len(s) * CHAR_W * size / 13


# ---- the memory layout ------------------------------------------------------
PHYSICAL = [  # (address label, rows, fill, height)
    ("0x00000000", ["BIOS data, VGA text buffer (0xB8000)"], HOLE, 40),
    ("0x00100000", ["kernel image (text read-only),", "stack and its unmapped guard page"], KERNEL, 52),
    ("0x00200000", ["kernel_mem_pool: bitmaps,", "shm frame lists, buddy maps"], KERNEL, 52),
    ("0x00400000", ["process_mem_pool: directories,", "page tables, demand-zero pages"], POOL, 76),
    ("0x00F00000", ["15-16 MB hole (inaccessible)"], HOLE, 36),
    ("0x01000000", ["process_mem_pool (continued)"], POOL, 76),
]
VIRTUAL = [
    ("0x00000000", ["page 0: never mapped (NULL)"], HOLE, 32),
    ("0x00001000", ["shared 4 MB, identity-mapped:", "one page table in every space"], KERNEL, 64),
    ("0x00400000", ["VM pools, backed on demand", "(code_pool 512 MB, heap_pool 1 GB)"], POOL, 100),
    ("0xF7800000", ["shared-memory area (128 MB)"], SHM, 40),
    ("0xFF800000", ["scratch window, PDE 1022 (kmap)"], SCRATCH, 40),
    ("0xFFC00000", ["recursive window, PDE 1023:", "page tables; directory at 0xFFFFF000"], WINDOW, 64),
]


def column(svg, x, y, width, bands, end_label, labels_right=False):
    """Stack bands downwards from y; returns {first address: (top, bottom)}."""
    spans = {}
    lx, anchor = (x + width + 8, "start") if labels_right else (x - 8, "end")
    for addr, rows, fill, height in bands:
        svg.box(x, y, width, height, rows, fill, size=12)
        svg.text(lx, y + 12, addr, 12, anchor, mono=True)
        spans[addr] = (y, y + height)
        y += height
    svg.text(lx, y + 4, end_label, 12, anchor, mono=True)
    return spans


def diagram_layout():
    svg = Svg(920, 470, "selfmap's physical memory and the virtual layout of every address space")
    end_label = "32 MB or end of RAM"
    px = 16 + text_width(end_label, 12)  # room for the longest label left of the column
    svg.text(px + 118, 28, "physical memory (MP4's layout)", 15, bold=True)
    svg.text(685, 28, "virtual memory (every address space)", 15, bold=True)
    phys = column(svg, px, 50, 236, PHYSICAL, end_label)
    virt = column(svg, 560, 50, 250, VIRTUAL, "0xFFFFFFFF", labels_right=True)
    mid = lambda span: (span[0] + span[1]) / 2
    links = [  # (from virtual band, dy, to physical band, dy, label)
        ("0x00001000", -10, "0x00100000", 0, "identity map"),
        ("0x00001000", 14, "0x00200000", 0, "direct-mapped"),
        ("0x00400000", 0, "0x00400000", 0, "demand-zero pages"),
        ("0xF7800000", 0, "0x01000000", -14, "segment frames"),
        ("0xFFC00000", 0, "0x01000000", 14, "the tables themselves"),
    ]
    for vband, vdy, pband, pdy, label in links:
        y1, y2 = mid(virt[vband]) + vdy, mid(phys[pband]) + pdy
        svg.arrow([(558, y1), (px + 238, y2)])
        svg.text((558 + px + 238) / 2, (y1 + y2) / 2 - 9, label, 12, fill=MUTED)
    svg.text(460, 455, "not to scale; mmu.h has the same picture in ASCII", 12, italic=True, fill=MUTED)
    return svg


# ---- frame pool bitmaps -----------------------------------------------------
FRAME_ROW = "IHAAHFFHAFFIIFFF"  # I inaccessible, H head, A allocated, F free
STATE_FILL = {"I": HOLE, "H": HEAD, "A": USED, "F": FREE}
STATE_BITS = {"F": (0, 0), "A": (1, 0), "H": (1, 1), "I": (0, 1)}


def diagram_frame_pool():
    svg = Svg(860, 320, "A contiguous frame pool: two bits a frame, in two bitmaps")
    x0, cell = 150, 40
    svg.text(430, 26, "cont_frame_pool: every frame is free, allocated, head of a sequence or inaccessible",
             14, bold=True)
    for i, st in enumerate(FRAME_ROW):
        x = x0 + i * cell
        svg.rect(x, 50, cell, 40, STATE_FILL[st], rx=0)
        svg.text(x + cell / 2, 75, st, 14, mono=True, bold=True, fill="#ffffff" if st == "H" else INK)
        svg.text(x + cell / 2, 44, str(i), 11, mono=True, fill=MUTED)
        used, tag = STATE_BITS[st]
        svg.rect(x, 110, cell, 28, "#f3f3f3", rx=0)
        svg.text(x + cell / 2, 129, str(used), 13, mono=True)
        svg.rect(x, 146, cell, 28, "#f3f3f3", rx=0)
        svg.text(x + cell / 2, 165, str(tag), 13, mono=True)
    svg.text(x0 - 10, 75, "frames", 13, "end")
    svg.text(x0 - 10, 129, "used bit", 13, "end", mono=True)
    svg.text(x0 - 10, 165, "tag bit", 13, "end", mono=True)
    legend = [("F", "free: used 0, tag 0"), ("A", "allocated: used 1, tag 0"),
              ("H", "head of a sequence: used 1, tag 1"), ("I", "inaccessible: used 0, tag 1")]
    for i, (st, what) in enumerate(legend):
        x, y = 40 + (i % 2) * 400, 200 + (i // 2) * 34
        svg.rect(x, y, 26, 24, STATE_FILL[st], rx=0)
        svg.text(x + 13, y + 17, st, 13, mono=True, bold=True, fill="#ffffff" if st == "H" else INK)
        svg.text(x + 36, y + 17, what, 13, "start")
    svg.lines(430, 282, ["free frames are ~(used | tag): one 32-bit word tests 32 frames at once;",
                         "release_frames(head) frees the head and the allocated (used 1, tag 0) frames after it"], 13)
    return svg


# ---- recursive paging ---------------------------------------------------------
def address_bar(svg, x, y, fields):
    """The 32 bits of an address as labelled fields: (text, bits, note)."""
    scale = 17
    bit = 31
    for text, bits, note, fill in fields:
        w = bits * scale
        svg.rect(x, y, w, 36, fill, rx=0)
        svg.text(x + w / 2, y + 23, text, 15, mono=True, bold=True)
        svg.text(x + 2, y - 5, str(bit), 10, "start", mono=True, fill=MUTED)
        svg.text(x + w / 2, y + 54, note, 12, fill=MUTED)
        x += w
        bit -= bits
    return x


BOX_W, ROW_H = 200, 28


def page_box(svg, x, y, title, rows, highlight, fill):
    """A 4 KB page drawn as a column of entries, one highlighted."""
    svg.text(x + BOX_W / 2, y - 10, title, 13, bold=True)
    svg.rect(x, y, BOX_W, 10 + ROW_H * len(rows), fill, rx=0)
    for i, row in enumerate(rows):
        ry = y + 10 + i * ROW_H
        hit = i == highlight
        svg.rect(x + 10, ry, BOX_W - 20, 22, "#ffe599" if hit else "#ffffff", rx=0, width=1.5 if hit else 0.8)
        svg.text(x + BOX_W / 2, ry + 15, row, 12, mono=True, bold=hit)


def row_y(top, row):
    return top + 10 + row * ROW_H + 11


def diagram_recursive(form):
    """form "dir": 1023|1023|X|00, the PDEs; form "table": 1023|X|Y|00, the PTEs."""
    is_dir = form == "dir"
    title = ("1023 | 1023 | X | 00: the directory entry X" if is_dir
             else "1023 | X | Y | 00: entry Y of page table X")
    svg = Svg(940, 420, title)
    svg.text(470, 26, ("0xFFFFF000 + 4*X reads PDE X of the loaded directory (pde_for)" if is_dir
                       else "0xFFC00000 + 4096*X + 4*Y reads PTE Y of page table X (pte_for, page_table_window)"),
             15, bold=True)
    fields = [("1023", 10, "directory index", WINDOW),
              ("1023" if is_dir else "X", 10, "table index", WINDOW if is_dir else POOL),
              ("X" if is_dir else "Y", 10, "offset: entry " + ("X" if is_dir else "Y") + " * 4", POOL),
              ("00", 2, "", HOLE)]
    address_bar(svg, 166, 56, fields)
    top, xs = 160, (110, 410, 710)
    svg.box(10, row_y(top, 4) - 20, 70, 40, ["CR3"], CPU, 14, mono=True)
    svg.text(45, row_y(top, 4) + 36, "frame D", 12, mono=True, fill=MUTED)
    dir_rows = ["0: shared 4 MB", "...", "X: table X" if not is_dir else "X: PDE X", "1022: scratch", "1023: D (self)"]
    page_box(svg, xs[0], top, "directory D", dir_rows, 4, WINDOW)
    if is_dir:
        second = ("D, walked as a page table", ["0: ...", "...", "...", "1022: ...", "1023: D (self)"], 4, WINDOW)
        third = ("D, as the data page", ["byte 0: PDE 0", "...", "byte 4*X: PDE X", "...", "byte 4092: PDE 1023"],
                 2, WINDOW)
    else:
        second = ("D, walked as a page table", ["0: ...", "...", "X: table X", "1022: ...", "1023: ..."], 2, WINDOW)
        third = ("page table X, as the data page", ["byte 0: PTE 0", "...", "byte 4*Y: PTE Y", "...",
                                                    "byte 4092: PTE 1023"], 2, POOL)
    page_box(svg, xs[1], top, *second)
    page_box(svg, xs[2], top, *third)
    svg.arrow([(80, row_y(top, 4)), (xs[0] - 2, row_y(top, 4))])
    for (x, row, label) in ((xs[0], 4, "index 1023"), (xs[1], second[2], "index " + ("1023" if is_dir else "X"))):
        svg.arrow([(x + BOX_W - 10, row_y(top, row)), (x + 300 - 2, row_y(top, row))])
        svg.text(x + BOX_W + 50, row_y(top, row) - 8, label, 12, fill=MUTED)
    svg.lines(470, 340, [
        "The MMU always walks directory, then table, then page.  Entry 1023 of every directory points at",
        "the directory itself, so a walk that starts with index 1023 spends one level going back to D:",
        ("two 1023s land on D as the data page, whose words are the PDEs." if is_dir
         else "one 1023 lands on D as a page table, so the next index X picks page table X as the data page."),
        "No page table needs a mapping of its own: the kernel edits them with plain loads and stores."], 13)
    return svg


# ---- the page-fault path ------------------------------------------------------
def diagram_fault_path():
    svg = Svg(960, 820, "The page-fault path, from the CPU to the handler and back")
    x, w = 200, 560
    steps = [
        (["an instruction touches va; the MMU finds its PDE or PTE not present"], CPU),
        (["CPU: exception 14.  CR2 = va; pushes EFLAGS, CS, EIP and an error code",
          "(bits: present, write, user)"], CPU),
        (["IDT gate 14, an interrupt gate (interrupts off) -> isr_stub_14",
          "interrupts/idt.c, interrupts/isr.asm"], KERNEL),
        (["common_stub: pusha and the segment registers make a struct regs;",
          "call interrupt_handlers[14]"], KERNEL),
        (["page_table_handle_fault(regs): va = CR2", "page_fault.c"], POOL),
        (["classify(): exactly one named result, tested in order:",
          "present bit? VM area? page 0? shared 4 MB? windows? shm area?"], POOL),
    ]
    y, spans = 20, []
    for rows, fill in steps:
        h = 22 + 18 * len(rows)
        svg.box(x, y, w, h, rows, fill, 13)
        if spans:
            svg.arrow([(x + w / 2, spans[-1][1]), (x + w / 2, y - 1)])
        spans.append((y, y + h))
        y += h + 24
    fault_outcomes(svg, x, w, spans)
    return svg


def fault_outcomes(svg, x, w, spans):
    """The three outcomes of classify(), and the way back to the instruction."""
    classify_bottom, row_top = spans[-1][1], spans[-1][1] + 60
    branches = [  # (x, width, rows, fill, label)
        (20, 330, ["FAULT_RESOLVED", "page_table_back_page: a frame from the", "frame source, its PTE written through",
                   "the recursive window, the page zeroed"], POOL, "legitimate address"),
        (370, 250, ["shm area", "shm_handle_fault maps the", "segment's own frame again"], SHM, "in an open segment"),
        (640, 300, ["any other result", "report(): the cause in words", "(NULL pointer, illegitimate address,",
                    "protection, out of memory, ...)", "-> exception_report -> fatal_end:",
                    "halt, or a death test's verdict"], BAD, "not legitimate"),
    ]
    for bx, bw, rows, fill, label in branches:
        h = 22 + 18 * len(rows)
        svg.box(bx, row_top, bw, h, rows, fill, 13, bold_first=True)
        svg.arrow([(x + w / 2, classify_bottom), (bx + bw / 2, row_top - 1)])
        svg.text(bx + bw / 2, row_top - 8, label, 12, fill=MUTED, italic=True)
    ret_top = row_top + 22 + 18 * 4 + 30
    svg.box(20, ret_top, 600, 44, ["return; common_stub pops struct regs; iret"], KERNEL, 13)
    svg.arrow([(185, row_top + 94), (185, ret_top - 1)])
    svg.arrow([(495, row_top + 76), (495, ret_top - 1)])
    again_top = ret_top + 70
    svg.box(20, again_top, 600, 44, ["the same instruction runs again and now finds the page"], CPU, 13)
    svg.arrow([(320, ret_top + 44), (320, again_top - 1)])
    svg.arrow([(20, again_top + 22), (8, again_top + 22), (8, spans[0][0] + 20), (x - 1, spans[0][0] + 20)])
    svg.text(14, (again_top + spans[0][0]) / 2, "retry", 12, "start", fill=MUTED, italic=True)
    svg.lines(480, again_top + 76, ["nothing is printed on the success path; a fault inside the handler is "
                                    "reported as nested, never looped"], 12)


# ---- a VM pool ---------------------------------------------------------------------
def region_map(svg, page):
    """region_pages[], one cell per usable page, under the pages it describes."""
    row_y, values = 170, ["3", "0", "0", "0", "0", "5"] + ["0"] * 12 + ["..."]
    for i, v in enumerate(values):
        svg.rect(280 + i * page, row_y, page, 26, "#fff8ee", rx=0)
        svg.text(280 + (i + 0.5) * page, row_y + 18, v, 12, mono=True, bold=v not in ("0", "..."))
    svg.arrow([(260, 106), (260, row_y + 13), (278, row_y + 13)], dash=True, color=MUTED)
    for i in (0, 5):
        svg.arrow([(280 + (i + 0.5) * page, row_y), (280 + (i + 0.5) * page, 106)], color=MUTED)
    svg.lines(40, row_y + 50, ["region_pages[]: for each usable", "page, the length of the live region",
                                "that starts there, or 0; release", "finds its region's length in O(1)"],
              12, "start", gap=15)  # left of the tree's dashed lines, which must not cross it
    return row_y


def diagram_vm_pool():
    svg = Svg(900, 470, "A VM pool: bookkeeping at its base, a tree of free extents, a map of region starts")
    svg.text(450, 26, "vm_pool: bookkeeping at the base, then live regions and free extents tiling the rest",
             15, bold=True)
    page = 30  # px per usable page, so the region map lines up with the pages it describes
    svg.box(40, 60, 120, 44, ["extent slots"], SCRATCH, 13)
    svg.box(160, 60, 120, 44, ["region map"], SCRATCH, 13)
    segs = [(["live", "3 pages"], 3, USED), (["free", "2 pages"], 2, FREE), (["live", "5 pages"], 5, USED),
            (["free, the rest"], 9, FREE)]
    x, starts = 280, []
    for rows, pages, fill in segs:
        svg.box(x, 60, pages * page, 44, rows, fill, 12)
        starts.append(x)
        x += pages * page
    svg.text(40, 52, "base", 12, "start", mono=True)
    svg.text(280, 52, "usable start", 12, "middle", mono=True)
    svg.text(x, 52, "base + size", 12, "end", mono=True)
    svg.text(150, 124, "bookkeeping (meta_pages)", 12, fill=MUTED)
    map_y = region_map(svg, page)
    root = (starts[1] + page, 300)
    child = (starts[3] + 4.5 * page, 370)
    for (nx, ny), rows in ((root, ["free, 2 pages", "max_free: the rest"]),
                           (child, ["free, the rest", "max_free: the rest"])):
        svg.line([(nx, ny - 22), (nx, map_y + 26)], dash=True, color=MUTED)  # passes under the map
        svg.arrow([(nx, map_y), (nx, 106)], dash=True, color=MUTED)
        svg.box(nx - 75, ny - 22, 150, 44, rows, FREE, 12)
    svg.arrow([(root[0] + 40, root[1] + 22), (child[0] - 20, child[1] - 23)])
    svg.lines(40, 290, ["AVL tree of the free extents only,", "keyed by start address; its", "nodes live in the extent slots"],
              12, "start")
    svg.lines(450, 425, ["max_free is the largest free extent in a subtree, so first fit walks down one path: O(log n).",
                         "Legitimate: anything in the usable range outside a free extent, and bookkeeping pages in use."],
              12)
    return svg


# ---- shared memory -------------------------------------------------------------
def diagram_shm():
    svg = Svg(900, 400, "Shared memory: one segment's frames mapped into two address spaces")
    svg.text(450, 26, "shm_open(7, 8192) in two address spaces: the same two frames, at different addresses", 15,
             bold=True)
    spaces = ((40, "address space A", "0xF7800000", ["seg 7 page 0", "seg 7 page 1", "guard"]),
              (660, "address space B", "0xF7802000", ["seg 9 page 0", "guard", "seg 7 page 0", "seg 7 page 1",
                                                      "guard"]))
    frames = {"seg 7 page 0": 125, "seg 7 page 1": 185}  # the frame boxes' centres
    svg.box(380, 105, 140, 40, ["frame f1"], POOL, 13, mono=True)
    svg.box(380, 165, 140, 40, ["frame f2"], POOL, 13, mono=True)
    svg.text(450, 96, "from the frame source", 12, fill=MUTED)
    for x, name, base, pages in spaces:
        svg.text(x + 100, 60, name, 14, bold=True)
        svg.text(x + 100, 78, "shm area from 0xF7800000", 12, mono=True, fill=MUTED)
        for i, row in enumerate(pages):
            y = 90 + i * 34
            fill = SHM if row.startswith("seg 7") else (FREE if row == "guard" else "#fffbe6")
            svg.box(x, y, 200, 30, [row], fill, 12, mono=True, dash=row == "guard")
            if row in frames:
                edge = x + 200 if x < 380 else x
                svg.arrow([(edge, y + 15), (382 if x < 380 else 518, frames[row])], color=MUTED)
        svg.text(x + 100, 90 + len(pages) * 34 + 18, "seg 7 at " + base, 12, mono=True)
    svg.text(310, 100, "PTE_SHARED", 11, mono=True, fill=MUTED)
    svg.text(590, 150, "PTE_SHARED", 11, mono=True, fill=MUTED)
    svg.box(320, 250, 260, 70, ["segments[s], in kernel memory", "id 7, pages 2, refs 2",
                                "frame list (a kernel_mem_pool frame): [f1, f2]"], KERNEL, 12, bold_first=True)
    svg.arrow([(450, 250), (450, 207)], "frames[i]", label_at=(458, 234))
    svg.lines(450, 354, ["free_page and page_table_destroy skip PTE_SHARED frames: they belong to the segment,",
                         "which gives them back only when the last address space closes it (refs drops to 0)"], 12)
    return svg


# ---- buddy against contiguous ------------------------------------------------------
def diagram_buddy():
    svg = Svg(900, 470, "Buddy blocks against a contiguous bitmap")
    svg.text(450, 26, "contiguous pool: any run of frames, found by scanning the bitmap", 15, bold=True)
    row = "HAAF" "FHFF" "HAAA" "FFFF" "FFFH" "AFFF" "HFFF" "FFFF"
    x0, cell = 98, 22
    for i, st in enumerate(row):
        svg.rect(x0 + i * cell, 46, cell, 30, STATE_FILL[st], rx=0)
    first = row.index("FFF")
    svg.rect(x0 + first * cell, 42, 3 * cell, 38, "none", stroke="#cc0000", rx=0, width=2)
    svg.text(x0 + (first + 1.5) * cell, 98, "get_frames(3): the first run of 3 free frames", 12, fill="#cc0000")
    svg.lines(450, 126, ["exact sizes, any alignment; release_frames(head) frees the head and the frames after it,",
                         "but scattered frees can leave many free frames and no run long enough"], 12)
    svg.text(450, 190, "buddy pool: blocks of 2^k frames, aligned to their size", 15, bold=True)
    width = 16 * cell * 2  # 16 frames drawn twice as wide
    blocks = [  # (order, first frame, frames, label, fill)
        (4, 0, 16, "16 frames: split", HOLE),
        (3, 0, 8, "8: split", HOLE), (3, 8, 8, "8: free block of order 3", FREE),
        (2, 0, 4, "4: allocated", USED), (2, 4, 4, "4: free, order 2", FREE),
    ]
    unit = width / 16
    for order, first, frames, label, fill in blocks:
        y = 206 + (4 - order) * 44
        svg.box(x0 + first * unit, y, frames * unit, 32, [label], fill, 12)
        svg.text(x0 + width + 16, y + 21, "order %d" % order, 12, "start", mono=True, fill=MUTED)
    frames_y = 206 + 3 * 44 + 10
    for f in range(16):
        fill = USED if f < 3 else (BAD if f == 3 else FREE)
        svg.rect(x0 + f * unit, frames_y, unit, 26, fill, rx=0)
        svg.text(x0 + (f + 0.5) * unit, frames_y + 18, str(f), 11, mono=True, fill=MUTED)
    svg.text(x0 + 3.5 * unit, frames_y + 44, "frame 3: rounding waste", 12, fill="#cc0000")
    svg.lines(450, frames_y + 84, [
        "alloc_pages(3) rounds up to 4 frames: it splits 16 -> 8 + 8 -> 4 + 4 and hands out the lower block of 4;",
        "free_pages(0, 4) merges it with its buddy, block 0 XOR 4 = 4, and on up while each buddy is free"], 12)
    return svg


# ---- the layers ----------------------------------------------------------------
def wrap(words, width):
    rows, row = [], ""
    for w in words:
        if row and len(row) + 1 + len(w) > width:
            rows.append(row)
            row = w
        else:
            row = (row + " " + w).strip()
    return rows + [row] if row else rows


def layer_boxes(mods, counts, rank):
    """[(layer, rows, height)] top layer first, and the edges (a, b, n) in lane
    order: short spans nearest the boxes."""
    order = sorted(mods, key=lambda l: (-rank[l], l))
    row_of = {l: i for i, l in enumerate(order)}
    edges = sorted(((a, b, n) for (a, b), n in counts.items() if a in row_of and b in row_of),
                   key=lambda e: (abs(row_of[e[0]] - row_of[e[1]]), row_of[e[0]], row_of[e[1]]))
    boxes = []
    for l in order:
        rows = wrap([m.split("/")[-1] if l != "core" else m for m in mods[l]], 56)
        ports = max(sum(1 for e in edges[side::2] if l in e[:2]) for side in (0, 1))
        boxes.append((l, rows, max(58 + 15 * len(rows), 16 + 11 * ports)))
    return boxes, edges


def layer_ports(edges, span, side):
    """{edge index: (out y, in y)} for the edges on one side: the outermost lane
    leaves its box from the highest port and enters its target at the lowest,
    so no edge crosses another where it meets a box."""
    ports, out_next, in_next = {}, {}, {}
    mine = list(range(side, len(edges), 2))
    for i in reversed(mine):  # outer lanes first: top out ports
        a = edges[i][0]
        out_next[a] = out_next.get(a, span[a][0] + 9)
        ports[i] = [out_next[a], None]
        out_next[a] += 11
    for i in mine:  # inner lanes first: top in ports of the lower half
        b = edges[i][1]
        in_next.setdefault(b, span[b][1] - 8 - 11 * (sum(1 for j in mine if edges[j][1] == b) - 1))
        ports[i][1] = in_next[b]
        in_next[b] += 11
    return ports


def diagram_layers():
    """The folders as boxes, ranked bottom up, and the include edges between
    them with their counts, computed from the code (tools/include_graph.py).
    Edges alternate between the two sides of the boxes, short spans nearest."""
    import include_graph as ig
    mods, counts = ig.layer_modules(), ig.layer_counts()
    boxes, edges = layer_boxes(mods, counts, ig.RANK)
    lane_gap, bw, gap = 30, 440, 24
    lanes = (len(edges) + 1) // 2
    bx = 30 + lanes * lane_gap
    height = 60 + sum(h + gap for _, _, h in boxes) + 60
    svg = Svg(2 * bx + bw, height, "selfmap's layers: the folders and the includes between them")
    svg.text(svg.width / 2, 26, "selfmap's layers: a folder includes only folders below it", 15, bold=True)
    y, span = 48, {}
    for l, rows, h in boxes:
        svg.rect(bx, y, bw, h, {"top": CPU, "core": POOL, "lib": KERNEL}.get(l, FREE))
        svg.text(bx + 10, y + 18, "%s/" % l if l not in ("core", "top") else l, 14, "start", bold=True)
        svg.text(bx + bw - 10, y + 18, "rank %d" % ig.RANK[l], 12, "end", fill=MUTED)
        svg.text(bx + 10, y + 35, ig.NOTES.get(l, ""), 12, "start", fill=MUTED)
        svg.lines(bx + 10, y + 51, rows, 12, "start", mono=True, gap=15)
        span[l] = (y, y + h)
        y += h + gap
    for side in (0, 1):
        edge_x = bx + bw if side else bx
        for i, (y1, y2) in layer_ports(edges, span, side).items():
            a, b, n = edges[i]
            up = ig.RANK[a] < ig.RANK[b]
            x = edge_x + (1 if side else -1) * (i // 2 + 1) * lane_gap
            color = "#cc0000" if up else INK
            svg.arrow([(edge_x, y1), (x, y1), (x, y2), (edge_x + (2 if side else -2), y2)], color=color)
            svg.text(x + (4 if side else -4), (y1 + y2) / 2 + 4, str(n), 12, "start" if side else "end",
                     fill=color if up else MUTED)
    svg.lines(svg.width / 2, height - 44, [
        "An arrow from A to B: files of A include headers of B; its number counts those module pairs (a module",
        "is a .c with its .h). make test checks the rules (tools/include_graph.py check): an arrow points down",
        "only, never to a higher rank (one that does is drawn red), and no include cycle, inside a folder too."], 12)
    return svg


DIAGRAMS = {
    "layout.svg": diagram_layout,
    "frame-pool-bitmaps.svg": diagram_frame_pool,
    "recursive-directory.svg": lambda: diagram_recursive("dir"),
    "recursive-table.svg": lambda: diagram_recursive("table"),
    "fault-path.svg": diagram_fault_path,
    "vm-pool.svg": diagram_vm_pool,
    "shm.svg": diagram_shm,
    "buddy-vs-contiguous.svg": diagram_buddy,
    "layers.svg": diagram_layers,
}


def main(argv):
    check = "--check" in argv
    stale = []
    for name, draw in DIAGRAMS.items():
        path = os.path.join(DOCS, name)
        text = draw().render()
        old = open(path).read() if os.path.exists(path) else None
        if check:
            if old != text:
                stale.append(name)
        elif old != text:
            with open(path, "w") as f:
                f.write(text)
            print("gen_diagrams: wrote docs/" + name)
    if stale:
        print("gen_diagrams: out of date (run tools/gen_diagrams.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
