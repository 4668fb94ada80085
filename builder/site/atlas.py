"""Country outlines for the map of places: Natural Earth's 1:110m
countries (public domain), as the npm package world-atlas ships them in
TopoJSON (package-lock.json pins it). Read at build time; the site draws
them into its own SVG, so no map tiles or scripts are fetched to view it.

TopoJSON keeps each border once, as an "arc" of quantised, delta-encoded
points; a country's rings list arcs by index (~i: arc i reversed).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .theme import npm_file

Ring = list[tuple[float, float]]  # (longitude, latitude)


def atlas_path() -> Path:
    return npm_file("world-atlas", "countries-110m.json")


@lru_cache(maxsize=1)
def country_rings() -> tuple[Ring, ...]:
    """Every ring (outer boundaries and holes) of every country, in degrees."""
    topology = json.loads(atlas_path().read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    rings: list[Ring] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry.get("type"), [])
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: Ring = []
                for index in ring_arcs:
                    points = arcs[index] if index >= 0 else arcs[~index][::-1]
                    ring.extend(points if not ring else points[1:])
                rings.append(_unwrapped(ring))
    return tuple(rings)


def _unwrapped(ring: Ring) -> Ring:
    """A ring that crosses the antimeridian (Russia's far east, Fiji) goes on
    past 180 degrees instead of jumping back across the whole map."""
    out, shift = [ring[0]], 0.0
    for (lon0, _), (lon, lat) in zip(ring, ring[1:]):
        if lon - lon0 > 180:
            shift -= 360
        elif lon0 - lon > 180:
            shift += 360
        out.append((lon + shift, lat))
    return out
