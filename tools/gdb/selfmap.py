# selfmap.py - gdb commands that show selfmap's memory from outside the kernel.
#
#   vmmap               the maps listing of the loaded address space
#   pagewalk ADDR       the walk of ADDR from CR3: PDE, PTE, flags, physical address
#   frames [POOL]       a frame pool's counts, map and runs (all pools without
#                       POOL; POOL is a symbol such as process_mem_pool or
#                       process_buddy_pool, or a pool's name)
#   ps                  the process list (proc/proc.c's proc_dump, line for line)
#
# tools/gdbinit sources this file, so `make debug` has the commands.
#
# Why it is built this way: the commands print exactly the lines the kernel's
# own dumps print (dump.c: dump_vm, dump_page_table, dump_frame_pool), so a
# listing can be read the same way inside and outside the kernel, and
# tests/scripts/gdb_commands.sh can check one against the other.  They read
# only: kernel structures through the debug information (current_page_table,
# the pools' trees and region maps, shm.c's segment table, the frame pools'
# bitmaps), page tables through the recursive window of the loaded address
# space, and, for pagewalk, guest physical memory through QEMU's monitor
# (`monitor xp`), which works from CR3 alone.  Nothing here calls a kernel function or writes memory.
#
# The layout constants below mirror mmu.h (gdb sees no macros without -g3); the
# gdb test compares these commands with the kernel's dumps, so a change in
# mmu.h that is not made here too fails the test.

import re

import gdb

# ---- mmu.h, mirrored --------------------------------------------------------
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PDX_SHIFT = 22
ENTRIES_PER_TABLE = 1024
TABLE_SPAN = 1 << PDX_SHIFT
SELF_MAP_PDX = ENTRIES_PER_TABLE - 1
SCRATCH_PDX = ENTRIES_PER_TABLE - 2
SHM_PAGE_TABLES = 32
SHM_FIRST_PDX = SCRATCH_PDX - SHM_PAGE_TABLES
PAGE_TABLES_VADDR = SELF_MAP_PDX << PDX_SHIFT
PAGE_DIR_VADDR = PAGE_TABLES_VADDR | (SELF_MAP_PDX << PAGE_SHIFT)
SCRATCH_VADDR = SCRATCH_PDX << PDX_SHIFT
SHM_BASE = SHM_FIRST_PDX << PDX_SHIFT
VM_AREA_END = SHM_BASE
DIRECT_MAP_END = TABLE_SPAN  # the shared, identity-mapped region
ADDRESS_SPACE = 1 << 32
PTE_PRESENT = 1 << 0
PTE_WRITABLE = 1 << 1
PTE_USER = 1 << 2
PTE_ACCESSED = 1 << 5
PTE_DIRTY = 1 << 6
PTE_SHARED = 1 << 9
PTE_COW = 1 << 10  # present, read-only, shared by fork: the first write makes it private (mmu.h)
PTE_SWAPPED = 1 << 1  # in a not-present entry: the slot is in bits 12..31 (mmu.h)
PTE_SWAP_SLOT_SHIFT = PAGE_SHIFT
PTE_SWAP_WRITABLE = 1 << 11  # in a swapped entry: the page comes back writable (mmu.h)
PTE_SWAP_ZERO_SLOT = (1 << (32 - PTE_SWAP_SLOT_SHIFT)) - 1  # dropped, never written: zeroes
PTE_FRAME_MASK = ~(PAGE_SIZE - 1) & 0xFFFFFFFF
MB_PAGES = (1 << 20) // PAGE_SIZE
ENTRY_BYTES = 4

# ---- dump.c, mirrored -------------------------------------------------------
DUMP_MAP_WIDTH = 64
MAX_RUN_LINES = 32
MAP_CHAR = {"used": "#", "free": ".", "inaccessible": "x"}
FLAG_NAMES = [  # (bit, when set, when clear), after "present"
    (PTE_WRITABLE, "writable", "read-only"),
    (PTE_USER, "user", "supervisor"),
    (PTE_ACCESSED, "accessed", None),
    (PTE_DIRTY, "dirty", None),
    (PTE_SHARED, "shared", None),
    (PTE_COW, "copy-on-write", None),
]


def plural(n):
    return "" if n == 1 else "s"


def pdx(va):
    return (va >> PDX_SHIFT) & (ENTRIES_PER_TABLE - 1)


def ptx(va):
    return (va >> PAGE_SHIFT) & (ENTRIES_PER_TABLE - 1)


