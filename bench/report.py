#!/usr/bin/env python3
"""report.py - turn the kernel's BENCH lines into make bench's outputs.

Why a separate script: the kernel only prints `BENCH <name> <value>
<unit> <description>` lines (it has no file system); everything derived
from them -- the terminal table, $BUILD/bench.json, bench/results.md
with the targets judged, and the scaling plot drawn by gnuplot
-- is made here, from that one log, so all outputs always agree.

Usage (tools/bench.sh calls it):
  report.py LOG JSON MARKDOWN DATFILE SVG START_EPOCH MEM QEMU_VERSION
"""
import json
import os
import re
import subprocess
import sys
import time

WALL_LIMIT_S = 120
SCALING_COUNTS = [1, 10, 100, 1000, 10000]
SCALING_SERIES = ["pool.alloc_release", "pool.is_legitimate", "fault.overhead",
                  "pool.is_legitimate_cached", "fault.overhead_cached",
                  "pool.alloc_release_frag", "pool.is_legitimate_frag", "fault.overhead_frag"]

# figures measured twice: pager off (the name) and on (the name + ".pager")
PAGER_TWINS = ["fault.existing_table", "fault.overhead", "fault.new_table_overhead", "free_page",
               "cow.fork_per_page", "cow.fault_copy", "cow.fault_reenable"]

# (section title, name prefixes), in the order results.md shows them
SECTIONS = [
    ("Calibration", ["calib."]),
    ("Demand faults", ["fault.zero_page", "fault.existing_table", "fault.new_table",
                       "fault.overhead", "free_page"]),
    ("Pool scaling (cost against live regions)", ["pool.", "fault.overhead.n",
                                                  "fault.overhead_cached.",
                                                  "fault.overhead_frag."]),
    ("Faults with many pools", ["fault.overhead.pools"]),
    ("Frame pool (contiguous, bitmap)", ["frames."]),
    ("MP4 scenarios, end to end", ["mp4."]),
    ("Memory overhead", ["mem."]),
    ("Buddy allocator against the contiguous pool", ["buddy.", "cont."]),
    ("Swap: one page to and from the ATA disk", ["swap."]),
    ("User mode", ["user."]),
    ("Copy-on-write fork", ["cow."]),
    ("Replacement: choosing a victim with 10,000 frames", ["evict."]),
    ("Faults with the pager on", [f + ".pager" for f in PAGER_TWINS] +
     ["fault.overhead.pager_evict"]),
    ("Replacement per policy on three reference strings", ["replace."]),
    ("Checks", ["bench."]),
]


def parse(log_path):
    """[(name, value_text, unit, what)] in the order the kernel printed them."""
    figures = []
    with open(log_path, errors="replace") as f:
        for line in f:
            m = re.match(r"^BENCH (\S+) (\S+) (\S+) (.*)$", line.rstrip("\r\n"))
            if m:
                figures.append(m.groups())
    return figures


def number(text):
    return float(text) if "." in text else int(text)


