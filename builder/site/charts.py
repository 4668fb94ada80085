"""Pictures as SVG, drawn at build time: timeline, network, ego network, sparkline.

No chart library and no script in the browser: each function returns SVG
markup that goes inline into a page, styled by the theme's CSS (classes
`chart-*`). Every picture has a text alternative on its page. Layouts are
deterministic, so the same archive draws the same picture.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape


def _a(href: str, label: str, inner: str) -> str:
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{inner}</a>'


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# ------------------------------------------------------------------ timeline

@dataclass(frozen=True)
class TimelinePoint:
    day: dt.date
    label: str  # accessible name and tooltip
    number: int  # shown on the point; the table below the picture uses it too
    href: str


@dataclass(frozen=True)
class TimelineEvent:
    start: dt.date
    end: dt.date
    label: str
    href: str


@dataclass(frozen=True)
class TimelineBar:
    month: dt.date  # its first day
    count: int
    label: str
    href: str


BAR_HEIGHT = 140  # the tallest month's bar


def _event_label_width(label: str) -> float:
    return 7.2 * len(label) + 10  # .chart-event-label is 13px


def timeline(points: list[TimelinePoint], events: list[TimelineEvent], title: str,
             month_names: list[str], width: int = 960, bars: list[TimelineBar] | None = None) -> str:
    """Articles as numbered points on a time axis, or, for an archive too
    large to show each, a bar per month (its height the month's count);
    events as bands below the axis. The picture's height does not grow with
    the archive when it has bars."""
    if not points and not bars:
        return ""
    days = [p.day for p in points] + [b.month for b in bars or ()]
    first_year, last_year = min(d.year for d in days), max(d.year for d in days)
    start, end = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    left, right = 30, width - 30
    span = (end - start).days
    visible = sorted((e for e in events if start <= e.start < end), key=lambda e: (e.start, e.label))
    # An event's label starts at its line: the axis is drawn short enough
    # for the label of an event near its end to fit in the picture.
    for event in visible:
        room = width - 4 - _event_label_width(event.label) - left
        share = (event.start - start).days / span
        if share > 0 and left + share * (right - left) > left + room:
            right = left + max(room, 0) / share

    def x(day: dt.date) -> float:
        return left + (day - start).days / span * (right - left)

    # Points too close to tell apart stack upwards.
    level_ends: list[float] = []
    point_rows = []
    for point in sorted(points, key=lambda p: (p.day, p.number)):
        px = x(point.day)
        level = next((i for i, end_x in enumerate(level_ends) if end_x < px - 24), len(level_ends))
        if level == len(level_ends):
            level_ends.append(px)
        level_ends[level] = px
        point_rows.append((point, level))
    top_rows = len(level_ends) if not bars else (BAR_HEIGHT + 10) // 30 + 1
    axis_y = 40 + top_rows * 30
    # Event labels go in rows below the axis, each starting at its line
    # down from the axis. Placed from the right: a label goes below every
    # label its text would meet, whose lines start inside it; so no line
    # runs through a label (a staircase where events crowd together).
    placed: list[tuple[TimelineEvent, int, float]] = []
    taken: list[tuple[float, float, int]] = []  # (from x, to x, row) of each label placed
    for event in reversed(visible):
        x0 = x(event.start)
        text_end = x0 + _event_label_width(event.label)
        row = 1 + max((r for lo, hi, r in taken if lo < text_end and hi > x0), default=-1)
        taken.append((x0, text_end, row))
        placed.append((event, row, x0))
    placed.reverse()
    rows = 1 + max((row for _, row, _ in placed), default=-1)
    height = axis_y + 50 + rows * 22 + 10
    out = [f'<svg class="chart chart-timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for event, row, anchor_x in placed:
        x0, x1 = x(event.start), max(x(event.end), x(event.start) + 3)
        label_y = axis_y + 44 + row * 22
        out.append(_a(event.href, event.label,
                      f'<rect class="chart-event-band" x="{_num(x0)}" y="{axis_y - 30 * top_rows - 10}" '
                      f'width="{_num(x1 - x0)}" height="{30 * top_rows + 10}"/>'
                      f'<line class="chart-event-line" x1="{_num(x0)}" y1="{axis_y}" x2="{_num(x0)}" y2="{label_y - 12}"/>'
                      f'<text class="chart-event-label" x="{_num(anchor_x)}" y="{label_y}">{escape(event.label)}</text>'))
    out.append(f'<line class="chart-axis" x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}"/>')
    for year in range(first_year, last_year + 2):
        tick = x(dt.date(year, 1, 1))
        out.append(f'<line class="chart-tick" x1="{_num(tick)}" y1="{axis_y}" x2="{_num(tick)}" y2="{axis_y + 8}"/>')
        if year <= last_year:
            mid = x(dt.date(year, 7, 1))
            out.append(f'<text class="chart-year" x="{_num(mid)}" y="{axis_y + 24}" text-anchor="middle">{year}</text>')
    tallest = max((b.count for b in bars or ()), default=1)
    for bar in bars or ():
        following = dt.date(bar.month.year + bar.month.month // 12, bar.month.month % 12 + 1, 1)
        x0, x1 = x(bar.month), x(following)
        height = max(2.0, BAR_HEIGHT * bar.count / tallest)
        out.append(_a(bar.href, bar.label,
                      f'<rect class="chart-bar" x="{_num(x0 + 0.5)}" y="{_num(axis_y - height)}" '
                      f'width="{_num(max(1.0, x1 - x0 - 1))}" height="{_num(height)}"><title>{escape(bar.label)}</title>'
                      f'</rect>'))
    for point, level in point_rows:
        cx, cy = x(point.day), axis_y - 18 - level * 30
        out.append(_a(point.href, point.label,
                      f'<circle class="chart-point" cx="{_num(cx)}" cy="{_num(cy)}" r="11"><title>{escape(point.label)}</title></circle>'
                      f'<text class="chart-point-number" x="{_num(cx)}" y="{_num(cy + 4)}" text-anchor="middle">{point.number}</text>'))
    out.append("</svg>")
    return "".join(out)


# ------------------------------------------------------------------ networks

@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # entity type, for colour
    weight: int  # number of articles
    href: str


def force_layout(nodes: list[Node], edges: list[tuple[str, str, int]], iterations: int = 400) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold in the unit square, started from a circle in
    node order (no randomness), so each build lays out the same. Plain
    floats in lists, indexed by node: numpy would be quicker, but 400 steps
    turn a difference in the last bit of a sum into another picture, and
    numpy may add in another order on another processor (its vector
    loops). Python adds one float at a time, in the order written."""
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0].id: (0.5, 0.5)}
    xs = [0.5 + 0.4 * math.cos(2 * math.pi * i / count) for i in range(count)]
    ys = [0.5 + 0.4 * math.sin(2 * math.pi * i / count) for i in range(count)]
    number = {n.id: i for i, n in enumerate(nodes)}
    links = [(number[a], number[b], 1 + math.log(weight)) for a, b, weight in edges]
    k = 1.3 * math.sqrt(1.0 / count)
    k2 = k * k
    hypot = math.hypot
    temperature = 0.1
    for _ in range(iterations):
        disp_x, disp_y = [0.0] * count, [0.0] * count
        for a in range(count):
            ax, ay = xs[a], ys[a]
            for b in range(a + 1, count):
                dx, dy = ax - xs[b], ay - ys[b]
                dist = hypot(dx, dy) or 1e-6
                force = k2 / dist
                push_x, push_y = dx / dist * force, dy / dist * force
                disp_x[a] += push_x
                disp_y[a] += push_y
                disp_x[b] -= push_x
                disp_y[b] -= push_y
        for a, b, pull in links:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            dist = hypot(dx, dy) or 1e-6
            force = dist * dist / k * pull
            push_x, push_y = dx / dist * force, dy / dist * force
            disp_x[a] -= push_x
            disp_y[a] -= push_y
            disp_x[b] += push_x
            disp_y[b] += push_y
        for i in range(count):
            dx, dy = disp_x[i], disp_y[i]
            length = hypot(dx, dy) or 1e-6
            step = min(length, temperature)
            x = xs[i] + dx / length * step
            y = ys[i] + dy / length * step
            # a gentle pull to the centre keeps loosely connected nodes on the page
            xs[i], ys[i] = x + (0.5 - x) * 0.01, y + (0.5 - y) * 0.01
        temperature *= 0.99
    left, top = min(xs), min(ys)
    span_x = (max(xs) - left) or 1.0
    span_y = (max(ys) - top) or 1.0
    return {n.id: ((x - left) / span_x, (y - top) / span_y) for n, x, y in zip(nodes, xs, ys)}


