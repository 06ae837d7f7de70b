#!/usr/bin/env python3
"""Generate Dialtone's numbering-plan table image from the `phonenumbers` package.

The image is one byte string of 7-bit values, embedded in Swift as a `StaticString` and read in
place at run time (no parsing at start-up). Its format is documented in docs/TABLE-FORMAT.md.

    pip install phonenumbers==9.0.43
    python3 data/generate_tables.py            # writes Sources/PhoneNumberMetadata/Generated/
    python3 data/generate_tables.py --check    # exits 1 if the committed file differs

Digit patterns are compiled here, once:
- every per-type national-number pattern of a region becomes one deterministic automaton over the
  ten digits whose accepting states carry the set of types matched (one walk answers every type);
- patterns that need capture groups or prefix matching (national prefix for parsing, international
  prefixes, leading digits, number formats) become programs for a small backtracking matcher over
  digits (Sources/PhoneNumberMetadata/DigitProgram.swift) that reproduces Python/Java regex priority.
"""

import argparse
import os
import sys

PINNED_VERSION = "9.0.43"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Sources", "PhoneNumberMetadata", "Generated", "BundledTableImage.swift")

# Order of the type bits in automaton tags and in the per-record length masks.
DESCS = ["general_desc", "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
         "voip", "personal_number", "pager", "uan", "voicemail"]

# ---------------------------------------------------------------------------------------------
# A parser for the regex subset libphonenumber's metadata uses over digits:
# literals 0-9, \d, [..] with ranges, (?:..), (..), |, ?, {n}, {n,m}, and $ at the end.
ALL = (1 << 10) - 1


class Node:
    __slots__ = ("kind", "a", "b", "lo", "hi", "group", "mask")

    def __init__(self, kind, a=None, b=None, lo=0, hi=0, group=None, mask=0):
        self.kind, self.a, self.b, self.lo, self.hi, self.group, self.mask = kind, a, b, lo, hi, group, mask


def parse_regex(src):
    pos = 0
    ngroups = 0

    def peek():
        return src[pos] if pos < len(src) else None

    def alt():
        nonlocal pos
        items = [concat()]
        while peek() == "|":
            pos += 1
            items.append(concat())
        return items[0] if len(items) == 1 else Node("alt", a=items)

    def concat():
        items = []
        while peek() is not None and peek() not in "|)":
            items.append(repeat())
        return Node("cat", a=items)

    def repeat():
        nonlocal pos
        atom_node = atom()
        while True:
            c = peek()
            if c == "?":
                pos += 1
                atom_node = Node("rep", a=atom_node, lo=0, hi=1)
            elif c == "{":
                end = src.index("}", pos)
                body = src[pos + 1:end]
                pos = end + 1
                if "," in body:
                    lo, hi = body.split(",")
                    lo, hi = int(lo), int(hi)
                else:
                    lo = hi = int(body)
                atom_node = Node("rep", a=atom_node, lo=lo, hi=hi)
            elif c in ("*", "+"):
                raise ValueError("unbounded repetition in %r" % src)
            else:
                return atom_node

    def atom():
        nonlocal pos, ngroups
        c = peek()
        if c == "(":
            if src.startswith("(?:", pos):
                pos += 3
                inner = alt()
                group = None
            else:
                pos += 1
                ngroups += 1
                group = ngroups
                inner = alt()
            if peek() != ")":
                raise ValueError("unbalanced ( in %r" % src)
            pos += 1
            return Node("group", a=inner, group=group)
        if c == "[":
            pos += 1
            mask = 0
            negate = False
            if peek() == "^":
                negate = True
                pos += 1
            while peek() != "]":
                if src.startswith("\\d", pos):
                    mask |= ALL
                    pos += 2
                    continue
                lo = src[pos]
                pos += 1
                if peek() == "-" and src[pos + 1] != "]":
                    hi = src[pos + 1]
                    pos += 2
                    for d in range(int(lo), int(hi) + 1):
                        mask |= 1 << d
                else:
                    mask |= 1 << int(lo)
            pos += 1
            return Node("set", mask=(ALL & ~mask) if negate else mask)
        if src.startswith("\\d", pos):
            pos += 2
            return Node("set", mask=ALL)
        if c == "$":
            pos += 1
            return Node("eos")
        if c is not None and c.isdigit():
            pos += 1
            return Node("set", mask=1 << int(c))
        raise ValueError("unsupported %r at %d in %r" % (c, pos, src))

    tree = alt()
    if pos != len(src):
        raise ValueError("trailing text in %r" % src)
    return tree, ngroups


