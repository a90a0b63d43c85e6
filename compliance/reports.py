"""The figures behind the printable agency summary and the partnership overview, and the
overview's CSV and XLSX.

Every figure comes from ``compliance.staff`` (the same rows as the staff list), so a report, the
dashboard and an export never disagree. "In date" is compliant (exempt people included, as
``compliance.status`` counts them) plus expiring soon: someone whose training lapses next month is
still trained today.
"""

import csv
import dataclasses
import io

from openpyxl import Workbook

from django.db.models import Count, Sum

from compliance.models import Snapshot
from compliance.staff import breakdown, counts, halves, percent
from compliance.status import ComplianceStatus, in_force
from lscb_training.dates import add_months, format_month
from lscb_training.spreadsheets import not_a_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IN_DATE = (ComplianceStatus.COMPLIANT, ComplianceStatus.EXPIRING)
TREND_MONTHS = 12

# What each status means, in the words of the report and the overview.
STATUS_MEANINGS = [
    (ComplianceStatus.COMPLIANT, "Completed and in date, or excused by an exemption that is running."),
    (ComplianceStatus.EXPIRING, "Completed and still in date, but it lapses within the next few weeks."),
    (ComplianceStatus.EXPIRED, "Completed once, but it has lapsed and must be done again."),
    (ComplianceStatus.NOT_STARTED, "Never completed, and past the time allowed for new starters."),
    (ComplianceStatus.NEW_STARTER, "Not completed yet, but still within the time allowed after starting the role."),
]


def covers_agency(requirement, agency):
    return requirement.covers_agency(agency)


def in_date(figures):
    return sum(figures.get(status, 0) for status in IN_DATE)


@dataclasses.dataclass
class Cell:
    """One agency against one requirement: how many are in date of how many it applies to."""

    in_date: int
    total: int

    @property
    def percent(self):
        return percent(self.in_date, self.total)


def by_agency(agencies, requirement, on, *, requirements):
    """``{agency id: {status: n, "total": n}}`` over the staff ``requirement`` applies to on
    ``on``: two queries. Grouped by id rather than by name (``breakdown(by="agency")``), so two
    agencies of the same name are never added together."""
    figures = {}
    for half in halves(agencies, requirement, on, requirements=requirements):
        # Grouped by status as well, as staff.counts does: a COUNT FILTER a status would work
        # each person's status (and latest completion) out five times.
        rows = half.values("agency_id", "compliance_status").annotate(n=Count("pk")).order_by()
        for row in rows:
            into = figures.setdefault(row["agency_id"], dict.fromkeys([*ComplianceStatus.values, "total"], 0))
            into[row["compliance_status"]] += row["n"]
            into["total"] += row["n"]
    return figures


# The printable summary of one agency.


@dataclasses.dataclass
class RequirementSummary:
    requirement: object
    figures: dict  # {status: n, "total": n}
    statuses: list  # [(label, n, percent)] in the report's order
    teams: list  # [(team, figures, in-date percent)]

    @property
    def in_date(self):
        return in_date(self.figures)

    @property
    def in_date_percent(self):
        return percent(self.in_date, self.figures["total"])


REPORT_ORDER = [
    ComplianceStatus.COMPLIANT,
    ComplianceStatus.EXPIRING,
    ComplianceStatus.EXPIRED,
    ComplianceStatus.NOT_STARTED,
    ComplianceStatus.NEW_STARTER,
]


def agency_summary(agency, on):
    """Per requirement written for ``agency`` in force on ``on``: the counts and percentages
    by status and the same by team. A fixed number of queries per requirement (four)."""
    requirements = in_force(on)
    summaries = []
    for requirement in requirements:
        if not covers_agency(requirement, agency):
            continue
        figures = counts([agency], requirement, on, requirements=requirements)
        statuses = [
            (status.label, figures[status], percent(figures[status], figures["total"])) for status in REPORT_ORDER
        ]
        teams = [
            (team or "No team given", team_figures, percent(in_date(team_figures), team_figures["total"]))
            for team, team_figures in breakdown([agency], requirement, on, by="team", requirements=requirements)
        ]
        summaries.append(RequirementSummary(requirement, figures, statuses, teams))
    return summaries


# The partnership overview: every agency side by side.


@dataclasses.dataclass
class Overview:
    requirements: list
    rows: list  # [(agency, [Cell or None per requirement])]
    totals: list  # [Cell per requirement], the whole partnership


