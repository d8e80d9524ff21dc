"""R-DUTY-1 by week and in Excel: the week page shows who is on each shift (all, or one
person), and the month's roster downloads as a workbook matching the duties."""

import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import Assignment
from watchroom.duty.selectors import roster as rosters

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2026, 12, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CELL = re.compile(r'<td data-cell="([^"]+)">(.*?)</td>', re.S)
NAME = re.compile(r'<span class="duty">(.*?)</span>', re.S)


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture
def operators(make_staff, room):
    return [make_staff(Role.OPERATOR, rooms=[room], full_name=f"值班员{n}").user
            for n in range(5)]


@pytest.fixture
def roster(head, operators, room):
    return services.roster_generate(actor=head, room=room, month=DECEMBER)


def name(user) -> str:
    return user.staff.full_name


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def week_url(room, day: dt.date, person=None) -> str:
    url = reverse("duty:week", args=[room.pk, day.year, day.month, day.day])
    return url if person is None else f"{url}?person={person.pk}"


def xlsx_url(room, month=DECEMBER) -> str:
    return reverse("duty:roster_xlsx", args=[room.pk, month.year, month.month])


def week_cells(page: str) -> dict[str, set[str]]:
    table = page.split('data-testid="roster-week"')[1].split("</table>")[0]
    return {at: {html.unescape(n) for n in NAME.findall(body)} for at, body in CELL.findall(table)}


def expected_cells(duties, starts: set[str]) -> dict[str, set[str]]:
    cells = {at: set() for at in starts}
    for duty in duties:
        cells[local(duty.start)].add(name(duty.person))
    return cells


def week_duties(roster, monday: dt.date):
    begin = dt.datetime.combine(monday, dt.time(), rosters.local_zone())
    return roster.assignments.filter(start__gte=begin, start__lt=begin + dt.timedelta(days=7))


def download(client, room):
    answer = client.get(xlsx_url(room), headers={"accept-language": "en"})
    return answer, load_workbook(io.BytesIO(b"".join(answer.streaming_content)))


def test_r_duty_1_the_week_page_shows_who_is_on_each_shift(client, head, roster, room):
    client.force_login(head)
    answer = client.get(week_url(room, dt.date(2026, 12, 10)))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'data-testid="roster-week"' in page
    cells = week_cells(page)
    assert len(cells) == 7 * len(rosters.rules_for(room).starts)
    assert min(cells) == "2026-12-07 00:00" and max(cells) == "2026-12-13 16:00"
    assert cells == expected_cells(week_duties(roster, dt.date(2026, 12, 7)), set(cells))
    assert all(len(on) == rosters.rules_for(room).min_staff for on in cells.values())
    assert week_url(room, dt.date(2026, 11, 30)) in page
    assert week_url(room, dt.date(2026, 12, 14)) in page
    assert reverse("duty:month", args=[room.pk, 2026, 12]) in page


def test_r_duty_1_a_week_across_months_shows_each_month_roster(client, head, roster, room):
    client.force_login(head)
    cells = week_cells(client.get(week_url(room, DECEMBER)).content.decode())
    assert min(cells) == "2026-11-30 00:00"
    assert all(not on for at, on in cells.items() if at.startswith("2026-11-30"))
    assert all(on for at, on in cells.items() if at.startswith("2026-12"))


def test_r_duty_1_the_person_filter_leaves_only_that_persons_duties(client, head, roster,
                                                                   operators, room):
    client.force_login(head)
    chosen = operators[2]
    page = client.get(week_url(room, dt.date(2026, 12, 10), chosen)).content.decode()
    cells = week_cells(page)
    mine = week_duties(roster, dt.date(2026, 12, 7)).filter(person=chosen)
    assert mine.exists()
    assert cells == expected_cells(mine, set(cells))
    assert {n for on in cells.values() for n in on} == {name(chosen)}
    assert f'<option value="{chosen.pk}" selected>' in page
    assert week_url(room, dt.date(2026, 12, 14), chosen) in page


