"""Clinics in the shapes of HSDS 3.0 (Open Referral's Human Services Data Specification).

Each clinic is one ``organization`` with one physical ``location``, and one ``service`` per
treatment it states (a clinic that states none has one service saying so), each offered at that
location through a ``service_at_location``. Payment facts become ``cost_options`` (self-pay price,
sliding scale, payment plans, superbill, each insurer) and one ``fees_description`` sentence in
which a fact not stated is said to be not stated. Staff credentials become ``attributes`` whose
terms belong to the taxonomy ``STAFF_CREDENTIALS_TAXONOMY`` (listed with its terms at
``/api/hsds/``): one term per credential token of the directory's vocabulary, its ``code`` the
token, and the attribute's ``value`` the number of listed staff who hold it.

With ``modified_after``, the services list also carries the services of clinics that left the
directory since then, as id, name and ``status`` (``defunct`` when closed or merged away,
``inactive`` when hidden) and nothing else, so a partner's copy can drop them.

Ids are UUIDs derived (uuid5) from ``NAMESPACE`` and the clinic's id, with the treatment token
for a service: the same clinic keeps the same ids across rebuilds, servers and exports.
Properties the directory does not know are left out (HSDS types forbid ``null``).
"""
from __future__ import annotations

import uuid
from functools import lru_cache

from clinics import vocab
from clinics.models import Clinic
from clinics.provenance import aware

NAMESPACE = uuid.UUID("6f1c7f0e-3b8a-5d2e-9c41-2a7d0b5e8f13")
NO_TREATMENT = "treatments_not_stated"
STAFF_CREDENTIALS_TAXONOMY = "clinic-directory-staff-credentials"
CREDENTIAL_LINK_TYPE = "staff_credential"


@lru_cache(maxsize=200_000)
def hsds_id(name: str) -> str:
    """The stable UUID of one HSDS record, named by a path such as ``clinic/12/service/sgb``."""
    return str(uuid.uuid5(NAMESPACE, name))


def organization_id(clinic_id: int) -> str:
    return hsds_id(f"clinic/{clinic_id}")


def location_id(clinic_id: int) -> str:
    return hsds_id(f"clinic/{clinic_id}/location")


def service_id(clinic_id: int, treatment: str) -> str:
    return hsds_id(f"clinic/{clinic_id}/service/{treatment}")


def service_at_location_id(clinic_id: int, treatment: str) -> str:
    return hsds_id(f"clinic/{clinic_id}/service_at_location/{treatment}")


def offered(treatments: list[str] | None) -> list[str]:
    """The treatments a clinic's services stand for, in stated order; one placeholder when none."""
    return list(dict.fromkeys(treatments or [])) or [NO_TREATMENT]


def iso(moment) -> str | None:
    moment = aware(moment)
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def modified(clinic: Clinic) -> str | None:
    """When a public fact of the clinic last changed (first seen, when nothing has since)."""
    return iso(clinic.changed_at or clinic.first_seen)


