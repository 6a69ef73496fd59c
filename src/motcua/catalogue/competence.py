"""Which procedures an agency receives (thẩm quyền tiếp nhận), as a query.

The rule is ``dossiers.services.submission.can_receive`` for one version and one agency: the
agencies the version lists, or, when it lists none, every agency of its implementing level; an
agency past its ``valid_to`` receives nothing. This module is that rule in SQL, to narrow a
list of procedures (the portal's agency filter, the counter's procedure search).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.core import clock
from motcua.organisation.models import Agency


def procedures_of_agencies(qs: QuerySet[Procedure], agencies: Iterable[Agency]) -> QuerySet[Procedure]:
    """Narrow ``qs`` to the procedures whose current version one of ``agencies`` receives."""
    today = clock.local_now().date()
    current = [a for a in agencies if a.valid_to is None or a.valid_to >= today]
    if not current:
        return qs.none()
    listed = ProcedureVersion.agencies.through.objects.filter(procedureversion_id=OuterRef("current_version_id"))
    by_level = Q(current_version__implementing_level__in=sorted({a.level for a in current})) & ~Exists(listed)
    return qs.filter(Q(Exists(listed.filter(agency_id__in=[a.pk for a in current]))) | by_level)