def targets(v, wall):
    """[(target, detail, met)] for the targets."""
    out = []

    def at_most(label, name, limit):
        if name in v:
            out.append((label, f"{name} = {v[name]} (limit {limit})", v[name] <= limit))

    def ratio(label, big, small):
        if big in v and small in v and v[small]:
            r = v[big] / v[small]
            out.append((label, f"{big} / {small} = {v[big]} / {v[small]} = {r:.2f}x (limit 2x)",
                        r <= 2))

    at_most("fault overhead beyond zeroing, 10 live regions (region cache cold)",
            "fault.overhead.n10", 150)
    at_most("fault overhead beyond zeroing, 10 live regions (region cache hit)",
            "fault.overhead_cached.n10", 150)
    ratio("allocate+release, 10,000 vs 10 live regions", "pool.alloc_release.n10000",
          "pool.alloc_release.n10")
    ratio("is_legitimate, 10,000 vs 10 live regions (cache cold)", "pool.is_legitimate.n10000",
          "pool.is_legitimate.n10")
    ratio("is_legitimate, 10,000 vs 10 live regions (cache hit)",
          "pool.is_legitimate_cached.n10000", "pool.is_legitimate_cached.n10")
    ratio("fault overhead, 10,000 vs 10 live regions (cache cold)", "fault.overhead.n10000",
          "fault.overhead.n10")
    ratio("fault overhead, 10,000 vs 10 live regions (cache hit)",
          "fault.overhead_cached.n10000", "fault.overhead_cached.n10")
    at_most("get_frames(1), process pool 90% full", "frames.get1.p90", 150)
    at_most("nothing prints on hot paths", "bench.hot_path_chars", 0)
    at_most("swap-out of one page against the raw rep outsw", "swap.out_vs_raw", 1.3)
    at_most("swap-in of one page against the raw rep insw", "swap.in_vs_raw", 1.3)
    for i, (label, detail, met) in enumerate(out):  # say when QEMU's I/O thread made it wait
        for way in ("out", "in"):
            polls = v.get(f"swap.{way}_polls", 0)
            if f"swap.{way}_vs_raw" in detail and polls:
                out[i] = (label, detail + f"; every sample waited {polls} busy polls for QEMU's "
                          "I/O thread, so this run measured device time, not the driver", met)
    for kind in ("fifo", "clock", "aging"):
        at_most(f"choosing a victim with 10,000 frames, {kind}, mean",
                f"evict.choose.{kind}", 100)
    at_most("getpid round trip", "user.getpid", 150)
    at_most("switch between two processes that yield to each other",
            "user.yield_switch", 400)
    at_most("copyin of 4 KB against rep movsl", "user.copyin_ratio", 1.2)
    at_most("copyout of 4 KB against rep movsl", "user.copyout_ratio", 1.2)
    if "cow.fork_speedup" in v:
        out.append(("fork of 1,000 touched pages: COW against eager",
                    f"cow.fork_speedup = {v['cow.fork_speedup']}x (at least 20x)",
                    v["cow.fork_speedup"] >= 20))
    at_most("COW fork's cost per touched page", "cow.fork_per_page", 30)
    if "cow.fault_copy" in v and "user.movsl.4k" in v:
        limit = v["user.movsl.4k"] + 250
        out.append(("copy-on-write fault against a 4 KB copy + 250",
                    f"cow.fault_copy = {v['cow.fault_copy']} (limit user.movsl.4k + 250 = {limit})",
                    v["cow.fault_copy"] <= limit))
    at_most("fault that only re-enables writing", "cow.fault_reenable", 200)
    out.append(("whole make bench run under 2 minutes",
                f"{wall:.1f} s of wall time (limit {WALL_LIMIT_S} s)", wall <= WALL_LIMIT_S))
    return out


def section_of(name):
    """The section whose longest prefix matches name (the last: Checks)."""
    best, best_len = len(SECTIONS) - 1, -1
    for i, (_, prefixes) in enumerate(SECTIONS):
        for p in prefixes:
            if name.startswith(p) and len(p) > best_len:
                best, best_len = i, len(p)
    return best


def grouped(figures):
    groups = [[] for _ in SECTIONS]
    for fig in figures:
        groups[section_of(fig[0])].append(fig)
    return groups


def terminal_table(figures, judged):
    lines = [f"{'figure':36} {'value':>12} {'unit':6} what"]
    for name, value, unit, what in figures:
        lines.append(f"{name:36} {value:>12} {unit:6} {what}")
    lines.append("")
    lines.append("targets:")
    for label, detail, met in judged:
        lines.append(f"  {'met   ' if met else 'MISSED'}  {label}: {detail}")
    return "\n".join(lines)


COW_STEPS = [0, 250, 500, 750, 1000]