MAX_RADIUS = 28  # the most-named entity's circle; the others by area in proportion
LABEL_CHAR = 7.8  # a label's width per character, and its height: .chart-label is 13px
LABEL_HEIGHT = 16


def _radii(nodes: list[Node] | list["Place"], smallest: float = 5, largest: float = MAX_RADIUS) -> dict[str, float]:
    """Circle area in proportion to articles, the most-named `largest`: an
    entity in 10,000 articles is drawn no bigger than one in 50."""
    top = max((n.weight for n in nodes), default=1) or 1
    return {n.id: smallest + (largest - smallest) * math.sqrt(max(n.weight, 0) / top) for n in nodes}


def _separate(points: dict[str, tuple[float, float]], radii: dict[str, float], width: int, height: int,
              gap: float = 6, rounds: int = 300) -> dict[str, tuple[float, float]]:
    """Push apart circles that cover each other (the layout places centres,
    not discs), keeping each inside the picture. Deterministic: pairs in
    order, a fixed direction for centres that coincide."""
    pos = {i: list(p) for i, p in points.items()}
    ids = sorted(pos)
    for _ in range(rounds):
        moved = False
        for index, a in enumerate(ids):
            for b in ids[index + 1:]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                dist = math.hypot(dx, dy)
                need = radii[a] + radii[b] + gap
                if dist >= need:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.5, math.hypot(1.0, 0.5)
                push = (need - dist) / 2 + 0.01
                pos[a][0] -= dx / dist * push
                pos[a][1] -= dy / dist * push
                pos[b][0] += dx / dist * push
                pos[b][1] += dy / dist * push
                moved = True
        for i in ids:
            r = radii[i]
            pos[i][0] = min(max(pos[i][0], r + 2), width - r - 2)
            pos[i][1] = min(max(pos[i][1], r + 2), height - r - 2)
        if not moved:
            break
    return {i: (p[0], p[1]) for i, p in pos.items()}


