#!/usr/bin/env python3
"""Checks groupscope's layer rules (run by `make test`; ARCHITECTURE.md lists them).

1. The engine (`src/model/`) imports nothing above it: no `crate::{study,share,i18n,ui}`, no web
   crate (web_sys, js_sys, gloo, yew, wasm_bindgen).
2. The engine's module import graph has no circle (nor have study's and share's). A module is a file; an edge is any path that
   names another module (`use`, or a path in code, tests included). The one exception is a parent
   module's `mod child;` and `pub use child::…` (a folder presenting its rooms).
3. The layers above keep their order: study and share import no ui and no i18n; i18n imports no
   ui; no top-level folder imports one that imports it.
4. Nothing under `src/` includes a file from `tests/` (`include_str!`, `include_bytes!`).
5. Every "kafka-behaviour.md §x.y" cited in src/, tests/, scripts/, docs/ and the top-level
   guides is a heading of
   docs/kafka-behaviour.md, and that copy matches ../shared/reference/kafka-behaviour.md when
   the original sits beside the checkout.
6. No function under `src/ui/` is longer than 150 lines.

Prints every violation with its file and line and exits 1 if there is any; `--graph` prints the
engine's edges.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")
WEB_CRATES = ("web_sys", "js_sys", "gloo", "yew", "wasm_bindgen")
TOP_ORDER = {"model": 0, "study": 1, "share": 1, "i18n": 2, "ui": 3}
MAX_UI_FN_LINES = 150

problems = []


def rel(path):
    return os.path.relpath(path, ROOT)


def module_of(path):
    """src/model/assignor/mod.rs -> ('model', 'assignor'); src/lib.rs -> ()."""
    parts = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_comments_and_strings(text):
    """Blanks comments and string/char literals, keeping line breaks (so line numbers hold)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or (c == "'" and text.startswith("'\\u{", i)):
            j = text.find("'", i + 1 if text[i + 1] != "\\" else i + 2)
            out.append(" " * (j - i + 1))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand_use(tree):
    """'crate::a::{b, c::{d, e}}' -> [['crate','a','b'], ['crate','a','c','d'], ...]."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    results = []

    def go(prefix, s):
        # split top-level commas
        items, depth, cur = [], 0, ""
        for ch in s:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                items.append(cur)
                cur = ""
            else:
                cur += ch
        if cur:
            items.append(cur)
        for item in items:
            m = re.match(r"^([^{]*?)(?:::)?\{(.*)\}$", item)
            if m:
                head = [p for p in m.group(1).split("::") if p]
                go(prefix + head, m.group(2))
            else:
                parts = [p for p in re.split(r"::", item) if p]
                results.append(prefix + parts)

    go([], tree)
    return results


class Module:
    def __init__(self, path):
        self.path = path
        self.name = module_of(path)
        self.text = open(path, encoding="utf-8").read()
        self.code = strip_comments_and_strings(self.text)
        self.children = set()
        self.refs = []  # (line, target module tuple, is_structural)
        self.defines = set(re.findall(r"\bpub(?:\([^)]*\))?\s+(?:struct|enum|fn|const|static|type|trait|mod|union)\s+(\w+)", self.code))
        self.reexports = {}  # name -> module it comes from (filled once every module is known)
        self.globs = []  # modules re-exported whole (`pub use child::*`)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def load_modules():
    mods = {}
    for dirpath, _, files in os.walk(SRC):
        if os.path.relpath(dirpath, SRC).split(os.sep)[0] == "bin":
            continue
        for f in files:
            if f.endswith(".rs"):
                m = Module(os.path.join(dirpath, f))
                mods[m.name] = m
    for name in mods:
        if name:
            parent = name[:-1]
            if parent in mods:
                mods[parent].children.add(name[-1])
    for m in mods.values():
        for um in re.finditer(r"\bpub(?:\([^)]*\))?\s+use\s+([^;]+);", m.code):
            for segs in expand_use(um.group(1)):
                if not segs:
                    continue
                name = segs[-1]
                where = segs[:-1]
                if where and where[0] in m.children:
                    where = ["self"] + where
                base = resolve_module_only(mods, m.name, where)
                if base is None:
                    continue
                if name == "*":
                    m.globs.append(base)
                else:
                    m.reexports[name] = base
    return mods


def anchor(mods, here, segs):
    """Where a path starts: (the module its `crate`/`super`/`self`/child prefix names, the
    segments after it), or None for a path into another crate or a local item."""
    if not segs:
        return None
    base, segs = list(here), list(segs)
    if segs[0] == "crate":
        return [], segs[1:]
    if segs[0] in ("super", "self"):
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
        return base, segs
    if tuple(here) in mods and segs[0] in mods[tuple(here)].children:
        return base, segs
    return None


def resolve_module_only(mods, here, segs):
    """The module a `use` prefix names (no re-export following), or None."""
    start = anchor(mods, here, segs)
    if start is None:
        return None
    cur = tuple(start[0] + start[1])
    return cur if cur in mods else None


def resolve(mods, here, segments):
    """The module a path names, or None (an outside crate / a local item)."""
    start = anchor(mods, here, segments)
    if start is None:
        return None
    base, segs = start
    best = tuple(base)
    cur = list(base)
    rest = list(segs)
    for s in segs:
        cur.append(s)
        if tuple(cur) in mods:
            best = tuple(cur)
            rest = rest[1:]
        else:
            break
    return follow_reexports(mods, best, rest)


def follow_reexports(mods, module, rest, depth=0):
    """A path through a folder's re-export (`pub use child::X`, `pub use child::*`) names the
    child that defines X: an edge to the folder's mod.rs alone would hide the real one."""
    if not rest or module not in mods or depth > 8:
        return module
    m = mods[module]
    name = rest[0]
    target = m.reexports.get(name)
    if target is None:
        for child in m.globs:
            if name in mods[child].defines or name in mods[child].reexports:
                target = child
                break
    if target is None or target == module:
        return module
    return follow_reexports(mods, target, rest, depth + 1)