def present(entry):
    return entry & PTE_PRESENT != 0


def frame_of(entry):
    return (entry & PTE_FRAME_MASK) >> PAGE_SHIFT


def format_flags(entry):
    if not present(entry) and entry & PTE_SWAPPED:
        slot = entry >> PTE_SWAP_SLOT_SHIFT
        if slot == PTE_SWAP_ZERO_SLOT:
            text = "not present: dropped, never written (zeroes)"
        else:
            text = "not present: swapped, slot %d" % slot
        if entry & PTE_USER:
            text += ", user"
        if entry & PTE_SWAP_WRITABLE:
            text += ", writable"
        return text
    if not present(entry):
        return "not present"
    words = ["present"]
    for bit, when_set, when_clear in FLAG_NAMES:
        word = when_set if entry & bit else when_clear
        if word:
            words.append(word)
    return " ".join(words)


def format_size(pages):
    if pages and pages % MB_PAGES == 0:
        return "%dM" % (pages // MB_PAGES)
    return "%dK" % (pages * (PAGE_SIZE // 1024))


# ---- reading the target -----------------------------------------------------
def read_words(addr, count):
    """count 32-bit little-endian words of virtual memory at addr."""
    data = bytes(gdb.selected_inferior().read_memory(addr, count * ENTRY_BYTES))
    return [int.from_bytes(data[i:i + ENTRY_BYTES], "little") for i in range(0, len(data), ENTRY_BYTES)]


def read_physical_word(addr):
    """One 32-bit word of guest physical memory, through QEMU's monitor."""
    out = gdb.execute("monitor xp /wx 0x%x" % addr, to_string=True)
    match = re.search(r":\s*0x([0-9a-fA-F]+)", out)
    if not match:
        raise gdb.GdbError("monitor xp gave no value: %r" % out)
    return int(match.group(1), 16)


def value(expr):
    return gdb.parse_and_eval(expr)


def static(name, filename):
    """A file-scope static of the kernel, e.g. static("segments", "shm.c")."""
    return value("'%s'::%s" % (filename, name))


def cr3():
    return int(value("$cr3")) & 0xFFFFFFFF


CR0_PG = 1 << 31


def paging_on():
    return int(value("$cr0")) & CR0_PG != 0


def field_offset(type_name, field):
    for f in gdb.lookup_type(type_name).fields():
        if f.name == field:
            return f.bitpos // 8
    raise gdb.GdbError("%s has no field %s" % (type_name, field))


def container(node, type_name, field):
    """container_of(node, type, field) as a gdb value of type *type_name."""
    addr = int(node) - field_offset(type_name, field)
    return value("(%s *)0x%x" % (type_name, addr)).dereference()


def avl_in_order(node):
    """The nodes of an avl tree (struct avl_node *), lowest key first."""
    if int(node) == 0:
        return
    yield from avl_in_order(node["left"])
    yield node
    yield from avl_in_order(node["right"])


class Tables:
    """The loaded address space's directory and page tables, read through
    the recursive window once each and cached."""

    def __init__(self):
        self.directory = read_words(PAGE_DIR_VADDR, ENTRIES_PER_TABLE)
        self.tables = {}

    def table(self, index):
        if index not in self.tables:
            self.tables[index] = read_words(PAGE_TABLES_VADDR + index * PAGE_SIZE, ENTRIES_PER_TABLE)
        return self.tables[index]

    def mapped(self, va):
        return present(self.directory[pdx(va)]) and present(self.table(pdx(va))[ptx(va)])

    def next_probe(self, va):
        if present(self.directory[pdx(va)]):
            return va + PAGE_SIZE
        return (va & ~(TABLE_SPAN - 1)) + TABLE_SPAN

    def count_backed(self, start, end):
        n, va = 0, start
        while va < end:
            n += self.mapped(va)
            va = self.next_probe(va)
        return n


# ---- vmmap ------------------------------------------------------------------
class VmMap(gdb.Command):
    """vmmap: the maps listing of the loaded address space (dump.c's dump_vm).
One line per area: START-END SIZE BACKED/PAGES NAME, for the shared kernel
region, each VM pool's bookkeeping and live regions, pages mapped outside any
pool, shared-memory mappings and the two windows.  Read from current_page_table
and the page tables in the recursive window."""

    def __init__(self):
        super().__init__("vmmap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        pt = value("current_page_table")
        if int(pt) == 0 or not paging_on():
            raise gdb.GdbError("vmmap: paging is off, so there is no recursive window to read yet")
        pt = pt.dereference()
        if int(pt["pd_frame"]) != cr3() >> PAGE_SHIFT:
            raise gdb.GdbError("vmmap: CR3 is not current_page_table's directory")
        for line in maps_lines(pt, Tables()):
            gdb.write(line + "\n")


def area_line(start, end, backed, name, note=""):
    pages = (end - start) >> PAGE_SHIFT
    counts = "%6d/%-6d" % (backed, pages)
    return "%08x-%08x %6s %s %s%s" % (start, end, format_size(pages), counts, name, note)


def mapped_runs(tables, start, end, name):
    lines, va, run = [], start, None
    while va < end:
        mapped = tables.mapped(va)
        if mapped and run is None:
            run = va
        if not mapped and run is not None:
            lines.append(area_line(run, va, (va - run) >> PAGE_SHIFT, name))
            run = None
        va = tables.next_probe(va)
    if run is not None:
        lines.append(area_line(run, end, (end - run) >> PAGE_SHIFT, name))
    return lines


def live_regions(pool):
    """(start, pages) of each live region, lowest first, as vm_pool_walk
    reports them: the free extents sit in an AVL tree (vm_pool.c), and the
    gaps between them are tiled by live regions, whose lengths the region
    map (region_pages, one entry per usable page) holds at each start."""
    usable = int(pool["base"]) + int(pool["meta_pages"]) * PAGE_SIZE
    end = int(pool["base"]) + int(pool["size"])
    if int(pool["n_extents"]) == 0:
        return []  # untouched: the whole usable range is one free extent
    region_map = int(pool["region_pages"])
    regions, cursor = [], usable
    free = [(int(n["key"]), int(container(n, "struct vm_extent", "link")["pages"]))
            for n in avl_in_order(pool["root"])]
    for start, pages in free + [(end, 0)]:
        while cursor < start:
            length = read_words(region_map + ((cursor - usable) >> PAGE_SHIFT) * ENTRY_BYTES, 1)[0]
            if length == 0:
                raise gdb.GdbError("vmmap: no region starts at 0x%08x in pool %s"
                                   % (cursor, pool["name"].string()))
            regions.append((cursor, length))
            cursor += length * PAGE_SIZE
        cursor = start + pages * PAGE_SIZE
    return regions


def pool_lines(pool, tables, totals):
    base, name = int(pool["base"]), pool["name"].string()
    meta_end = base + int(pool["meta_pages"]) * PAGE_SIZE
    lines = [area_line(base, meta_end, tables.count_backed(base, meta_end), name, " [bookkeeping]")]
    for start, pages in live_regions(pool):
        end = start + pages * PAGE_SIZE
        backed = tables.count_backed(start, end)
        lines.append(area_line(start, end, backed, name))
        totals[0] += 1
        totals[1] += backed
    return lines


def shm_lines(pt, tables):
    try:
        segments = static("segments", "shm.c")
        mappings = static("mappings", "shm.c")
    except gdb.error:
        return []  # a kernel without shared memory
    here = int(pt.address)
    mapped = []
    for i in range(mappings.type.range()[1] + 1):
        m = mappings[i]
        if int(m["pt"]) == here:
            mapped.append((int(m["va"]), segments[int(m["slot"])]))
    lines = []
    for va, seg in sorted(mapped, key=lambda m: m[0]):
        end = va + int(seg["pages"]) * PAGE_SIZE
        refs = int(seg["refs"])
        note = " [open in %d address space%s]" % (refs, plural(refs))
        lines.append(area_line(va, end, tables.count_backed(va, end), "shm %d" % int(seg["id"]), note))
    return lines


def maps_lines(pt, tables):
    shared_end = DIRECT_MAP_END
    n_pools = int(pt["n_pools"])
    lines = ["maps of the address space in directory frame 0x%05x (%d VM pool%s)"
             % (int(pt["pd_frame"]), n_pools, plural(n_pools)),
             "%-17s %6s %13s %s" % ("start-end", "size", "backed/pages", "name"),
             area_line(0, shared_end, tables.count_backed(0, shared_end), "[shared kernel region]")]
    cursor, totals = shared_end, [0, 0]
    for node in avl_in_order(pt["pools"]):
        pool = container(node, "struct vm_pool", "pt_link")
        lines += mapped_runs(tables, cursor, int(pool["base"]), "[no pool]")
        lines += pool_lines(pool, tables, totals)
        cursor = int(pool["base"]) + int(pool["size"])
    lines += mapped_runs(tables, cursor, VM_AREA_END, "[no pool]")
    lines += shm_lines(pt, tables)
    scratch = sum(present(e) for e in tables.table(SCRATCH_PDX))
    lines.append(area_line(SCRATCH_VADDR, PAGE_TABLES_VADDR, scratch, "[scratch window]"))
    window = sum(present(e) for e in tables.directory)
    lines.append(area_line(PAGE_TABLES_VADDR, ADDRESS_SPACE, window, "[recursive window]"))
    lines.append("total: %d live region%s in %d VM pool%s, %d page%s backed in them"
                 % (totals[0], plural(totals[0]), n_pools, plural(n_pools), totals[1], plural(totals[1])))
    return lines


# ---- pagewalk ---------------------------------------------------------------
class PageWalk(gdb.Command):
    """pagewalk [-window] ADDR: walk the page directory and table for ADDR from CR3.
Prints the PDE and PTE (with the recursive-window address where the kernel sees
each, its value, frame and decoded flags) and the physical address, as
dump.c's dump_page_table does.  The entries are read from guest physical
memory through QEMU's monitor (monitor xp); with -window, or when the monitor
is not there, through the recursive window of the loaded address space."""

    def __init__(self):
        super().__init__("pagewalk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        use_window = "-window" in args
        args = [a for a in args if a != "-window"]
        if len(args) != 1:
            raise gdb.GdbError("usage: pagewalk [-window] ADDR")
        va = int(value(args[0])) & 0xFFFFFFFF
        if not paging_on():
            if use_window:
                raise gdb.GdbError("pagewalk: paging is off, so there is no recursive window to read")
            gdb.write("(paging is off: this is the walk the MMU will make once CR0.PG is set)\n")
        for line in walk_lines(va, use_window):
            gdb.write(line + "\n")


def read_entry(physical, window_addr, use_window):
    """An entry at `physical`, or through the window at window_addr."""
    if not use_window:
        try:
            return read_physical_word(physical), "physical 0x%08x (monitor xp)" % physical
        except gdb.error:
            pass
    return read_words(window_addr, 1)[0], "the recursive window at 0x%08x" % window_addr


def entry_line(kind, index, window_addr, entry, points_to):
    if present(entry):
        return "  %s %d at 0x%08x = 0x%08x -> %s 0x%05x [%s]" % (
            kind, index, window_addr, entry, points_to, frame_of(entry), format_flags(entry))
    return "  %s %d at 0x%08x = 0x%08x [%s]" % (kind, index, window_addr, entry, format_flags(entry))


def walk_lines(va, use_window):
    directory = cr3() & PTE_FRAME_MASK
    pde_at = PAGE_DIR_VADDR + pdx(va) * ENTRY_BYTES
    pte_at = PAGE_TABLES_VADDR + (va >> PAGE_SHIFT) * ENTRY_BYTES
    lines = ["walk of 0x%08x in directory frame 0x%05x: PDX %d, PTX %d, offset 0x%03x"
             % (va, directory >> PAGE_SHIFT, pdx(va), ptx(va), va & (PAGE_SIZE - 1))]
    pde, pde_from = read_entry(directory + pdx(va) * ENTRY_BYTES, pde_at, use_window)
    lines.append(entry_line("PDE", pdx(va), pde_at, pde, "page table in frame"))
    sources = ["PDE from " + pde_from]
    if present(pde):
        pte_phys = (pde & PTE_FRAME_MASK) + ptx(va) * ENTRY_BYTES
        pte, pte_from = read_entry(pte_phys, pte_at, use_window)
        lines.append(entry_line("PTE", ptx(va), pte_at, pte, "frame"))
        sources.append("PTE from " + pte_from)
        if present(pte):
            lines.append("  physical address 0x%08x" % ((pte & PTE_FRAME_MASK) | (va & (PAGE_SIZE - 1))))
    lines.append("  read: " + ", ".join(sources))
    return lines


# ---- frames -----------------------------------------------------------------
class Frames(gdb.Command):
    """frames [POOL]: summarise a frame pool (dump.c's dump_frame_pool).
POOL is a global such as kernel_mem_pool, process_mem_pool or
process_buddy_pool, or a pool's name; without it, every contiguous pool and,
when frames=buddy set it up, the buddy pool.  Prints the used / free /
inaccessible counts (and the allocated sequences, or the buddy pool's free
blocks of each order), a one-line map (# used, . free, x inaccessible,
+ mixed) and the runs of frames in one state, from the pool's own bitmaps."""

    def __init__(self):
        super().__init__("frames", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        pools = all_pools()
        if arg.strip():
            pools = [p for p in pools if arg.strip() in (p.name, p.symbol)]
            if not pools:
                raise gdb.GdbError("frames: no frame pool named %s" % arg.strip())
        for pool in pools:
            for line in pool_summary(pool):
                gdb.write(line + "\n")


def bit(words, i):
    return (words[i // 32] >> (i % 32)) & 1


def read_bitmap(val):
    """The words of a struct bitmap (lib/bitmap.h): BITMAP_WORDS(n_bits) of them."""
    return read_words(int(val["words"]), (int(val["n_bits"]) + 31) // 32)


class ContPool:
    """A struct cont_frame_pool: two lib/bitmap bitmaps, used and tag (cont_frame_pool.c)."""

    def __init__(self, val, symbol):
        self.val, self.symbol = val, symbol
        self.name = val["name"].string()
        self.base, self.n = int(val["base_frame_no"]), int(val["n_frames"])
        self.has_sequences = True

    def states(self):
        """(kind, is head of a sequence) for each frame."""
        used = read_bitmap(self.val["used"])
        tag = read_bitmap(self.val["tag"])
        out = []
        for i in range(self.n):
            if bit(used, i):
                out.append(("used", bit(tag, i) == 1))
            else:
                out.append(("inaccessible" if bit(tag, i) else "free", False))
        return out

    def header(self, count, heads):
        return ("frame pool %s: frames 0x%05x-0x%05x (%d): %d used in %d sequence%s, %d free, %d inaccessible"
                % (self.name, self.base, self.base + self.n - 1, self.n, count["used"], heads, plural(heads),
                   count["free"], count["inaccessible"]))

    def extra(self):
        return []


BUDDY_MAP_INACCESSIBLE = 0xF  # buddy_pool.c: MAP_INACCESSIBLE, a nibble a frame


class BuddyPool:
    """A struct buddy_pool: an order map (a nibble a frame) and a free map
    per order (a bit a block), buddy_pool.c."""

    def __init__(self, val, symbol):
        self.val, self.symbol = val, symbol
        self.name = val["name"].string()
        self.base, self.n = int(val["base_frame_no"]), int(val["n_frames"])
        self.orders = val["free_blocks"].type.range()[1] + 1
        self.has_sequences = False

    def free_blocks(self):
        return [int(self.val["free_blocks"][k]) for k in range(self.orders)]

    def states(self):
        span_base, span = int(self.val["span_base"]), int(self.val["span_frames"])
        order_map = bytes(gdb.selected_inferior().read_memory(int(self.val["order_map"]), span // 2))
        free_map = [read_bitmap(self.val["free_map"][k]) for k in range(self.orders)]
        out = []
        for f in range(self.base, self.base + self.n):
            i = f - span_base
            if (order_map[i // 2] >> ((i % 2) * 4)) & 0xF == BUDDY_MAP_INACCESSIBLE:
                out.append(("inaccessible", False))
            elif any(bit(free_map[k], i >> k) for k in range(self.orders)):
                out.append(("free", False))
            else:
                out.append(("used", False))
        return out

    def header(self, count, heads):
        blocks = self.free_blocks()
        largest = max((1 << k for k in range(self.orders) if blocks[k]), default=0)
        return ("buddy pool %s: frames 0x%05x-0x%05x (%d): %d used, %d free, %d inaccessible; "
                "largest free block %d frames"
                % (self.name, self.base, self.base + self.n - 1, self.n, count["used"], count["free"],
                   count["inaccessible"], largest))

    def extra(self):
        return ["  free blocks by order:" + "".join(" %d:%d" % kb for kb in enumerate(self.free_blocks()))]


def all_pools():
    """Every initialised contiguous pool (cont_frame_pool.c's list), lowest
    base first, then process_buddy_pool when it is set up."""
    known = {}
    for sym in ("kernel_mem_pool", "process_mem_pool"):
        known[int(value("&" + sym))] = sym
    pools, node = [], static("pools", "cont_frame_pool.c")
    while int(node) != 0:
        pools.append(ContPool(node.dereference(), known.get(int(node), "")))
        node = node["next"]
    pools.sort(key=lambda p: p.base)
    try:
        buddy = value("process_buddy_pool")
    except gdb.error:
        return pools  # a kernel without the buddy allocator
    if int(buddy["n_frames"]):
        pools.append(BuddyPool(buddy, "process_buddy_pool"))
    return pools


def pool_map(states):
    per = (len(states) + DUMP_MAP_WIDTH - 1) // DUMP_MAP_WIDTH
    cells = []
    for i in range(0, len(states), per):
        kinds = {k for k, _ in states[i:i + per]}
        cells.append(MAP_CHAR[kinds.pop()] if len(kinds) == 1 else "+")
    return per, "".join(cells)


def pool_runs(base, states):
    runs, i = [], 0
    while i < len(states):
        kind, j, heads = states[i][0], i, 0
        while j < len(states) and states[j][0] == kind:
            heads += states[j][1]
            j += 1
        runs.append((base + i, j - i, kind, heads))
        i = j
    return runs


def run_line(pool, first, n, kind, heads):
    line = "  0x%05x-0x%05x %6d %s" % (first, first + n - 1, n, kind)
    if kind == "used" and pool.has_sequences:
        line += " (%d sequence%s)" % (heads, plural(heads))
    return line


def pool_summary(pool):
    states = pool.states()
    count = {k: sum(1 for s, _ in states if s == k) for k in MAP_CHAR}
    lines = [pool.header(count, sum(1 for _, head in states if head))] + pool.extra()
    per, cells = pool_map(states)
    lines.append("  map, %d frame%s a character (# used, . free, x inaccessible, + mixed):" % (per, plural(per)))
    lines.append("  " + cells)
    runs = pool_runs(pool.base, states)
    lines += [run_line(pool, *r) for r in runs[:MAX_RUN_LINES]]
    if len(runs) > MAX_RUN_LINES:
        lines.append("  ... %d more runs" % (len(runs) - MAX_RUN_LINES))
    return lines


# ---- processes (proc/sched.h) ------------------------------------------------
STATE_NAMES = {"P_UNUSED": "unused", "P_RUNNABLE": "runnable", "P_RUNNING": "running",
               "P_BLOCKED": "blocked", "P_ZOMBIE": "zombie"}


def ps_lines():
    table = gdb.parse_and_eval("proc_table")
    lines = ["  PID  PPID  STATE     NAME"]
    for i in range(table.type.range()[1] + 1):
        p = table[i]
        state = STATE_NAMES.get(str(p["state"]), str(p["state"]))
        if i and state == "unused":
            continue
        parent = p["parent"]
        ppid = int(parent.dereference()["pid"]) if int(parent) else 0
        killed = " (killed)" if bool(p["killed"]) else ""
        lines.append("  %3d  %4d  %-8s  %s%s" % (int(p["pid"]), ppid, state,
                                                  p["name"].string(), killed))
    return lines


class Ps(gdb.Command):
    """ps: the process list (pid, parent, state, name), as proc_dump prints it."""

    def __init__(self):
        super().__init__("ps", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        try:
            lines = ps_lines()
        except gdb.error as e:
            print("ps: %s (a kernel without proc_table?)" % e)
            return
        print("\n".join(lines))


def frame_ref_line(frame):
    """What lib/frame_ref.h's frame_ref_count says of `frame`, as one line."""
    base = int(gdb.parse_and_eval("frame_ref_base"))
    n = int(gdb.parse_and_eval("frame_ref_n"))
    if not n or not base <= frame < base + n:
        return "frame 0x%05x: 1 mapping (outside the counted range: never shared)" % frame
    count = 1 + int(gdb.parse_and_eval("frame_ref_extra[%d]" % (frame - base)))
    return "frame 0x%05x: %d mapping%s" % (frame, count, "" if count == 1 else "s")


class FrameRef(gdb.Command):
    """frameref FRAME: how many mappings share a frame (lib/frame_ref.h's
frame_ref_count, which is static inline and so invisible to gdb): 1 for a
frame no one shares, more after copy-on-write fork.  FRAME is a frame
number (an expression; `frameref 0x2f3`, or `frameref $pa >> 12`)."""

    def __init__(self):
        super().__init__("frameref", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("frameref: name a frame number")
        print(frame_ref_line(int(gdb.parse_and_eval(arg))))


VmMap()
PageWalk()
Frames()
Ps()
FrameRef()
