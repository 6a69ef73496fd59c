"""Import an exchange document: the only write path of the procedure catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from motcua.catalogue.models import DocumentRequirement, FeeLine, Procedure, ProcedureVersion
from motcua.catalogue.models import Field as CatalogueField
from motcua.catalogue.search import index_text
from motcua.catalogue.services.exporting import version_content
from motcua.catalogue.services.schema import parse_catalogue, parse_cutoff
from motcua.core import clock
from motcua.core.audit import audit
from motcua.organisation.models import Agency


@dataclass(frozen=True)
class ImportReport:
    """What an import did, by procedure code (and field code), each list in file order.

    ``created``: new procedures (version 1); ``updated``: a new version was published or the
    procedure moved to another field; ``unchanged``: the current version already had this content.
    """

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    fields_created: list[str] = field(default_factory=list)
    fields_renamed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.fields_created or self.fields_renamed)


def search_text_for(code: str, name: str, field_name: str, result_type: str = "") -> str:
    """Return ``Procedure.search_text``: code, name, field, result and synonyms, folded (``catalogue.search``)."""
    return index_text(code, name, field_name, result_type)


def import_catalogue(data: dict[str, Any], *, actor: Any = None) -> ImportReport:
    """Check ``data`` (format ``motcua.catalogue/1``) completely, then apply it in one transaction.

    A procedure whose content equals its current version is left alone, so importing the same
    document twice changes nothing. Otherwise a new ``ProcedureVersion`` (previous number + 1) is
    created and published; older versions are never modified, since dossiers refer to them.
    Every created version and every field change is audited with ``actor``.

    Raise ``ValidationError(code="invalid_catalogue")`` listing every problem with its JSON path
    and procedure code; nothing is written then. Not for partial edits: a procedure's entry
    always replaces its whole content.
    """
    parsed = parse_catalogue(data)
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    fields_created: list[str] = []
    fields_renamed: list[str] = []
    with transaction.atomic():
        now = clock.now()
        fields: dict[str, CatalogueField] = {}
        for code, name in parsed.fields.items():
            existing = CatalogueField.objects.select_for_update().filter(code=code).first()
            if existing is None:
                existing = CatalogueField.objects.create(code=code, name=name)
                audit(actor=actor, action="catalogue.field_created", obj=existing, changes={"code": code, "name": name})
                fields_created.append(code)
            elif existing.name != name:
                audit(
                    actor=actor, action="catalogue.field_renamed", obj=existing, changes={"name": [existing.name, name]}
                )
                existing.name = name
                existing.save(update_fields=["name"])
                fields_renamed.append(code)
            fields[code] = existing
        needed = {p["field"] for p in parsed.procedures} - set(fields)
        fields.update({f.code: f for f in CatalogueField.objects.filter(code__in=needed)})
        agency_codes = {code for p in parsed.procedures for code in p["agencies"]}
        agencies = {a.code: a for a in Agency.objects.filter(code__in=agency_codes)}

        touched: set[str] = set()
        for entry in parsed.procedures:
            outcome = _apply_procedure(entry, fields[entry["field"]], agencies, actor=actor, now=now)
            {"created": created, "updated": updated, "unchanged": unchanged}[outcome].append(entry["code"])
            touched.add(entry["code"])
        if fields_renamed:
            _refresh_search_text(fields_renamed, skip=touched)
    return ImportReport(
        created=created,
        updated=updated,
        unchanged=unchanged,
        fields_created=fields_created,
        fields_renamed=fields_renamed,
    )


def _apply_procedure(
    entry: dict[str, Any], catalogue_field: CatalogueField, agencies: dict[str, Agency], *, actor: Any, now: Any
) -> str:
    code = entry["code"]
    # The procedure's own attributes (not a version's content): changed without a new version.
    content = {k: v for k, v in entry.items() if k not in ("code", "field", "requires_eid_level2")}
    eid_level2 = bool(entry.get("requires_eid_level2", False))
    # Lock the row only: PostgreSQL refuses FOR UPDATE across the nullable current_version join.
    procedure = (
        Procedure.objects.select_for_update(of=("self",))
        .select_related("current_version", "field")
        .filter(code=code)
        .first()
    )
    if procedure is None:
        procedure = Procedure.objects.create(
            code=code,
            name=content["name"],
            field=catalogue_field,
            search_text=search_text_for(code, content["name"], catalogue_field.name, content["result_type"]),
            requires_eid_level2=eid_level2,
        )
        version = _create_version(procedure, 1, content, agencies, now=now)
        procedure.current_version = version
        procedure.save(update_fields=["current_version"])
        audit(
            actor=actor,
            action="catalogue.version_published",
            obj=version,
            changes={"procedure": code, "number": 1, "previous_number": None, "changed": sorted(content)},
        )
        return "created"

    current = procedure.current_version
    old_content = version_content(current) if current is not None else {}
    changed_keys = sorted(k for k in content if old_content.get(k) != content[k])
    field_changed = procedure.field_id != catalogue_field.pk
    eid_changed = procedure.requires_eid_level2 != eid_level2
    search_text = search_text_for(code, content["name"], catalogue_field.name, content["result_type"])
    if not changed_keys and not field_changed and not eid_changed:
        if procedure.search_text != search_text:  # the synonym table or the folding changed
            Procedure.objects.filter(pk=procedure.pk).update(search_text=search_text)
        return "unchanged"
    if changed_keys:
        last = procedure.versions.aggregate(last=Max("number"))["last"] or 0
        version = _create_version(procedure, last + 1, content, agencies, now=now)
        procedure.current_version = version
        audit(
            actor=actor,
            action="catalogue.version_published",
            obj=version,
            changes={
                "procedure": code,
                "number": version.number,
                "previous_number": current.number if current else None,
                "changed": changed_keys,
            },
        )
    if field_changed:
        audit(
            actor=actor,
            action="catalogue.procedure_field_changed",
            obj=procedure,
            changes={"field": [procedure.field.code, catalogue_field.code]},
        )
    if eid_changed:
        audit(
            actor=actor,
            action="catalogue.procedure_eid_level_changed",
            obj=procedure,
            changes={"requires_eid_level2": [procedure.requires_eid_level2, eid_level2]},
        )
    procedure.name = content["name"]
    procedure.field = catalogue_field
    procedure.search_text = search_text
    procedure.requires_eid_level2 = eid_level2
    procedure.save(update_fields=["name", "field", "search_text", "current_version", "requires_eid_level2"])
    return "updated"


def _create_version(
    procedure: Procedure, number: int, content: dict[str, Any], agencies: dict[str, Agency], *, now: Any
) -> ProcedureVersion:
    time_spec = content["processing_time"]
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        name=content["name"],
        valid_from=date.fromisoformat(content["valid_from"]) if content["valid_from"] else None,
        description=content["description"],
        implementing_level=content["implementing_level"],
        applicant_types=content["applicant_types"],
        online_level=content["online_level"],
        time_unit=time_spec["unit"],
        time_amount=Decimal(time_spec["amount"]),
        same_day_cutoff=parse_cutoff(time_spec["same_day_cutoff"]),
        time_note=time_spec["note"],
        result_type=content["result_type"],
        legal_basis=content["legal_basis"],
        requirements=content["requirements"],
        form_fields=content["form_fields"],
        payment_before_processing=content["payment_before_processing"],
        published_at=now,
    )
    if content["agencies"]:
        version.agencies.set([agencies[code] for code in content["agencies"]])
    DocumentRequirement.objects.bulk_create(
        [
            DocumentRequirement(
                version=version,
                order=i,
                online_mode=doc["channels"]["online"],
                counter_mode=doc["channels"]["counter"],
                **{k: v for k, v in doc.items() if k != "channels"},
            )
            for i, doc in enumerate(content["documents"])
        ]
    )
    FeeLine.objects.bulk_create([FeeLine(version=version, order=i, **fee) for i, fee in enumerate(content["fees"])])
    return version


def _refresh_search_text(field_codes: list[str], *, skip: set[str]) -> None:
    for procedure in Procedure.objects.select_related("field", "current_version").filter(field__code__in=field_codes):
        if procedure.code in skip:
            continue
        result = procedure.current_version.result_type if procedure.current_version else ""
        text = search_text_for(procedure.code, procedure.name, procedure.field.name, result)
        if text != procedure.search_text:
            Procedure.objects.filter(pk=procedure.pk).update(search_text=text)