def scan_refs(mods):
    for m in mods.values():
        code = m.code
        # inline modules (mod tests { ... }): `super` inside them means the file's own module
        inline_spans = []
        for im in re.finditer(r"\bmod\s+\w+\s*\{", code):
            depth, j = 0, im.end() - 1
            while j < len(code):
                if code[j] == "{":
                    depth += 1
                elif code[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inline_spans.append((im.start(), j))

        def here_at(pos):
            inner = sum(1 for a, b in inline_spans if a <= pos <= b)
            return m.name + ("__inline__",) * inner

        def record(pos, segs, structural=False):
            here = here_at(pos)
            if "__inline__" in here:
                # resolve relative to the inline module: strip one `super` per inline level
                k = here.count("__inline__")
                s = list(segs)
                while k and s and s[0] == "super":
                    s, k = s[1:], k - 1
                if k and s and s[0] not in ("crate",):
                    return
                target = resolve(mods, m.name, s)
            else:
                target = resolve(mods, m.name, segs)
            if target is not None and target != m.name:
                m.refs.append((line_of(code, pos), target, structural))

        used_spans = []
        for um in re.finditer(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", code):
            used_spans.append((um.start(), um.end()))
            is_pub = bool(um.group(1))
            for segs in expand_use(um.group(2)):
                if segs and segs[-1].startswith("self"):
                    segs = segs[:-1]
                target_segs = segs
                structural = False
                if is_pub:
                    t = resolve(mods, m.name, target_segs)
                    if t is not None and len(t) > len(m.name) and t[: len(m.name)] == m.name:
                        structural = True
                record(um.start(), target_segs, structural)
        for pm in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", code):
            if any(a <= pm.start() < b for a, b in used_spans):
                continue
            record(pm.start(), pm.group(1).split("::"))
        for wm in re.finditer(r"(?<![\w:])(" + "|".join(WEB_CRATES) + r")::", code):
            m.refs.append((line_of(code, wm.start()), ("<web>", wm.group(1)), False))


def check_engine(mods, show_graph):
    engine = {n: m for n, m in mods.items() if n[:1] == ("model",)}
    for n, m in engine.items():
        for line, target, _ in m.refs:
            if target[:1] == ("<web>",):
                problems.append(f"{rel(m.path)}:{line}: the engine uses the web crate `{target[1]}`")
            elif target[:1] != ("model",):
                top = target[0] if target else "crate"
                problems.append(f"{rel(m.path)}:{line}: the engine imports `crate::{'::'.join(target)}` ({top} sits above the engine)")
    check_circles(mods, "model", show_graph)


def check_circles(mods, top, show_graph=False):
    """No circle among the files of one top-level folder (a parent's `mod`/`pub use` exempt)."""
    layer = {n: m for n, m in mods.items() if n[:1] == (top,)}
    edges = {}
    for n, m in layer.items():
        for line, target, structural in m.refs:
            if structural or target[:1] != (top,):
                continue
            edges.setdefault(n, {}).setdefault(target, line)
    if show_graph:
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print(f"{'::'.join(a)} -> {'::'.join(b)}")
    # Tarjan's strongly connected components
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                strong(w)
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
            sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(layer):
        if v not in index:
            strong(v)
    for comp in sccs:
        if len(comp) > 1:
            members = set(comp)
            lines = []
            for a in sorted(members):
                for b, line in sorted(edges.get(a, {}).items()):
                    if b in members:
                        lines.append(f"    {rel(layer[a].path)}:{line} -> {'::'.join(b)}")
            problems.append(f"the imports of src/{top}/ form a circle among " + ", ".join("::".join(c) for c in sorted(comp)) + ":\n" + "\n".join(lines))


def check_upper_layers(mods):
    top_edges = {}
    for n, m in mods.items():
        if not n or n[0] not in TOP_ORDER:
            continue
        for line, target, _ in m.refs:
            if not target or target[0] == "<web>" or target[0] not in TOP_ORDER or target[0] == n[0]:
                continue
            top_edges.setdefault(n[0], set()).add(target[0])
            if TOP_ORDER[target[0]] > TOP_ORDER[n[0]] or (TOP_ORDER[target[0]] == TOP_ORDER[n[0]] and n[0] != "model"):
                if not (n[0] in ("study", "share") and target[0] in ("study", "share")):
                    problems.append(f"{rel(m.path)}:{line}: `{n[0]}` imports `{target[0]}`, which sits above it")
    for a, bs in top_edges.items():
        for b in bs:
            if a in top_edges.get(b, set()):
                if a < b:
                    problems.append(f"the top-level folders `{a}` and `{b}` import each other")


def check_includes():
    for dirpath, _, files in os.walk(SRC):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            text = open(path, encoding="utf-8").read()
            for im in re.finditer(r"include_(?:str|bytes)!\(\s*\"([^\"]+)\"", text):
                target = os.path.normpath(os.path.join(dirpath, im.group(1)))
                if os.path.relpath(target, ROOT).split(os.sep)[0] == "tests":
                    problems.append(f"{rel(path)}:{line_of(text, im.start())}: includes `{im.group(1)}`, a file under tests/ (the app must not ship test fixtures)")


def reference_headings():
    doc = os.path.join(ROOT, "docs", "kafka-behaviour.md")
    if not os.path.exists(doc):
        problems.append("docs/kafka-behaviour.md is missing (the vendored Kafka behaviour reference)")
        return set()
    text = open(doc, encoding="utf-8").read()
    original = os.path.join(ROOT, "..", "shared", "reference", "kafka-behaviour.md")
    if os.path.exists(original) and open(original, encoding="utf-8").read() != text:
        problems.append("docs/kafka-behaviour.md differs from ../shared/reference/kafka-behaviour.md: copy the original again")
    heads = set()
    for hm in re.finditer(r"^#+\s+(\d+(?:\.\d+[a-z]?)*)\.?\s", text, re.M):
        heads.add(hm.group(1))
    return heads


def check_citations():
    heads = reference_headings()
    if not heads:
        return
    cite = re.compile(r"kafka-behaviour\.md((?:[ ,]*(?:and|–|-)?\s*§\d+(?:\.\d+[a-z]?)*)+)")
    paths = [os.path.join(ROOT, f) for f in ("ARCHITECTURE.md", "README.md", "DEVELOPERS.md")]
    for base in ("src", "tests", "scripts", "docs"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, base)):
            if "node_modules" in dirpath:
                continue
            for f in files:
                if f.endswith((".rs", ".ts", ".mjs", ".py", ".md")) and f not in ("check-layers.py", "kafka-behaviour.md"):
                    paths.append(os.path.join(dirpath, f))
    for path in paths:
        if not os.path.exists(path):
            continue
        text = open(path, encoding="utf-8").read()
        for lm in re.finditer(r"reference §", text):
            problems.append(f"{rel(path)}:{line_of(text, lm.start())}: cites 'reference §', which names no file: cite docs/kafka-behaviour.md §…")
        for cm in cite.finditer(text):
            for sec in re.findall(r"§(\d+(?:\.\d+[a-z]?)*)", cm.group(1)):
                if sec not in heads:
                    problems.append(f"{rel(path)}:{line_of(text, cm.start())}: cites kafka-behaviour.md §{sec}, which is not a heading there")


def check_ui_function_length(mods):
    for n, m in mods.items():
        if n[:1] != ("ui",):
            continue
        lines = m.code.split("\n")
        i = 0
        while i < len(lines):
            fm = re.match(r"\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?fn\s+(\w+)", lines[i])
            if not fm:
                i += 1
                continue
            # find the body's opening brace, then its matching close
            depth, started, j = 0, False, i
            while j < len(lines):
                for ch in lines[j]:
                    if ch == "{":
                        depth += 1
                        started = True
                    elif ch == "}":
                        depth -= 1
                if started and depth == 0:
                    break
                if not started and lines[j].rstrip().endswith(";"):
                    break
                j += 1
            length = j - i + 1
            if started and length > MAX_UI_FN_LINES:
                problems.append(f"{rel(m.path)}:{i + 1}: fn {fm.group(1)} is {length} lines (at most {MAX_UI_FN_LINES} in src/ui/)")
            i += 1


def main():
    mods = load_modules()
    scan_refs(mods)
    check_engine(mods, "--graph" in sys.argv)
    for top in ("study", "share"):
        check_circles(mods, top)
    check_upper_layers(mods)
    check_includes()
    check_citations()
    check_ui_function_length(mods)
    if problems:
        print("check-layers: %d problem(s)" % len(problems))
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("check-layers: no import circle in model, study or share; the engine imports nothing above it; layers, includes, citations and UI function lengths are in order")


if __name__ == "__main__":
    main()
