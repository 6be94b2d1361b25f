"""What a schema.org clinic node says it offers and how it is paid: services and specialties,
offers with prices, priceRange and paymentAccepted.

A service name is read like a sentence ("IV Ketamine Infusion Therapy" names iv_ketamine), so
that the vocabulary's aliases decide, not the markup's spelling. An offer that is a package or a
consultation is not the price of one session.
"""
from __future__ import annotations

import re

from crawler.extract.page import plain
from crawler.extract.price import Quote, amounts_usd, dollars, quotes
from crawler.extract.schema import as_list
from clinics.vocab import find_spans as spans
from crawler.extract.statements import Statement, affirmed

OFFER_KEYS = ("makesOffer", "offers", "hasOfferCatalog")
PAYMENT_PLAN = re.compile(r"care ?credit|advance ?care|financing|payment plans?|sunbit|cherry",
                          re.IGNORECASE)
_INSURANCE = re.compile(r"\binsurance\b", re.IGNORECASE)


def _name(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return plain(str(value)) if isinstance(value, (str, int, float)) else ""


def _offers(node: dict) -> list[dict]:
    """Offers of the node, catalogs opened (itemListElement may nest)."""
    found, stack = [], [v for key in OFFER_KEYS for v in as_list(node.get(key))]
    while stack:
        item = stack.pop(0)
        if not isinstance(item, dict):
            continue
        listed = as_list(item.get("itemListElement"))
        if listed:
            stack.extend(listed)
        else:
            found.append(item)
    return found


def _offered_name(offer: dict) -> str:
    return " ".join(filter(None, (_name(offer.get("itemOffered")), _name(offer.get("name")))))


def service_names(node: dict) -> list[str]:
    names = [_name(s) for key in ("availableService", "medicalSpecialty")
             for s in as_list(node.get(key))]
    names += [_offered_name(offer) for offer in _offers(node)]
    return [name.rsplit("/", 1)[-1] for name in names if name]


def services(node: dict) -> dict:
    """treatments and conditions the node's services, specialties and offers name."""
    found: dict[str, list[str]] = {"treatments": [], "conditions": []}
    for name in service_names(node):
        for vocabulary, tokens in found.items():
            tokens.extend(t for t in affirmed(vocabulary, name) if t not in tokens)
    return found


def payment(node: dict) -> dict:
    """Insurers, insurance and financing that paymentAccepted names."""
    said = " ".join(_name(v) for v in as_list(node.get("paymentAccepted")))
    if not said:
        return {}
    facts: dict = {}
    insurers = list(dict.fromkeys(token for token, _, _ in spans("insurers", said)))
    if insurers or _INSURANCE.search(said):
        facts.update(insurance_accepted="yes", insurers=insurers)
    if PAYMENT_PLAN.search(said):
        facts["payment_plans"] = True
    return facts


def _offer_quote(offer: dict) -> Quote | None:
    name = _offered_name(offer)
    spec = offer.get("priceSpecification") if isinstance(offer.get("priceSpecification"),
                                                          dict) else {}
    currency = _name(offer.get("priceCurrency") or spec.get("priceCurrency")) or "USD"
    if currency.upper() != "USD":
        return None
    amounts = [dollars(_name(v).replace("$", "")) for v in (
        offer.get("price"), spec.get("price"), spec.get("minPrice"), spec.get("maxPrice")) if v]
    amounts = [a for a in amounts if a is not None]
    if not amounts:
        return None
    statement = Statement(f"{name}: ${min(amounts)}-${max(amounts)}")
    found = quotes(statement)
    return found[0] if found else None


def prices(node: dict) -> dict:
    """price_min_usd / price_max_usd from offers of one session, else from priceRange."""
    offered = [q for q in map(_offer_quote, _offers(node)) if q is not None]
    if offered:
        main = [q for q in offered if q.treatment == offered[0].treatment]
        return {"price_min_usd": min(q.low for q in main if q.low is not None),
                "price_max_usd": max(q.high for q in main if q.high is not None)}
    amounts = amounts_usd(_name(node.get("priceRange")))
    if not amounts:
        return {}
    return {"price_min_usd": min(amounts), "price_max_usd": max(amounts)}
