"""A realistic dossier history at scale, for reports, dashboards and benchmarks.

``generate(n)`` spreads ``n`` dossiers over the working days of a period with seasonal weights and
gives each a believable life: the channel (online, counter, post), reception, the legal due time
(from the procedure's processing time and the real working calendar), supplements, and the
outcome (early, on time, late, refused, withdrawn, or still open near the end of the period).
It writes dossiers, a compact history (submit, receive, finish, return), the code counters and the
DailyCount aggregates. The aggregates are computed from the same rows, so
``motcua stats reconcile`` finds no difference. PostgreSQL gets COPY; SQLite gets bulk inserts.
"""

from __future__ import annotations

import json
import queue
import random
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from motcua.calendars.deadlines import ProcessingTime, classify, compute_due
from motcua.calendars.workcal import WorkingCalendar, WorkingHours
from motcua.catalogue.models import Procedure
from motcua.core import rowsql
from motcua.core.clock import VN_TZ
from motcua.core.text import fold
from motcua.dossiers.code_format import format_code
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.dossiers.services.submission import can_receive
from motcua.organisation.models import Agency
from motcua.organisation.services import receiving_point_for
from motcua.stats.services.counting import bump_many, overdue_span

# Relative volume per month: more before Tết and in the autumn, less in the Tết month.
SEASON = {1: 1.3, 2: 0.7, 3: 1.2, 4: 1.0, 5: 1.0, 6: 1.0, 7: 0.9, 8: 1.1, 9: 1.2, 10: 1.1, 11: 1.0, 12: 1.2}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Đức", "Thu", "Quốc", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
TIMELINESS_DATA = {t: json.dumps({"timeliness": t}) for t in ("early", "on_time", "late")}
PROVINCE_PREFIX = ["001", "079", "031", "048", "092", "026", "036", "038", "040", "075"]


@dataclass(frozen=True)
class Profile:
    """Shares of each kind of life; the rest are resolved early or on time."""

    online: float = 0.55
    postal: float = 0.05
    supplement: float = 0.12
    late: float = 0.08
    refused: float = 0.03
    withdrawn: float = 0.02


@dataclass
class GenerationReport:
    dossiers: int = 0
    events: int = 0
    first: datetime | None = None
    last: datetime | None = None
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class Offer:
    """A procedure version receivable at an agency, with what the calendar needs."""

    version_id: int
    field_id: int
    name: str
    agency_id: int
    agency_code: str
    point_id: int | None
    pt: ProcessingTime
    hours: WorkingHours


folded = lru_cache(maxsize=4096)(fold)  # the generated names come from a few short lists

DOSSIER_COLUMNS = [
    "id",
    "code",
    "procedure_version_id",
    "field_id",
    "receiving_agency_id",
    "handling_agency_id",
    "receiving_point_id",
    "channel",
    "status",
    "version",
    "applicant_type",
    "applicant_name",
    "applicant_name_folded",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "summary",
    "form_data",
    "sets_count",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "extension_reason",
    "finished_at",
    "returned_at",
    "closed_at",
    "timeliness",
    "supplement_count",
    "decision_note",
]
EVENT_COLUMNS = [
    "dossier_id",
    "at",
    "action",
    "actor_name",
    "actor_role",
    "agency_id",
    "on_behalf_of",
    "channel",
    "from_status",
    "to_status",
    "note",
    "data",
]


def offers() -> list[Offer]:
    result = []
    for procedure in Procedure.objects.select_related("current_version").filter(current_version__isnull=False):
        v = procedure.current_version
        assert v is not None
        pt = ProcessingTime(
            unit=v.time_unit,  # type: ignore[arg-type]
            amount=Decimal(v.time_amount),
            same_day_cutoff=v.same_day_cutoff,
        )
        for agency in Agency.objects.all():
            if can_receive(v, agency):
                point = receiving_point_for(agency)
                result.append(
                    Offer(
                        v.pk,
                        procedure.field_id,
                        v.name,
                        agency.pk,
                        agency.code,
                        point.pk if point else None,
                        pt,
                        WorkingHours.from_object(point),
                    )
                )
    return result