def write_cow_plot(v, dat_path):
    """bench/cow_fork.svg: fork cost against touched pages, both ways."""
    if not all(f"cow.fork.p{n}" in v for n in COW_STEPS):
        return
    cow_dat = dat_path.replace(".dat", "-cow.dat")
    with open(cow_dat, "w") as f:
        f.write("# touched_pages cow eager\n")
        for n in COW_STEPS:
            f.write(f"{n} {v[f'cow.fork.p{n}']} {v.get(f'cow.eager_fork.p{n}', 'NaN')}\n")
    subprocess.run(["gnuplot", "-e", f"datafile='{cow_dat}'; outfile='bench/cow_fork.svg'",
                    "bench/cow_fork.gp"], check=True)


BELADY_POLICIES = ["fifo", "clock", "aging", "lru"]


def write_belady_plot(build_dir):
    """bench/belady.svg: faults against frames per policy, from the host
    model (the generator make bench builds); [(title, rows)] for the
    tables, or [] when the generator is missing."""
    gen = os.path.join(build_dir, "host", "evict_expected_gen")
    if not os.path.exists(gen):
        return []
    text = subprocess.run([gen, "--curve"], check=True, capture_output=True, text=True).stdout
    dat = os.path.join(build_dir, "bench-belady.dat")
    with open(dat, "w") as f:
        f.write(text)
    subprocess.run(["gnuplot", "-e", f"datafile='{dat}'; outfile='bench/belady.svg'",
                    "bench/belady.gp"], check=True)
    blocks = []
    for block in text.strip().split("\n\n\n"):
        lines = block.strip().splitlines()
        blocks.append((lines[0].lstrip("# "), [ln.split() for ln in lines[1:]]))
    return blocks


def belady_section(blocks):
    md = ["## Belady's curve: faults against frames (host reference model)", "",
          "The policies' own code (mm/evict_policy.c) run on the host by",
          "tests/host/evict_expected_gen.c over the strings of tests/evict_scenarios.c;",
          "aging ticks after every second access. Drawn in [belady.svg](belady.svg).", ""]
    for title, rows in blocks:
        md += [f"{title}:", "", "| frames | " + " | ".join(BELADY_POLICIES) + " |",
               "|---:|" + "---:|" * len(BELADY_POLICIES)]
        md += ["| " + " | ".join(r) + " |" for r in rows] + [""]
    return md


def write_plot(v, dat_path, svg_path):
    with open(dat_path, "w") as f:
        f.write("# live_regions " + " ".join(SCALING_SERIES) + "\n")
        for n in SCALING_COUNTS:
            row = [str(v.get(f"{s}.n{n}", "NaN")) for s in SCALING_SERIES]
            f.write(f"{n} {' '.join(row)}\n")
    subprocess.run(["gnuplot", "-e", f"datafile='{dat_path}'; outfile='{svg_path}'",
                    "bench/scaling.gp"], check=True)


ORDER_RE = re.compile(r"^(cont|buddy)\.(alloc|free)\.order(\d+)(\.frag)?$")


def rows(group):
    out = ["| figure | value | unit | what |", "|---|---:|---|---|"]
    return out + [f"| `{n}` | {val} | {u} | {w} |" for n, val, u, w in group]


def order_table(v, suffix, title):
    """Per-order costs of both allocators side by side."""
    orders = sorted({int(m.group(3)) for m in map(ORDER_RE.match, v) if m and
                     (m.group(4) or "") == suffix})
    if not orders:
        return []
    out = [title, "", "| order (frames) | contiguous get | contiguous release | buddy alloc "
           "| buddy free |", "|---|---:|---:|---:|---:|"]
    for k in orders:
        cells = [str(v.get(f"{a}.{op}.order{k}{suffix}", "")) for a, op in
                 [("cont", "alloc"), ("cont", "free"), ("buddy", "alloc"), ("buddy", "free")]]
        out.append(f"| {k} ({1 << k}) | " + " | ".join(cells) + " |")
    return out + [""]


