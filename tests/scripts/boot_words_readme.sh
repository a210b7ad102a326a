#!/usr/bin/env bash
# boot_words_readme.sh - test: `ARGS=help` prints the kernel's table of
# command-line words (boot/cmdline.c), every word of the table and no
# other, and stops with a passing status; README's table of words says
# the same: every word the kernel prints is a row of README's table with
# the same values and default, and every row of README's table is a word
# the kernel prints.
#
# A self-check first: copies with one planted difference each (README
# without a row, with another default, with other values, with a word
# the kernel lacks; a help print with a word README lacks) must each fail the comparison,
# so a checker that finds nothing cannot pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
dir=$BUILD/tests/boot_words_readme
mkdir -p "$dir"
fail() { echo "boot_words_readme: FAIL: $*"; exit 1; }

# compare README HELP: exit 1, naming each difference, when they disagree.
compare() {
  python3 - "$1" "$2" <<'EOF'
import re, sys
readme, helplog = sys.argv[1], sys.argv[2]

def norm(cell):
    return re.sub(r'\s+', ' ', cell.replace('`', '')).strip()

kernel = {}
lines = open(helplog, errors='replace').read().replace('\r', '').split('\n')
start = next((i for i, l in enumerate(lines) if re.match(r'^  word\s+values\s+default\s+meaning$', l)), None)
if start is None:
    sys.exit('no table header in the help print')
for l in lines[start + 1:]:
    if not l.startswith('  '):
        break
    cols = re.split(r'\s{2,}', l.strip())
    if len(cols) != 4:
        sys.exit('help line with %d columns: %r' % (len(cols), l))
    kernel[cols[0]] = (cols[1], cols[2])

text = open(readme).read()
section = text[text.index('### The kernel command line'):]
section = section[:section.index('\n#', 1)]
documented = {}
for l in section.split('\n'):
    m = re.match(r'^\| `([a-z_]+)` \| ([^|]*) \| ([^|]*) \|', l)
    if m:
        documented[m.group(1)] = (norm(m.group(2)), norm(m.group(3)))

bad = []
for w, (values, dflt) in kernel.items():
    if w not in documented:
        bad.append('%s: a word of the kernel, not in README\'s table' % w)
    elif documented[w] != (values, dflt):
        bad.append('%s: the kernel says values "%s", default "%s"; README "%s", "%s"'
                   % (w, values, dflt, documented[w][0], documented[w][1]))
for w in documented:
    if w not in kernel:
        bad.append('%s: in README\'s table, not a word of the kernel' % w)
for b in bad:
    print('  ' + b)
print('  %d words in the kernel\'s table, %d in README\'s, %d differences'
      % (len(kernel), len(documented), len(bad)))
sys.exit(1 if bad or not kernel else 0)
EOF
}

# The kernel's print, from the plain kernel as `make run ARGS=help` boots it.
timeout 60 tools/qemu.sh test "$BUILD/kernel.bin" 32M "help" "$dir/help.raw" ||
  fail "ARGS=help did not stop with a passing status"
tr -d '\r' <"$dir/help.raw" >"$dir/help.log"
grep -q "Test Passed\|MP4 default scenario" "$dir/help.log" && fail "ARGS=help went on to run a scenario"
grep -q '^boot: ' "$dir/help.log" && fail "ARGS=help: a complaint about the command line: $(grep '^boot: ' "$dir/help.log")"

# Every word of the table in boot/cmdline.c, and no other, is printed.
src=$(tr '\n' ' ' <boot/cmdline.c | grep -oE '\[WORD_[A-Z_]+\] *= *\{"[a-z_]+"' | sed -E 's/.*"([a-z_]+)"/\1/' | sort)
printed=$(sed -nE '/^  word +values +default +meaning$/,/^\(/s/^  ([a-z_]+) .*/\1/p' "$dir/help.log" | sed 1d | sort)
[ -n "$src" ] || fail "no rows found in boot/cmdline.c's table"
[ "$src" = "$printed" ] || fail "ARGS=help prints [$(echo $printed)], the table has [$(echo $src)]"
grep -qx "($(echo "$src" | wc -l) words)" "$dir/help.log" || fail "ARGS=help's count of words is not the table's"

# The self-check: each planted difference must fail the comparison.
plant() { # NAME SED-SCRIPT FILE(readme|help)
  local readme=README.md help=$dir/help.log
  if [ "$3" = readme ]; then readme=$dir/$1.md; sed -E "$2" README.md >"$readme"; fi
  if [ "$3" = help ]; then help=$dir/$1.log; sed -E "$2" "$dir/help.log" >"$help"; fi
  if compare "$readme" "$help" >"$dir/$1.out"; then
    fail "the check missed a planted difference: $1"
  fi
  echo "boot_words_readme: planted $1: caught ($(grep -m1 '^  [a-z_]*:' "$dir/$1.out" | sed 's/^ *//'))"
}
plant readme_without_pincheck '/^\| `pincheck` \|/d' readme
plant readme_other_default 's/^(\| `evict` \| [^|]* \| )`clock`/\1`fifo`/' readme
plant readme_other_values 's/^(\| `fork` \| )`cow`, `eager`/\1`eager`/' readme
plant readme_extra_word 's/^(\| `tick` \| .*)$/\1\n| `ticks` | - | off | planted |/' readme
plant help_extra_word 's/^(  tick +- +off +.*)$/\1\n  ticks               -                     off      planted/' help

echo "boot_words_readme: the kernel's table and README's"
compare README.md "$dir/help.log" || fail "README's table of words and the kernel's disagree"
echo "boot_words_readme: PASS"
