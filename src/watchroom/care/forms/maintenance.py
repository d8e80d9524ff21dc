"""The maintenance pages' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.care.choices import ItemResult, WorkKind
from watchroom.care.models.maintenance import equipment_model
from watchroom.care.photos import MAX_PHOTOS
from watchroom.care.selectors import maintenance as sel
from watchroom.core.models import Site


def checklist_text(checklist: list[dict]) -> str:
    return "\n".join(f"{i.get('text', '')} | {i['unit']}" if i.get("unit") else i.get("text", "")
                     for i in checklist)


def checklist_parse(text: str) -> list[dict]:
    """One item a line; "text | unit" for an item with a measurement."""
    items = []
    for raw in text.splitlines():
        item, _bar, unit = raw.partition("|")
        if item.strip():
            items.append({"text": item.strip(), "unit": unit.strip()})
    return items


class PlanForm(forms.Form):
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.filter(active=True))
    name = forms.CharField(label=_("name"), max_length=100)
    work = forms.ChoiceField(label=_("kind of work"), choices=WorkKind.choices)
    equipment_model = forms.ChoiceField(label=_("equipment kind"))
    equipment_code = forms.CharField(
        label=_("one item (its code)"), required=False, max_length=40,
        help_text=_("Empty: every item of this kind at the site."))
    interval_days = forms.IntegerField(label=_("every (days)"), min_value=1, max_value=3650)
    starts_on = forms.DateField(label=_("first due on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    checklist = forms.CharField(
        label=_("checklist"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item a line; add \"| unit\" to an item with a measurement, e.g. "
                    "\"Free space | %\"."))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment_model"].choices = sel.equipment_kinds()
        if plan is not None:
            del self.fields["site"]
            self.initial.update({
                "name": plan.name, "work": plan.work, "equipment_model": plan.equipment_model,
                "equipment_code": _code_of(plan), "interval_days": plan.interval_days,
                "starts_on": plan.starts_on, "checklist": checklist_text(plan.checklist)})
        else:
            self.initial.setdefault("starts_on", sel.today())

    def clean(self):
        data = super().clean()
        code = (data.get("equipment_code") or "").strip()
        data["equipment_id"] = None
        model = equipment_model(data.get("equipment_model") or "")
        if code and model is not None:
            item = model.objects.filter(code=code).first()
            if item is None:
                self.add_error("equipment_code", _("No such equipment."))
            else:
                data["equipment_id"] = item.pk
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("equipment_code", None)
        data["checklist"] = checklist_parse(data["checklist"])
        return data


def _code_of(plan) -> str:
    model = equipment_model(plan.equipment_model)
    if plan.equipment_id is None or model is None:
        return ""
    return model.objects.filter(pk=plan.equipment_id).values_list("code", flat=True).first() or ""


class SiteForm(forms.Form):
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.filter(active=True))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("assigned to"), required=False,
                                      queryset=sel.technicians())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = sel.technicians()
        self.fields["assignee"].label_from_instance = _person


def _person(user) -> str:
    from watchroom.core.people import person_name

    return person_name(user)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png",
                                                             "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class SignForm(forms.Form):
    """The work order's checklist (a choice and a value per line and item), findings,
    photos and the technician's password."""

    findings = forms.CharField(label=_("findings"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultipleFileField(label=_("photos"), required=False,
                               help_text=_("JPEG or PNG, at most %(n)s.") % {"n": MAX_PHOTOS})
    password = forms.CharField(label=_("your password"), strip=False,
                               widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}))

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.lines = list(order.lines.all())
        for line in self.lines:
            for index, item in enumerate(order.checklist):
                self.fields[f"r_{line.pk}_{index}"] = forms.ChoiceField(
                    label=item.get("text", ""), choices=ItemResult.choices, required=False,
                    widget=forms.RadioSelect)
                if item.get("unit"):
                    self.fields[f"v_{line.pk}_{index}"] = forms.CharField(
                        label=item.get("unit"), required=False, max_length=20,
                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def results(self) -> dict:
        data = self.cleaned_data
        return {line.pk: [{"result": data.get(f"r_{line.pk}_{index}") or "",
                           "value": data.get(f"v_{line.pk}_{index}") or ""}
                          for index in range(len(self.order.checklist))]
                for line in self.lines}

    def photo_bytes(self) -> list[bytes]:
        return [f.read() for f in self.cleaned_data.get("photos") or []]

    def rows(self) -> list[dict]:
        """The checklist's fields grouped by line, for the template."""
        rows = []
        for line in self.lines:
            items = []
            for index, item in enumerate(self.order.checklist):
                value = self[f"v_{line.pk}_{index}"] if item.get("unit") else None
                items.append({"text": item.get("text", ""), "unit": item.get("unit", ""),
                              "choice": self[f"r_{line.pk}_{index}"], "value": value})
            rows.append({"line": line, "items": items})
        return rows


class RecordForm(forms.Form):
    """The maintenance record's period and site (a GET form)."""

    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.all())
    start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 400:
            raise forms.ValidationError(_("At most 400 days at a time."))
        return data
