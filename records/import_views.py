"""The Wagtail admin screens for importing completions from an outside e-learning provider.

Upload (``UploadView``) reads the file and keeps its rows as a previewed ``ImportBatch``; the
preview (``BatchView``) shows what each row would do, with Confirm and Cancel, and afterwards
what the import did; past imports are listed by ``ImportBatchViewSet`` (``records.wagtail_hooks``).
The writing is ``records.services``' (``preview_import``, ``import_completions``,
``cancel_import``). Open to whoever may add an ``ImportBatch``: the Training administrators.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from lscb_training.dates import format_short_date
from records import imports, services
from records.choices import ImportStatus, RowOutcome
from records.models import ImportBatch

ROWS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File of completions",
        help_text=(
            "A CSV (UTF-8) or Excel workbook (.xlsx), smaller than 5 MB and with at most 20,000 rows. The first row "
            "names the columns: work email, course code, completion date, status, and optionally score and "
            "provider certificate id."
        ),
        error_messages={"required": "Select a file of completions", "empty": "The selected file is empty."},
    )
    keep_unknown = forms.BooleanField(
        label="Keep rows for people who have no account yet",
        help_text="Each is recorded when someone signs up with that work email and confirms it.",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows = imports.read_upload(upload)  # raises ImportFileError with the message to show
        return upload


class _ImportPage(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = ImportBatch
    permission_required = "add"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("records_import:index"), "label": "Completions imports"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


class UploadView(_ImportPage):
    template_name = "records/admin/import_upload.html"
    page_title = "Import completions"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        batch = services.preview_import(
            form.rows, form.cleaned_data["file"].name, request.user, keep_unknown=form.cleaned_data["keep_unknown"]
        )
        return redirect("records_import:batch", batch.pk)


class BatchView(_ImportPage):
    """The preview of a previewed batch, with Confirm and Cancel; afterwards, what it did."""

    template_name = "records/admin/import_batch.html"
    page_title = "Import completions"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        batches = ImportBatch.objects.select_related("uploaded_by", "confirmed_by")
        self.batch = get_object_or_404(batches, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.batch.file_name

    def get_context_data(self, **kwargs):
        counts = self.batch.counts()
        shown = self.request.GET.get("show")
        rows = self.batch.rows
        if shown in RowOutcome.values:
            rows = [row for row in rows if row["outcome"] == shown]
        else:
            shown = None
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("p"))
        for row in page:
            day = imports.parse_date(row["completed_on"])
            row["date_label"] = format_short_date(day) if day else row["completed_on"]
        return super().get_context_data(
            batch=self.batch,
            previewed=self.batch.status == ImportStatus.PREVIEWED,
            outcomes=[{"value": value, "label": label, "count": counts[value]} for value, label in RowOutcome.choices],
            counts=counts,
            shown=shown,
            page_obj=page,
            **kwargs,
        )


class ConfirmView(_ImportPage):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = get_object_or_404(ImportBatch, pk=kwargs["pk"])
        try:
            batch = services.import_completions(batch, by=request.user)
        except services.ImportRefused as refused:
            messages.info(request, str(refused))
        else:
            messages.success(
                request,
                f"Imported {batch.imported_count} completion{'' if batch.imported_count == 1 else 's'} "
                f"from “{batch.file_name}”.",
            )
        return redirect("records_import:batch", batch.pk)


class CancelView(_ImportPage):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = get_object_or_404(ImportBatch, pk=kwargs["pk"])
        try:
            services.cancel_import(batch, by=request.user)
        except services.ImportRefused as refused:
            messages.info(request, str(refused))
            return redirect("records_import:batch", batch.pk)
        messages.success(request, f"Cancelled: nothing from “{batch.file_name}” was imported.")
        return redirect("records_import:index")


class ImportIndexView(IndexView):
    """Past imports, with a button to upload another."""

    @property
    def header_buttons(self):
        buttons = []
        if self.user_has_permission("add"):
            buttons.append(HeaderButton("Upload a file", url=reverse("records_import:upload"), icon_name="upload"))
        return buttons