def test_r_duty_1_duties_off_the_pattern_are_listed_apart(client, head, roster, room):
    duty = roster.assignments.order_by("start").first()
    services.duty_remove(actor=head, duty=duty)
    later = duty.start + dt.timedelta(hours=1)
    services.duty_add(actor=head, roster=roster, person=duty.person, start=later,
                      end=duty.end)
    client.force_login(head)
    page = client.get(week_url(room, DECEMBER)).content.decode()
    other = page.split('data-testid="roster-week-other"')[1].split("</ul>")[0]
    assert name(duty.person) in other
    assert name(duty.person) not in week_cells(page)[local(duty.start)]
    _answer, book = download(client, room)
    rows = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert rows[-1][3] == name(duty.person)
    assert rows[-1][2] == f"{timezone.localtime(later):%H:%M}–{timezone.localtime(duty.end):%H:%M}"


def test_r_duty_1_the_month_roster_downloads_as_excel(client, head, roster, room):
    client.force_login(head)
    answer, book = download(client, room)
    assert answer.status_code == 200
    assert answer["Content-Type"] == XLSX
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment") and room.code in disposition
    assert "2026-12" in disposition
    sheet = book.worksheets[0]
    assert str(room) in sheet["A1"].value and "2026-12" in sheet["A1"].value
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.b
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    rules = rosters.rules_for(room)
    assert len(rows) == 31 * len(rules.starts)
    expected: dict[str, set[str]] = {}
    for duty in roster.assignments.select_related("person__staff"):
        expected.setdefault(local(duty.start), set()).add(name(duty.person))
    starts = sorted(expected)
    for row, at in zip(rows, starts, strict=True):
        day, weekday, shift, names = row
        assert f"{day:%Y-%m-%d} {shift[:5]}" == at
        assert weekday == f"{day:%A}"
        assert set(names.split(", ")) == expected[at]


def test_r_duty_1_the_excel_per_person_sheet_counts_each_persons_duties(client, head, roster,
                                                                        operators, room):
    services.roster_publish(actor=head, roster=roster)
    client.force_login(head)
    _answer, book = download(client, room)
    assert book.worksheets[0]["D1"].value.startswith(f"Published: {name(head)} ")
    sheet = book["per person"]
    found = {n: (count, hours) for n, count, hours in sheet.iter_rows(min_row=3,
                                                                      values_only=True)}
    expected = {}
    for person in operators:
        mine = Assignment.objects.filter(roster=roster, person=person)
        hours = sum((d.end - d.start for d in mine), dt.timedelta()) / dt.timedelta(hours=1)
        expected[name(person)] = (mine.count(), hours)
    assert found == expected
    assert sum(count for count, _hours in found.values()) == roster.assignments.count()


def test_r_duty_1_the_month_page_links_the_week_and_the_excel(client, head, roster, room):
    client.force_login(head)
    page = client.get(reverse("duty:month", args=[room.pk, 2026, 12])).content.decode()
    assert 'data-testid="roster-xlsx"' in page and xlsx_url(room) in page
    assert week_url(room, DECEMBER) in page


def test_r_duty_1_week_and_excel_need_the_roster_permission(client, client_as, roster, room):
    pages = [week_url(room, DECEMBER), xlsx_url(room)]
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
    client_as(Role.REQUESTER)
    assert [client.get(url).status_code for url in pages] == [403, 403]
    client_as(Role.OPERATOR)
    assert [client.get(url).status_code for url in pages] == [200, 200]


def test_r_duty_1_invalid_dates_and_missing_rosters_are_not_found(client, head, room):
    client.force_login(head)
    assert client.get(reverse("duty:week", args=[room.pk, 2026, 2, 30])).status_code == 404
    assert client.get(reverse("duty:week", args=[room.pk, 9999, 12, 31])).status_code == 404
    assert client.get(reverse("duty:roster_xlsx", args=[room.pk, 2026, 13])).status_code == 404
    assert client.get(xlsx_url(room)).status_code == 404
    assert client.get(reverse("duty:week", args=[room.pk + 999, 2026, 12, 1])).status_code == 404
