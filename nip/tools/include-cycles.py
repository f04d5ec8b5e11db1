#!/usr/bin/env python3
"""List the import cycles between nip's modules; exit 1 when there is one.

A module is a header and the .c files that implement it: src/X.h with
src/X.c, src/X_*.c and src/X*.c (txn.h with txn_plan.c, build.h with
buildall.c); a .c file no header name prefixes is a module of its own
(main.c). Module A depends on B when a file of A includes "B.h". A cycle
means neither side can be read, tested or moved without the other, which
is what keeping low-level code free of high-level code is meant to stop.

usage: include-cycles.py [--graph] [SRCDIR]   (SRCDIR defaults to src)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


def module_of(stem, headers):
    """The module a file belongs to: the longest header stem prefixing it."""
    if stem in headers:
        return stem
    owners = [h for h in headers if stem.startswith(h)]
    return max(owners, key=len) if owners else stem


def read_graph(srcdir):
    names = sorted(os.listdir(srcdir))
    headers = {n[:-2] for n in names if n.endswith('.h')}
    graph = {}
    why = {}
    for name in names:
        if not name.endswith(('.c', '.h')):
            continue
        stem = name[:-2]
        mod = module_of(stem, headers)
        graph.setdefault(mod, set())
        with open(os.path.join(srcdir, name), encoding='utf-8') as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            if inc not in headers:
                sys.exit(f'{srcdir}/{name}: includes "{inc}.h", '
                         f'which is not in {srcdir}')
            if inc != mod:
                graph[mod].add(inc)
                why.setdefault((mod, inc), []).append(name)
    return graph, why


def strongly_connected(graph):
    """Tarjan's algorithm: the sets of modules that reach each other."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def shortest_cycle(graph, component):
    """One cycle through the component's first module, found breadth first."""
    start, inside = component[0], set(component)
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for w in sorted(graph[path[-1]] & inside):
            if w == start:
                return path + [start]
            if w not in path:
                paths.append(path + [w])
    return component


def main(argv):
    show_graph = '--graph' in argv
    args = [a for a in argv if a != '--graph']
    srcdir = args[0] if args else 'src'
    graph, why = read_graph(srcdir)
    if show_graph:
        for mod in sorted(graph):
            print(f'{mod}: {" ".join(sorted(graph[mod]))}')
    cycles = strongly_connected(graph)
    for component in cycles:
        cycle = shortest_cycle(graph, component)
        steps = []
        for a, b in zip(cycle, cycle[1:]):
            steps.append(f'{a} -> {b} ({", ".join(why[(a, b)])})')
        print(f'{srcdir}: import cycle among {", ".join(component)}:')
        for step in steps:
            print(f'  {step}')
    if cycles:
        return 1
    print(f'{srcdir}: no import cycles among {len(graph)} modules')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