def buddy_section(group, v):
    md = order_table(v, "", "Instructions per call in an empty pool of 4,096 frames:")
    md += order_table(v, ".frag", "The same after the seeded workload (the fragmented state):")
    md += ["After the seeded workload (20,000 steps over 512 slots, the same request stream "
           "for both):", ""]
    md += rows([g for g in group if not ORDER_RE.match(g[0])]) + [""]
    return md + buddy_paragraph(v)


def markdown(figures, v, judged, mem, qemu, belady=()):
    md = ["# selfmap benchmark results", "",
          "Generated by `make bench` (tools/bench.sh, bench/report.py); do not edit by hand.",
          f"Every count is guest instructions: {qemu} with `-icount shift=0` and `-m {mem}`,",
          "where one instruction is one TSC tick. Each figure is a median over many",
          "repetitions, net of the rdtsc pair's own cost, taken with interrupts off in a",
          "fresh address space; two runs print identical numbers",
          "(tests/scripts/bench_deterministic.sh checks that).", "",
          "## Targets", "", "| target | measured | status |", "|---|---|---|"]
    for label, detail, met in judged:
        md.append(f"| {label} | {detail} | {'met' if met else '**missed**'} |")
    missed = sum(1 for _, _, met in judged if not met)
    md += ["", f"Targets missed in this run: {missed} of {len(judged)}."]
    md += ["", "![instructions against live regions](scaling.svg)", ""]
    md += ["![fork cost against touched pages, COW and eager](cow_fork.svg)", ""]
    if belady:
        md += ["![faults against frames per policy: Belady's curve](belady.svg)", ""]
    for (title, _), group in zip(SECTIONS, grouped(figures)):
        if not group:
            continue
        md += [f"## {title}", ""]
        if title.startswith("Buddy"):
            md += buddy_section(group, v)
        elif title.startswith("Replacement per policy"):
            md += replace_section(group, v)
        elif title.startswith("Faults with the pager"):
            md += pager_section(group, v)
        else:
            md += rows(group) + [""]
        if title.startswith("Replacement: choosing"):
            md += evict_paragraph(v)
    if belady:
        md += belady_section(belady)
    return "\n".join(md)


def evict_paragraph(v):
    """What the victim-choice figures say, with their own numbers."""
    need = ["evict.choose.fifo", "evict.choose.clock", "evict.choose.aging",
            "evict.choose_busy.clock", "evict.tick.aging"]
    if not all(k in v for k in need):
        return []
    return [
        "**What the numbers say.** None of these costs grows with the number of frames. "
        f"FIFO takes the head of its list ({v['evict.choose.fifo']} instructions) and aging "
        "the head of the smallest counter's list, found in a 256-bit map "
        f"({v['evict.choose.aging']}). Clock's choice is amortized: it steps past one page for "
        "every accessed bit it clears, one indirect call to the accessed-bit callback each, so "
        "its mean is set by how many pages the workload used between two evictions, not by "
        f"memory size: {v['evict.choose.clock']} with about 2.5 pages marked per eviction "
        f"(plus the new page's own loading access), {v['evict.choose_busy.clock']} with about "
        "25. In the kernel every step also reads a PTE through the reverse map, so the "
        "callback, not the policy, dominates there. Aging pays at its tick instead: "
        f"{v['evict.tick.aging']} instructions to fold 10,000 accessed bits into the "
        "counters and list the entries again.", ""]