def _web(url: str | None) -> str | None:
    """Only http(s) links leave the directory; scraped text may hold anything else."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _present(record: dict) -> dict:
    return {key: value for key, value in record.items() if value is not None}


def _labels(vocabulary: str, tokens) -> str:
    return ", ".join(vocab.label(vocabulary, t) for t in tokens)


def _treatment_name(token: str) -> str:
    if token == NO_TREATMENT:
        return "Ketamine or SGB care (treatments not stated)"
    return vocab.label("treatments", token)


# ---- the credential taxonomy -------------------------------------------------------------

def taxonomy() -> dict:
    return {"id": hsds_id(f"taxonomy/{STAFF_CREDENTIALS_TAXONOMY}"),
            "name": STAFF_CREDENTIALS_TAXONOMY,
            "description": "Licences, degrees and board certifications held by a clinic's "
                           "listed staff, as the clinic's own pages or the NPI registry state "
                           "them. One term per credential; an attribute's value is how many "
                           "listed staff hold it.",
            "version": "1"}


def credential_term(token: str) -> dict:
    detail = taxonomy()
    return {"id": hsds_id(f"taxonomy/{STAFF_CREDENTIALS_TAXONOMY}/{token}"), "code": token,
            "name": vocab.label("credentials", token),
            "description": f"At least one listed staff member holds the credential "
                           f"{vocab.label('credentials', token)}.",
            "taxonomy": STAFF_CREDENTIALS_TAXONOMY, "taxonomy_id": detail["id"],
            "taxonomy_detail": detail}


def credential_terms() -> list[dict]:
    return [credential_term(term.token) for term in vocab.CREDENTIALS]


def _credential_attributes(clinic: Clinic, link_id: str, link_entity: str) -> list[dict]:
    found = []
    for token in clinic.credentials:
        holders = sum(token in (p.credentials or []) for p in clinic.practitioners)
        term = credential_term(token)
        found.append({"id": hsds_id(f"{link_entity}/{link_id}/credential/{token}"),
                      "link_id": link_id, "link_type": CREDENTIAL_LINK_TYPE,
                      "link_entity": link_entity, "taxonomy_term_id": term["id"],
                      "value": str(holders), "taxonomy_term": term})
    return found


# ---- payment facts -----------------------------------------------------------------------

def _said(value: bool | None, yes: str, no: str, unknown: str) -> str:
    return unknown if value is None else (yes if value else no)


def _price_text(clinic: Clinic) -> str | None:
    low, high = clinic.price_min_usd, clinic.price_max_usd
    if low is None and high is None:
        return None
    if low is not None and high is not None and low != high:
        return f"${low}–${high} per session, self-pay"
    return f"${low if low is not None else high} per session, self-pay"


def fees_description(clinic: Clinic) -> str:
    """Every payment fact in words, tri-state facts as yes / no / not stated."""
    insurance = {"yes": "accepted", "no": "not accepted"}.get(clinic.insurance_accepted,
                                                              "not stated")
    parts = [f"Self-pay price: {_price_text(clinic) or 'not stated'}.",
             f"Insurance: {insurance}"
             + (f" ({_labels('insurers', clinic.insurers)})" if clinic.insurers else "") + ".",
             "Sliding scale: " + _said(clinic.sliding_scale, "yes", "no", "not stated") + ".",
             "Payment plans: " + _said(clinic.payment_plans, "yes", "no", "not stated") + ".",
             "Superbill: " + _said(clinic.superbill, "yes", "no", "not stated") + "."]
    if clinic.insurance_treatments:
        parts.insert(2, "Insurance stated for: "
                     + _labels("treatments", clinic.insurance_treatments) + ".")
    return " ".join(parts)


def _insured(clinic: Clinic, treatment: str) -> bool:
    tied = clinic.insurance_treatments or []
    return clinic.insurance_accepted == "yes" and (not tied or treatment in tied)


def cost_options(clinic: Clinic, treatment: str) -> list[dict]:
    sid = service_id(clinic.id, treatment)
    options: list[dict] = []

    def add(key: str, option: str, description: str, amount: int | None = None) -> None:
        cost_id = hsds_id(f"clinic/{clinic.id}/service/{treatment}/cost/{key}")
        options.append(_present({"id": cost_id,
                                 "service_id": sid, "option": option,
                                 "currency": "USD" if amount is not None else None,
                                 "amount": amount, "amount_description": description}))

    price = _price_text(clinic)
    if price:
        low = clinic.price_min_usd if clinic.price_min_usd is not None else clinic.price_max_usd
        add("self_pay", "Self-pay", price + " (the clinic's stated range across its treatments)",
            low)
    if clinic.sliding_scale:
        add("sliding_scale", "Sliding scale", "Sliding-scale fees are offered.")
    if clinic.payment_plans:
        add("payment_plans", "Payment plans", "Payment plans are offered.")
    if clinic.superbill:
        add("superbill", "Superbill", "A superbill is given for out-of-network reimbursement.")
    if _insured(clinic, treatment):
        for insurer in clinic.insurers or []:
            add(f"insurer/{insurer}", f"Insurance: {vocab.label('insurers', insurer)}",
                "The clinic states it accepts this insurer.")
    return options


# ---- records -----------------------------------------------------------------------------

def _description(clinic: Clinic) -> str:
    if clinic.description:
        return clinic.description
    place = ", ".join(p for p in (clinic.city, clinic.state) if p)
    return f"{clinic.name}, a clinic" + (f" in {place}" if place else "") + \
        " listed in the ketamine and SGB clinic directory."


def _phones(clinic: Clinic, **links: str) -> list[dict]:
    if not clinic.phone:
        return []
    owner = "/".join(f"{k}={v}" for k, v in sorted(links.items()))
    return [{"id": hsds_id(f"clinic/{clinic.id}/phone/{owner}"), "number": clinic.phone,
             "type": "voice", **links}]


def organization(clinic: Clinic, page_url: str) -> dict:
    """The organization's one-to-one fields (``organization_list``)."""
    return _present({"id": organization_id(clinic.id), "name": clinic.name,
                     "alternate_name": clinic.organization.name
                     if clinic.organization and clinic.organization.name != clinic.name else None,
                     "description": _description(clinic), "website": _web(clinic.website),
                     "uri": page_url})


