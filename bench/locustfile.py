"""Peak-day submission profile: 1 million dossiers a day, the peak hour at five times the average.

1,000,000 / 86,400 s ≈ 11.6 submissions/s on average; the peak hour ×5 ≈ 58/s. Each simulated user
submits at a constant throughput; run.py sets the user count so the total is the peak rate.
"""

from __future__ import annotations

import json
import os

from locust import HttpUser, constant_throughput, task

TOKEN = os.environ["BENCH_TOKEN"]
PAYLOAD = json.dumps(
    {
        "procedure_code": "2.000815",
        "agency_code": "H26.101",
        "documents": ["ban-chinh"],
        "applicant": {"type": "citizen", "name": "Nguyễn Văn Tải", "id_number": "001085012345"},
        "form_data": json.loads(os.environ.get("BENCH_FORM", "{}")),
    }
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Citizen(HttpUser):
    wait_time = constant_throughput(float(os.environ.get("BENCH_PER_USER_RATE", "1")))

    @task
    def submit(self) -> None:
        self.client.post(
            "/api/v1/dossiers",
            data={"payload": PAYLOAD},
            files={"files": ("ban-chinh.pdf", PDF, "application/pdf")},
            headers={"Authorization": f"Bearer {TOKEN}"},
            name="POST /api/v1/dossiers",
        )
