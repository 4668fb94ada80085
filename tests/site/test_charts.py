"""The pictures drawn at build time, measured from their SVG."""
from __future__ import annotations

import datetime as dt
import re

from builder.dates import MONTH_NAMES
from builder.site import charts


def test_no_event_line_runs_through_another_events_label_on_the_timeline():
    """Events crowded into a few weeks, as the seeds' registry has them in
    early 2022, and one near the right edge: each event's line goes down
    to its own label, past no other label, and every label is inside the
    picture."""
    bars = [charts.TimelineBar(dt.date(2021 + m // 12, m % 12 + 1, 1), 50 + m, f"bulan {m}", f"/archive/{m}/")
            for m in range(60)]
    days = [dt.date(2022, 1, 2), dt.date(2022, 2, 4), dt.date(2022, 2, 24), dt.date(2022, 9, 15),
            dt.date(2023, 5, 18), dt.date(2024, 7, 3), dt.date(2025, 6, 16), dt.date(2025, 12, 1)]
    events = [charts.TimelineEvent(day, day, f"Peristiwa penting nomor {n} di kawasan", f"/entities/e{n}/")
              for n, day in enumerate(days)]
    svg = charts.timeline([], events, "Linimasa", MONTH_NAMES["id"], bars=bars)
    lines = [(float(x), float(y2)) for x, y2 in
             re.findall(r'class="chart-event-line" x1="([\d.]+)" y1="[\d.]+" x2="[\d.]+" y2="([\d.]+)"', svg)]
    labels = [(float(x), float(y), len(text)) for x, y, text in
              re.findall(r'class="chart-event-label" x="([\d.]+)" y="([\d.]+)">([^<]+)<', svg)]
    assert len(lines) == len(labels) == len(events)
    for n, (line_x, line_bottom) in enumerate(lines):
        for m, (label_x, label_y, length) in enumerate(labels):
            if n != m and label_x <= line_x <= label_x + 7.2 * length:
                assert line_bottom < label_y - 14, f"the line of event {n} runs through the label of event {m}"
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    assert width == 960 and all(x + 7.2 * length <= width for x, _, length in labels)  # all inside the picture
    for n, (x, y, length) in enumerate(labels):  # and no two labels meet
        for x2, y2, length2 in labels[n + 1:]:
            assert y != y2 or x + 7.2 * length <= x2 or x2 + 7.2 * length2 <= x