def pager_section(group, v):
    """The pager-on figures beside their pager-off twins."""
    md = ["The same operations with the pager on (bench/bench_pager.c turns it on for these",
          "only; every other figure is taken with it off, as before swap):", "",
          "| figure | pager off | pager on | added |", "|---|---:|---:|---:|"]
    for name in PAGER_TWINS:
        if name in v and name + ".pager" in v:
            off, on = v[name], v[name + ".pager"]
            md.append(f"| `{name}` | {off} | {on} | {on - off:+} |")
    md += [""] + rows([g for g in group if g[0][:-len(".pager")] not in PAGER_TWINS]) + [""]
    if "fault.overhead.pager" in v and "fault.overhead.pager_evict" in v:
        md += [
            "**What the numbers say.** A pageable fault pays for admitting its page: a free "
            "entry found in the policy's bitmap, the reverse map written, the accessed and "
            "dirty bits that zeroing set cleared again (with an invlpg, or the page would "
            "never look dirty), and interrupts held off around it. Freeing the page releases "
            "its entry, and copy-on-write fork pins every shared page, which is why fork's "
            "per-page cost grows. When the budget is full the fault also evicts: "
            f"{v['fault.overhead.pager_evict']} instructions beyond zeroing when the victim "
            "was never written (no disk I/O: its PTE just says zeroes), against "
            f"{v['fault.overhead.pager']} with room to spare; a dirty victim adds one "
            "swap.out.", ""]
    return md


REPLACE_STRINGS = ["loop", "random", "shift"]
REPLACE_KINDS = ["fifo", "clock", "aging"]


def replace_section(group, v):
    """replace.<string>.<kind>.<count> as one table, the strings described."""
    what = {n.split(".")[1]: w for n, _, _, w in group if n.endswith(".faults")}
    md = ["The kernel pager itself (pager_configure, a fresh address space with no pool, the",
          "aging tick by hand every second reference), each reference a write when its index",
          "is even and a read when it is odd. Counts, so exact:", ""]
    md += [f"- `{s}`: {what[s]}" for s in REPLACE_STRINGS if s in what] + [""]
    md += ["| string | policy | faults | swap-ins | swap-outs |", "|---|---|---:|---:|---:|"]
    for s in REPLACE_STRINGS:
        for k in REPLACE_KINDS:
            base = f"replace.{s}.{k}"
            if f"{base}.faults" in v:
                md.append(f"| {s} | {k} | {v[base + '.faults']} | {v[base + '.swap_ins']} | "
                          f"{v[base + '.swap_outs']} |")
    return md + [""] + replace_paragraph(v)


def replace_paragraph(v):
    """What the replacement counts say, with their own numbers."""
    need = [f"replace.{s}.{k}.{c}" for s in REPLACE_STRINGS for k in REPLACE_KINDS
            for c in ("faults", "swap_ins", "swap_outs")]
    if not all(k in v for k in need):
        return []
    f = {(s, k): v[f"replace.{s}.{k}.faults"] for s in REPLACE_STRINGS for k in REPLACE_KINDS}
    shift = (f"The shifting working set is where the accessed bit pays: clock "
             f"({f[('shift', 'clock')]}) and aging ({f[('shift', 'aging')]}) keep the pages in "
             f"use, while FIFO ({f[('shift', 'fifo')]}) evicts them by age. "
             if max(f[("shift", "clock")], f[("shift", "aging")]) < f[("shift", "fifo")] else
             f"On the shifting working set: fifo {f[('shift', 'fifo')]}, clock "
             f"{f[('shift', 'clock')]}, aging {f[('shift', 'aging')]}. ")
    return [
        "**What the numbers say.** A loop one page larger than memory is the worst case for "
        "every policy here: each one evicts the page the loop needs next, so every reference "
        f"faults ({f[('loop', 'fifo')]}, {f[('loop', 'clock')]}, {f[('loop', 'aging')]}). "
        "On uniform random references no policy can know the future, and all stay close to "
        f"the half that misses (fifo {f[('random', 'fifo')]}, clock {f[('random', 'clock')]}, "
        f"aging {f[('random', 'aging')]}). " + shift + "Swap-outs are below faults because a clean page with a valid slot copy and a never-written page "
        "go without a write; swap-ins are below faults because a first touch, or a page "
        "dropped as never written, is zero-filled instead of read.", ""]


