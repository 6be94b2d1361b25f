"""Short, plain guides for people deciding whether to call a clinic.

Each guide is a template under ``templates/guides/``; this module lists them once, for the guide
index, the home page, the sitemap and each page's title and description.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, abort, render_template


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    # One sentence for lists and the page's meta description.
    summary: str


GUIDES = (
    Guide("ketamine", "Ketamine treatment: what it involves",
          "How ketamine is given for depression, PTSD and pain, what a session is like, and "
          "what is known and not known."),
    Guide("spravato", "Spravato (esketamine): what treatment involves",
          "The FDA-approved nasal spray: who it is for, how sessions run, and why it is given "
          "only at certified centers."),
    Guide("sgb", "Stellate ganglion block (SGB): what it involves",
          "An anesthetic injection in the neck, used off-label for PTSD: the procedure, its "
          "risks, and the evidence."),
    Guide("questions-to-ask", "What to ask a clinic before you book",
          "Questions about credentials, screening, monitoring, aftercare and cost."),
    Guide("insurance", "How insurance usually applies",
          "What insurers tend to cover, what they do not, and how to ask before you pay."),
)
_BY_SLUG = {guide.slug: guide for guide in GUIDES}

bp = Blueprint("guides", __name__, url_prefix="/guides")


@bp.get("/")
def index():
    return render_template("guides/index.html")


@bp.get("/<slug>")
def page(slug: str):
    guide = _BY_SLUG.get(slug)
    if guide is None:
        abort(404)
    return render_template(f"guides/{guide.slug}.html", guide=guide)


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"guides": GUIDES})
