"""The web app's pages: server-rendered HTML (Jinja2) with a little JavaScript over the service's
API, mobile first, in the visitor's language. No build step: the templates, the CSS and the
scripts are files in the package.

Pages: `/` (sign in, or the row of stories and the viewer), `/make` (photo → wish → plan → make →
post), `/drafts`, `/mine` (my stories with their remaining time), `/privacy` and `/verify`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from vivify.service.app import SESSION_COOKIE, effect_catalogue
from vivify.service.core import Service, story_json
from vivify.service.store import Account
from vivify.web.i18n import LANGUAGES, NAMES, TEXT, effect_words, negotiate, param_title, translate

HERE = Path(__file__).parent
LANG_COOKIE = "vivify_lang"


def security_headers(media_origin: str | None = None) -> dict[str, str]:
    """Pages may run only our own scripts and styles; API calls stay on this server, and media
    come from it too, or from the object store its signed URLs point at."""
    media = f"'self' {media_origin}" if media_origin else "'self'"
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; img-src {media} blob: data:; media-src {media} blob:; "
            "style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
            "base-uri 'self'; form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def mount_web(app: FastAPI, service: Service) -> None:
    """Add the pages and their static files to the API's app."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    headers = security_headers(service.media.origin())
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def user_of(request: Request) -> Account | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        found = service.credential(cookie, "session") if cookie else None
        return found.account if found else None

    def render(request: Request, name: str, page: str, **context: Any) -> Response:
        lang = _language(request)
        user = context.pop("user", None) or user_of(request)
        if user is None and page not in ("home", "verify"):
            name, page = "signin.html", "signin"

        def t(key: str, **values: object) -> str:
            return translate(lang, key, **values)

        title = context.pop("title_key", None)
        response = templates.TemplateResponse(
            request,
            name,
            {
                "lang": lang,
                "t": t,
                "title": t(title) if title else "vivify",
                "page": page,
                "user": user,
                "languages": [(code, NAMES[code]) for code in LANGUAGES],
                "words_json": _script_json(TEXT[lang]),
                **context,
            },
            headers={**headers, "Content-Language": lang},
        )
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        user = user_of(request)
        if user is None:
            return render(request, "signin.html", "signin", title_key="auth.signin")
        now = service.now()
        stories = [story_json(s, now) for s in service.rows.feed(user.id, now)]
        return render(
            request,
            "home.html",
            "home",
            user=user,
            title_key="nav.home",
            stories=stories,
            stories_json=_script_json(stories),
            following=service.rows.following(user.id),
        )

    @app.get("/make", response_class=HTMLResponse, include_in_schema=False)
    async def make(request: Request) -> Response:
        lang = _language(request)
        return render(
            request,
            "make.html",
            "make",
            title_key="make.title",
            catalogue_json=_script_json(_catalogue(lang)),
            chips=[translate(lang, f"chip.{n}") for n in range(1, 6)],
        )

    @app.get("/drafts", response_class=HTMLResponse, include_in_schema=False)
    async def drafts(request: Request) -> Response:
        user = user_of(request)
        rows = service.rows.drafts_of(user.id) if user else []
        shown = [
            {
                "id": d.id,
                "status": d.status,
                "reason": d.reason,
                "prompt": _prompt_of(d.request),
                "when": d.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                "story": d.story_id,
            }
            for d in rows
        ]
        return render(request, "drafts.html", "drafts", title_key="drafts.title", drafts=shown)

    @app.get("/mine", response_class=HTMLResponse, include_in_schema=False)
    async def mine(request: Request) -> Response:
        user = user_of(request)
        now = service.now()
        shown = []
        for story in service.rows.stories_of(user.id) if user else []:
            left = story.expires_at - now
            if left <= dt.timedelta(0):
                continue
            minutes = int(left.total_seconds() // 60)
            shown.append(
                {
                    "id": story.id,
                    "visibility": story.visibility,
                    "hours": minutes // 60,
                    "minutes": minutes % 60,
                }
            )
        return render(request, "mine.html", "mine", title_key="mine.title", stories=shown)

    @app.get("/privacy", response_class=HTMLResponse, include_in_schema=False)
    async def privacy(request: Request) -> Response:
        user = user_of(request)
        since = None
        if user is not None and user.training_consent and user.training_consent_at:
            since = user.training_consent_at.strftime("%Y-%m-%d %H:%M UTC")
        return render(
            request, "privacy.html", "privacy", title_key="privacy.title", consent_since=since
        )

    @app.get("/verify", response_class=HTMLResponse, include_in_schema=False)
    async def verify(request: Request) -> Response:
        return render(request, "verify.html", "verify", title_key="verify.title")


def _language(request: Request) -> str:
    """The page's language: `?lang=`, the remembered choice, or the browser's."""
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def _catalogue(lang: str) -> dict[str, Any]:
    """The effect catalogue with titles, descriptions and parameter names in `lang`."""
    out = {}
    for name, info in effect_catalogue().items():
        title, summary = effect_words(lang, name, info["summary"])
        params = {
            p: {**spec, "title": param_title(lang, p), "doc": spec["doc"] if lang == "en" else ""}
            for p, spec in info["params"].items()
        }
        out[name] = {**info, "title": title, "summary": summary, "params": params}
    return out


def _prompt_of(request: dict[str, Any]) -> str:
    plan = request.get("plan")
    if isinstance(plan, dict):
        return str(plan.get("prompt", ""))
    return str(request.get("prompt", ""))


def _script_json(data: Any) -> str:
    """JSON to place inside a <script type="application/json">: no "</" can end it early."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
