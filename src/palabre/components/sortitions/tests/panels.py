"""Helpers of the panel tests: a generated pool as the CSV files an administrator uploads."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.sortitions.pools import generated_people, generated_quotas


def pool_files(count: int, size: int, *, seed: int = 5) -> tuple[SimpleUploadedFile, ...]:
    """(volunteers.csv, quotas.csv) for `count` generated volunteers and a panel of `size`;
    each volunteer's contact is `volunteer<n>@pool.example`, their name `Volunteer Name <n>`."""
    people = generated_people(count, seed=seed)
    quotas = generated_quotas(people, size)
    features = list(dict.fromkeys(q.feature for q in quotas))
    volunteers = io.StringIO()
    writer = csv.writer(volunteers)
    writer.writerow(["id", "name", "contact", *features])
    for person_id, values in people.items():
        writer.writerow(
            [person_id, f"Volunteer Name {person_id}", f"volunteer{person_id}@pool.example",
             *(values[f] for f in features)]
        )  # fmt: skip
    limits = io.StringIO()
    writer = csv.writer(limits)
    writer.writerow(["feature", "value", "min", "max"])
    for q in quotas:
        writer.writerow([q.feature, q.value, q.minimum, q.maximum])
    return (
        SimpleUploadedFile("volunteers.csv", volunteers.getvalue().encode(), "text/csv"),
        SimpleUploadedFile("quotas.csv", limits.getvalue().encode(), "text/csv"),
    )
