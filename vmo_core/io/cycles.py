"""Dependency cycles, each named in full, for a message that shows the whole loop."""

from __future__ import annotations


def find_cycles(edges: list[tuple[int, str, str]]) -> list[tuple[int, list[str]]]:
    """Each cycle found in a dependency graph, in full, with the row of the edge that closes it."""
    successors: dict[str, list[tuple[str, int]]] = {}
    for row, pred, succ in edges:
        successors.setdefault(pred, []).append((succ, row))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    cycles = []
    for root in successors:
        if state.get(root):
            continue
        path, stack = [root], [iter(successors.get(root, []))]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            node, row = step
            if state.get(node) == 1:
                cycles.append((row, path[path.index(node) :] + [node]))
            elif not state.get(node):
                state[node] = 1
                path.append(node)
                stack.append(iter(successors.get(node, [])))
    return cycles