def location(clinic: Clinic) -> dict:
    lid = location_id(clinic.id)
    found = _present({"id": lid, "location_type": "physical",
                      "organization_id": organization_id(clinic.id), "name": clinic.name,
                      "latitude": clinic.lat, "longitude": clinic.lon})
    if clinic.street and clinic.city and clinic.state and clinic.postal_code:
        found["addresses"] = [{"id": hsds_id(f"clinic/{clinic.id}/address"), "location_id": lid,
                               "address_1": clinic.street, "city": clinic.city,
                               "state_province": clinic.state, "postal_code": clinic.postal_code,
                               "country": "US", "address_type": "physical"}]
    found["phones"] = _phones(clinic, location_id=lid)
    return found


def service(clinic: Clinic, treatment: str) -> dict:
    """A service's one-to-one fields (``service_list``), with its organization."""
    description = f"{_treatment_name(treatment)} at {clinic.name}."
    if clinic.conditions:
        description += " Conditions the clinic states it treats: " + \
            _labels("conditions", clinic.conditions) + "."
    if clinic.telehealth:
        description += " Telehealth visits are offered."
    return _present({
        "id": service_id(clinic.id, treatment), "organization_id": organization_id(clinic.id),
        "name": _treatment_name(treatment), "description": description,
        "url": _web(clinic.website), "status": "active",
        "fees_description": fees_description(clinic),
        "accreditations": ("Staff credentials: " + _labels("credentials", clinic.credentials))
        if clinic.credentials else None,
        "last_modified": modified(clinic)})


def service_minimal(clinic: Clinic, treatment: str) -> dict:
    """The profile's ``minimal`` service: its id and when it changed, with the name and status
    the HSDS schema requires of every service."""
    stamp = modified(clinic)
    return _present({"id": service_id(clinic.id, treatment), "name": _treatment_name(treatment),
                     "status": "active", "last_modified": stamp, "modified_date": stamp})


def removal_status(clinic: Clinic) -> str:
    """HSDS's word for a clinic that left the directory: closed or merged away is ``defunct``,
    hidden by the moderators ``inactive``."""
    return "defunct" if clinic.status == "closed" or clinic.merged_into_id else "inactive"


def service_removed(clinic: Clinic, treatment: str) -> dict:
    """A service of a clinic no longer listed: its id, its status and when it changed, and
    nothing of the clinic itself (a hidden listing stays hidden)."""
    stamp = modified(clinic)
    return _present({"id": service_id(clinic.id, treatment), "name": _treatment_name(treatment),
                     "status": removal_status(clinic), "last_modified": stamp,
                     "modified_date": stamp})


def _schedules(clinic: Clinic, **links: str) -> list[dict]:
    if not clinic.hours:
        return []
    owner = "/".join(f"{k}={v}" for k, v in sorted(links.items()))
    return [{"id": hsds_id(f"clinic/{clinic.id}/schedule/{owner}"), "description": clinic.hours,
             **links}]


def service_at_location(clinic: Clinic, treatment: str) -> dict:
    """The one-to-one fields of a service at a location (``service_at_location_list``)."""
    return {"id": service_at_location_id(clinic.id, treatment),
            "service_id": service_id(clinic.id, treatment), "location_id": location_id(clinic.id),
            "description": f"{_treatment_name(treatment)} at {clinic.name}'s location."}


def service_full(clinic: Clinic, treatment: str, page_url: str) -> dict:
    """A fully nested service (``service``)."""
    sid = service_id(clinic.id, treatment)
    at = service_at_location(clinic, treatment)
    at["location"] = location(clinic)
    return {**service(clinic, treatment), "organization": organization(clinic, page_url),
            "phones": _phones(clinic, service_id=sid),
            "schedules": _schedules(clinic, service_id=sid),
            "service_at_locations": [at], "cost_options": cost_options(clinic, treatment),
            "attributes": _credential_attributes(clinic, sid, "service")}


def service_at_location_full(clinic: Clinic, treatment: str, page_url: str) -> dict:
    """A fully nested service at a location (``service_at_location``)."""
    at = service_at_location(clinic, treatment)
    service_part = service(clinic, treatment)
    service_part["organization"] = organization(clinic, page_url)
    return {**at, "location": location(clinic), "service": service_part,
            "phones": _phones(clinic, service_at_location_id=at["id"]),
            "schedules": _schedules(clinic, service_at_location_id=at["id"]),
            "attributes": _credential_attributes(clinic, at["id"], "service_at_location")}


def organization_full(clinic: Clinic, page_url: str, full_services: bool) -> dict:
    """A fully nested organization (``organization``); its services in full or as id, name and
    status."""
    oid = organization_id(clinic.id)
    services = [service_full(clinic, t, page_url) if full_services else
                {"id": service_id(clinic.id, t), "name": _treatment_name(t), "status": "active"}
                for t in offered(clinic.treatments)]
    return {**organization(clinic, page_url), "phones": _phones(clinic, organization_id=oid),
            "locations": [location(clinic)], "services": services,
            "attributes": _credential_attributes(clinic, oid, "organization")}