# ---------------------------------------------------------------------------------------------
# Thompson NFA (for the automata) and subset construction with tagged accepting states.

class NFA:
    def __init__(self, allow_eos=False):
        self.allow_eos = allow_eos  # `$` read as "nothing" (only for over-approximating prefilters)
        self.eps = []     # state -> list of states
        self.moves = []   # state -> list of (mask, state)
        self.tag = []     # state -> accept tag bits

    def new(self):
        self.eps.append([])
        self.moves.append([])
        self.tag.append(0)
        return len(self.eps) - 1

    def build(self, node, start):
        """Adds `node` starting at `start`; returns the end state."""
        k = node.kind
        if k == "set":
            end = self.new()
            self.moves[start].append((node.mask, end))
            return end
        if k == "cat":
            cur = start
            for item in node.a:
                cur = self.build(item, cur)
            return cur
        if k == "alt":
            end = self.new()
            for item in node.a:
                s = self.new()
                self.eps[start].append(s)
                self.eps[self.build(item, s)].append(end)
            return end
        if k == "group":
            return self.build(node.a, start)
        if k == "eos" and self.allow_eos:
            return start
        if k == "rep":
            cur = start
            for _ in range(node.lo):
                cur = self.build(node.a, cur)
            end = self.new()
            self.eps[cur].append(end)
            for _ in range(node.hi - node.lo):
                nxt = self.build(node.a, cur)
                self.eps[nxt].append(end)
                cur = nxt
            return end
        raise ValueError("node %s not allowed in an automaton" % k)


def closure(nfa, states):
    stack = list(states)
    seen = set(states)
    while stack:
        s = stack.pop()
        for t in nfa.eps[s]:
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return frozenset(seen)


def build_dfa(patterns):
    """patterns: list of (regex, tag bit). Returns (tags, transitions) of a minimal DFA."""
    nfa = NFA()
    start = nfa.new()
    for regex, bit in patterns:
        tree, _ = parse_regex(regex)
        s = nfa.new()
        nfa.eps[start].append(s)
        end = nfa.build(tree, s)
        nfa.tag[end] |= 1 << bit
    s0 = closure(nfa, [start])
    index = {s0: 0}
    order = [s0]
    trans = []
    i = 0
    while i < len(order):
        cur = order[i]
        row = []
        for d in range(10):
            nxt = set()
            for s in cur:
                for mask, t in nfa.moves[s]:
                    if mask >> d & 1:
                        nxt.add(t)
            if not nxt:
                row.append(-1)
                continue
            c = closure(nfa, nxt)
            if c not in index:
                index[c] = len(order)
                order.append(c)
            row.append(index[c])
        trans.append(row)
        i += 1
    tags = []
    for st in order:
        t = 0
        for s in st:
            t |= nfa.tag[s]
        tags.append(t)
    return minimize(tags, trans)


def prefilter(regex):
    """Bits 0-9: digits a prefix match can start with; bit 10: the pattern can match nothing.

    An over-approximation (`$` is read as matching anywhere), so skipping the matcher when the
    first digit is outside the set never changes an answer."""
    if not regex:
        return 0
    tree, _ = parse_regex(regex)
    nfa = NFA(allow_eos=True)
    start = nfa.new()
    end = nfa.build(tree, start)
    first = closure(nfa, [start])
    mask = 0
    for st in first:
        for m, _ in nfa.moves[st]:
            mask |= m
    if end in first:
        mask |= 1 << 10
    return mask


