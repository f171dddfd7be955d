"""Say clearly what the system lacks before Qt aborts on it.

Qt's X11 plugin needs a set of xcb system libraries (libxcb-cursor since Qt 6.5, libxcb-icccm,
libxcb-keysyms, ...). When one is missing Qt prints a misleading message and aborts the
interpreter, which Python cannot catch. This check asks the dynamic linker which of the plugin's
libraries cannot be found, before Qt starts, and names the packages to install.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def debian_package(soname: str) -> str:
    """libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    name, _, version = soname.partition(".so.")
    version = version.split(".")[0]
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}" if version else name


def missing_libraries(plugin: Path) -> list[str]:
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        output = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(output)))


def uses_x11() -> bool:
    requested = os.environ.get("QT_QPA_PLATFORM", "")
    if requested:
        return requested.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_platform_library() -> str | None:
    """A sentence naming what to install, or None when the window system will work."""
    if not sys.platform.startswith("linux") or not uses_x11():
        return None
    plugin = _xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = " ".join(debian_package(soname) for soname in missing)
    return (
        f"PerfusionSim cannot open its window: Qt's X11 support needs system libraries that are "
        f"not installed ({', '.join(missing)}). Install them with your package manager, for "
        f"example 'sudo apt-get install {packages}' on Debian or Ubuntu, then start it again."
    )