def _label_places(nodes: list[Node], place, radii: dict[str, float], width: int, height: int
                  ) -> dict[str, tuple[float, float, str] | None]:
    """Where each label goes (x, y, text-anchor): right of its circle, else
    left, below or above, the first that covers no circle and no label
    placed before it (the most-named first). None where no place is free:
    that circle goes without its label in the picture (its link and tooltip
    still name it, and the table beside the picture lists it)."""
    taken: list[tuple[float, float, float, float]] = []
    circles = [(place(n.id), radii[n.id]) for n in nodes]
    chosen: dict[str, tuple[float, float, str] | None] = {}
    for node in sorted(nodes, key=lambda n: (-n.weight, n.id)):
        (x, y), r = place(node.id), radii[node.id]
        w = LABEL_CHAR * len(node.label)
        options = [(x + r + 4, y + 4, "start", x + r + 4), (x - r - 4, y + 4, "end", x - r - 4 - w),
                   (x, y + r + 16, "middle", x - w / 2), (x, y - r - 6, "middle", x - w / 2)]
        best = None
        for tx, ty, anchor, left in options:
            box = (left, ty - LABEL_HEIGHT + 3, left + w, ty + 3)
            inside = box[0] >= 2 and box[2] <= width - 2 and box[1] >= 0 and box[3] <= height
            if inside and not any(_boxes_meet(box, other) for other in taken) and \
                    not any(_box_meets_circle(box, centre, radius) for centre, radius in circles):
                best = (tx, ty, anchor, left)
                break
        if best is None:
            chosen[node.id] = None
            continue
        tx, ty, anchor, left = best
        taken.append((left, ty - LABEL_HEIGHT + 3, left + w, ty + 3))
        chosen[node.id] = (tx, ty, anchor)
    return chosen


def _label_text(label: str, where: tuple[float, float, str] | None) -> str:
    if where is None:
        return ""
    tx, ty, anchor = where
    return f'<text class="chart-label" x="{_num(tx)}" y="{_num(ty)}" text-anchor="{anchor}">{escape(label)}</text>'