def minimize(tags, trans):
    """Moore's partition refinement; the dead state stays implicit (-1)."""
    n = len(tags)
    block = [tags[i] for i in range(n)]
    while True:
        sig = {}
        newblock = []
        for i in range(n):
            key = (block[i], tuple(block[t] if t >= 0 else None for t in trans[i]))
            if key not in sig:
                sig[key] = len(sig)
            newblock.append(sig[key])
        if len(set(newblock)) == len(set(block)):
            block = newblock
            break
        block = newblock
    # Renumber so that the start state (0) stays 0, in order of first appearance.
    renum = {}
    for i in range(n):
        if block[i] not in renum:
            renum[block[i]] = len(renum)
    m = len(renum)
    ntags = [0] * m
    ntrans = [None] * m
    for i in range(n):
        b = renum[block[i]]
        ntags[b] = tags[i]
        ntrans[b] = [renum[block[t]] if t >= 0 else -1 for t in trans[i]]
    # Drop states from which no accepting state is reachable (they behave like the dead state).
    alive = [ntags[i] != 0 for i in range(m)]
    changed = True
    while changed:
        changed = False
        for i in range(m):
            if not alive[i] and any(t >= 0 and alive[t] for t in ntrans[i]):
                alive[i] = changed = True
    if not alive[0]:
        return [0], [[-1] * 10]
    keep = [i for i in range(m) if alive[i]]
    remap = {old: new for new, old in enumerate(keep)}
    return ([ntags[i] for i in keep],
            [[remap[t] if t >= 0 and alive[t] else -1 for t in ntrans[i]] for i in keep])



RUN_SHIFT = 21   # type-automaton tags: bits 0-10 descriptions, bits 21-25 the run length
RUN_MAX = 31


def order_runs(tags, trans):
    """Renumbers a type automaton so that runs of "any digit" states are consecutive, and records
    each state's run length in its tag (bits 21-25).

    A state whose ten successors are one and the same state reads any digit the same way. When
    such states follow one another as s, s+1, s+2, ..., the reader can take j digits at once
    (state s + j) instead of j dependent table reads: the walk is a chain of loads, so fewer
    steps is what makes it fast. The run length of s is the number of consecutive states from s
    that are "any digit" states whose successor is the next number. State 0 stays the start."""
    n = len(tags)
    succ = [row[0] if row[0] >= 0 and all(t == row[0] for t in row) else None for row in trans]
    # Give each state at most one "any digit" predecessor placed right before it; the start
    # state has none (it must stay first).
    pred = {}
    for s in range(n):
        t = succ[s]
        if t is not None and t != s and t != 0 and t not in pred:
            pred[t] = s
    nxt = {s: t for t, s in pred.items()}
    order, placed = [], [False] * n

    def emit(head):
        s = head
        while s is not None and not placed[s]:
            placed[s] = True
            order.append(s)
            s = nxt.get(s)

    emit(0)
    for s in range(n):
        if not placed[s] and s not in pred:
            emit(s)
    for s in range(n):  # states on a cycle of "any digit" links (none in practice)
        if not placed[s]:
            emit(s)
    new = {old: i for i, old in enumerate(order)}
    ntrans = [[new[t] if t >= 0 else -1 for t in trans[old]] for old in order]
    ntags = [tags[old] for old in order]
    for i in range(n):
        run = 0
        while (i + run < n and run < RUN_MAX and len(set(ntrans[i + run])) == 1
               and ntrans[i + run][0] == i + run + 1):
            run += 1
        assert ntags[i] < 1 << RUN_SHIFT
        ntags[i] |= run << RUN_SHIFT
    return ntags, ntrans

# ---------------------------------------------------------------------------------------------
# Programs for the backtracking digit matcher.
OP_CLASS, OP_SPLIT, OP_JMP, OP_SAVE, OP_EOS, OP_MATCH = 1, 2, 3, 4, 5, 6


