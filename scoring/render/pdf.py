"""Turn report HTML into PDF with WeasyPrint, fetching nothing but our own files.

This is the only module that imports WeasyPrint, and only when a PDF is asked for:
`scoring --help`, `validate` and `score` never pay for it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scoring.model.errors import ReportError

#: Han characters, CJK punctuation and full-width forms: what a CJK font must cover.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

#: The family name a `--font FILE` is given in the report's CSS.
USER_FONT = "ScoringUserFont"

FONT_HINT = (
    "install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) "
    "or pass --font FILE with a .ttf, .otf or .ttc font that has Chinese glyphs"
)


def font_face(font: str | Path | None) -> str:
    """The CSS `@font-face` rule for a user's font file (empty without one)."""
    if font is None:
        return ""
    path = Path(font).resolve()
    if not path.is_file():
        raise ReportError(f"--font {font}: no such file")
    return f'@font-face {{ font-family: "{USER_FONT}"; src: url("{path.as_uri()}"); }}'


def cjk_font_installed() -> bool | None:
    """Whether fontconfig knows a font covering Chinese; None when it cannot be asked."""
    return _fontconfig_has(":lang=zh")


def any_font_installed() -> bool | None:
    """Whether fontconfig knows any font at all; None when it cannot be asked."""
    return _fontconfig_has(":")


def _fontconfig_has(pattern: str) -> bool | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run([fc_list, pattern, "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(found.stdout.strip())


def missing_font_warning(html: str, font: str | Path | None) -> str | None:
    """A warning to print when `html` holds Chinese that no installed font can draw."""
    if font is not None or not CJK.search(html):
        return None
    if cjk_font_installed() is False:
        return ("warning: the report holds Chinese text but no installed font covers it, "
                f"so it would print as empty boxes; {FONT_HINT}")
    return None


def pdf_renderer(roots: Sequence[Path], *, font: str | Path | None = None) -> Callable[[str], bytes]:
    """A function rendering HTML to PDF bytes, reading files from `roots` (and `font`) only.

    It holds one WeasyPrint font configuration for all the documents it renders: each new
    one loads fontconfig's fonts again and opens the CJK faces anew in a Pango font map of
    its own, which costs a worker far more time and memory than the forms themselves.
    """
    if font is None and any_font_installed() is False:
        # Pango crashes the whole process when it has no font at all; say why instead.
        raise ReportError(f"no fonts are installed, so no PDF can be drawn; {FONT_HINT}")
    import weasyprint  # deferred: it takes most of a second to import
    from weasyprint.text.fonts import FontConfiguration

    allowed = [r.resolve() for r in roots]
    if font is not None:
        allowed.append(Path(font).resolve())
    fetcher = _fetcher_class(weasyprint)(allowed)
    base = allowed[0].as_uri() + "/"
    fonts = FontConfiguration()

    def render(html: str) -> bytes:
        try:
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            pdf: bytes = document.write_pdf(font_config=fonts)  # bytes, without a target (WeasyPrint is untyped)
            return pdf
        except OSError as exc:
            raise ReportError(f"cannot render the PDF: {exc}") from None

    return render


def _fetcher_class(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under the allowed paths only."""
    class LocalOnlyFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types: its class is Any
        def __init__(self, allowed: Sequence[Path]) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.allowed = list(allowed)

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if parts.netloc not in ("", "localhost") or not any(
                    path == root or path.is_relative_to(root) for root in self.allowed
                ):
                    raise ValueError(f"refused to read {url}: reports may only use their own template files")
            elif parts.scheme != "data":
                raise ValueError(f"refused to fetch {url}: reports never use the network")
            return super().fetch(url, headers)

    return LocalOnlyFetcher