def _boxes_meet(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _box_meets_circle(box: tuple[float, float, float, float], centre: tuple[float, float], radius: float) -> bool:
    nearest_x = min(max(centre[0], box[0]), box[2])
    nearest_y = min(max(centre[1], box[1]), box[3])
    return math.hypot(centre[0] - nearest_x, centre[1] - nearest_y) < radius


def network(nodes: list[Node], edges: list[tuple[str, str, int]], title: str, width: int = 960,
            height: int = 640) -> str:
    """Entities as circles (area ~ articles), edges as lines (width ~ shared articles)."""
    layout = force_layout(nodes, edges)
    margin_x, margin_y = 110, 40
    placed = _separate({i: (margin_x + x * (width - 2 * margin_x), margin_y + y * (height - 2 * margin_y))
                        for i, (x, y) in layout.items()}, _radii(nodes), width, height)
    return _draw_network(nodes, edges, lambda node_id: placed[node_id], title, width, height)


def ego_network(center: Node, others: list[tuple[Node, int]], title: str, width: int = 560, height: int = 340) -> str:
    """One entity in the middle, the entities it appears with around it."""
    if not others:
        return ""
    positions = {center.id: (width / 2, height / 2)}
    for index, (node, _) in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * index / len(others)
        positions[node.id] = (width / 2 + 0.36 * width * math.cos(angle), height / 2 + 0.36 * height * math.sin(angle))
    edges = [(center.id, node.id, shared) for node, shared in others]
    return _draw_network([center] + [n for n, _ in others], edges, lambda i: positions[i], title, width, height)


def _draw_network(nodes: list[Node], edges: list[tuple[str, str, int]], place, title: str, width: int, height: int) -> str:
    out = [f'<svg class="chart chart-network" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    strongest = max((shared for _, _, shared in edges), default=1) or 1
    for a, b, shared in edges:
        (x1, y1), (x2, y2) = place(a), place(b)
        # at most 6 px, the strongest link: shared articles run into thousands
        out.append(f'<line class="chart-edge" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                   f'stroke-width="{_num(1 + 5 * shared / strongest)}"/>')
    radii = _radii(nodes)
    labels = _label_places(nodes, place, radii, width, height)
    for node in nodes:
        x, y = place(node.id)
        out.append(_a(node.href, node.label,
                      f'<circle class="chart-node chart-{node.kind}" cx="{_num(x)}" cy="{_num(y)}" '
                      f'r="{_num(radii[node.id])}"><title>{escape(node.label)}</title></circle>'
                      + _label_text(node.label, labels[node.id])))
    out.append("</svg>")
    return "".join(out)


# ------------------------------------------------------------------ sparkline

def sparkline(counts: list[tuple[int, int]], label: str, width: int = 180, height: int = 40) -> str:
    """Mentions per year as small bars; `label` is the sentence a screen reader hears."""
    if not counts:
        return ""
    peak = max(c for _, c in counts) or 1
    bar = width / len(counts)
    out = [f'<svg class="chart chart-sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}">',
           f"<title>{escape(label)}</title>"]
    for index, (year, count) in enumerate(counts):
        h = (height - 12) * count / peak
        out.append(f'<rect class="chart-bar" x="{_num(index * bar + 1)}" y="{_num(height - 12 - h)}" '
                   f'width="{_num(bar - 2)}" height="{_num(max(h, 0.5 if count else 0))}"><title>{year}: {count}</title></rect>')
    out.append(f'<text class="chart-spark-year" x="0" y="{height - 1}">{counts[0][0]}</text>')
    out.append(f'<text class="chart-spark-year" x="{width}" y="{height - 1}" text-anchor="end">{counts[-1][0]}</text>')
    out.append("</svg>")
    return "".join(out)


# ------------------------------------------------------------------ map

@dataclass(frozen=True)
class Place:
    id: str
    label: str
    latitude: float
    longitude: float
    weight: int  # articles naming it
    href: str


def place_map(places: list[Place], outlines: tuple[list[tuple[float, float]], ...], title: str,
              width: int = 960) -> str:
    """The places on the country outlines around them: an equirectangular
    view fitted to the places (at least 24 degrees across, so one place
    shows its region), circle area by articles, labels placed where they
    cover nothing. Outlines outside the view are left out."""
    if not places:
        return ""
    lats, lons = [p.latitude for p in places], [p.longitude for p in places]
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    squeeze = max(math.cos(math.radians(mid_lat)), 0.2)  # degrees of longitude are shorter away from the equator
    span_lon = max((max(lons) - min(lons)) * 1.3, 24 / squeeze)
    span_lat = max((max(lats) - min(lats)) * 1.3 + 8, 12)
    west, east = mid_lon - span_lon / 2, mid_lon + span_lon / 2
    north, south = mid_lat + span_lat / 2, mid_lat - span_lat / 2
    scale = width / (span_lon * squeeze)
    height = int(min(max(span_lat * scale, 320), 700))
    top = (north + south) / 2 + height / scale / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * squeeze * scale, (top - lat) * scale

    out = [f'<svg class="chart chart-map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">', f"<title>{escape(title)}</title>",
           f'<rect class="chart-sea" x="0" y="0" width="{width}" height="{height}"/>']
    shapes = []
    for ring in outlines:
        ring_lons, ring_lats = [p[0] for p in ring], [p[1] for p in ring]
        if max(ring_lons) < west - 5 or min(ring_lons) > east + 5 or max(ring_lats) < south - 20 or \
                min(ring_lats) > north + 20:
            continue
        points = [project(lon, lat) for lon, lat in ring]
        shapes.append("M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in points) + "Z")
    if shapes:
        out.append(f'<path class="chart-land" d="{"".join(shapes)}"/>')
    radii = _radii(places, smallest=4, largest=18)
    placed = _separate({p.id: project(p.longitude, p.latitude) for p in places}, radii, width, height, gap=2)
    nodes = [Node(p.id, p.label, "place", p.weight, p.href) for p in places]
    labels = _label_places(nodes, lambda i: placed[i], radii, width, height)
    for place in sorted(places, key=lambda p: (-p.weight, p.id)):
        x, y = placed[place.id]
        out.append(_a(place.href, f"{place.label}: {place.weight}",
                      f'<circle class="chart-node chart-place" cx="{_num(x)}" cy="{_num(y)}" r="{_num(radii[place.id])}">'
                      f"<title>{escape(place.label)}</title></circle>" + _label_text(place.label, labels[place.id])))
    out.append("</svg>")
    return "".join(out)