def compile_program(regex):
    tree, ngroups = parse_regex(regex)
    code = []  # list of instructions: tuples

    def emit(ins):
        code.append(list(ins))
        return len(code) - 1

    def gen(node):
        k = node.kind
        if k == "set":
            emit((OP_CLASS, node.mask))
        elif k == "eos":
            emit((OP_EOS,))
        elif k == "cat":
            for item in node.a:
                gen(item)
        elif k == "group":
            if node.group is not None:
                emit((OP_SAVE, 2 * node.group))
            gen(node.a)
            if node.group is not None:
                emit((OP_SAVE, 2 * node.group + 1))
        elif k == "alt":
            jumps = []
            for i, item in enumerate(node.a):
                if i < len(node.a) - 1:
                    split = emit((OP_SPLIT, None, None))
                    code[split][1] = len(code)
                    gen(item)
                    jumps.append(emit((OP_JMP, None)))
                    code[split][2] = len(code)
                else:
                    gen(item)
            for j in jumps:
                code[j][1] = len(code)
        elif k == "rep":
            for _ in range(node.lo):
                gen(node.a)
            pending = []
            for _ in range(node.hi - node.lo):
                split = emit((OP_SPLIT, None, None))  # greedy: try the item first
                code[split][1] = len(code)
                pending.append(split)
                gen(node.a)
            for split in pending:
                code[split][2] = len(code)
        else:
            raise ValueError(k)

    gen(tree)
    emit((OP_MATCH,))
    # Lay out: instruction index -> byte offset.
    sizes = {OP_CLASS: 3, OP_SPLIT: 5, OP_JMP: 3, OP_SAVE: 2, OP_EOS: 1, OP_MATCH: 1}
    offsets = []
    off = 0
    for ins in code:
        offsets.append(off)
        off += sizes[ins[0]]
    offsets.append(off)
    out = []
    for ins in code:
        op = ins[0]
        out.append(op)
        if op == OP_CLASS:
            out += u14(ins[1])
        elif op == OP_SPLIT:
            out += u14(offsets[ins[1]]) + u14(offsets[ins[2]])
        elif op == OP_JMP:
            out += u14(offsets[ins[1]])
        elif op == OP_SAVE:
            out.append(ins[1])
    if ngroups > 9:
        raise ValueError("too many groups")
    return [ngroups] + u14(len(out)) + out


# ---------------------------------------------------------------------------------------------
# 7-bit fixed-width integers.

def u14(v):
    assert 0 <= v < 1 << 14, v
    return [v & 0x7F, v >> 7]


def u21(v):
    assert 0 <= v < 1 << 21, v
    return [v & 0x7F, (v >> 7) & 0x7F, v >> 14]


def u28(v):
    assert 0 <= v < 1 << 28, v
    return [v & 0x7F, (v >> 7) & 0x7F, (v >> 14) & 0x7F, v >> 21]


def template(fmt):
    """Python's `\\1` group references become `$1`."""
    if fmt is None:
        return None
    assert "$" not in fmt
    return fmt.replace("\\", "$")


class Image:
    def __init__(self):
        self.buf = []
        self.cache = {}

    def add(self, data, key=None):
        """Appends a blob, deduplicated; returns its offset (never 0: the header comes first)."""
        k = key if key is not None else tuple(data)
        if k in self.cache:
            return self.cache[k]
        off = len(self.buf)
        self.buf += data
        self.cache[k] = off
        return off

    def string(self, s):
        if s is None:
            return 0
        b = list(s.encode("ascii"))
        assert len(b) < 128
        return self.add([len(b)] + b, key=("s", s))

    def program(self, regex):
        if regex is None or regex == "":
            return 0
        return self.add(compile_program(regex), key=("p", regex))


