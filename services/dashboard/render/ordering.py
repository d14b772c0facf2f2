"""The order of nodes within each layer of a layered drawing, chosen to cross few edges.

The barycentre heuristic (Sugiyama et al.): sweep down then up the layers, placing each node at the mean position of
its neighbours in the layer just fixed. Sweeps can make things worse as well as better, so the best order seen is
kept, starting from the order given: the result never crosses more than the input."""

from collections.abc import Collection, Sequence

Layers = list[list[str]]


def _layer_of(layers: Sequence[Sequence[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, layer in enumerate(layers):
        for name in layer:
            if name in found:
                raise ValueError(f"{name!r} is in layer {found[name]} and again in layer {index}")
            found[name] = index
    return found


def _checked(layers: Sequence[Sequence[str]], links: Collection[tuple[str, str]]) -> dict[str, int]:
    layer_of = _layer_of(layers)
    for a, b in links:
        for end in (a, b):
            if end not in layer_of:
                raise ValueError(f"the link {a!r}-{b!r} names {end!r}, which is in no layer")
        if abs(layer_of[a] - layer_of[b]) != 1:
            raise ValueError(f"the link {a!r}-{b!r} joins layers {layer_of[a]} and {layer_of[b]}, not adjacent ones")
    return layer_of


def crossings(layers: Sequence[Sequence[str]], links: Collection[tuple[str, str]]) -> int:
    """How many pairs of links cross, each link joining nodes of adjacent layers drawn as a straight segment."""
    layer_of = _checked(layers, links)
    position = {name: index for layer in layers for index, name in enumerate(layer)}
    between: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        upper, lower = (a, b) if layer_of[a] < layer_of[b] else (b, a)
        between.setdefault(layer_of[upper], []).append((position[upper], position[lower]))
    total = 0
    for segments in between.values():
        for index, (p1, q1) in enumerate(segments):
            total += sum(1 for p2, q2 in segments[index + 1 :] if (p1 - p2) * (q1 - q2) < 0)
    return total


def _by_barycentre(layer: list[str], fixed: list[str], neighbours: dict[str, list[str]]) -> list[str]:
    """A node without neighbours in `fixed` keeps its place; ties keep the current order, so the result is stable."""
    position = {name: index for index, name in enumerate(fixed)}

    def key(item: tuple[int, str]) -> tuple[float, int]:
        index, name = item
        seen = [position[other] for other in neighbours[name] if other in position]
        return (sum(seen) / len(seen) if seen else float(index), index)

    return [name for _, name in sorted(enumerate(layer), key=key)]


def order_layers(layers: Sequence[Sequence[str]], links: Collection[tuple[str, str]], sweeps: int = 4) -> Layers:
    """Each layer reordered to reduce crossings; the layers and their members stay the same."""
    _checked(layers, links)
    neighbours: dict[str, list[str]] = {name: [] for layer in layers for name in layer}
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)
    current = [list(layer) for layer in layers]
    best, fewest = [list(layer) for layer in current], crossings(current, links)
    for sweep in range(sweeps):
        if fewest == 0:
            break
        down = sweep % 2 == 0
        for index in range(1, len(current)) if down else range(len(current) - 2, -1, -1):
            fixed = current[index - 1] if down else current[index + 1]
            current[index] = _by_barycentre(current[index], fixed, neighbours)
        found = crossings(current, links)
        if found < fewest:
            best, fewest = [list(layer) for layer in current], found
    return best