def buddy_paragraph(v):
    """What the allocator comparison teaches, with its own numbers."""
    need = ["cont.alloc.order0", "buddy.alloc.order0", "cont.alloc.order10",
            "buddy.alloc.order10", "cont.free.order10", "buddy.free.order10",
            "cont.alloc.order3.frag", "buddy.alloc.order3.frag", "cont.workload.alloc_mean",
            "buddy.workload.alloc_mean", "cont.frag.free", "buddy.frag.free",
            "cont.frag.largest_run", "buddy.frag.largest_block", "cont.frag.unusable8",
            "buddy.frag.unusable8", "cont.frag.failed", "buddy.frag.failed"]
    if not all(k in v for k in need):
        return []
    return [
        "**What the numbers teach.** The two allocators spend their work in opposite places. "
        "The bitmap pool's cost grows with the request: it scans for a run bit-run by bit-run "
        "and writes one bit per frame, so 1,024 frames cost "
        f"{v['cont.alloc.order10']} instructions to get and {v['cont.free.order10']} to "
        "release, while its single frame is cheapest of all "
        f"({v['cont.alloc.order0']}, thanks to its hint). The buddy pool's cost grows with "
        "the number of splits and merges, so in an empty pool the smallest block is its most "
        f"expensive ({v['buddy.alloc.order0']}: ten splits, and ten merges to free) and a "
        f"4 MB block its cheapest ({v['buddy.alloc.order10']}). Fragmentation is where the "
        "buddy pool earns its keep: after the same seeded workload an 8-frame request costs "
        f"{v['cont.alloc.order3.frag']} instructions in the bitmap pool, which must skip "
        f"every short hole, against {v['buddy.alloc.order3.frag']} in the buddy pool, which "
        "finds a free block of the right order in its per-order bitmap; over the whole "
        f"workload an allocation averaged {v['cont.workload.alloc_mean']} against "
        f"{v['buddy.workload.alloc_mean']} instructions. Merging buddies also keeps free "
        f"memory usable: only {v['buddy.frag.unusable8']} of the buddy pool's free frames "
        "sit in blocks too small for 8 frames, against "
        f"{v['cont.frag.unusable8']} in runs too short in the bitmap pool, and "
        f"{v['buddy.frag.failed']} of its requests failed against "
        f"{v['cont.frag.failed']}. The price is internal fragmentation: every request is "
        "rounded up to a power of two, so (nearly) the same live allocations leave the buddy pool "
        f"with {v['buddy.frag.free']} free frames against the bitmap pool's "
        f"{v['cont.frag.free']}, and its largest free block "
        f"({v['buddy.frag.largest_block']}) is smaller than the bitmap pool's largest run "
        f"({v['cont.frag.largest_run']}), because a block cannot cross its alignment.", ""]


def main():
    log, json_path, md_path, dat_path, svg_path, start, mem, qemu = sys.argv[1:9]
    figures = parse(log)
    if not figures:
        sys.exit(f"report.py: no BENCH lines in {log}")
    v = {name: number(value) for name, value, _, _ in figures}
    write_plot(v, dat_path, svg_path)
    write_cow_plot(v, dat_path)
    belady = write_belady_plot(os.path.dirname(json_path) or ".")
    wall = time.time() - float(start)
    judged = targets(v, wall)
    v["bench.wall_seconds"] = round(wall, 1)
    with open(json_path, "w") as f:
        json.dump(v, f, indent=2)
        f.write("\n")
    with open(md_path, "w") as f:
        f.write(markdown(figures, v, judged, mem, qemu, belady) + "\n")
    print(terminal_table(figures, judged))
    print(f"\nwrote {json_path}, {md_path}, {svg_path}")
    return 0  # a missed target is a finding, reported above, not a failed run


if __name__ == "__main__":
    sys.exit(main())