def lengths_mask(desc):
    """Bit n set when length n is possible; an empty tuple means 'no constraint' (all bits)."""
    if desc is None:
        return 0
    pl = desc.possible_length
    if len(pl) == 0:
        return (1 << 21) - 1
    m = 0
    for n in pl:
        if n >= 0:
            m |= 1 << n
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = ap.parse_args()

    import phonenumbers
    from phonenumbers.phonemetadata import PhoneMetadata
    if phonenumbers.__version__ != PINNED_VERSION:
        sys.exit("phonenumbers %s installed; the tables are pinned to %s (pip install phonenumbers==%s)"
                 % (phonenumbers.__version__, PINNED_VERSION, PINNED_VERSION))

    records = []  # (key, metadata)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        records.append(PhoneMetadata.metadata_for_region(region))
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        records.append(PhoneMetadata.metadata_for_nongeo_region(cc))

    img = Image()
    header_size = 4 + 3 * 6
    img.buf = [0] * header_size
    record_offsets = []
    dfa_states = 0
    for md in records:
        # The type automaton: one walk answers every type.
        pats = []
        for bit, name in enumerate(DESCS):
            d = getattr(md, name)
            if d is not None and d.national_number_pattern:
                pats.append((d.national_number_pattern, bit))
        tags, trans = order_runs(*build_dfa(pats))
        dfa_states += len(tags)
        dfa = u14(len(tags))
        for t, row in zip(tags, trans):
            # u28 tags (only 11 bits used) give every automaton a 24-byte state, which the reader
            # reaches with one scaled address (3 * state * 8) instead of a multiply.
            dfa += u28(t)
            for nxt in row:
                dfa += u14(nxt if nxt >= 0 else (1 << 14) - 1)

        def formats(lst, national):
            if not lst:
                return 0
            body = [len(lst)]
            for nf in lst:
                fmt = template(nf.format)
                npfr = template(nf.national_prefix_formatting_rule)
                nat = fmt
                if npfr:
                    # libphonenumber replaces the first group reference of the format with the
                    # formatting rule, whose own `$1` stands for that reference ($FG).
                    i = fmt.index("$")
                    nat = fmt[:i] + npfr.replace("$1", fmt[i:i + 2]) + fmt[i + 2:]
                ld = nf.leading_digits_pattern[-1] if nf.leading_digits_pattern else None
                body += u21(img.program(nf.pattern))
                body += u21(img.string(fmt))
                body += u21(img.string(nat))
                body += u21(img.program(ld))
            return img.add(body)

        present = 0
        for bit, name in enumerate(DESCS):
            d = getattr(md, name)
            if d is not None and d.national_number_pattern:
                present |= 1 << bit
        flags = (1 if md.main_country_for_code else 0) | (2 if md.same_mobile_and_fixed_line_pattern else 0)
        leading_program = img.program(md.leading_digits)
        idd_program = img.program(md.international_prefix)
        npp_program = img.program(md.national_prefix_for_parsing)
        transform_rule = img.string(template(md.national_prefix_transform_rule))
        national_prefix = img.string(md.national_prefix)
        preferred_idd = img.string(md.preferred_international_prefix)
        preferred_extension = img.string(md.preferred_extn_prefix)
        national_formats = formats(md.number_format, True)
        international_formats = formats(md.intl_number_format, False)
        rid = md.id if md.id != "001" else "001"
        # Everything parsing reads comes first, in 63 bytes (one or two cache lines whatever the
        # record's alignment); what only formatting and the accessors read follows.
        rec = list(rid.encode("ascii").ljust(3, b"\0"))
        rec += u14(md.country_code) + [flags]
        # The record is followed at once by its type automaton (not shared between records), so
        # that the automaton's first states sit next to the fields read just before the walk.
        record_size = 113
        dfa_off = len(img.buf) + record_size
        rec += u21(dfa_off)
        rec += u21(leading_program)
        rec += u21(idd_program)
        rec += u21(npp_program)
        rec += u21(transform_rule)
        rec += u21(lengths_mask(md.general_desc))
        rec += u21(lengths_mask_local(md.general_desc))
        rec += u14(prefilter(md.national_prefix_for_parsing))
        rec += u14(prefilter(md.international_prefix))
        # For each national length 2-17 (parsing never keeps fewer digits): the descriptions whose
        # possible lengths include it.
        for length in range(2, 18):
            m = 0
            for bit, name in enumerate(DESCS):
                if lengths_mask(getattr(md, name)) >> length & 1:
                    m |= 1 << bit
            rec += u14(m)
        assert len(rec) == 63, len(rec)
        rec += u14(present)
        rec += u21(national_prefix)
        rec += u21(preferred_idd)
        rec += u21(preferred_extension)
        rec += u21(national_formats)
        rec += u21(international_formats)
        for name in DESCS:
            rec += u21(lengths_mask(getattr(md, name)))
        assert len(rec) == record_size, len(rec)
        record_offsets.append(img.add(rec, key=("record", md.id, md.country_code)))
        assert img.add(dfa, key=("automaton", md.id, md.country_code)) == dfa_off

    # Region index: sorted two-letter codes -> record index.
    index_by_id = {}
    for i, md in enumerate(records):
        index_by_id.setdefault(md.id, i)
    geo = [(md.id, i) for i, md in enumerate(records) if md.id != "001"]
    region_index = u14(len(geo))
    for rid, i in geo:
        region_index += list(rid.encode("ascii")) + u14(i)
    region_index_off = img.add(region_index)
    # Direct region table: 26 x 26 entries of u21, the record's offset (0: no such region). Offsets
    # rather than indices spare the reader a dependent load (a likely cache miss) per parse.
    direct = [0] * (26 * 26)
    for rid, i in geo:
        direct[(ord(rid[0]) - 65) * 26 + ord(rid[1]) - 65] = record_offsets[i]
    direct_off = img.add(sum((u21(v) for v in direct), []))

    # Calling-code table: 1000 entries of u21 -> [count, record offsets...] with the main region first.
    nongeo_by_cc = {md.country_code: i for i, md in enumerate(records) if md.id == "001"}
    cc_table = []
    for cc in range(1000):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(cc)
        if not regions:
            cc_table += u21(0)
            continue
        idx = []
        for r in regions:
            if r == "001":
                idx.append(nongeo_by_cc[cc])
            else:
                idx.append(index_by_id[r])
        # Shared codes: one automaton over every region's leading-digits pattern, its states tagged
        # with the regions (bit = position in the list) whose pattern has matched by then.
        ld_off = 0
        if len(idx) > 1:
            pats = [(records[i].leading_digits, bit) for bit, i in enumerate(idx) if records[i].leading_digits]
            if pats:
                tags, trans = build_dfa(pats)
                blob = u14(len(tags))
                for t, row in zip(tags, trans):
                    blob += u28(t)
                    for nxt in row:
                        blob += u14(nxt if nxt >= 0 else (1 << 14) - 1)
                ld_off = img.add(blob)
        # Bit i: the i-th region of the list has a leading-digits pattern (so that the reader can
        # go through the list without reading each region's record).
        ld_mask = sum(1 << bit for bit, i in enumerate(idx) if records[i].leading_digits) if len(idx) > 1 else 0
        cc_table += u21(img.add([len(idx)] + sum((u21(record_offsets[i]) for i in idx), []) + u21(ld_off)
                                + u28(ld_mask)))
    cc_table_off = img.add(cc_table)
    records_off = img.add(sum((u21(o) for o in record_offsets), []))
    version_off = img.string("phonenumbers " + PINNED_VERSION)

    header = list(b"DTP1") + u21(region_index_off) + u21(cc_table_off) + u21(records_off) \
        + u21(len(records)) + u21(version_off) + u21(direct_off)
    assert len(header) == header_size
    img.buf[:header_size] = header
    assert all(0 <= b < 128 for b in img.buf)

    text = render_swift(img.buf, len(records), dfa_states)
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("%s differs from what data/generate_tables.py generates; regenerate it" % OUT)
        print("table image up to date (%d bytes, %d records, %d automaton states)"
              % (len(img.buf), len(records), dfa_states))
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s: %d bytes, %d records, %d automaton states" % (OUT, len(img.buf), len(records), dfa_states))


