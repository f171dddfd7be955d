"""Render ``resources/anatomy/layout.json`` to a PNG, headless, to look at the layout while it
is designed (the real map is drawn by ``simulator/gui``).

    QT_QPA_PLATFORM=offscreen python tools/render_layout.py --view abdomen -o abdomen.png

Crossings found by ``simulator.anatomy.layout_checks`` are ringed: green when listed as
anatomical, magenta when not.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from simulator.anatomy.layout import load_layout  # noqa: E402
from simulator.anatomy.layout_checks import crossings  # noqa: E402

COLOURS = {
    "artery": QColor(200, 30, 40),
    "vein": QColor(40, 70, 190),
    "portal": QColor(130, 50, 160),
    "pulmonary_artery": QColor(60, 110, 220),
    "pulmonary_vein": QColor(220, 70, 90),
}


def _path(points: list, corner_radius: float, smooth: bool) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    if smooth and len(points) > 2:
        for i in range(1, len(points) - 1):
            middle = QPointF(
                (points[i][0] + points[i + 1][0]) / 2, (points[i][1] + points[i + 1][1]) / 2
            )
            path.quadTo(QPointF(*points[i]), middle)
        path.lineTo(QPointF(*points[-1]))
        return path
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[i + 1]
        d0 = max(1e-9, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        d1 = max(1e-9, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
        r = min(corner_radius, d0 / 2, d1 / 2)
        path.lineTo(QPointF(x1 - (x1 - x0) / d0 * r, y1 - (y1 - y0) / d0 * r))
        path.quadTo(QPointF(x1, y1), QPointF(x1 + (x2 - x1) / d1 * r, y1 + (y2 - y1) / d1 * r))
    path.lineTo(QPointF(*points[-1]))
    return path


def render(view: str, output: Path, pixels_per_unit: float, labels: bool) -> None:
    layout = load_layout()
    x_min, y_min, x_max, y_max = getattr(layout.views, view).rect
    image = QImage(
        int((x_max - x_min) * pixels_per_unit),
        int((y_max - y_min) * pixels_per_unit),
        QImage.Format.Format_RGB32,
    )
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(pixels_per_unit, pixels_per_unit)
    painter.translate(-x_min, -y_min)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(max(1.5, 9.0 / pixels_per_unit))
    painter.setFont(font)
    painter.setPen(QPen(QColor(170, 160, 150), 0.6))
    for organ in layout.organs.values():
        painter.setBrush(QColor(245, 238, 228))
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in organ.outline]))
    for bed in layout.beds.values():
        painter.setBrush(QColor(238, 222, 205))
        painter.setPen(QPen(QColor(190, 160, 140), 0.5))
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in bed.polygon]))
    for chamber in layout.chambers.values():
        painter.setBrush(QColor(240, 200, 200))
        painter.drawPolygon(QPolygonF([QPointF(*p) for p in chamber.polygon]))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for vessel in sorted(layout.vessels.values(), key=lambda v: v.layer):
        pen = QPen(COLOURS[vessel.kind], 1.6 if not vessel.collateral else 1.0)
        if vessel.collateral:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(_path(vessel.polyline, vessel.corner_radius, vessel.curve == "smooth"))
    listed = {frozenset((c.front, c.behind)) for c in layout.anatomical_crossings}
    for crossing in crossings(layout):
        ok = frozenset((crossing.first, crossing.second)) in listed
        painter.setPen(QPen(QColor(0, 160, 0) if ok else QColor(230, 0, 200), 0.8))
        painter.drawEllipse(QPointF(*crossing.at), 3.0, 3.0)
    painter.setPen(QPen(QColor(150, 150, 150), 0.5))
    for root in layout.limb_roots.values():
        painter.drawLine(QPointF(*root.line[0]), QPointF(*root.line[1]))
    painter.setPen(QPen(QColor(0, 0, 0), 0.8))
    for site in layout.access_sites.values():
        painter.drawRect(QRectF(site.point[0] - 1.5, site.point[1] - 1.5, 3.0, 3.0))
    if labels:
        painter.setPen(QColor(20, 20, 20))
        for name, vessel in layout.vessels.items():
            anchor = vessel.label_anchor
            if anchor is None:
                middle = len(vessel.polyline) // 2
                a, b = vessel.polyline[middle - 1], vessel.polyline[middle]
                anchor = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            painter.drawText(QPointF(*anchor), vessel.label or name)
        painter.setPen(QColor(120, 80, 40))
        for name, bed in layout.beds.items():
            painter.drawText(QPointF(*bed.label_anchor), bed.label or name)
    painter.end()
    image.save(str(output))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--view", default="whole_body")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="pixels per map unit")
    parser.add_argument("--labels", action="store_true")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    render(args.view, args.output, args.scale, args.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
