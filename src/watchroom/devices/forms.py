"""Forms for editing the equipment archive; saving goes through the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from watchroom.core.people_forms import offered
from watchroom.devices.importing import MAX_BYTES
from watchroom.devices.models import (
    Camera,
    Display,
    NetworkDevice,
    PowerSupply,
    Recorder,
    Storage,
)

_ARCHIVE = ["code", "name", "status", "location", "supplier", "model_name", "serial_no",
            "install_date", "manual_url", "notes"]
_DATE = {"install_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class EquipmentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A deactivated site, area or room is not offered; one already chosen stays.
        for name in ("site", "area", "room"):
            if name in self.fields:
                current = getattr(self.instance, name, None) if self.instance.pk else None
                self.fields[name].queryset = offered(self.fields[name].queryset, [current])

    def validate_unique(self):
        """Duplicates are the service's to refuse, with the archive's own messages."""

    def service_fields(self) -> dict:
        """The cleaned values the service takes as its keyword arguments."""
        return {name: self.cleaned_data[name] for name in self._meta.fields
                if name in self.cleaned_data}


class CameraForm(EquipmentForm):
    password = forms.CharField(
        label=_("password"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave blank to keep the stored password."),
    )

    class Meta:
        model = Camera
        fields = ["code", "name", "area", "recorder", "stream_url", "substream_url",
                  "onvif_address", "username", "resolution", "enabled", *_ARCHIVE[2:]]
        widgets = _DATE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.select_related("site")
        # Keep the password input right after the user name.
        order = list(self.fields)
        order.remove("password")
        order.insert(order.index("username") + 1, "password")
        self.order_fields(order)

    def service_fields(self) -> dict:
        fields = super().service_fields()
        if self.cleaned_data.get("password"):
            fields["password"] = self.cleaned_data["password"]
        return fields


class RecorderForm(EquipmentForm):
    password = forms.CharField(
        label=_("password"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave blank to keep the stored password."),
    )

    class Meta:
        model = Recorder
        fields = ["code", "name", "site", "kind", "address", "channels", "onvif_address",
                  "username", *_ARCHIVE[2:]]
        widgets = _DATE
        help_texts = {"onvif_address": _(
            "host:port of its ONVIF device service; Watchroom then reads its clock.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = list(self.fields)
        order.remove("password")
        order.insert(order.index("username") + 1, "password")
        self.order_fields(order)

    def service_fields(self) -> dict:
        fields = super().service_fields()
        if self.cleaned_data.get("password"):
            fields["password"] = self.cleaned_data["password"]
        return fields


class StorageForm(EquipmentForm):
    class Meta:
        model = Storage
        fields = ["code", "name", "site", "recorder", "kind", "capacity_tb", *_ARCHIVE[2:]]
        widgets = _DATE


class DisplayForm(EquipmentForm):
    class Meta:
        model = Display
        fields = ["code", "name", "room", "size_inches", *_ARCHIVE[2:]]
        widgets = _DATE


class NetworkDeviceForm(EquipmentForm):
    class Meta:
        model = NetworkDevice
        fields = ["code", "name", "site", "kind", "address", "ports", *_ARCHIVE[2:]]
        widgets = _DATE


class PowerSupplyForm(EquipmentForm):
    class Meta:
        model = PowerSupply
        fields = ["code", "name", "site", "kind", "capacity_va", "battery_installed",
                  *_ARCHIVE[2:]]
        widgets = {**_DATE, "battery_installed": forms.DateInput(attrs={"type": "date"},
                                                                 format="%Y-%m-%d")}


class ManualUploadForm(forms.Form):
    """The file's type and size are the service's to check, from its bytes."""

    file = forms.FileField(
        label=_("manual"),
        help_text=_("A PDF, a picture (PNG, JPEG) or an office document, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.doc,.docx,"
                                                         ".xls,.xlsx,.ppt,.pptx"}),
    )


class CameraImportForm(forms.Form):
    file = forms.FileField(
        label=_("camera list"),
        help_text=_("A CSV file (UTF-8 or GBK) or an Excel workbook (.xlsx), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)d MB. Split the list into smaller files."),
                params={"mb": MAX_BYTES // (1024 * 1024)},
            )
        return upload


class FloorPlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("floor plan"),
        help_text=_("A PNG or JPEG picture of the area, at most 5 MB (SVG is not accepted)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )


class CameraUnplaceForm(forms.Form):
    camera = forms.IntegerField()


class CameraPlaceForm(forms.Form):
    """A camera's place on the plan; the service checks the range (0 … 1)."""

    camera = forms.IntegerField()
    x = forms.FloatField()
    y = forms.FloatField()


class EquipmentImportForm(CameraImportForm):
    file = forms.FileField(
        label=_("equipment list"),
        help_text=_("A CSV file (UTF-8 or GBK) or an Excel workbook (.xlsx), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
