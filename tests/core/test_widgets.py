"""The quick select writes what Django's Select writes: the same elements, attributes,
choices and selection, labels escaped."""

from html.parser import HTMLParser

from django import forms

from watchroom.core.widgets import QuickSelect


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, sorted(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.found.append(("text", data.strip()))


CHOICES = [("", "---------"), (1, "CAM001 门诊大厅"), (2, "<b>CAM002</b> & 急诊"), (30, "CAM030")]


def test_same_html_as_djangos_select():
    for value in (None, "", 2, "30", "missing"):
        for attrs in ({"id": "id_camera"}, {"id": "id_camera", "required": True,
                                            "disabled": False, "class": "wide"}):
            ours = QuickSelect(choices=CHOICES).render("camera", value, attrs)
            django = forms.Select(choices=CHOICES).render("camera", value, attrs)
            assert Elements(ours).found == Elements(django).found, (value, attrs)
    assert "&lt;b&gt;CAM002&lt;/b&gt; &amp;" in QuickSelect(choices=CHOICES).render("c", 2)


def test_grouped_choices_are_left_to_django():
    grouped = [("门诊", [(1, "CAM001")]), ("急诊", [(2, "CAM002")])]
    assert (QuickSelect(choices=grouped).render("c", 2)
            == forms.Select(choices=grouped).render("c", 2))
