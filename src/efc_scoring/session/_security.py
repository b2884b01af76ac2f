"""Who may see and do what in a session: link tokens, CSRF tokens, headers, no server path.

- Every page needs a link token, given once in the link printed at start
  (``/entrer?jeton=...``) and then kept in an HttpOnly, SameSite=Strict cookie:
  the chair's token (records decisions) and, with ``--lan``, one token per
  evaluator (reads only). Tokens are compared in constant time.
- Every form carries a CSRF token derived from the visitor's link token with a
  server secret (HMAC-SHA256); a POST without the right one is refused, and so
  is a POST whose ``Origin`` is not the session's own.
- Every response carries a Content-Security-Policy that loads nothing from
  outside (``'self'`` only, no inline script or style), ``nosniff``, no
  referrer, no caching, no framing.
- Messages shown in a page go through :func:`scrub`, which hides the server's
  file paths (the tender folder, the ledger, any absolute path).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CHAIR", "HEADERS", "Access", "Visitor", "scrub"]

CHAIR = "présidence"

#: Headers of every response of the session.
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


@dataclass(frozen=True)
class Visitor:
    """Who holds a link: the chair, or an evaluator (``evaluator`` is its id)."""

    token: str
    evaluator: str | None = None

    @property
    def chair(self) -> bool:
        return self.evaluator is None


@dataclass
class Access:
    """The link tokens of a session and the secret its CSRF tokens derive from."""

    chair: str
    evaluators: dict[str, str] = field(default_factory=dict)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    cookie: str = field(default_factory=lambda: "efc_seance_" + secrets.token_hex(4))

    @classmethod
    def new(cls, evaluators: Iterable[str] = ()) -> Access:
        """Fresh random tokens: one for the chair, one per evaluator given."""
        return cls(
            chair=secrets.token_urlsafe(24),
            evaluators={ev: secrets.token_urlsafe(24) for ev in evaluators},
        )

    def visitor(self, token: str | None) -> Visitor | None:
        """The visitor a token designates, None for a missing or unknown token."""
        if not token:
            return None
        if hmac.compare_digest(token.encode(), self.chair.encode()):
            return Visitor(token)
        for ev, known in self.evaluators.items():
            if hmac.compare_digest(token.encode(), known.encode()):
                return Visitor(token, ev)
        return None

    def csrf(self, visitor: Visitor) -> str:
        """The CSRF token of a visitor's forms."""
        return hmac.new(self.secret, b"csrf:" + visitor.token.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, visitor: Visitor, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf(visitor), str(given))


_ABSOLUTE = re.compile(r"(?<![\w.:/])(?:~|[A-Za-z]:)?(?:[/\\][^\s/\\:*?\"<>|«»()]+){2,}[/\\]?")


def scrub(text: str, paths: Iterable[str | Path] = ()) -> str:
    """``text`` without any file path of the server (known paths first, then absolute ones).

    >>> scrub("erreur dans /srv/marches/nettoyage/journal-commission.jsonl : ligne 3")
    'erreur dans [fichier du serveur] : ligne 3'
    >>> scrub("notes de 2 à 4 (1/2 point)")
    'notes de 2 à 4 (1/2 point)'
    """
    out = str(text)
    known = sorted({str(p) for p in paths if str(p) not in ("", ".", "/")}, key=len, reverse=True)
    for path in known:
        out = out.replace(path, "[fichier du serveur]")
    return _ABSOLUTE.sub("[fichier du serveur]", out)
