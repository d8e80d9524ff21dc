from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.core.choices import RequesterType
from watchroom.core.widgets import QuickSelect
from watchroom.devices.models import Camera
from watchroom.footage.choices import ApprovalDecision, AttachmentKind, Need

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1},
                             format="%Y-%m-%dT%H:%M:%S")
SCOPE_ROWS = 4
OFFICER_ROWS = 2


class RequestForm(forms.Form):
    """The paper form's fields; completeness (documents, officers, footage) is judged by
    the service, which names every missing piece at once."""

    requester_type = forms.ChoiceField(label=_("requester type"), choices=RequesterType.choices)
    requester_name = forms.CharField(label=_("requester"), max_length=60, required=False)
    requester_unit = forms.CharField(label=_("unit"), max_length=100, required=False)
    requester_contact = forms.CharField(label=_("contact"), max_length=60, required=False)
    requester_id_number = forms.CharField(label=_("identity document number"), max_length=40,
                                          required=False)
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 2}),
                              required=False)
    need = forms.ChoiceField(label=_("need"), choices=Need.choices, widget=forms.RadioSelect,
                             initial=Need.VIEW)
    originals = forms.BooleanField(
        label=_("original recordings as evidence"), required=False,
        help_text=_("Tick only for evidence to a court: the whole sealed segment files then "
                    "leave with the package, including footage before and after the approved "
                    "times. Otherwise only the approved times leave, cut from them."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cameras = Camera.objects.filter(enabled=True).order_by("code")
        for n in range(1, OFFICER_ROWS + 1):
            self.fields[f"officer_{n}_name"] = forms.CharField(
                label=_("officer %(n)s: name") % {"n": n}, max_length=30, required=False)
            self.fields[f"officer_{n}_badge"] = forms.CharField(
                label=_("officer %(n)s: badge number") % {"n": n}, max_length=30,
                required=False)
        for n in range(1, SCOPE_ROWS + 1):
            self.fields[f"camera_{n}"] = forms.ModelChoiceField(
                cameras, label=_("camera %(n)s") % {"n": n}, required=False,
                widget=QuickSelect)
            self.fields[f"start_{n}"] = forms.DateTimeField(
                label=_("from"), widget=_LOCAL, required=False)
            self.fields[f"end_{n}"] = forms.DateTimeField(
                label=_("until"), widget=_LOCAL, required=False)
        for kind, label in AttachmentKind.choices:
            self.fields[f"file_{kind}"] = forms.FileField(label=label, required=False)

    def clean(self):
        data = super().clean()
        for n in range(1, SCOPE_ROWS + 1):
            row = [data.get(f"camera_{n}"), data.get(f"start_{n}"), data.get(f"end_{n}")]
            if any(row) and not all(row):
                self.add_error(f"camera_{n}", _("Give the camera, the start and the end."))
        return data

    def scope(self):
        rows = []
        for n in range(1, SCOPE_ROWS + 1):
            row = (self.cleaned_data.get(f"camera_{n}"), self.cleaned_data.get(f"start_{n}"),
                   self.cleaned_data.get(f"end_{n}"))
            if all(row):
                rows.append(row)
        return rows

    def officers(self):
        return [{"name": self.cleaned_data.get(f"officer_{n}_name", ""),
                 "badge": self.cleaned_data.get(f"officer_{n}_badge", "")}
                for n in range(1, OFFICER_ROWS + 1)]

    def uploads(self):
        from watchroom.footage.rules import Upload

        found = []
        for kind, _label in AttachmentKind.choices:
            upload = self.cleaned_data.get(f"file_{kind}")
            if upload:
                found.append(Upload(kind, upload.name, upload.read()))
        return found

    def service_fields(self):
        return {k: self.cleaned_data[k] for k in (
            "requester_type", "requester_name", "requester_unit", "requester_contact",
            "requester_id_number", "purpose", "need", "originals")}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=ApprovalDecision.choices,
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=_("comment"), max_length=500, required=False)
    code = forms.CharField(label=_("authenticator code"), max_length=8,
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "one-time-code"}))
    step = forms.IntegerField(widget=forms.HiddenInput)
    scope_version = forms.IntegerField(widget=forms.HiddenInput)


class HandoverForm(forms.Form):
    """Every field is required by the service (R-FOOT-4), which names what is missing."""

    recipient_name = forms.CharField(label=_("recipient"), max_length=60, required=False)
    recipient_unit = forms.CharField(label=_("recipient's unit"), max_length=100,
                                     required=False)
    recipient_id_number = forms.CharField(label=_("recipient's identity document"),
                                          max_length=40, required=False)
    items = forms.CharField(label=_("what was handed over"), max_length=300, required=False)
    export = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExportForm(forms.Form):
    """What the export form adds to the approved scope (the labels are in the template)."""

    merged_clip = forms.BooleanField(required=False)
    watermark = forms.BooleanField(required=False)