def partnership_overview(agencies, on):
    """Rows of agencies, a column per requirement in force on ``on``; a cell is ``None`` where
    the requirement is not written for the agency. Two queries per requirement, and two more."""
    requirements = in_force(on)
    agencies = list(agencies)
    columns = [by_agency(agencies, requirement, on, requirements=requirements) for requirement in requirements]
    rows = []
    for agency in agencies:
        cells = []
        for requirement, figures in zip(requirements, columns, strict=True):
            if not covers_agency(requirement, agency):
                cells.append(None)
                continue
            mine = figures.get(agency.pk, {})
            cells.append(Cell(in_date(mine), mine.get("total", 0)))
        rows.append((agency, cells))
    totals = [
        Cell(sum(map(in_date, figures.values())), sum(each["total"] for each in figures.values()))
        for figures in columns
    ]
    return Overview(requirements, rows, totals)


def overview_table(overview):
    """The overview as headings and rows of plain values, for CSV and XLSX."""
    headings = ["Agency", "Sector"]
    for requirement in overview.requirements:
        headings += [f"{requirement.title}: % in date", f"{requirement.title}: in date", f"{requirement.title}: staff"]
    rows = []
    for agency, cells in [*overview.rows, (None, overview.totals)]:
        row = [agency.name, agency.get_sector_display()] if agency else ["Whole partnership", ""]
        for cell in cells:
            row += ["", "", ""] if cell is None else [cell.percent, cell.in_date, cell.total]
        rows.append(row)
    return headings, rows


def overview_csv(overview):
    headings, rows = overview_table(overview)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headings)
    # A name typed as a formula must stay a name when the file is opened.
    writer.writerows([not_a_formula(cell) for cell in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def overview_xlsx(overview):
    headings, rows = overview_table(overview)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partnership"
    sheet.append(headings)
    for row in rows:
        sheet.append([not_a_formula(cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# The trend: the last 12 months of snapshots.


@dataclasses.dataclass
class Trend:
    months: list  # [(first day, "June 2026")], oldest first
    requirements: list  # [(id, title)]
    cells: dict  # {(month, requirement id): Cell}

    def charts(self):
        """A bar chart per requirement for the page's SVG: bars of the share in date each month,
        with the figures also in words (``label``) for a screen reader."""
        width, gap, top, height = 36, 12, 16, 100
        charts = []
        for pk, title in self.requirements:
            bars, words = [], []
            for index, (month, label) in enumerate(self.months):
                cell = self.cells.get((month, pk))
                share = cell.percent if cell and cell.total else None
                size = round(height * (share or 0) / 100)
                bars.append(
                    {
                        "x": gap + index * (width + gap),
                        "y": top + height - size,
                        "width": width,
                        "height": size,
                        "share": share,
                        "month": month.strftime("%b"),
                        "text_x": gap + index * (width + gap) + width // 2,
                    }
                )
                words.append(f"{label} {share}%" if share is not None else f"{label} no figures")
            charts.append(
                {
                    "title": title,
                    "label": f"{title}, staff in date by month: " + ", ".join(words),
                    "bars": bars,
                    "width": gap + len(self.months) * (width + gap),
                    "baseline": top + height,
                    "height": top + height + 20,
                }
            )
        return charts

    def rows(self):
        """[(month, label, [Cell or None per requirement])], oldest first, for a table."""
        return [
            (month, label, [self.cells.get((month, pk)) for pk, _ in self.requirements]) for month, label in self.months
        ]


def trend(on, months=TREND_MONTHS):
    """Partnership-wide in-date figures per requirement for each of the last ``months``
    months that have snapshots (``compliance.snapshots``): one query."""
    last = on.replace(day=1)
    first = add_months(last, -(months - 1))
    rows = (
        Snapshot.objects.filter(month__gte=first, month__lte=last)
        .values("month", "requirement_id", "requirement__title")
        .annotate(
            compliant_sum=Sum("compliant"),
            expiring_sum=Sum("expiring"),
            expired_sum=Sum("expired"),
            not_started_sum=Sum("not_started"),
            new_starter_sum=Sum("new_starter"),
        )
        .order_by("month", "requirement__title", "requirement_id")
    )
    cells, titles, seen_months = {}, {}, set()
    for row in rows:
        total = sum(row[f"{status}_sum"] for status in ComplianceStatus.values)
        cells[row["month"], row["requirement_id"]] = Cell(row["compliant_sum"] + row["expiring_sum"], total)
        titles[row["requirement_id"]] = row["requirement__title"]
        seen_months.add(row["month"])
    ordered = sorted(seen_months)
    return Trend(
        months=[(month, format_month(month.year, month.month)) for month in ordered],
        requirements=sorted(titles.items(), key=lambda item: (item[1].lower(), item[0])),
        cells=cells,
    )