def lengths_mask_local(desc):
    m = 0
    for n in desc.possible_length_local_only:
        m |= 1 << n
    return m


def render_swift(buf, nrecords, nstates):
    parts = []
    for v in buf:
        b = (v + 0x20) & 0x7F  # stored shifted so that the common small values are printable
        if b == 0x22:
            parts.append('\\"')
        elif b == 0x5C:
            parts.append("\\\\")
        elif 0x20 <= b < 0x7F:
            parts.append(chr(b))
        else:
            parts.append("\\u{%X}" % b)
    literal = "".join(parts)
    return (
        "// GENERATED FILE: DO NOT EDIT.\n"
        "// Produced by data/generate_tables.py from the PyPI package phonenumbers %s\n"
        "// (Google libphonenumber metadata, Apache License 2.0; see data/README.md).\n"
        "// %d records, %d automaton states, %d bytes, each stored as (value + 32) mod 128.\n"
        "// Format: docs/TABLE-FORMAT.md.\n"
        "// swift-format-ignore-file\n\n"
        "extension TableImage {\n"
        "    /// The bundled table image's first byte and length: 7-bit bytes read in place.\n"
        "    ///\n"
        "    /// The literal is in this one function, never inlined, so the binary holds one copy of it\n"
        "    /// (the optimizer copies a constant global's literal into each function that reads it).\n"
        "    @inline(never)\n"
        "    package static func bundledStorage() -> (base: UnsafePointer<UInt8>, count: Int) {\n"
        "        let bytes: StaticString = \"%s\"\n"
        "        return (bytes.utf8Start, bytes.utf8CodeUnitCount)\n"
        "    }\n"
        "}\n" % (PINNED_VERSION, nrecords, nstates, len(buf), literal))


if __name__ == "__main__":
    main()
