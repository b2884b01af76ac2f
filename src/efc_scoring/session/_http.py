"""HTTP plumbing of the session: security headers, checks of a posted form, blocking calls."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from efc_scoring.session._security import CHAIR, HEADERS, Access, Visitor

__all__ = ["MAX_FORM", "check_post", "read_form", "run_blocking", "secured"]

#: Largest form body accepted (a reason is a few sentences).
MAX_FORM = 64 * 1024


def secured(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def check_post(request: Request, access: Access, visitor: Visitor, host: str) -> str | None:
    """Why a POST is refused (French), or None when it may go on."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        expected = {f"http://{host}", f"https://{host}"}
        if origin not in expected:
            return "formulaire envoyé depuis une autre page que la séance : refusé"
    form = await read_form(request)
    if not access.csrf_ok(visitor, form.get("csrf")):
        return (
            "formulaire périmé ou envoyé d'ailleurs (jeton de sécurité absent ou faux) : "
            "recharger la page et recommencer"
        )
    if not visitor.chair and request.url.path != "/affichage":
        return f"seule la {CHAIR} enregistre les décisions et établit les documents"
    return None


async def read_form(request: Request) -> dict[str, str]:
    """The form's fields (URL-encoded, at most :data:`MAX_FORM` bytes), read once per request."""
    cached = getattr(request.state, "form", None)
    if cached is not None:
        return cached
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            body = b""
            break
    fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    request.state.form = fields
    return fields


async def run_blocking(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a blocking call of the meeting in a worker thread (the ledger is on disk)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args, **kwargs)