class Generator:
    def __init__(self, *, seed: int, profile: Profile) -> None:
        self.rng = random.Random(seed)
        self.profile = profile
        self.cal = WorkingCalendar.load()
        self.calendars: dict[WorkingHours, WorkingCalendar] = {}
        self.due_cache: dict[tuple[Any, ...], datetime] = {}
        self.counters: dict[tuple[str, date], int] = {}
        self.workday_cache: dict[date, bool] = {}
        self.empty_data = "{}"
        self.daily: dict[tuple[int, int, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def calendar(self, hours: WorkingHours) -> WorkingCalendar:
        if hours not in self.calendars:
            self.calendars[hours] = WorkingCalendar(hours=hours, overrides=self.cal.overrides)
        return self.calendars[hours]

    def due(self, offer: Offer, at: datetime) -> datetime:
        """compute_due, cached by the receipt's day and time band (end-of-day days depend on nothing else)."""
        local = at.astimezone(VN_TZ)
        if offer.pt.unit == "working_days" and offer.pt.amount == offer.pt.amount.to_integral():
            cutoff = offer.pt.same_day_cutoff
            band = (local.time() > cutoff) if cutoff else (local.time() > offer.hours.afternoon_end)
            key: tuple[Any, ...] = (offer.pt, offer.hours, local.date(), band)
        else:
            key = (offer.pt, offer.hours, local.replace(second=0, microsecond=0))
        if key not in self.due_cache:
            self.due_cache[key] = compute_due(at, offer.pt, self.calendar(offer.hours), day_mode="end_of_day")
        return self.due_cache[key]

    def is_workday(self, d: date) -> bool:
        known = self.workday_cache.get(d)
        if known is None:
            known = self.workday_cache[d] = self.cal.is_working_day(d)
        return known

    def later(self, at: datetime, minutes: int, hours: WorkingHours) -> datetime:
        """``at`` plus ``minutes``, moved into the next working interval if it falls outside one.

        A cheap stand-in for add_working_time, good enough for return and withdrawal times; legal due
        times always use compute_due.
        """
        t = (at + timedelta(minutes=minutes)).astimezone(VN_TZ)
        day, clock_time = t.date(), t.time()
        if self.is_workday(day):
            if clock_time < hours.morning_start:
                return datetime.combine(day, hours.morning_start, tzinfo=VN_TZ)
            if hours.morning_end < clock_time < hours.afternoon_start:
                return datetime.combine(day, hours.afternoon_start, tzinfo=VN_TZ)
            if clock_time <= hours.afternoon_end:
                return t
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return datetime.combine(day, hours.morning_start, tzinfo=VN_TZ)

    def code(self, agency_code: str, at: datetime) -> str:
        day = at.astimezone(VN_TZ).date()
        n = self.counters.get((agency_code, day), 0) + 1
        self.counters[(agency_code, day)] = n
        return format_code(agency_code, day, n)

    def moment(self, day: date, hours: WorkingHours) -> datetime:
        start = datetime.combine(day, hours.morning_start, tzinfo=VN_TZ)
        minutes = int(hours.day_length.total_seconds() // 60)
        offset = self.rng.randrange(minutes)
        morning = int(
            (datetime.combine(day, hours.morning_end) - datetime.combine(day, hours.morning_start)).total_seconds()
            // 60
        )
        if offset >= morning:
            start = datetime.combine(day, hours.afternoon_start, tzinfo=VN_TZ)
            offset -= morning
        return start + timedelta(minutes=offset, seconds=self.rng.randrange(60))

    def person(self) -> tuple[str, str, str]:
        name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
        year = self.rng.randrange(1950, 2008)
        pid = (
            f"{self.rng.choice(PROVINCE_PREFIX)}{(year // 100 - 19) * 2 + self.rng.randrange(2)}{year % 100:02d}"
            f"{self.rng.randrange(10**6):06d}"
        )
        return name, pid, f"09{self.rng.randrange(10**8):08d}"

    def count_overdue(self, offer: Offer, received: datetime, due: datetime, closed: datetime) -> None:
        span = overdue_span(received, due, closed)
        if span is not None:
            self.daily[(offer.agency_id, offer.field_id, span[0])]["overdue_from"] += 1
            self.daily[(offer.agency_id, offer.field_id, span[1])]["overdue_until"] += 1

    def life(self, pk: int, offer: Offer, submitted: datetime, until: datetime) -> tuple[list[Any], list[list[Any]]]:
        """Return the dossier row and its events."""
        rng, p = self.rng, self.profile
        roll = rng.random()
        channel = 2 if roll < p.online else (3 if roll < p.online + p.postal else 1)
        received = submitted if channel != 2 else self.later(submitted, rng.randrange(10, 900), offer.hours)
        code = self.code(offer.agency_code, submitted)
        name, pid, phone = self.person()
        events: list[list[Any]] = [
            [pk, submitted, "submit", name, "applicant", offer.agency_id, "", "web", "", "submitted", "", "{}"]
        ]
        row = dict.fromkeys(DOSSIER_COLUMNS)
        row.update(
            id=pk,
            code=code,
            procedure_version_id=offer.version_id,
            field_id=offer.field_id,
            receiving_agency_id=offer.agency_id,
            handling_agency_id=offer.agency_id,
            receiving_point_id=offer.point_id,
            channel=channel,
            version=2,
            applicant_type="citizen",
            applicant_name=name,
            applicant_name_folded=folded(name),
            applicant_id_number=pid,
            applicant_phone=phone,
            applicant_email="",
            applicant_address="",
            summary=offer.name[:500],
            form_data="{}",
            sets_count=1,
            submitted_at=submitted,
            extension_reason="",
            timeliness="",
            supplement_count=0,
            decision_note="",
        )
        if received > until:
            row.update(status="submitted", version=1)
            return [row[c] for c in DOSSIER_COLUMNS], events
        due = self.due(offer, received)
        row.update(received_at=received, due_at=due, original_due_at=due, status="processing")
        events.append(
            [
                pk,
                received,
                "receive",
                "Cán bộ tiếp nhận",
                "reception",
                offer.agency_id,
                "",
                "web",
                "submitted",
                "received",
                "",
                "{}",
            ]
        )
        self.daily[(offer.agency_id, offer.field_id, received.astimezone(VN_TZ).date())][
            "received_online" if channel == 2 else "received_offline"
        ] += 1
        if rng.random() < p.supplement:  # one supplement after reception; Decree 61 art. 19.4 restarts the clock
            resumed = self.later(received, rng.randrange(4, 40) * 60, offer.hours)
            row["supplement_count"] = 1
            if resumed > until:
                row["status"] = "supplement_requested"
                return [row[c] for c in DOSSIER_COLUMNS], events
            due = self.due(offer, resumed)
            row.update(due_at=due, original_due_at=due)
        roll = rng.random()
        if roll < p.withdrawn:
            closed = self.later(received, rng.randrange(1, 16) * 60, offer.hours)
            if closed <= until:
                row.update(status="withdrawn", closed_at=closed)
                events.append(
                    [
                        pk,
                        closed,
                        "withdraw",
                        name,
                        "applicant",
                        offer.agency_id,
                        "",
                        "web",
                        "processing",
                        "withdrawn",
                        "",
                        "{}",
                    ]
                )
                self.daily[(offer.agency_id, offer.field_id, closed.astimezone(VN_TZ).date())]["closed_other"] += 1
                self.count_overdue(offer, received, due, closed)
                return [row[c] for c in DOSSIER_COLUMNS], events
        span = max(due - received, timedelta(minutes=30))
        if roll < p.withdrawn + p.late:
            finished = self.later(due, rng.randrange(30, 3 * 1440), offer.hours)
        elif rng.random() < 0.03:
            finished = due
        else:
            finished = received + span * rng.uniform(0.2, 0.98)
        if finished > until:
            return [row[c] for c in DOSSIER_COLUMNS], events
        refused = rng.random() < p.refused
        timeliness = classify(finished, due)
        row.update(
            finished_at=finished,
            closed_at=finished,
            timeliness=timeliness,
            status="refused" if refused else "result_ready",
            version=4,
        )
        events.append(
            [
                pk,
                finished,
                "refuse" if refused else "issue_result",
                "Lãnh đạo",
                "head",
                offer.agency_id,
                "",
                "web",
                "processing",
                row["status"],
                "",
                TIMELINESS_DATA[timeliness],
            ]
        )
        self.daily[(offer.agency_id, offer.field_id, finished.astimezone(VN_TZ).date())][f"finished_{timeliness}"] += 1
        self.count_overdue(offer, received, due, finished)
        returned = self.later(finished, rng.randrange(10, 900), offer.hours)
        if returned <= until:
            events.append(
                [
                    pk,
                    returned,
                    "return_result",
                    "Cán bộ tiếp nhận",
                    "reception",
                    offer.agency_id,
                    "",
                    "web",
                    row["status"],
                    "returned",
                    "",
                    "{}",
                ]
            )
            row.update(returned_at=returned, status="returned", version=5)
        return [row[c] for c in DOSSIER_COLUMNS], events


def _days(start: date, end: date, cal: WorkingCalendar) -> list[tuple[date, float]]:
    days, d = [], start
    while d <= end:
        if cal.is_working_day(d):
            days.append((d, SEASON[d.month] * (1.15 if d.weekday() == 0 else 1.0)))
        d += timedelta(days=1)
    return days


def _batches(
    n: int, days: list[tuple[date, float]], gen: Generator, chosen: list[Offer]
) -> Iterator[list[tuple[Offer, datetime]]]:
    """Yield the submissions in time order, one list per day, with n in total."""
    total = sum(w for _, w in days)
    carry = 0.0
    made = 0
    for i, (day, weight) in enumerate(days):
        exact = n * weight / total + carry
        count = n - made if i == len(days) - 1 else int(exact)
        carry = exact - count
        made += count
        picks = [gen.rng.choice(chosen) for _ in range(count)]
        yield sorted(((o, gen.moment(day, o.hours)) for o in picks), key=lambda x: x[1])


def generate(
    n: int,
    *,
    date_from: date,
    date_to: date,
    until: datetime,
    seed: int = 1,
    profile: Profile | None = None,
    chunk: int = 50_000,
) -> GenerationReport:
    """Write ``n`` dossiers submitted between the two dates (their lives end by ``until``)."""
    chosen = offers()
    if not chosen:
        raise RuntimeError("no procedure can be received by any agency: load the demo data first")
    gen = Generator(seed=seed, profile=profile or Profile())
    for c in DossierCodeCounter.objects.filter(day__gte=date_from, day__lte=date_to):
        gen.counters[(c.agency_code, c.day)] = c.last
    next_id = (Dossier.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    report = GenerationReport()
    rows: list[list[Any]] = []
    events: list[list[Any]] = []
    writer = _Writer()
    for day in _batches(n, _days(date_from, date_to, gen.cal), gen, chosen):
        for offer, submitted in day:
            row, evs = gen.life(next_id, offer, submitted, until)
            next_id += 1
            rows.append(row)
            events.extend(evs)
            report.by_status[row[DOSSIER_COLUMNS.index("status")]] += 1
            report.first = report.first or submitted
            report.last = submitted
        if len(rows) >= chunk:
            writer.put(rows, events)
            report.dossiers += len(rows)
            report.events += len(events)
            rows, events = [], []
    if rows:
        writer.put(rows, events)
        report.dossiers += len(rows)
        report.events += len(events)
    writer.close()
    _write_counters(gen)
    return report


class _Writer:
    """Write the chunks; on PostgreSQL outside a transaction, in a second thread with its own connection.

    Generating a chunk is Python work and COPYing it is mostly PostgreSQL's, so the two overlap.
    Inside a transaction (tests) the rows must go through the caller's connection: no thread.
    """

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[list[list[Any]], list[list[Any]]] | None] = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.thread = threading.Thread(target=self._run, name="demo-data-writer", daemon=True)
            self.thread.start()

    def put(self, rows: list[list[Any]], events: list[list[Any]]) -> None:
        if self.thread is None:
            _write(rows, events)
            return
        if self.error is not None:
            self.close()
        self.queue.put((rows, events))

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:  # after a failure keep taking chunks, so put() never blocks
                    try:
                        _write(*item)
                    except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread by close()
                        self.error = exc
        finally:
            connection.close()

    def close(self) -> None:
        """Wait for the chunks written so far; raise the writer's error, if any."""
        if self.thread is not None and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


def _copy_sql(model: type[Dossier] | type[DossierEvent], columns: list[str]) -> str:
    """PostgreSQL: the COPY of ``columns`` (attribute names of ``model``'s fields) from the client."""
    table, *names = rowsql.names(model, *columns, connection=connection)
    return f"COPY {table} ({', '.join(names)}) FROM STDIN"


def _write(rows: list[list[Any]], events: list[list[Any]]) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(_copy_sql(Dossier, DOSSIER_COLUMNS)) as copy:
                    for r in rows:
                        copy.write_row(r)
                with raw.copy(_copy_sql(DossierEvent, EVENT_COLUMNS)) as copy:
                    for e in events:
                        copy.write_row(e)
            return
        Dossier.objects.bulk_create(
            [Dossier(**{**dict(zip(DOSSIER_COLUMNS, r, strict=True)), "form_data": {}}) for r in rows], batch_size=2000
        )
        DossierEvent.objects.bulk_create(
            [DossierEvent(**{**dict(zip(EVENT_COLUMNS, e, strict=True)), "data": json.loads(e[-1])}) for e in events],
            batch_size=2000,
        )


def _write_counters(gen: Generator) -> None:
    """Bring the code counters and the daily aggregates up to date, atomically."""
    with transaction.atomic():
        for (agency_code, day), last in gen.counters.items():
            DossierCodeCounter.objects.update_or_create(agency_code=agency_code, day=day, defaults={"last": last})
        for (agency_id, field_id, day), metrics in gen.daily.items():
            bump_many(agency_id, field_id, day, dict(metrics))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Dossier, DossierEvent):
                    table, pk = rowsql.names(model, "id", connection=connection)
                    cursor.execute(
                        f"SELECT setval({rowsql.serial_sequence_sql(model, connection=connection)}, "  # noqa: S608 - names from the models
                        f"(SELECT COALESCE(MAX({pk}), 1) FROM {table}))"
                    )


def default_period(today: date) -> tuple[date, date, datetime]:
    """The year up to yesterday, with lives ending now."""
    start = today.replace(year=today.year - 1) + timedelta(days=1)
    return start, today - timedelta(days=1), datetime.combine(today, time(0, 0), tzinfo=VN_TZ)
