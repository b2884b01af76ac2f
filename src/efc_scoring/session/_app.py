"""The web application of a committee session: server-rendered pages over a :class:`Meeting`.

Starlette routes, Jinja2 templates with autoescape (every bidder's and
evaluator's text is escaped; no HTML is built from data in Python), static
files served by the session itself (nothing loaded from outside: the pages
work offline). Forms post to the session and are checked (link token, CSRF
token, origin) before the :class:`~efc_scoring.session._meeting.Meeting`
records anything; only the chair records.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from efc_scoring import present
from efc_scoring.errors import EfcError
from efc_scoring.session import _views
from efc_scoring.session._http import check_post, read_form, run_blocking, secured
from efc_scoring.session._meeting import Meeting, decision_tag
from efc_scoring.session._security import Access, Visitor, scrub

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = ["create_app"]

log = logging.getLogger("efc_scoring.session")

STATIC = Path(__file__).parent / "static"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("efc_scoring.session", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        points=present.points,
        mark=present.mark,
        money=present.money,
        percent=present.percent,
        count=present.count,
        join=present.join,
        long_date=present.long_date,
        rank=_rank,
        clock=_clock,
        day=_day,
        quote=lambda text: quote(str(text), safe=""),
        alpha=_alpha,
    )
    return env


def _rank(rank: int | None) -> str:
    return "éliminée" if rank is None else present.ordinal(rank, feminine=True)


def _alpha(value: float) -> str:
    import math

    return present.MISSING if math.isnan(value) else present.number(value, 3)


def _clock(when: datetime) -> str:
    return when.astimezone().strftime("%H:%M")


def _day(when: datetime) -> str:
    return present.long_date(when.astimezone().date())


def create_app(
    meeting: Meeting,
    access: Access,
    *,
    allowed_hosts: list[str] | None = None,
    documents: dict[str, Any] | None = None,
) -> Starlette:
    """The Starlette application of a session on ``meeting``.

    Parameters
    ----------
    meeting
        The meeting the pages show and record into.
    access
        The link tokens (chair, evaluators) and the CSRF secret.
    allowed_hosts
        ``Host`` headers accepted (``["127.0.0.1:8765", "localhost:8765"]``);
        None accepts any (the link tokens still guard every page).
    documents
        Keyword arguments for :meth:`Meeting.produce_documents` (``draws``...).
    """
    env = _environment()
    produce_options = dict(documents or {})
    paths = [meeting.folder.resolve(), meeting.folder, meeting.ledger.path, meeting.out]
    if meeting.scores_path is not None:
        paths.append(meeting.scores_path)
    paths.append(Path.home())

    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        visitor: Visitor | None = request.state.visitor
        large = request.cookies.get("efc_affichage") == "grand"
        try:
            state = meeting.state()
        except EfcError:
            state = None
        html = env.get_template(template).render(
            request=request,
            visitor=visitor,
            chair=visitor is not None and visitor.chair,
            who=_who(meeting, visitor),
            csrf=access.csrf(visitor) if visitor is not None else "",
            large=large,
            meeting=meeting,
            state=state,
            path=request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def problem(request: Request, exc: BaseException, status: int = 400) -> HTMLResponse:
        return render(request, "probleme.html", status=status, message=scrub(str(exc), paths))

    # ------------------------------------------------------------------ pages
    def enter(request: Request) -> Response:
        visitor = access.visitor(request.query_params.get("jeton"))
        if visitor is None:
            return render(request, "entree.html", status=403)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            access.cookie, visitor.token, httponly=True, samesite="strict", path="/"
        )
        return response

    def overview(request: Request) -> Response:
        state = meeting.state()
        if not state.revealed:
            return render(request, "attente.html")
        assert state.evaluation is not None
        lots = [
            (lot, _views.ranking(meeting, state.evaluation, lot.id))
            for lot in state.tender.lots
            if state.tender.offers_in(lot.id)
        ]
        settled = [d for d in state.decisions if (d.offer, d.criterion) in state.disputed]
        others = [d for d in state.decisions if (d.offer, d.criterion) not in state.disputed]
        saved = request.query_params.get("enregistre")
        return render(
            request, "apercu.html", lots=lots, settled=settled, others=others, saved=saved
        )

    def item(request: Request, form: dict[str, str] | None = None, error: str = "") -> Response:
        state = meeting.state()
        if not state.revealed:
            return RedirectResponse("/", status_code=303)
        key = (request.path_params["offer"], request.path_params["criterion"])
        view = _views.item_view(meeting, state, key)
        return render(
            request,
            "point.html",
            status=422 if error else 200,
            view=view,
            expected=decision_tag(view.decision),
            form=form or {},
            error=error,
            saved=request.query_params.get("enregistre"),
        )

    async def decide(request: Request) -> Response:
        form = await read_form(request)
        key = (request.path_params["offer"], request.path_params["criterion"])
        try:
            await run_blocking(
                meeting.record,
                key[0],
                key[1],
                (form.get("niveau") or "").replace(",", "."),
                form.get("motif", ""),
                departure_reason=form.get("ecart") or None,
                expected=form.get("etat"),
            )
        except EfcError as exc:
            return item(request, form=form, error=scrub(str(exc), paths))
        return RedirectResponse(_next_url(meeting, key), status_code=303)

    async def withdraw(request: Request) -> Response:
        form = await read_form(request)
        key = (request.path_params["offer"], request.path_params["criterion"])
        try:
            await run_blocking(
                meeting.withdraw, key[0], key[1], form.get("motif", ""), expected=form.get("etat")
            )
        except EfcError as exc:
            return item(request, form=form, error=scrub(str(exc), paths))
        return RedirectResponse(
            f"/point/{quote(key[0])}/{quote(key[1])}?enregistre=retrait", status_code=303
        )

    async def reveal(request: Request) -> Response:
        await read_form(request)
        try:
            await run_blocking(meeting.reveal)
        except EfcError as exc:
            return problem(request, exc, status=409)
        return RedirectResponse("/", status_code=303)

    def question(request: Request) -> Response:
        state = meeting.state()
        if not state.revealed:
            return RedirectResponse("/", status_code=303)
        qid = request.path_params["question"]
        lot = request.query_params.get("lot") or None
        answers = _views.answers_to(meeting, qid, lot)
        return render(
            request,
            "reponses.html",
            question=state.tender.question(qid),
            lot=lot,
            answers=answers,
            current=request.query_params.get("offre"),
            back=request.query_params.get("retour", ""),
        )

    def documents_page(request: Request, produced: Any = None, error: str = "") -> Response:
        return render(
            request,
            "documents.html",
            status=422 if error else 200,
            files=_files(meeting.out),
            produced=produced,
            error=error,
        )

    async def produce(request: Request) -> Response:
        form = await read_form(request)
        options: dict[str, Any] = dict(produce_options)
        try:
            if form.get("date"):
                try:
                    options["sent"] = present.parse_date(form["date"])
                except ValueError as exc:
                    raise EfcError(f"date d'envoi illisible : {exc}") from None
            options["signatory"] = form.get("signataire") or None
            options["court"] = form.get("tribunal") or None
            options["electronic"] = form.get("papier") != "1"
            produced = await run_blocking(meeting.produce_documents, **options)
        except EfcError as exc:
            return documents_page(request, error=scrub(str(exc), paths))
        return documents_page(request, produced=produced)

    def document(request: Request) -> Response:
        folder, name = request.path_params["folder"], request.path_params["name"]
        if folder not in ("rapport", "lettres") or not _SAFE_NAME.fullmatch(name):
            return PlainTextResponse("document inconnu", status_code=404)
        base = (meeting.out / folder).resolve()
        target = (base / name).resolve()
        if target.parent != base or not target.is_file():
            return PlainTextResponse("document inconnu", status_code=404)
        response = FileResponse(target)
        if target.suffix == ".html":
            # the library's own HTML, shown sandboxed: no script, nothing from outside
            response.headers["content-security-policy"] = (
                "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
            )
        elif target.suffix in (".md", ".txt"):
            response.headers["content-type"] = "text/plain; charset=utf-8"
        return response

    def status(request: Request) -> Response:
        state = meeting.state()
        return JSONResponse({"version": state.version, "progress": state.progress})

    def display(request: Request) -> Response:
        back = request.query_params.get("retour", "/")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        response = RedirectResponse(back, status_code=303)
        size = "grand" if request.query_params.get("taille") == "grand" else "normal"
        response.set_cookie("efc_affichage", size, httponly=True, samesite="strict", path="/")
        return response

    def colours(request: Request) -> Response:
        from efc_scoring.evidence.highlight import COLOURS

        css = "\n".join(f"mark.c-{code} {{ background: {bg}; }}" for code, bg in COLOURS.items())
        return Response(css + "\n", media_type="text/css")

    routes = [
        Route("/entrer", enter),
        Route("/", overview),
        Route("/point/{offer}/{criterion}", item),
        Route("/point/{offer}/{criterion}/decision", decide, methods=["POST"]),
        Route("/point/{offer}/{criterion}/retrait", withdraw, methods=["POST"]),
        Route("/lever", reveal, methods=["POST"]),
        Route("/question/{question}", question),
        Route("/documents", documents_page),
        Route("/documents", produce, methods=["POST"]),
        Route("/documents/{folder}/{name}", document),
        Route("/etat", status),
        Route("/affichage", display),
        Route("/couleurs.css", colours),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]):  # type: ignore[no-untyped-def]
        request.state.visitor = None
        host = request.headers.get("host", "")
        if allowed_hosts is not None and host not in allowed_hosts:
            return secured(PlainTextResponse("hôte refusé", status_code=400))
        public = request.url.path.startswith("/static/") or request.url.path in (
            "/entrer",
            "/couleurs.css",
        )
        visitor = access.visitor(request.cookies.get(access.cookie))
        request.state.visitor = visitor
        if visitor is None and not public:
            return secured(render(request, "entree.html", status=403))
        if request.method == "POST":
            assert visitor is not None
            refusal = await check_post(request, access, visitor, host)
            if refusal is not None:
                return secured(render(request, "probleme.html", status=403, message=refusal))
        try:
            response = await call_next(request)
        except EfcError as exc:
            response = problem(request, exc, status=404 if "inconnu" in str(exc) else 400)
        except Exception:
            log.exception("erreur interne de la séance")
            response = render(
                request,
                "probleme.html",
                status=500,
                message="erreur interne d'efc-scoring : la page n'a pas pu être établie ; le "
                "détail est dans la console où la séance a été lancée. Rien n'a été enregistré "
                "par cette page.",
            )
        return secured(response)

    app = Starlette(routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])
    app.state.meeting = meeting
    app.state.access = access
    return app


def _next_url(meeting: Meeting, key: tuple[str, str]) -> str:
    """After a decision: the most decisive item still unsettled, else the overview."""
    state = meeting.state()
    saved = quote(f"{key[0]}/{key[1]}", safe="")
    if state.agenda is not None and len(state.agenda):
        first = state.agenda.items[0]
        return f"/point/{quote(first.offer)}/{quote(first.criterion)}?enregistre={saved}"
    return f"/?enregistre={saved}"


def _who(meeting: Meeting, visitor: Visitor | None) -> str:
    if visitor is None:
        return ""
    if visitor.chair:
        return f"Présidence ({meeting.by})"
    return f"Membre de la commission : {meeting.evaluator_name(visitor.evaluator or '')}"


def _files(out: Path) -> list[tuple[str, str, str]]:
    """The documents already produced: (folder, file name, when)."""
    found = []
    for folder in ("rapport", "lettres"):
        base = out / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.is_file() and _SAFE_NAME.fullmatch(path.name):
                when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                found.append((folder, path.name, _clock(when)))
    return found
